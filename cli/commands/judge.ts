import { judgeRunLeased } from '../../engine/judges/judge-run.js';
import { judgeSummary } from '../../engine/judges/judge-summary.js';
import { judgeSummaryLines } from '../../engine/judges/judge-summary-text.js';
import { runCalls } from '../../engine/gates/run-completeness.js';
import { InputError, NotFoundError } from '../../engine/errors.js';
import { unknownRunError } from '../../engine/runs/unknown-run.js';
import type { Store } from '../../engine/store/index.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { progressBar } from '../progress.js';
import { nonNegativeNumber, positiveInt } from './option-values.js';

const USAGE =
  'judge summary [--run <id>] [--json] | judge --run <id> [--concurrency <n>] [--max-cost <usd>] [--no-cache] [--retry-errors] [--sim-time-scale <x>]';

/** --run, else the newest run; a clear error when the workspace has none or not that one. */
function resolveRun(store: Store, run: unknown): string {
  const runId = typeof run === 'string' ? run : store.runs.list(1, 0).runs[0]?.id;
  if (!runId) throw new NotFoundError('the workspace has no runs yet: run `canary-gate replay` first');
  if (!store.runs.get(runId)) throw unknownRunError(store, runId);
  return runId;
}

/** `canary-gate judge`: the judges' figures of a run, or its judge phase run (again). */
export const judgeCommand: Command = {
  name: 'judge',
  summary: "judge summary: the pairwise judge's candidate win rate with its interval, position bias, judge errors and cost; judge --run <id>: run only the judge phase of a run (asks what is not stored yet)",
  usage: USAGE,
  options: {
    run: { type: 'string' },
    concurrency: { type: 'string' },
    'max-cost': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'retry-errors': { type: 'boolean', default: false },
    'sim-time-scale': { type: 'string' },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const sub = positionals[0];
    if (positionals.length > 1 || (sub !== undefined && sub !== 'summary')) {
      io.err(`canary-gate judge: usage: canary-gate ${USAGE}`);
      return EXIT.badInput;
    }
    if (sub === 'summary') {
      const phaseOnly = ['concurrency', 'max-cost', 'no-cache', 'retry-errors', 'sim-time-scale'].filter((o) => values[o] !== undefined && values[o] !== false);
      if (phaseOnly.length) throw new InputError(`${phaseOnly.map((o) => `--${o}`).join(', ')} belong to judge --run <id> (judge summary only reads)`, { field: `--${phaseOnly[0]}` });
      const ctx = openContext(values, io);
      try {
        const s = judgeSummary(ctx.store, resolveRun(ctx.store, values.run));
        io.out(values.json ? JSON.stringify(s) : [`Judges of run ${s.runId}:`, ...judgeSummaryLines(s)].join('\n'));
        return EXIT.ok;
      } finally {
        ctx.close();
      }
    }
    if (typeof values.run !== 'string') throw new InputError('name the run whose judges to run: canary-gate judge --run <id> (or judge summary to read them)', { field: '--run' });
    const concurrency = values.concurrency === undefined ? undefined : positiveInt(values.concurrency, 'concurrency', 1);
    const simTimeScale = values['sim-time-scale'] === undefined ? undefined : nonNegativeNumber(values['sim-time-scale'], 'sim-time-scale');
    const maxCostUsd = values['max-cost'] === undefined ? undefined : Number(values['max-cost']);
    if (maxCostUsd !== undefined && !(maxCostUsd >= 0)) throw new InputError(`expected an amount in USD, got "${String(values['max-cost'])}"`, { field: '--max-cost' });
    const ctx = openContext(values, io);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const runId = resolveRun(ctx.store, values.run);
      const calls = runCalls(ctx.store, ctx.store.runs.get(runId)!);
      if (calls.missingCalls > 0) {
        throw new InputError(`run ${runId} is missing ${calls.missingCalls} of ${calls.expectedCalls} model calls; finish its replay first (canary-gate replay --run ${runId}), which runs its judges too`, { field: '--run' });
      }
      const bar = progressBar('judge', io.isTty && !values.json);
      const outcome = await judgeRunLeased(ctx.store, ctx.workspace, runId, {
        ...(concurrency ? { concurrency } : {}),
        ...(simTimeScale !== undefined ? { simTimeScale } : {}),
        ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
        cache: !values['no-cache'],
        retryErrors: Boolean(values['retry-errors']),
        signal: abort.signal,
        env: io.env,
        onProgress: (p) => bar.update(p.done, p.total, p.judgeErrors ? `${p.judgeErrors} judge errors` : ''),
      });
      bar.finish();
      if (!outcome) {
        if (values.json) io.out(JSON.stringify({ run_id: runId, judged: null }));
        else io.out(`Run ${runId}: its suite has no rubric_judge expectations and no pairwise_judge block; nothing to judge.`);
        return EXIT.ok;
      }
      if (values.json) {
        io.out(JSON.stringify({ run_id: runId, ...outcome, summary: judgeSummary(ctx.store, runId) }));
      } else {
        io.out(`Run ${runId}: ${outcome.judged} judgement(s) made (${outcome.calls} call(s), ${outcome.cacheHits} from the response cache), ${outcome.alreadyDone} already stored, ${outcome.judgeErrors} judge error(s); spent $${outcome.spentUsd.toFixed(4)}.`);
        io.out(judgeSummaryLines(judgeSummary(ctx.store, runId)).join('\n'));
        if (outcome.stoppedBy === 'budget') io.out(`Stopped at the budget. Resume with a higher budget: canary-gate judge --run ${runId} --max-cost <usd>`);
        else if (outcome.stoppedBy === 'circuit') io.out(`Stopped: a judge endpoint failed too many times in a row. When it is back, resume with: canary-gate judge --run ${runId} --retry-errors`);
        else if (outcome.interrupted) io.out(`Interrupted. Resume with: canary-gate judge --run ${runId}`);
      }
      return outcome.interrupted ? EXIT.infra : EXIT.ok;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      ctx.close();
    }
  },
};
