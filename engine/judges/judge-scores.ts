import type { ScoreRow, Store } from '../store/index.js';
import { judgementKey, type JudgementRow } from '../store/judgement-repository.js';
import type { RubricTask } from './judge-plan.js';
import { rubricScorerVersion } from './judge-plan.js';

/**
 * The rubric_judge scores of a run's rubric tasks from their stored judgements: value = the grade, passed = grade
 * ≥ pass_at, version = the judge's fingerprint and the rubric's digest; a judge error is a score with `error` set
 * (neither pass nor failure of the model). A task without a judgement yet (an interrupted phase) has no score.
 */
export function rubricScores(tasks: readonly RubricTask[], judgements: readonly JudgementRow[]): ScoreRow[] {
  const byKey = new Map(judgements.map((j) => [judgementKey(j), j]));
  const rows: ScoreRow[] = [];
  for (const t of tasks) {
    const j = byKey.get(judgementKey(t.key));
    if (!j) continue;
    const common = {
      resultId: t.resultId,
      name: t.key.name,
      scorer: 'rubric_judge' as const,
      severity: t.spec.severity ?? 'medium',
      category: t.spec.category ?? 'task_success',
      version: rubricScorerVersion(t.judge.fingerprint, t.spec.rubric),
    };
    const scale = `${t.scale.min}–${t.scale.max}`;
    if (j.status === 'judge_error' || j.grade === null) {
      rows.push({ ...common, passed: false, detail: `judge "${t.judge.name}" gave no grade`, error: j.error ?? 'no grade' });
      continue;
    }
    const passed = j.grade >= t.passAt;
    rows.push({ ...common, passed, value: j.grade, detail: `graded ${j.grade} on ${scale} by judge "${t.judge.name}" (passes at ${t.passAt}): ${j.reason ?? ''}`.trim() });
  }
  return rows;
}

/** Stores (replacing) the rubric_judge scores of a run's rubric tasks; returns how many and how many failed. */
export function writeRubricScores(store: Store, runId: string, tasks: readonly RubricTask[]): { scores: number; failed: number; errors: number } {
  const rows = rubricScores(tasks, store.judgements.byRun(runId, 'rubric'));
  store.scores.insertMany(rows);
  return { scores: rows.length, failed: rows.filter((r) => !r.passed && !r.error).length, errors: rows.filter((r) => r.error).length };
}
