import type { PairwiseJudge } from '../../shared/domain/judge.js';
import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import type { SuiteFile } from '../../shared/domain/suite.js';
import type { WorkspaceConfig } from '../../shared/domain/target.js';
import { InputError } from '../errors.js';
import { resolveTarget, type ResolvedTarget } from '../targets/resolve-target.js';

/** Where a judge is named: the file and field an error points at. */
export interface JudgeSite {
  file?: string;
  field: string;
}

/**
 * The judge target of a rubric or pairwise judge: the one it names, else `defaults.judge` of canary-gate.yaml. A
 * judge that names none while `defaults.judge` is unset is bad input naming the file and field.
 */
export function resolveJudge(config: WorkspaceConfig, configFile: string, named: string | undefined, site: JudgeSite): ResolvedTarget {
  const name = named ?? config.defaults.judge;
  if (name === undefined) {
    throw new InputError(
      `${site.field.endsWith('pairwise_judge') ? 'the pairwise judge' : 'this rubric_judge expectation'} names no judge target and defaults.judge is not set in ${configFile}: ` +
        'add `judge: <target name>` here, or `defaults: { judge: <target name> }` to canary-gate.yaml',
      { ...(site.file !== undefined ? { file: site.file } : {}), field: `${site.field}.judge` },
    );
  }
  if (!(name in config.targets)) {
    const known = Object.keys(config.targets);
    throw new InputError(`judge target "${name}" is not a target of ${configFile}${known.length ? ` (known: ${known.join(', ')})` : ''}`, {
      ...(site.file !== undefined ? { file: site.file } : {}),
      field: named !== undefined ? `${site.field}.judge` : 'defaults.judge',
    });
  }
  const judge = resolveTarget(config, name, configFile);
  if (judge.target.provider === 'recorded') {
    throw new InputError(`judge target "${name}" has provider recorded: a judge has to be a model that can be asked`, { file: configFile, field: `targets.${name}.provider` });
  }
  return judge;
}

/** The judges a suite file declares: each judge target by name, and the pairwise block with its target filled in. */
export interface SuiteJudges {
  targets: Record<string, ResolvedTarget>;
  /** Judge target name → fingerprint: part of the suite digest (resolveSuite's judgeFingerprints). */
  fingerprints: Record<string, string>;
  pairwise: (PairwiseJudge & { judge: string }) | null;
}

/**
 * Every judge a suite file names — rubric_judge expectations of its cases and of its traffic slices, and its
 * pairwise block — resolved against the workspace's targets. Refuses (naming the file and field) a judge without
 * a target before anything is called.
 */
export function suiteJudges(suite: SuiteFile, suiteFile: string, config: WorkspaceConfig, configFile: string): SuiteJudges {
  const targets: Record<string, ResolvedTarget> = {};
  const add = (named: string | undefined, site: JudgeSite) => {
    const t = resolveJudge(config, configFile, named, site);
    targets[t.name] = t;
    return t;
  };
  const visit = (specs: readonly ScorerSpec[], field: string) =>
    specs.forEach((s, j) => {
      if (s.type === 'rubric_judge') add(s.judge, { file: suiteFile, field: `${field}.${j}` });
    });
  suite.cases.forEach((c, i) => {
    if (c.status === 'active') visit(c.expectations, `cases.${i}.expectations`);
  });
  for (const [slice, specs] of Object.entries(suite.traffic?.expectations_by_slice ?? {})) visit(specs, `traffic.expectations_by_slice.${slice}`);
  const block = suite.pairwise_judge;
  const pairwise = block ? { ...block, judge: add(block.judge, { file: suiteFile, field: 'pairwise_judge' }).name } : null;
  const fingerprints = Object.fromEntries(Object.entries(targets).map(([n, t]) => [n, t.fingerprint]));
  return { targets, fingerprints, pairwise };
}
