import type { ImportPreview } from '../../../shared/domain/import.js';

type Reject = ImportPreview['rejects'][number];

/** "file:line: reason" (or "file: reason" when the problem is not on one line). */
export function formatReject(r: Reject): string {
  return `${r.file}${r.line !== null ? `:${r.line}` : ''}: ${r.reason}`;
}

/** Records or files that could not be imported; the content is never shown, only where and why. */
export function RejectList({ title, items, total, testId }: { title: string; items: readonly Reject[]; total?: number; testId: string }) {
  if (items.length === 0) return null;
  const more = total !== undefined && total > items.length;
  return (
    <section className="reject-section">
      <h3>
        {title} <span className="count">{total ?? items.length}</span>
      </h3>
      {more && (
        <p className="muted">
          Showing the first {items.length} of {total}.
        </p>
      )}
      <ul className="reject-list" data-testid={testId}>
        {items.map((r, i) => (
          <li key={i}>
            <code>{formatReject(r)}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
