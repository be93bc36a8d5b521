import type { Database, Statement } from 'better-sqlite3';
import type { ChatMessage } from '../../shared/domain/capture.js';
import type { PairwiseJudge } from '../../shared/domain/judge.js';
import type { ScorerSpecOf } from '../../shared/domain/scorer-spec.js';

/** What a judgement is about: a rubric grade of one arm's answer, or one order of a pairwise comparison. */
export type JudgementKind = 'rubric' | 'pairwise';
export type JudgementSubject = 'baseline' | 'candidate' | 'pair';
/** 'single' for a rubric grade; 'ab' = the baseline's answer shown first, 'ba' = the candidate's shown first. */
export type JudgementOrder = 'single' | 'ab' | 'ba';
/** The pairwise verdict as the judge gave it: by position (A = first shown), not by arm. */
export type PositionVerdict = 'A' | 'B' | 'tie';

/** The identity of one question to a judge; a judgement with this key is never asked again. */
export interface JudgementKey {
  runId: string;
  caseId: number;
  kind: JudgementKind;
  name: string;
  subject: JudgementSubject;
  attempt: number;
  order: JudgementOrder;
  judgeFingerprint: string;
  rubricSha256: string;
}

/** A judgement as the judge phase writes it. */
export interface NewJudgement extends JudgementKey {
  judgeTarget: string;
  status: 'ok' | 'judge_error';
  grade: number | null;
  verdict: PositionVerdict | null;
  reason: string | null;
  error: string | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
  /** Calls made to the judge for it (a corrective retry is a second call; 0 when answered from the cache). */
  calls: number;
  cached: boolean;
}

/** A stored judgement. */
export interface JudgementRow extends NewJudgement {
  id: number;
  createdAt: string;
}

/** The string form of a judgement's key (for sets of done judgements). */
export function judgementKey(k: Omit<JudgementKey, 'runId'>): string {
  return `${k.kind}|${k.name}|${k.caseId}|${k.subject}|${k.attempt}|${k.order}|${k.judgeFingerprint}|${k.rubricSha256}`;
}

interface RawJudgement {
  id: number;
  run_id: string;
  case_id: number;
  kind: JudgementKind;
  name: string;
  subject: JudgementSubject;
  attempt: number;
  position_order: JudgementOrder;
  judge_target: string;
  judge_fingerprint: string;
  rubric_sha256: string;
  status: 'ok' | 'judge_error';
  grade: number | null;
  verdict: PositionVerdict | null;
  reason: string | null;
  error: string | null;
  latency_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  calls: number;
  cached: number;
  created_at: string;
}

const toRow = (r: RawJudgement): JudgementRow => ({
  id: r.id, runId: r.run_id, caseId: r.case_id, kind: r.kind, name: r.name, subject: r.subject, attempt: r.attempt, order: r.position_order,
  judgeTarget: r.judge_target, judgeFingerprint: r.judge_fingerprint, rubricSha256: r.rubric_sha256, status: r.status, grade: r.grade,
  verdict: r.verdict, reason: r.reason, error: r.error, latencyMs: r.latency_ms, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens,
  costUsd: r.cost_usd, calls: r.calls, cached: r.cached === 1, createdAt: r.created_at,
});

/** Judgements of runs, and the pairwise judge block of each suite version. */
export class JudgementRepository {
  private readonly insertStmt: Statement;
  private readonly byRunStmt: Statement;
  private readonly byRunKindStmt: Statement;
  private readonly keysStmt: Statement;
  private readonly deleteErrorsStmt: Statement;
  private readonly totalsStmt: Statement;
  private readonly setPairwiseStmt: Statement;
  private readonly clearPairwiseStmt: Statement;
  private readonly getPairwiseStmt: Statement;
  private readonly hasRubricStmt: Statement;
  private readonly rubricPassedStmt: Statement;
  private readonly caseSlicesStmt: Statement;
  private readonly caseMessagesStmt: Statement;
  private readonly rubricExpectationsStmt: Statement;

  constructor(private readonly db: Database) {
    // A judgement already stored under the same key stays: it was asked and answered (or failed) once.
    this.insertStmt = db.prepare(`INSERT INTO judgements (run_id, case_id, kind, name, subject, attempt, position_order, judge_target, judge_fingerprint,
      rubric_sha256, status, grade, verdict, reason, error, latency_ms, prompt_tokens, completion_tokens, cost_usd, calls, cached, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id, kind, name, case_id, subject, attempt, position_order, judge_fingerprint, rubric_sha256) DO NOTHING`);
    this.byRunStmt = db.prepare('SELECT * FROM judgements WHERE run_id = ? ORDER BY id');
    this.byRunKindStmt = db.prepare('SELECT * FROM judgements WHERE run_id = ? AND kind = ? ORDER BY id');
    this.keysStmt = db.prepare('SELECT kind, name, case_id, subject, attempt, position_order, judge_fingerprint, rubric_sha256 FROM judgements WHERE run_id = ?');
    this.deleteErrorsStmt = db.prepare("DELETE FROM judgements WHERE run_id = ? AND status = 'judge_error'");
    this.totalsStmt = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(status = 'judge_error'), 0) AS errors, COALESCE(SUM(cost_usd), 0) AS cost,
      COALESCE(SUM(calls), 0) AS calls, COALESCE(SUM(cached), 0) AS cached FROM judgements WHERE run_id = ? AND kind = ?`);
    this.setPairwiseStmt = db.prepare('INSERT INTO suite_pairwise_judges (suite_id, spec_json) VALUES (?, ?) ON CONFLICT (suite_id) DO UPDATE SET spec_json = excluded.spec_json');
    this.clearPairwiseStmt = db.prepare('DELETE FROM suite_pairwise_judges WHERE suite_id = ?');
    this.getPairwiseStmt = db.prepare('SELECT spec_json FROM suite_pairwise_judges WHERE suite_id = ?');
    this.caseSlicesStmt = db.prepare("SELECT id, slice FROM cases WHERE suite_id = ? AND status = 'active'");
    // Only the conversation, cut out by SQLite: a judge prompt shows nothing else of a case, and parsing the whole
    // case (documents, expectations, recorded answers) for it cost the judge phase a parse per case.
    // The expectations of a suite version's cases that may hold a rubric judge (a text match on the whole case, then
    // the expectations themselves are looked at), in one pass: planning a judge phase read each case alone.
    this.rubricExpectationsStmt = db.prepare(`SELECT id, case_json -> '$.expectations' AS expectations FROM cases
      WHERE suite_id = ? AND status = 'active' AND case_json LIKE '%rubric_judge%'`);
    this.caseMessagesStmt = db.prepare("SELECT case_json -> '$.input.messages' FROM cases WHERE id = ?").pluck();
    this.rubricPassedStmt = db.prepare(`SELECT r.arm AS arm, COUNT(*) AS n FROM scores s JOIN results r ON r.id = s.result_id
      WHERE r.run_id = ? AND s.scorer = 'rubric_judge' AND s.passed = 1 AND s.error IS NULL GROUP BY r.arm`);
    // A text match on the stored JSON, then a look at the expectations themselves: one indexed pass over the suite.
    this.hasRubricStmt = db.prepare(`SELECT EXISTS (SELECT 1 FROM cases c, json_each(c.case_json, '$.expectations') e
      WHERE c.suite_id = ? AND c.status = 'active' AND c.case_json LIKE '%rubric_judge%' AND e.value ->> '$.type' = 'rubric_judge')`).pluck();
  }

  /** Stores judgements in one transaction; one whose key is stored already is left as it was. */
  insertMany(rows: readonly NewJudgement[]): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const j of rows) {
        this.insertStmt.run(j.runId, j.caseId, j.kind, j.name, j.subject, j.attempt, j.order, j.judgeTarget, j.judgeFingerprint, j.rubricSha256, j.status,
          j.grade, j.verdict, j.reason, j.error, j.latencyMs, j.promptTokens, j.completionTokens, j.costUsd, j.calls, j.cached ? 1 : 0, at);
      }
    })();
  }

  /** Every judgement of a run (of one kind when given), oldest first. */
  byRun(runId: string, kind?: JudgementKind): JudgementRow[] {
    const raw = (kind ? this.byRunKindStmt.all(runId, kind) : this.byRunStmt.all(runId)) as RawJudgement[];
    return raw.map(toRow);
  }

  /** The keys (see judgementKey) of every judgement a run has stored: those are not asked again. */
  doneKeys(runId: string): Set<string> {
    type K = { kind: JudgementKind; name: string; case_id: number; subject: JudgementSubject; attempt: number; position_order: JudgementOrder; judge_fingerprint: string; rubric_sha256: string };
    return new Set((this.keysStmt.all(runId) as K[]).map((k) =>
      judgementKey({ kind: k.kind, name: k.name, caseId: k.case_id, subject: k.subject, attempt: k.attempt, order: k.position_order, judgeFingerprint: k.judge_fingerprint, rubricSha256: k.rubric_sha256 })));
  }

  /** Deletes a run's judge errors (so the judge phase asks those again); returns how many. */
  deleteErrors(runId: string): number {
    return this.deleteErrorsStmt.run(runId).changes;
  }

  /** How many judgements of a kind a run has, how many are judge errors, their calls, cache hits and cost. */
  totals(runId: string, kind: JudgementKind): { judgements: number; errors: number; costUsd: number; calls: number; cached: number } {
    const r = this.totalsStmt.get(runId, kind) as { n: number; errors: number; cost: number; calls: number; cached: number };
    return { judgements: r.n, errors: r.errors, costUsd: r.cost, calls: r.calls, cached: r.cached };
  }

  /** The ids of a suite version's active cases in the given slices (read from the cases table, not their JSON). */
  caseIdsInSlices(suiteId: number, slices: readonly string[]): Set<number> {
    const wanted = new Set(slices);
    const ids = new Set<number>();
    for (const r of this.caseSlicesStmt.all(suiteId) as { id: number; slice: string | null }[]) if (r.slice !== null && wanted.has(r.slice)) ids.add(r.id);
    return ids;
  }

  /**
   * The rubric_judge expectations of a suite version's active cases, by case id; a case without any is left out.
   * Cases of a slice share their expectations' text, which is parsed once.
   */
  rubricExpectations(suiteId: number): Map<number, ScorerSpecOf<'rubric_judge'>[]> {
    type RubricSpec = ScorerSpecOf<'rubric_judge'>;
    const byText = new Map<string, RubricSpec[]>();
    const specs = new Map<number, RubricSpec[]>();
    for (const r of this.rubricExpectationsStmt.all(suiteId) as { id: number; expectations: string | null }[]) {
      if (r.expectations === null) continue;
      let rubric = byText.get(r.expectations);
      if (!rubric) {
        const all = JSON.parse(r.expectations) as unknown;
        rubric = Array.isArray(all) ? all.filter((e): e is RubricSpec => typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'rubric_judge') : [];
        byText.set(r.expectations, rubric);
      }
      if (rubric.length) specs.set(r.id, rubric);
    }
    return specs;
  }

  /** The conversation (input messages) of a stored case, as a judge is shown it; undefined for no such case. */
  caseMessages(caseId: number): ChatMessage[] | undefined {
    const json = this.caseMessagesStmt.get(caseId) as string | null | undefined;
    if (json === undefined) return undefined;
    return json === null ? [] : (JSON.parse(json) as ChatMessage[]);
  }

  /** How many rubric_judge scores of a run passed, per arm (judge errors are neither pass nor fail). */
  rubricPassedByArm(runId: string): { baseline: number; candidate: number } {
    const counts = { baseline: 0, candidate: 0 };
    for (const r of this.rubricPassedStmt.all(runId) as { arm: 'baseline' | 'candidate'; n: number }[]) counts[r.arm] = r.n;
    return counts;
  }

  /** Whether any active case of a suite version has a rubric_judge expectation. */
  suiteHasRubricJudges(suiteId: number): boolean {
    return this.hasRubricStmt.get(suiteId) === 1;
  }

  /** Records the pairwise judge block of a suite version (null: it has none). */
  setSuitePairwise(suiteId: number, spec: PairwiseJudge | null): void {
    if (spec) this.setPairwiseStmt.run(suiteId, JSON.stringify(spec));
    else this.clearPairwiseStmt.run(suiteId);
  }

  /** The pairwise judge block of a suite version, or null. */
  suitePairwise(suiteId: number): PairwiseJudge | null {
    const r = this.getPairwiseStmt.get(suiteId) as { spec_json: string } | undefined;
    return r ? (JSON.parse(r.spec_json) as PairwiseJudge) : null;
  }
}
