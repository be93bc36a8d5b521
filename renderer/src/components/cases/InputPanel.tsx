import type { CaseDetail } from '../../../../shared/domain/case-review.js';
import { LongText } from './LongText.js';

/** A tool's name and description from an OpenAI- or Anthropic-style tool definition (stored as given). */
function toolInfo(tool: unknown): { name: string; description: string | null } {
  if (tool && typeof tool === 'object') {
    const t = tool as { name?: unknown; description?: unknown; function?: { name?: unknown; description?: unknown } };
    const name = t.function?.name ?? t.name;
    const description = t.function?.description ?? t.description;
    if (typeof name === 'string') return { name, description: typeof description === 'string' ? description : null };
  }
  return { name: JSON.stringify(tool).slice(0, 80), description: null };
}

/** The case's input: the conversation, the tools on offer and the recorded tool results replay answers from. */
export function InputPanel({ input }: { input: CaseDetail['input'] }) {
  const tools = input.tools.map(toolInfo);
  return (
    <section className="case-section" aria-labelledby="case-input-title">
      <h3 id="case-input-title">Input</h3>
      <ol className="conversation">
        {input.messages.map((m, i) => (
          <li key={i} className={`message role-${m.role}`}>
            <span className="message-role">
              {m.role}
              {m.name ? ` · ${m.name}` : ''}
            </span>
            {m.text && <LongText className="message-text" text={m.text} limit={m.role === 'system' ? 200 : 1200} />}
            {m.tool_calls.map((c, j) => (
              <div key={j} className="tool-call">
                <code>
                  {c.name}({c.arguments})
                </code>
              </div>
            ))}
          </li>
        ))}
      </ol>
      {tools.length > 0 && (
        <details className="input-extra">
          <summary>
            Tools <span className="count">{tools.length}</span>
          </summary>
          <ul className="tool-list">
            {tools.map((t, i) => (
              <li key={i}>
                <code>{t.name}</code>
                {t.description && <span className="muted"> — {t.description}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {input.tool_results.length > 0 && (
        <details className="input-extra">
          <summary>
            Recorded tool results <span className="count">{input.tool_results.length}</span>
          </summary>
          <ul className="tool-list">
            {input.tool_results.map((r, i) => (
              <li key={i}>
                <code>
                  {r.name}({r.arguments})
                </code>
                <LongText className="tool-result" text={r.content} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
