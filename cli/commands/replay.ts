import { runCalls } from '../../engine/gates/run-completeness.js';
import { describeHolder, type ReplayLease } from '../../engine/replay/replay-lease.js';
import type { CostEstimate } from '../../engine/replay/estimate-cost.js';
import { parseShard, shardLabel } from '../../engine/replay/shard.js';
import { aaNotice, assertReplayTargets, estimateReplay, startReplay, type ReplaySelection } from '../../engine/replay/start-replay.js';
import { AA_LABEL } from '../../shared/domain/run.js';
import { judgeSummary } from '../../engine/judges/judge-summary.js';
import { judgeSummaryLines } from '../../engine/judges/judge-summary-text.js';
import { InputError } from '../../engine/errors.js';
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
    'either with [--concurrency <n>] [--max-cost <usd>] [--deadline <90s|30m|2h>] [--estimate] [--no-cache] [--retry-infra-errors] [--batch] [--wait] [--no-judge] [--retry-judge-errors]; ' +
    'the suite\'s judges (rubric_judge expectations, pairwise_judge) run after the model calls unless --no-judge; ' +
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
    'no-judge': { type: 'boolean', default: false },
    'retry-judge-errors': { type: 'boolean', default: false },
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
      const wait = Boolean(values.wait);
      let selection: ReplaySelection;
      if (resumeId !== undefined) {
        selection = { runId: resumeId };
      } else {
        const chosen = {
          ...(values.suite !== undefined ? { suite: String(values.suite) } : {}),
          ...(values.baseline !== undefined ? { baseline: String(values.baseline) } : {}),
          ...(values.candidate !== undefined ? { candidate: String(values.candidate) } : {}),
          repeats: positiveInt(values.repeats ?? '1', 'repeats', 1),
          shard: values.shard === undefined ? null : parseShard(String(values.shard)),
          forceNew: Boolean(values.new),
          allowIdenticalTargets: Boolean(values['allow-identical-targets']),
        };
        if (values.estimate) {
          assertReplayTargets(ws, chosen);
          // Side-effect free: the whole suite (or its shard), without creating a run.
          const plan = estimateReplay(ctx.store, ws, chosen);
          for (const w of plan.warnings) io.err(`Warning: ${w}`);
          if (values.json) io.out(JSON.stringify({ suite: plan.suite.name, estimate: plan.estimate }));
          else io.out(`Suite ${plan.suite.name}: ${estimateSentence(plan.estimate)}. Nothing was called.`);
          return EXIT.ok;
        }
        selection = chosen;
      }
      // One process per run: another replay of it is refused (exit 4), or waited for with --wait.
      let waitingFor = '';
      const showWaiting = wait && io.isTty && !values.json;
      const waitBar = wait ? progressBar('waiting', showWaiting) : null;
      const started = await startReplay(ctx.store, ws, selection, {
        env: io.env,
        judge: !values['no-judge'],
        wait,
        signal: abort.signal,
        onWarning: (w) => io.err(`Warning: ${w}`),
        onWaiting: (holder) => {
          const runId = holder.runId;
          if (!values.json && holder.token !== waitingFor) io.err(`Run ${runId} is being replayed by ${describeHolder(holder)}; waiting for it (--wait)…`);
          waitingFor = holder.token;
          if (!showWaiting) return;
          const calls = runCalls(ctx.store, ctx.store.runs.get(runId)!);
          waitBar!.update(calls.answeredCalls, calls.expectedCalls, 'stored by the other replay');
        },
      });
      waitBar?.finish();
      if ('stoppedWaiting' in started) {
        if (!values.json) io.err(`Interrupted while waiting for run ${started.runId}; nothing was called.`);
        return EXIT.infra;
      }
      lease = started.lease;
      const { runId, resumed, shard, caseCount, repeats, aa, tookOver } = started;
      const { baseline, candidate } = started.targets;
      if (wait && !values.json && waitingFor) io.err(`Run ${runId} is free after ${Math.round(started.waitedMs / 1000)} s; resuming it.`);
      if (tookOver && !values.json) io.err(`Took over run ${runId} from ${describeHolder(tookOver.holder)}: ${tookOver.reason}.`);
      const batch = Boolean(values.batch);
      const bar = progressBar(batch ? 'batch' : 'replay', io.isTty && !values.json);
      const judgeBar = progressBar('judge', io.isTty && !values.json);
      const { outcome, completeness } = await started.run({
        ...(concurrency ? { concurrency } : {}),
        ...(simTimeScale !== undefined ? { simTimeScale } : {}),
        signal: abort.signal,
        ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
        ...(deadlineMs !== undefined ? { deadlineMs } : {}),
        cache: !values['no-cache'],
        batch,
        retryInfraErrors: Boolean(values['retry-infra-errors']),
        ...(typeof values.workspace === 'string' ? { workspaceArg: values.workspace } : {}),
        onRetrying: (n) => {
          if (!values.json) io.err(`Retrying ${n} call(s) that ended in infra errors.`);
        },
        onStarting: (estimate) => {
          if (values.json) return;
          io.err(`${estimateSentence(estimate)}${maxCostUsd !== undefined ? `; budget $${maxCostUsd.toFixed(4)}` : ''}`);
          io.err(`${resumed ? 'Resuming' : 'Starting'} run ${runId}: ${caseCount} cases × 2 arms × ${repeats}${baseline.simulated || candidate.simulated ? ' (SIMULATED endpoints)' : ''}`);
          if (aa) io.err(aaNotice(started));
        },
        onProgress: (p) => bar.update(p.done, p.total, p.infraErrors ? `${p.infraErrors} infra errors` : ''),
        judge: !values['no-judge'],
        retryJudgeErrors: Boolean(values['retry-judge-errors']),
        onJudgeProgress: (p) => {
          bar.finish();
          judgeBar.update(p.done, p.total, p.judgeErrors ? `${p.judgeErrors} judge errors` : '');
        },
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
      judgeBar.finish();
      const resume = completeness?.resume ?? '';
      if (values.json) {
        io.out(JSON.stringify({ run_id: runId, resumed, ...(shard ? { shard } : {}), labels: aa ? [AA_LABEL] : [], ...outcome, ...(completeness ? { missing_calls: completeness.missingCalls, resume } : {}) }));
      } else {
        io.out(`Run ${outcome.runId}${aa ? ` (${AA_LABEL})` : ''}: ${outcome.called} call(s) made, ${outcome.cacheHits} answered from the response cache, ${outcome.alreadyDone} already stored, ${outcome.infraErrors} infra error(s); ${outcome.scored.scores} scores (${outcome.scored.failed} failed).`);
        if (outcome.unreplayableToolCalls > 0) io.out(`${outcome.unreplayableToolCalls} result(s) stopped at a tool call no recorded tool result matches (not judged; listed in the gate report).`);
        const judged = outcome.judged;
        io.out(`Spent $${(outcome.spentUsd + (judged?.spentUsd ?? 0)).toFixed(4)} on this replay${judged ? ` ($${judged.spentUsd.toFixed(4)} of it on judges)` : ''}.`);
        if (judged) {
          io.out(`Judges (${judged.judges.join(', ')}): ${judged.judged} judgement(s) made (${judged.calls} call(s), ${judged.cacheHits} from the response cache), ${judged.alreadyDone} already stored, ${judged.judgeErrors} judge error(s); ${judged.rubricScores.scores} rubric_judge score(s).`);
          for (const line of judgeSummaryLines(judgeSummary(ctx.store, runId))) io.out(line);
        }
        const missing = completeness ? ` ${completeness.missingCalls} of ${completeness.expectedCalls} calls have no result yet; gate refuses the run until they do.` : '';
        if (lease.lost && outcome.interrupted) io.out(`Stopped: ${lease.lostTo ? `${describeHolder(lease.lostTo)} took run ${outcome.runId} over` : `another process took run ${outcome.runId} over`} (this process had missed its heartbeats); it carries on from the results stored so far.`);
        else if (outcome.stoppedBy === 'circuit' && outcome.judged?.stoppedBy === 'circuit') io.out(`Stopped: a judge endpoint failed too many times in a row. When it is back, resume with: ${resume} --retry-judge-errors`);
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
