import type { Verdict } from '../../../shared/domain/gate-result.js';

const TITLES: Record<Verdict, string> = {
  PASS: 'Every gate passed: the change may be promoted',
  FAIL: 'At least one gate failed: do not promote',
  INCONCLUSIVE: 'Not enough evidence to decide: never a promotion',
};

/** A verdict as a coloured badge; null means the run was never gated. */
export function VerdictBadge({ verdict, testId }: { verdict: Verdict | string | null; testId?: string }) {
  if (verdict === null) {
    return (
      <span className="badge badge-none" data-testid={testId} title="No gate evaluation stored for this run">
        NOT GATED
      </span>
    );
  }
  return (
    <span className={`badge badge-${verdict.toLowerCase()}`} data-testid={testId} title={TITLES[verdict as Verdict]}>
      {verdict}
    </span>
  );
}
