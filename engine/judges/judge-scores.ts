import type { ScoreRow, Store } from '../store/index.js';
import { judgementKey, type JudgementRow } from '../store/judgement-repository.js';
import type { RubricTask } from './judge-plan.js';

/** What a rubric score is made from: a judgement's outcome (stored or just made). */
type Verdict = Pick<JudgementRow, 'status' | 'grade' | 'reason' | 'error'>;

/**
 * The rubric_judge score of a rubric task from its judgement: value = the grade, passed = grade ≥ pass_at, version =
 * the judge's fingerprint and the rubric's digest; a judge error is a score with `error` set (neither pass nor
 * failure of the model).
 */
export function rubricScore(t: RubricTask, j: Verdict): ScoreRow {
  const common = {
    resultId: t.resultId,
    name: t.key.name,
    scorer: 'rubric_judge' as const,
    severity: t.spec.severity ?? 'medium',
    category: t.spec.category ?? 'task_success',
    version: t.version,
  };
  if (j.status === 'judge_error' || j.grade === null) return { ...common, passed: false, detail: `judge "${t.judge.name}" gave no grade`, error: j.error ?? 'no grade' };
  const passed = j.grade >= t.passAt;
  return { ...common, passed, value: j.grade, detail: `graded ${j.grade} on ${t.scale.min}–${t.scale.max} by judge "${t.judge.name}" (passes at ${t.passAt}): ${j.reason ?? ''}`.trim() };
}

/** The rubric_judge scores of a run's rubric tasks from their stored judgements; a task not judged yet has none. */
export function rubricScores(tasks: readonly RubricTask[], judgements: readonly JudgementRow[]): ScoreRow[] {
  const byKey = new Map(judgements.map((j) => [judgementKey(j), j]));
  const rows: ScoreRow[] = [];
  for (const t of tasks) {
    const j = byKey.get(judgementKey(t.key));
    if (j) rows.push(rubricScore(t, j));
  }
  return rows;
}

/** How many rubric_judge scores there are, how many failed (the model) and how many are judge errors. */
export interface RubricScoreCounts {
  scores: number;
  failed: number;
  errors: number;
}

/** Adds a score to counts. */
export function countRubricScore(counts: RubricScoreCounts, score: ScoreRow): void {
  counts.scores++;
  if (score.error) counts.errors++;
  else if (!score.passed) counts.failed++;
}

/**
 * Stores (replacing) the rubric_judge scores of the rubric tasks a run had judged before this phase (the phase writes
 * the scores of its own judgements with them) and counts them. With none (a first judge phase), nothing is read.
 */
export function writeRubricScores(store: Store, runId: string, earlier: readonly RubricTask[]): RubricScoreCounts {
  const counts: RubricScoreCounts = { scores: 0, failed: 0, errors: 0 };
  if (earlier.length === 0) return counts;
  const rows = rubricScores(earlier, store.judgements.byRun(runId, 'rubric'));
  store.scores.insertMany(rows);
  for (const r of rows) countRubricScore(counts, r);
  return counts;
}
