/** What one case showed in one arm, averaged over repeats; null = not applicable or no data. */
export interface ArmOutcome {
  infraError: boolean;            // every attempt of this arm failed at the infrastructure level
  /** No attempt gave an answer to judge, and at least one stopped at a tool call no recorded result matched. */
  unreplayableToolCall?: boolean;
  taskSuccess: number | null;     // pass rate in [0,1]
  highSeverityFailure: number | null; // 1 if any high-severity expectation failed (mean over attempts)
  citationValid: number | null;   // null when the case has no citation expectation
  abstentionOk: number | null;    // null when the case has no abstain expectation
  overRefusal: number | null;     // 1 = refused a legitimate request; null when no no_refusal expectation
  latencyMs: number | null;
  costUsd: number | null;
  /**
   * The failure share of each selector metric the outcomes were computed for (keyed by the metric, e.g.
   * `category:pii_leak`): the mean over attempts of "some selected score failed", null when no attempt has a
   * selected score. Absent when no selector was asked for: only the policy's selectors are computed.
   */
  selectorFailures?: Readonly<Record<string, number | null>>;
}
export interface CaseOutcome { caseId: string; slice?: string; cluster?: string; baseline: ArmOutcome | null; candidate: ArmOutcome | null; }
