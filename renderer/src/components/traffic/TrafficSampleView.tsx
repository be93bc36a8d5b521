import type { TrafficDetail } from '../../stores/traffic-store.js';
import { formatTimestamp, splitPlaceholders } from '../../format.js';
import { RedactedText } from '../RedactedText.js';
import { sampleView, type ViewMessage } from './sample-view.js';

/** A system prompt longer than this many lines starts folded: it is the same template on most samples. */
const FOLD_LINES = 4;

function MessageItem({ m, className }: { m: ViewMessage; className?: string }) {
  const lines = m.text.split('\n');
  if (m.role === 'system' && lines.length > FOLD_LINES) {
    return (
      <li className={`message role-${m.role}`}>
        <span className="role">{m.role}</span>
        <details className="message-fold">
          <summary>
            <RedactedText className="message-fold-first" text={lines[0]!} /> <span className="muted">({lines.length} lines)</span>
          </summary>
          <RedactedText className="message-text" text={m.text} />
        </details>
      </li>
    );
  }
  return (
    <li className={`message role-${m.role}${className ? ` ${className}` : ''}`}>
      <span className="role">{m.role}</span>
      <div className="message-body">
        {m.toolCallId && <span className="tool-call-id">result of {m.toolCallId}</span>}
        {m.text ? <RedactedText className="message-text" text={m.text} /> : m.toolCalls.length === 0 ? <span className="message-text muted">(empty)</span> : null}
        {m.toolCalls.map((c, i) => (
          <div key={i} className="tool-call">
            <span className="tool-call-name">→ {c.name}</span>
            <RedactedText className="tool-call-args" text={c.arguments} />
          </div>
        ))}
      </div>
    </li>
  );
}

/** One imported sample as stored: the conversation, the recorded response and the documents, placeholders marked. */
export function TrafficSampleView({ detail }: { detail: TrafficDetail }) {
  const view = sampleView(detail.sample);
  const redactions = splitPlaceholders(JSON.stringify(detail.sample)).filter((p) => p.placeholder).length;
  const source = detail.source_file ? `${detail.source_file}${detail.source_line ? `:${detail.source_line}` : ''}` : null;
  return (
    <article className="traffic-sample" aria-labelledby="traffic-sample-title" data-testid="traffic-sample">
      <header className="traffic-sample-head">
        <h2 id="traffic-sample-title">
          Sample #{detail.id} <code className="sample-id">{detail.source_id}</code>
        </h2>
        <dl className="traffic-sample-facts">
          <div>
            <dt>Slice</dt>
            <dd>{detail.slice ?? 'none'}</dd>
          </div>
          <div>
            <dt>Model</dt>
            <dd>{view.model}</dd>
          </div>
          <div>
            <dt>Captured</dt>
            <dd>{formatTimestamp(detail.captured_at)}</dd>
          </div>
          <div>
            <dt>Redacted</dt>
            <dd data-testid="traffic-sample-redactions">{redactions === 0 ? 'nothing' : `${redactions} placeholder${redactions === 1 ? '' : 's'}`}</dd>
          </div>
          {view.facts.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
          {source && (
            <div className="traffic-sample-source">
              <dt>From</dt>
              <dd>
                <code>{source}</code>
              </dd>
            </div>
          )}
        </dl>
      </header>
      <h3>Conversation</h3>
      <ol className="messages">
        {view.messages.map((m, i) => (
          <MessageItem key={i} m={m} />
        ))}
      </ol>
      <h3>Recorded response{view.finishReason ? <span className="muted"> · finish: {view.finishReason}</span> : null}</h3>
      {view.response ? (
        <ol className="messages">
          <MessageItem m={view.response} className="response" />
        </ol>
      ) : (
        <p className="placeholder">No response was recorded with this call.</p>
      )}
      {view.documents.length > 0 && (
        <>
          <h3>
            Documents <span className="count">{view.documents.length}</span>
          </h3>
          <ul className="traffic-documents">
            {view.documents.map((d, i) => (
              <li key={`${i}-${d.id}`}>
                <div className="traffic-document-head">
                  <code>{d.id}</code>
                  {d.title && <strong>{d.title}</strong>}
                </div>
                <RedactedText className="message-text" text={d.text} />
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
