import { formatCounts } from '../format.js';

/** What the redactor replaced, by kind ("EMAIL 3 · CARD 1"), or that redaction was off. */
export function RedactionCounts({ redacted, counts, testId }: { redacted: boolean; counts: Readonly<Record<string, number>>; testId: string }) {
  const text = formatCounts(counts);
  if (!redacted) {
    return (
      <span className="redaction-counts redaction-off" data-testid={testId}>
        off: stored as captured
      </span>
    );
  }
  return (
    <span className="redaction-counts" data-testid={testId}>
      {text || 'nothing found to redact'}
    </span>
  );
}
