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
}
export interface CaseOutcome { caseId: string; slice?: string; cluster?: string; baseline: ArmOutcome | null; candidate: ArmOutcome | null; }
