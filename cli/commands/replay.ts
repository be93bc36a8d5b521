import { relative, resolve } from 'node:path';
import { executeReplay } from '../../engine/replay/execute-replay.js';
import { prepareRun } from '../../engine/replay/prepare-run.js';
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
  usage: 'replay [--suite <file>] [--baseline <target>] [--candidate <target>] [--concurrency <n>] [--repeats <k>] [--new]',
  options: {
    suite: { type: 'string' },
    baseline: { type: 'string' },
    candidate: { type: 'string' },
    concurrency: { type: 'string' },
    repeats: { type: 'string', default: '1' },
    new: { type: 'boolean', default: false },
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
      const prepared = prepareRun(ctx.store, { suiteFile, suiteSource: relative(ws.root, suiteFile), baseline, candidate, repeats, forceNew: Boolean(values.new) });
      if (!values.json) io.err(`${prepared.resumed ? 'Resuming' : 'Starting'} run ${prepared.run.id}: ${prepared.suite.cases.length} cases × 2 arms × ${repeats}${baseline.simulated || candidate.simulated ? ' (SIMULATED endpoints)' : ''}`);
      const bar = progressBar('replay', io.isTty && !values.json);
      const outcome = await executeReplay(ctx.store, ws, prepared.run.id, { baseline, candidate }, {
        ...(concurrency ? { concurrency } : {}),
        ...(simTimeScale !== undefined && Number.isFinite(simTimeScale) ? { simTimeScale } : {}),
        signal: abort.signal,
        env: io.env,
        onProgress: (p) => bar.update(p.done, p.total, p.infraErrors ? `${p.infraErrors} infra errors` : ''),
      });
      bar.finish();
      if (values.json) io.out(JSON.stringify({ run_id: prepared.run.id, resumed: prepared.resumed, ...outcome }));
      else {
        io.out(`Run ${outcome.runId}: ${outcome.called} call(s) made, ${outcome.alreadyDone} already stored, ${outcome.infraErrors} infra error(s); ${outcome.scored.scores} scores (${outcome.scored.failed} failed).`);
        if (outcome.interrupted) io.out(`Interrupted — run the same command again to resume ${outcome.runId}.`);
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
