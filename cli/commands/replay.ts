import { relative, resolve } from 'node:path';
import { executeReplay } from '../../engine/replay/execute-replay.js';
import { workspacePrices } from '../../engine/prices/price-table.js';
import { runCalls, runCompleteness } from '../../engine/gates/run-completeness.js';
import { assertDistinctTargets, prepareResume, prepareRun } from '../../engine/replay/prepare-run.js';
import { estimateRunCost } from '../../engine/replay/replay-run.js';
import { acquireReplayLease, describeHolder, waitForReplayLease, type ReplayLease, type TakenOver } from '../../engine/replay/replay-lease.js';
import { estimateCost, type CostEstimate } from '../../engine/replay/estimate-cost.js';
import { casesOfShard, parseShard, shardLabel } from '../../engine/replay/shard.js';
import { AA_LABEL, isAaRun, type Shard } from '../../shared/domain/run.js';
import { resolveSuite } from '../../engine/suites/load-suite.js';
import { InputError } from '../../engine/errors.js';
import { resolveTarget, targetSecrets, type ResolvedTarget } from '../../engine/targets/resolve-target.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { progressBar } from '../progress.js';
import { durationMs, nonNegativeNumber, positiveInt } from './option-values.js';

function estimateSentence(e: CostEstimate): string {
  return `estimated cost of ${e.calls} call(s): $${e.total.toFixed(4)} (baseline $${e.baseline.toFixed(4)}, candidate $${e.candidate.toFixed(4)})${e.unpriced.length ? `; no price for ${e.unpriced.join(', ')}` : ''}`;
}

/** `canary-gate replay`: run a suite against the baseline and candidate targets (resumes an interrupted run). */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replay a suite against baseline and candidate, persist every result, score; resumes interrupted runs (--run <id>: that one)',
  usage:
    'replay [--suite <file>] [--baseline <target>] [--candidate <target>] [--repeats <k> (default 1)] [--new] [--shard <i/n>] [--allow-identical-targets] | replay --run <id>; ' +
    'either with [--concurrency <n>] [--max-cost <usd>] [--deadline <90s|30m|2h>] [--estimate] [--no-cache] [--retry-infra-errors] [--batch] [--wait]; ' +
    'a run another process is replaying is refused (exit 4) unless --wait, which waits for it and then resumes',
  options: {
    run: { type: 'string' },
    suite: { type: 'string' },
    baseline: { type: 'string' },
    candidate: { type: 'string' },
    concurrency: { type: 'string' },
    repeats: { type: 'string' },
    new: { type: 'boolean', default: false },
    'allow-identical-targets': { type: 'boolean', default: false },
    'max-cost': { type: 'string' },
    deadline: { type: 'string' },
    estimate: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    'retry-infra-errors': { type: 'boolean', default: false },
    batch: { type: 'boolean', default: false },
    wait: { type: 'boolean', default: false },
    'sim-time-scale': { type: 'string' },
    shard: { type: 'string' },
  },
  async run({ values }, io) {
    const resumeId = typeof values.run === 'string' ? values.run : undefined;
    if (resumeId !== undefined) {
      // The run fixes the suite version, targets, repeats and shard; naming them again could only contradict it.
      const clash = ['suite', 'baseline', 'candidate', 'repeats', 'shard', 'new', 'estimate', 'allow-identical-targets'].filter((o) => values[o] !== undefined && values[o] !== false);
      if (clash.length) throw new InputError(`--run resumes a stored run as it was started; leave out ${clash.map((o) => `--${o}`).join(', ')}`, { field: '--run' });
    }
    const ctx = openContext(values, io);
    const ws = ctx.workspace;
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let lease: ReplayLease | undefined;
    try {
      const concurrency = values.concurrency === undefined ? undefined : positiveInt(values.concurrency, 'concurrency', 1);
      const simTimeScale = values['sim-time-scale'] === undefined ? undefined : nonNegativeNumber(values['sim-time-scale'], 'sim-time-scale');
      const maxCostUsd = values['max-cost'] === undefined ? undefined : Number(values['max-cost']);
      const deadlineMs = values.deadline === undefined ? undefined : durationMs(values.deadline, 'deadline');
      if (maxCostUsd !== undefined && !(maxCostUsd >= 0)) throw new InputError(`expected an amount in USD, got "${String(values['max-cost'])}"`, { field: '--max-cost' });
      let runId: string;
      let resumed: boolean;
      let shard: Shard | null;
      let caseCount: string;
      let baseline: ResolvedTarget;
      let candidate: ResolvedTarget;
      if (resumeId !== undefined) {
        const resume = prepareResume(ctx.store, resumeId, ws.config, ws.configFile);
        ({ baseline, candidate } = resume.targets);
        runId = resume.run.id;
        resumed = true;
        shard = resume.run.shard;
        caseCount = `${shard ? `shard ${shardLabel(shard)}: ` : ''}${runCalls(ctx.store, resume.run).cases}`;
      } else {
        const suiteFile = resolve(ws.root, String(values.suite ?? ws.config.defaults.suite));
        baseline = resolveTarget(ws.config, String(values.baseline ?? ws.config.defaults.baseline), ws.configFile);
        candidate = resolveTarget(ws.config, String(values.candidate ?? ws.config.defaults.candidate), ws.configFile);
        const repeats = positiveInt(values.repeats ?? '1', 'repeats', 1);
        shard = values.shard === undefined ? null : parseShard(String(values.shard));
        const allowIdenticalTargets = Boolean(values['allow-identical-targets']);
        if (values.estimate) {
          if (!allowIdenticalTargets) assertDistinctTargets(baseline, candidate, { file: ws.configFile });
          // Side-effect free: the whole suite (or its shard), without creating a run.
          const suite = resolveSuite(suiteFile, ctx.store);
          for (const w of suite.warnings) io.err(`Warning: ${w}`);
          const cases = casesOfShard(suite.cases.map((evalCase) => ({ key: evalCase.id, evalCase })), shard).map((c) => c.evalCase);
          const pending = cases.flatMap((evalCase) => Array.from({ length: repeats }, () => [{ evalCase, arm: 'baseline' as const }, { evalCase, arm: 'candidate' as const }]).flat());
          const estimate = estimateCost(pending, { baseline: baseline.target, candidate: candidate.target }, workspacePrices(ws.config));
          if (values.json) io.out(JSON.stringify({ suite: suite.name, estimate }));
          else io.out(`Suite ${suite.name}: ${estimateSentence(estimate)}. Nothing was called.`);
          return EXIT.ok;
        }
        // The key variables and `{ env }` headers are checked before a run row exists: a missing one is exit 2, and no empty run is left behind.
        for (const t of [baseline, candidate]) targetSecrets(t, io.env, ws.configFile);
        const prepared = prepareRun(ctx.store, {
          suiteFile, suiteSource: relative(ws.root, suiteFile), baseline, candidate, repeats, forceNew: Boolean(values.new), shard, allowIdenticalTargets, configFile: ws.configFile,
        });
        runId = prepared.run.id;
        resumed = prepared.resumed;
        for (const w of prepared.suite.warnings) io.err(`Warning: ${w}`);
        caseCount = shard ? `shard ${shardLabel(shard)}: ${casesOfShard(prepared.suite.cases.map((c) => ({ key: c.id })), shard).length} of ${prepared.suite.cases.length}` : `${prepared.suite.cases.length}`;
      }
      // One process per run: another replay of it is refused (exit 4), or waited for with --wait.
      let tookOver: TakenOver | null;
      if (values.wait) {
        let waitingFor = '';
        const showProgress = io.isTty && !values.json;
        const bar = progressBar('waiting', showProgress);
        const got = await waitForReplayLease(ctx.store, runId, {
          signal: abort.signal,
          onWaiting: (holder) => {
            if (!values.json && holder.token !== waitingFor) io.err(`Run ${runId} is being replayed by ${describeHolder(holder)}; waiting for it (--wait)…`);
            waitingFor = holder.token;
            if (!showProgress) return;
            const calls = runCalls(ctx.store, ctx.store.runs.get(runId)!);
            bar.update(calls.answeredCalls, calls.expectedCalls, 'stored by the other replay');
          },
        });
        bar.finish();
        if (got === null) {
          if (!values.json) io.err(`Interrupted while waiting for run ${runId}; nothing was called.`);
          return EXIT.infra;
        }
        ({ lease, tookOver } = got);
        if (!values.json && waitingFor) io.err(`Run ${runId} is free after ${Math.round(got.waitedMs / 1000)} s; resuming it.`);
      } else {
        ({ lease, tookOver } = acquireReplayLease(ctx.store, runId));
      }
      if (tookOver && !values.json) io.err(`Took over run ${runId} from ${describeHolder(tookOver.holder)}: ${tookOver.reason}.`);
      const repeats = ctx.store.runs.get(runId)!.repeats;
      const aa = isAaRun({ baseline, candidate });
      if (values['retry-infra-errors'] && resumed) {
        const n = ctx.store.results.deleteInfraErrors(runId);
        if (!values.json && n > 0) io.err(`Retrying ${n} call(s) that ended in infra errors.`);
      }
      const estimateText = estimateSentence(estimateRunCost(ctx.store, runId, workspacePrices(ws.config)));
      if (!values.json) io.err(`${estimateText}${maxCostUsd !== undefined ? `; budget $${maxCostUsd.toFixed(4)}` : ''}`);
      if (!values.json) {
        io.err(`${resumed ? 'Resuming' : 'Starting'} run ${runId}: ${caseCount} cases × 2 arms × ${repeats}${baseline.simulated || candidate.simulated ? ' (SIMULATED endpoints)' : ''}`);
        if (aa) io.err(`${AA_LABEL} run: baseline and candidate are the same target (${baseline.fingerprint}); its gates measure noise, not a change.`);
      }
      const batch = Boolean(values.batch);
      const bar = progressBar(batch ? 'batch' : 'replay', io.isTty && !values.json);
      const outcome = await executeReplay(ctx.store, ws, runId, { baseline, candidate }, {
        ...(concurrency ? { concurrency } : {}),
        ...(simTimeScale !== undefined && Number.isFinite(simTimeScale) ? { simTimeScale } : {}),
        signal: abort.signal,
        ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
        ...(deadlineMs !== undefined ? { deadlineMs } : {}),
        cache: !values['no-cache'],
        batch,
        lease,
        discardRunIfRefused: !resumed,
        env: io.env,
        onProgress: (p) => bar.update(p.done, p.total, p.infraErrors ? `${p.infraErrors} infra errors` : ''),
        onBatch: (b) => {
          if (values.json) return;
          const what =
            b.status === 'collected' ? 'results stored'
            : b.status === 'lost' ? 'the provider no longer knows it; its calls are submitted again'
            : b.resumed ? 'submitted earlier, polling it again'
            : 'submitted';
          io.err(`${b.provider} batch ${b.batchId} (${b.arm}, ${b.requests} call(s)): ${what}`);
        },
      });
      bar.finish();
      // The exact command that completes this run (with --batch if its calls went to batches) — "the same command" would start another run after --new.
      const completeness = outcome.interrupted ? runCompleteness(ctx.store, runId, typeof values.workspace === 'string' ? { workspaceArg: values.workspace } : {}) : null;
      const resume = completeness?.resume ?? '';
      if (values.json) {
        io.out(JSON.stringify({ run_id: runId, resumed, ...(shard ? { shard } : {}), labels: aa ? [AA_LABEL] : [], ...outcome, ...(completeness ? { missing_calls: completeness.missingCalls, resume } : {}) }));
      } else {
        io.out(`Run ${outcome.runId}${aa ? ` (${AA_LABEL})` : ''}: ${outcome.called} call(s) made, ${outcome.cacheHits} answered from the response cache, ${outcome.alreadyDone} already stored, ${outcome.infraErrors} infra error(s); ${outcome.scored.scores} scores (${outcome.scored.failed} failed).`);
        if (outcome.unreplayableToolCalls > 0) io.out(`${outcome.unreplayableToolCalls} result(s) stopped at a tool call no recorded tool result matches (not judged; listed in the gate report).`);
        io.out(`Spent $${outcome.spentUsd.toFixed(4)} on this replay.`);
        const missing = completeness ? ` ${completeness.missingCalls} of ${completeness.expectedCalls} calls have no result yet; gate refuses the run until they do.` : '';
        if (lease.lost && outcome.interrupted) io.out(`Stopped: ${lease.lostTo ? `${describeHolder(lease.lostTo)} took run ${outcome.runId} over` : `another process took run ${outcome.runId} over`} (this process had missed its heartbeats); it carries on from the results stored so far.`);
        else if (outcome.stoppedBy === 'circuit') io.out(`Stopped: an endpoint failed too many times in a row.${missing} When it is back, resume with: ${resume} --retry-infra-errors`);
        else if (outcome.stoppedBy === 'deadline' && 'batches' in outcome) io.out(`Stopped at the deadline — the batches keep running at the provider.${missing} Collect them into ${outcome.runId} with: ${resume}`);
        else if (outcome.stoppedBy === 'deadline') io.out(`Stopped at the deadline; calls in flight were abandoned.${missing} Resume with: ${resume}`);
        else if (outcome.stoppedBy === 'budget') io.out(`Stopped at the budget.${missing} Resume with a higher budget: ${resume} --max-cost <usd>`);
        else if (outcome.interrupted && 'batches' in outcome) io.out(`Interrupted — the batches keep running at the provider.${missing} Collect them into ${outcome.runId} with: ${resume}`);
        else if (outcome.interrupted) io.out(`Interrupted.${missing} Resume with: ${resume}`);
        else if (shard) io.out(`Shard ${shardLabel(shard)} done. Next: collect every shard's .canary-gate/canary-gate.db and run canary-gate merge <databases…>, then gate the merged run.`);
        else io.out(`Next: canary-gate gate --run ${outcome.runId}`);
      }
      return outcome.interrupted ? EXIT.infra : EXIT.ok;
    } finally {
      lease?.release();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      ctx.close();
    }
  },
};
