// The CustomScorerRunner of a workspace: its evals/scorers/ modules, run in a pool of worker threads.
import { availableParallelism } from 'node:os';
import type { ScorerSpecOf } from '../../shared/domain/scorer-spec.js';
import type { CustomScorerInput, CustomScorerLimits } from '../../shared/scorers/custom-scorer-api.js';
import type { ScoredOutput } from '../../shared/scorers/output-text.js';
import { expectationName, type Score } from '../../shared/scorers/score-expectation.js';
import { InputError } from '../errors.js';
import type { CustomScorerRunner, CustomScoringItem } from '../scoring/custom-scorer-runner.js';
import { interpretResult } from './interpret-result.js';
import { loadScorerModule, type LoadedScorerModule } from './load-module.js';
import { ScorerPool, type CallOutcome } from './scorer-pool.js';
import type { ScorerCall } from './worker-protocol.js';

/** Per-call time limit by default. */
export const DEFAULT_TIMEOUT_MS = 2000;
/** Each worker's JS heap by default. */
export const DEFAULT_MEMORY_MB = 128;

/** The runner's limits; `workers` caps the pool (default: one per core but one, at least one). */
export interface CustomScorerRunnerLimits extends CustomScorerLimits {
  workers?: number;
  /** For importing a module in a worker (default the larger of 10 s and timeoutMs). */
  loadTimeoutMs?: number;
}

function checkLimit(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min)) throw new InputError(`custom scorer ${name} must be a number >= ${min}, got ${value}`);
}

/** The base of every score of one expectation: its name, severity and category, and the module's version. */
function scoreBase(spec: ScorerSpecOf<'custom'>, version: string | undefined): Omit<Score, 'passed' | 'detail'> {
  return { name: expectationName(spec), scorer: 'custom', severity: spec.severity ?? 'medium', category: spec.category ?? 'task_success', ...(version ? { version } : {}) };
}

/** A scorer error: neither a pass nor a failure of the model, naming the scorer and the case. */
function errorScore(item: CustomScoringItem, version: string | undefined, why: string): Score {
  const error = `scorer "${item.spec.scorer}" on case "${item.caseKey}": ${why}`;
  return { ...scoreBase(item.spec, version), passed: false, detail: `scorer error: ${why}`, error };
}

function toScore(item: CustomScoringItem, version: string, outcome: CallOutcome | undefined): Score {
  if (!outcome) return errorScore(item, version, 'no outcome came back from its worker');
  if (!outcome.ok) return errorScore(item, version, outcome.message);
  const verdict = interpretResult(outcome.result, { min_score: item.spec.min_score, max_score: item.spec.max_score, threshold: outcome.threshold });
  if ('error' in verdict) return errorScore(item, version, verdict.error);
  return { ...scoreBase(item.spec, version), passed: verdict.passed, detail: verdict.detail, ...(verdict.value !== undefined ? { value: verdict.value } : {}) };
}

/** What the module is called with: plain data, the same shape whatever the item's optional fields. */
function scorerInput(item: CustomScoringItem): CustomScorerInput {
  // latencyMs/costUsd are optional on ScoredOutput (absent where a caller does not know them).
  const out: ScoredOutput & { latencyMs?: number | null; costUsd?: number | null } = item.output;
  return {
    output: { text: out.text, finishReason: out.finishReason, toolCalls: out.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments })), latencyMs: out.latencyMs ?? null, costUsd: out.costUsd ?? null },
    input: { messages: [...item.input.messages], documents: [...item.input.documents], reference: item.input.reference ?? null },
    options: item.spec.options ?? {},
    caseKey: item.caseKey,
  };
}

/**
 * Opens a runner for the scorer modules in `<workspaceRoot>/evals/scorers/`. Each module is located, fingerprinted
 * and (TypeScript) compiled once per runner, on first use; calls run in worker threads with no environment
 * variables, under `limits` (defaults: 2000 ms per call, 10 s to import a module, 128 MB heap per worker). Close it
 * when done (an idle runner does not keep the process alive).
 */
export function openCustomScorerRunner(workspaceRoot: string, limits: CustomScorerRunnerLimits = {}): CustomScorerRunner {
  checkLimit('timeoutMs', limits.timeoutMs, 1);
  checkLimit('memoryMb', limits.memoryMb, 8);
  checkLimit('workers', limits.workers, 1);
  checkLimit('loadTimeoutMs', limits.loadTimeoutMs, 1);
  const pool = new ScorerPool({
    size: Math.floor(limits.workers ?? Math.max(1, availableParallelism() - 1)),
    timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    memoryMb: limits.memoryMb ?? DEFAULT_MEMORY_MB,
    ...(limits.loadTimeoutMs === undefined ? {} : { loadTimeoutMs: limits.loadTimeoutMs }),
  });
  // One version of each module for the runner's lifetime: a run's scores all come from the same source.
  const modules = new Map<string, LoadedScorerModule>();
  const moduleOf = (name: string) => {
    let m = modules.get(name);
    if (!m) modules.set(name, (m = loadScorerModule(workspaceRoot, name)));
    return m;
  };

  return {
    async scoreMany(items) {
      const scores = new Array<Score>(items.length);
      const calls: ScorerCall[] = [];
      const callItems: { at: number; version: string }[] = [];
      items.forEach((item, at) => {
        let m: LoadedScorerModule;
        let input: CustomScorerInput | null = null;
        try {
          m = moduleOf(item.spec.scorer);
          if (m.ok) input = scorerInput(item);
        } catch (err) {
          m = { ok: false, error: `could not be prepared: ${err instanceof Error ? err.message : String(err)}` };
        }
        if (!m.ok || !input) {
          scores[at] = errorScore(item, m.version, m.ok ? 'no input' : m.error);
          return;
        }
        calls.push({ moduleUrl: m.url, input });
        callItems.push({ at, version: m.version });
      });
      let outcomes: CallOutcome[];
      try {
        outcomes = await pool.run(calls);
      } catch (err) {
        // The pool settles every call itself; this is the last line that keeps a run's scoring going.
        const message = `the scorer pool failed: ${err instanceof Error ? err.message : String(err)}`;
        outcomes = calls.map(() => ({ ok: false, message }));
      }
      callItems.forEach(({ at, version }, i) => (scores[at] = toScore(items[at]!, version, outcomes[i])));
      return scores;
    },
    close: () => pool.close(),
  };
}
