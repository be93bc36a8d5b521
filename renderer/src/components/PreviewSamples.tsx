import type { PreviewSample } from '../../../shared/domain/import.js';
import { formatTimestamp } from '../format.js';
import { RedactedText } from './RedactedText.js';

/** The first samples exactly as they would be stored: conversation, response, and redaction placeholders. */
export function PreviewSamples({ samples }: { samples: readonly PreviewSample[] }) {
  if (samples.length === 0) {
    return (
      <p className="placeholder" data-testid="preview-samples">
        No samples: nothing in these files could be read as a model call.
      </p>
    );
  }
  return (
    <ol className="sample-list" data-testid="preview-samples">
      {/* Keyed by position too: a file may repeat a sample id, and equal keys leave stale cards behind. */}
      {samples.map((s, i) => (
        <li key={`${i}:${s.id}`} className="sample" data-sample-id={s.id}>
          <div className="sample-head">
            <code className="sample-id">{s.id}</code>
            <span className={s.slice ? 'sample-slice' : 'sample-slice muted'}>{s.slice ?? 'no slice'}</span>
            <span className="model">{s.model}</span>
            <span className="sample-time muted">{formatTimestamp(s.timestamp)}</span>
          </div>
          <ol className="messages">
            {s.messages.map((m, j) => (
              <li key={j} className={`message role-${m.role}`}>
                <span className="role">{m.role}</span>
                <RedactedText className="message-text" text={m.text} />
              </li>
            ))}
            <li className="message response">
              <span className="role">response</span>
              {s.response === null ? <span className="message-text muted">no response recorded</span> : <RedactedText className="message-text" text={s.response} />}
            </li>
          </ol>
        </li>
      ))}
    </ol>
  );
}
