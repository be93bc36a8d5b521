import { relative, resolve } from 'node:path';
import { executeReplay } from '../../engine/replay/execute-replay.js';
import { prepareRun } from '../../engine/replay/prepare-run.js';
import { estimateRunCost } from '../../engine/replay/replay-run.js';
import { InputError } from '../../engine/errors.js';
import { resolveTarget } from '../../engine/targets/resolve-target.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { progressBar } from '../progress.js';
import { positiveInt } from './option-values.js';

/** `canary-gate replay`: run a suite against the baseline and candidate targets (resumes an interrupted run). */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replay a suite against baseline and candidate, persist every result, score; resumes interrupted runs',
  usage: 'replay [--suite <file>] [--baseline <target>] [--candidate <target>] [--concurrency <n>] [--repeats <k>] [--max-cost <usd>] [--estimate] [--new]',
  options: {
    suite: { type: 'string' },
    baseline: { type: 'string' },
    candidate: { type: 'string' },
    concurrency: { type: 'string' },
    repeats: { type: 'string', default: '1' },
    new: { type: 'boolean', default: false },
    'max-cost': { type: 'string' },
    estimate: { type: 'boolean', default: false },
    'sim-time-scale': { type: 'string' },
  },
  async run({ values }, io) {
    const ctx = openContext(values, io);
    const ws = ctx.workspace;
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const suiteFile = resolve(ws.root, String(values.suite ?? ws.config.defaults.suite));
      const baseline = resolveTarget(ws.config, String(values.baseline ?? ws.config.defaults.baseline), ws.configFile);
      const candidate = resolveTarget(ws.config, String(values.candidate ?? ws.config.defaults.candidate), ws.configFile);
      const repeats = positiveInt(values.repeats, 'repeats', 1);
      const concurrency = values.concurrency === undefined ? undefined : positiveInt(values.concurrency, 'concurrency', 1);
      const simTimeScale = values['sim-time-scale'] === undefined ? undefined : Number(values['sim-time-scale']);
      const maxCostUsd = values['max-cost'] === undefined ? undefined : Number(values['max-cost']);
      if (maxCostUsd !== undefined && !(maxCostUsd >= 0)) throw new InputError(`expected an amount in USD, got "${String(values['max-cost'])}"`, { field: '--max-cost' });
      const prepared = prepareRun(ctx.store, { suiteFile, suiteSource: relative(ws.root, suiteFile), baseline, candidate, repeats, forceNew: Boolean(values.new) });
      const estimate = estimateRunCost(ctx.store, prepared.run.id, ws.config.prices);
      const estimateText = `estimated cost of the ${estimate.calls} remaining call(s): $${estimate.total.toFixed(4)} (baseline $${estimate.baseline.toFixed(4)}, candidate $${estimate.candidate.toFixed(4)})${estimate.unpriced.length ? `; no price for ${estimate.unpriced.join(', ')}` : ''}`;
      if (values.estimate) {
        if (values.json) io.out(JSON.stringify({ run_id: prepared.run.id, estimate }));
        else io.out(`Run ${prepared.run.id}: ${estimateText}. Nothing was called.`);
        return EXIT.ok;
      }
      if (!values.json) io.err(`${estimateText}${maxCostUsd !== undefined ? `; budget $${maxCostUsd.toFixed(4)}` : ''}`);
      if (!values.json) io.err(`${prepared.resumed ? 'Resuming' : 'Starting'} run ${prepared.run.id}: ${prepared.suite.cases.length} cases × 2 arms × ${repeats}${baseline.simulated || candidate.simulated ? ' (SIMULATED endpoints)' : ''}`);
      const bar = progressBar('replay', io.isTty && !values.json);
      const outcome = await executeReplay(ctx.store, ws, prepared.run.id, { baseline, candidate }, {
        ...(concurrency ? { concurrency } : {}),
        ...(simTimeScale !== undefined && Number.isFinite(simTimeScale) ? { simTimeScale } : {}),
        signal: abort.signal,
        ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
        env: io.env,
        onProgress: (p) => bar.update(p.done, p.total, p.infraErrors ? `${p.infraErrors} infra errors` : ''),
      });
      bar.finish();
      if (values.json) io.out(JSON.stringify({ run_id: prepared.run.id, resumed: prepared.resumed, ...outcome }));
      else {
        io.out(`Run ${outcome.runId}: ${outcome.called} call(s) made, ${outcome.alreadyDone} already stored, ${outcome.infraErrors} infra error(s); ${outcome.scored.scores} scores (${outcome.scored.failed} failed).`);
        io.out(`Spent $${outcome.spentUsd.toFixed(4)} on this replay.`);
        if (outcome.stoppedBy === 'budget') io.out(`Stopped at the budget — raise --max-cost and run the same command to resume ${outcome.runId}.`);
        else if (outcome.interrupted) io.out(`Interrupted — run the same command again to resume ${outcome.runId}.`);
        else io.out(`Next: canary-gate gate --run ${outcome.runId}`);
      }
      return outcome.interrupted ? EXIT.infra : EXIT.ok;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      ctx.close();
    }
  },
};
