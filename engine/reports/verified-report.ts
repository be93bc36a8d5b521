import { INCOMPLETE_LABEL, incompleteRunSchema, type IncompleteRun, type Verdict } from '../../shared/domain/gate-result.js';
import type { VerifyArtifactsResult } from '../signing/index.js';
import { REPORT_FILE } from './export-report.js';

/** What a verified envelope's gate report says besides the signed verdict. */
export interface VerifiedReportFacts {
  /** The report's labels (INCOMPLETE, A/A); empty for a report without any, or from another producer. */
  labels: string[];
  /** What a partial run lacked when it was gated with --allow-incomplete. */
  incomplete: IncompleteRun | null;
}

/**
 * Reads the labels of the gate report among a verified envelope's subjects — the bytes that were hashed, so they
 * are the signed ones. Null when verification failed or no subject is a gate report.
 */
export function verifiedReportFacts(result: VerifyArtifactsResult): VerifiedReportFacts | null {
  if (!result.ok) return null;
  const subject = result.subjects?.find((s) => s.name === REPORT_FILE || s.name.endsWith(`/${REPORT_FILE}`));
  if (!subject) return null;
  let report: unknown;
  try {
    report = JSON.parse(subject.bytes.toString('utf8'));
  } catch {
    return null;
  }
  const r = report as { labels?: unknown; run?: { incomplete?: unknown } };
  const labels = Array.isArray(r.labels) ? r.labels.filter((l): l is string => typeof l === 'string') : [];
  const parsed = incompleteRunSchema.safeParse(r.run?.incomplete);
  const incomplete = parsed.success ? parsed.data : null;
  // Either sign of a partial run is enough: a report that records missing calls is INCOMPLETE whatever its labels say.
  if (incomplete && !labels.includes(INCOMPLETE_LABEL)) labels.unshift(INCOMPLETE_LABEL);
  return { labels, incomplete };
}

/**
 * The verdict `verify --require-pass` holds a verified report to: the signed one, except that a report of a
 * partial run is never a pass (INCONCLUSIVE, exit 3), even if an older or foreign producer signed it PASS.
 */
export function requiredPassVerdict(verdict: Verdict, facts: VerifiedReportFacts | null): { verdict: Verdict; reason: string | null } {
  if (facts?.labels.includes(INCOMPLETE_LABEL)) {
    const what = facts.incomplete ? `${facts.incomplete.missing_calls} of ${facts.incomplete.expected_calls} calls had no result` : 'its run was not complete';
    return { verdict: verdict === 'FAIL' ? 'FAIL' : 'INCONCLUSIVE', reason: `the report is INCOMPLETE (${what}): a partial run is never a pass` };
  }
  return { verdict, reason: verdict === 'PASS' ? null : `the signed verdict is ${verdict}` };
}
