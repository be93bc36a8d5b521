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

/**
 * Stores (replacing) the rubric_judge scores of the rubric tasks a run had judged before this phase (`earlier`: the
 * phase writes the scores of its own judgements with them), and counts the scores of all its rubric tasks.
 */
export function writeRubricScores(store: Store, runId: string, tasks: readonly RubricTask[], earlier: ReadonlySet<RubricTask> = new Set(tasks)): { scores: number; failed: number; errors: number } {
  const rows = rubricScores(tasks, store.judgements.byRun(runId, 'rubric'));
  const mine = new Set([...earlier].map((t) => t.resultId + '\u0000' + t.key.name));
  store.scores.insertMany(rows.filter((r) => mine.has(r.resultId + '\u0000' + r.name)));
  return { scores: rows.length, failed: rows.filter((r) => !r.passed && !r.error).length, errors: rows.filter((r) => r.error).length };
}
