import type { Arm } from '../../shared/domain/run.js';
import type { ScorerSpecOf } from '../../shared/domain/scorer-spec.js';
import type { WorkspaceConfig } from '../../shared/domain/target.js';
import { expectationName } from '../../shared/scorers/score-expectation.js';
import { sha256Hex } from '../hashing.js';
import { runCases } from '../replay/shard.js';
import type { Store, StoredCase } from '../store/index.js';
import { judgementKey, type JudgementKey } from '../store/judgement-repository.js';
import type { ResolvedTarget } from '../targets/resolve-target.js';
import type { JudgeScale } from './judge-prompt.js';
import { passAt } from './judge-verdict.js';
import { resolveJudge } from './judge-targets.js';

type RubricSpec = ScorerSpecOf<'rubric_judge'>;

/** The part of a judgement's key a task knows before the run id. */
export type TaskKey = Omit<JudgementKey, 'runId'>;

/** One rubric grade to ask for: an answer of one arm, under one rubric_judge expectation of its case. */
export interface RubricTask {
  kind: 'rubric';
  key: TaskKey;
  judge: ResolvedTarget;
  storedCase: StoredCase;
  resultId: number;
  arm: Arm;
  answer: string;
  spec: RubricSpec;
  scale: JudgeScale;
  passAt: number;
  /** The score's scorer version (see rubricScorerVersion). */
  version: string;
}

/** One order of a pairwise comparison: `first` is shown as A, `second` as B. */
export interface PairwiseTask {
  kind: 'pairwise';
  key: TaskKey;
  judge: ResolvedTarget;
  storedCase: StoredCase;
  rubric: string;
  first: string;
  second: string;
}

export type JudgeTask = RubricTask | PairwiseTask;

/** The judge work of a run: every task (done or not) and those still to ask. */
export interface JudgePlan {
  rubric: RubricTask[];
  pairwise: PairwiseTask[];
  pending: JudgeTask[];
  judges: Record<string, ResolvedTarget>;
}

/** "sha256:<hex>" of a rubric's text: with the judge's fingerprint, the version of its scores. */
export function rubricDigest(rubric: string): string {
  return `sha256:${sha256Hex(rubric)}`;
}

/** The scorer version of a rubric judge's score: which judge target (its fingerprint) graded against which rubric. */
export function rubricScorerVersion(judgeFingerprint: string, rubric: string): string {
  return `judge ${judgeFingerprint} rubric ${rubricDigest(rubric)}`;
}

/**
 * Whether a run has any judge to ask: a rubric_judge expectation among its suite's active cases, or a pairwise block
 * on its suite. Two indexed queries; a run without judges never reads further.
 */
export function runHasJudges(store: Store, runId: string): boolean {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  return store.judgements.suiteHasRubricJudges(run.suiteId) || store.judgements.suitePairwise(run.suiteId) !== null;
}

/**
 * Every judgement a run calls for: a rubric grade of each answered result under each rubric_judge expectation of its
 * case, and for each case of the pairwise block's slices with answers from both arms (per attempt), the two orders
 * of the comparison. Judge targets are resolved against the workspace's config (an expectation's own, else
 * `defaults.judge`); `pending` leaves out what the run has stored already under the same judge and rubric.
 */
export function planJudges(store: Store, runId: string, config: WorkspaceConfig, configFile: string): JudgePlan {
  const run = store.runs.get(runId);
  if (!run) throw new Error(`no run ${runId}`);
  const suiteSource = store.suites.get(run.suiteId)?.sourcePath ?? undefined;
  const cases = new Map(runCases(store, run).map((c) => [c.id, c]));
  const judges: Record<string, ResolvedTarget> = {};
  const judgeOf = (named: string | undefined, field: string) => {
    const t = resolveJudge(config, configFile, named, { ...(suiteSource ? { file: suiteSource } : {}), field });
    judges[t.name] = t;
    return t;
  };
  // A rubric's digest and a judge's version string, once per distinct rubric and judge (not per answer).
  const digests = new Map<string, string>();
  const digestOf = (rubric: string) => {
    let d = digests.get(rubric);
    if (d === undefined) digests.set(rubric, (d = rubricDigest(rubric)));
    return d;
  };
  const versions = new Map<string, string>();
  const versionOf = (fp: string, rubric: string) => {
    const k = `${fp}\u0000${rubric}`;
    let v = versions.get(k);
    if (v === undefined) versions.set(k, (v = rubricScorerVersion(fp, rubric)));
    return v;
  };
  // Every case's rubric_judge expectations in one read (none when the suite has none).
  const rubricSpecs = store.judgements.suiteHasRubricJudges(run.suiteId) ? store.judgements.rubricExpectations(run.suiteId) : new Map<number, RubricSpec[]>();
  const noSpecs: RubricSpec[] = [];
  const pairwiseBlock = store.judgements.suitePairwise(run.suiteId);
  const rubric: RubricTask[] = [];
  // Answers by case and attempt, for the pairwise comparison: only of the cases it compares (held until planned).
  const answers = new Map<string, Partial<Record<Arm, string>>>();
  const pairCases = pairwiseBlock?.slices ? store.judgements.caseIdsInSlices(run.suiteId, pairwiseBlock.slices) : null;
  for (const page of store.results.pagesByRun(runId, 2000)) {
    for (const r of page) {
      if (r.status !== 'ok' || r.unreplayableToolCall || r.outputText === null) continue;
      const storedCase = cases.get(r.caseId);
      if (!storedCase) continue;
      if (pairwiseBlock && (pairCases === null || pairCases.has(r.caseId))) {
        const k = `${r.caseId}:${r.attempt}`;
        answers.set(k, { ...answers.get(k), [r.arm]: r.outputText });
      }
      for (const spec of rubricSpecs.get(r.caseId) ?? noSpecs) {
        const name = expectationName(spec);
        const judge = judgeOf(spec.judge, `cases[${storedCase.key}].expectations.${name}`);
        rubric.push({
          kind: 'rubric',
          key: { caseId: r.caseId, kind: 'rubric', name, subject: r.arm, attempt: r.attempt, order: 'single', judgeFingerprint: judge.fingerprint, rubricSha256: digestOf(spec.rubric) },
          judge, storedCase, resultId: r.id, arm: r.arm, answer: r.outputText, spec, scale: spec.scale, passAt: passAt(spec.scale, spec.pass_at),
          version: versionOf(judge.fingerprint, spec.rubric),
        });
      }
    }
  }
  const pairwise: PairwiseTask[] = [];
  if (pairwiseBlock) {
    const judge = judgeOf(pairwiseBlock.judge, 'pairwise_judge');
    const digest = rubricDigest(pairwiseBlock.rubric);
    for (const [k, both] of answers) {
      if (both.baseline === undefined || both.candidate === undefined) continue;
      const [caseId, attempt] = k.split(':').map(Number) as [number, number];
      const storedCase = cases.get(caseId)!;
      for (const order of ['ab', 'ba'] as const) {
        pairwise.push({
          kind: 'pairwise',
          key: { caseId, kind: 'pairwise', name: 'pairwise', subject: 'pair', attempt, order, judgeFingerprint: judge.fingerprint, rubricSha256: digest },
          judge, storedCase, rubric: pairwiseBlock.rubric,
          first: order === 'ab' ? both.baseline : both.candidate,
          second: order === 'ab' ? both.candidate : both.baseline,
        });
      }
    }
  }
  const done = store.judgements.doneKeys(runId);
  const pending = [...rubric, ...pairwise].filter((t) => !done.has(judgementKey(t.key)));
  return { rubric, pairwise, pending, judges };
}
