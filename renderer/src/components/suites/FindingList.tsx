import type { SuiteLintFinding } from '../../../../shared/domain/suite-view.js';

/** Lint findings as a list: severity, message, and where (field and line) — for a case and for a whole file. */
export function FindingList({ findings }: { findings: readonly SuiteLintFinding[] }) {
  return (
    <ul>
      {findings.map((f, i) => (
        <li key={i} className={`finding finding-${f.severity}`} data-rule={f.rule}>
          <span className="finding-severity">{f.severity}</span>
          <span className="finding-message">{f.message}</span>
          {(f.field || f.line !== null) && (
            <span className="finding-where">
              {f.field && <code>{f.field}</code>}
              {f.line !== null && <span className="muted"> line {f.line}</span>}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
