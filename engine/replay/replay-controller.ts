import { hostname } from 'node:os';
import type { ReplayEstimate, ReplayRequest } from '../../shared/domain/replay-control.js';
import type { ReplayProgress } from '../../shared/domain/run.js';
import type { EventBus } from '../api/events.js';
import { InfraError, InputError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { describeHolder, leaseHolderGone, RunLeasedError } from './replay-lease.js';
import { ReplayProgressMeter, SpendTracker, type ProgressMeterOptions } from './replay-progress-meter.js';
import { assertWithinBudget } from './run-tasks.js';
import { estimateReplay, startReplay, type ReplaySelection, type StartedReplay } from './start-replay.js';

export interface ReplayControllerOptions {
  /** Where the keys named by targets are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Scales the simulated endpoints' latency (tests slow it down so a cancel lands mid-run). */
  simTimeScale?: number;
  /** An already running simulated endpoint to use instead of starting one per replay. */
  simUrl?: string;
  progress?: ProgressMeterOptions;
}

interface Running {
  runId: string;
  token: string;
  abort: AbortController;
  cancelled: boolean;
  settled: Promise<void>;
}

/** What the controller needs of a handler context. */
export interface ReplayHost {
  workspace: Workspace;
  store: Store;
  events: EventBus;
}

/** "stopped at the budget" etc.: why an interrupted replay stopped, in words the UI shows. */
function stopMessage(outcome: StartedReplayOutcome, lostTo: string | null): string {
  if (lostTo !== null) return `another process took the run over (${lostTo}); it carries on from the results stored so far`;
  switch (outcome.stoppedBy) {
    case 'budget': return 'stopped at the budget; resume with a higher budget';
    case 'circuit': return 'an endpoint failed too many times in a row; resume when it is back';
    case 'deadline': return 'stopped at the deadline; resume to finish';
    default: return 'interrupted; resume to finish';
  }
}

type StartedReplayOutcome = Awaited<ReturnType<StartedReplay['run']>>['outcome'];

/**
 * The replays one engine process runs for its UI (the `serve` process, or Electron's engine process): starts them
 * without waiting, reports `replay.progress` events, cancels them (what was answered is kept; the run is left
 * interrupted and resumable), and lists them with the ones other processes hold on the same workspace.
 */
export class ReplayController {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly host: ReplayHost,
    private readonly opts: ReplayControllerOptions = {},
  ) {}

  /** What a replay would call and cost; nothing is stored. */
  estimate(req: ReplayRequest): ReplayEstimate {
    const plan = estimateReplay(this.host.store, this.host.workspace, selection(req));
    const arm = (t: typeof plan.baseline) => ({ name: t.name, model: t.target.model, simulated: t.simulated });
    return {
      suite: plan.suite,
      baseline: arm(plan.baseline),
      candidate: arm(plan.candidate),
      repeats: plan.repeats,
      calls: plan.estimate.calls,
      cost: { total: plan.estimate.total, baseline: plan.estimate.baseline, candidate: plan.estimate.candidate, unpriced: plan.estimate.unpriced },
      identical_targets: plan.identicalTargets,
    };
  }

  /** Starts (or resumes the unfinished run of) a replay; returns once it is running. */
  start(req: ReplayRequest): Promise<{ runId: string; resumed: boolean; calls: number }> {
    return this.launch(selection(req), { concurrency: req.concurrency, maxCostUsd: req.maxCostUsd });
  }

  /** Resumes a stored run by id. */
  resume(input: { runId: string; concurrency?: number | undefined; maxCostUsd?: number | undefined }): Promise<{ runId: string; resumed: boolean; calls: number }> {
    return this.launch({ runId: input.runId }, { concurrency: input.concurrency, maxCostUsd: input.maxCostUsd });
  }

  /** Cancels a replay this process runs; false when it runs none of that run. */
  cancel(runId: string): { cancelled: boolean } {
    const r = this.running.get(runId);
    if (!r) return { cancelled: false };
    r.cancelled = true;
    r.abort.abort();
    return { cancelled: true };
  }

  /** Replays in flight on the workspace: this process's, and the live leases of other processes. */
  active(): { replays: { runId: string; owner: 'this_process' | 'other_process'; holder: string | null }[] } {
    const mine = [...this.running.values()].map((r) => ({ runId: r.runId, owner: 'this_process' as const, holder: `this process (pid ${process.pid} on ${hostname()})` }));
    const now = Date.now();
    const others = this.host.store.replayLeases
      .all()
      .filter((l) => !this.ownsLease(l.token) && leaseHolderGone(l, now) === null)
      .map((l) => ({ runId: l.runId, owner: 'other_process' as const, holder: describeHolder(l, now) }));
    return { replays: [...mine, ...others] };
  }

  /** True when the lease with this token belongs to a replay this controller runs. */
  ownsLease(token: string): boolean {
    for (const r of this.running.values()) if (r.token === token) return true;
    return false;
  }

  /** True while this controller replays the run. */
  isRunning(runId: string): boolean {
    return this.running.has(runId);
  }

  /** Resolves when the run's replay (or every replay, without a run id) has settled and sent its last event. */
  async settled(runId?: string): Promise<void> {
    const list = runId === undefined ? [...this.running.values()] : [this.running.get(runId)].filter((r) => r !== undefined);
    await Promise.all(list.map((r) => r.settled));
  }

  /** Cancels every replay and waits for them to stop (the process is closing; each run stays resumable). */
  async close(): Promise<void> {
    for (const r of this.running.values()) r.abort.abort();
    await this.settled();
  }

  private async launch(sel: ReplaySelection, run: { concurrency?: number | undefined; maxCostUsd?: number | undefined }): Promise<{ runId: string; resumed: boolean; calls: number }> {
    const { store, workspace, events } = this.host;
    if ('runId' in sel && this.running.has(sel.runId)) throw alreadyRunningHere(sel.runId);
    let started: StartedReplay;
    try {
      const got = await startReplay(store, workspace, sel, { env: this.opts.env ?? process.env });
      if ('stoppedWaiting' in got) throw new Error('internal error: a replay started without waiting reported a stopped wait');
      started = got;
    } catch (err) {
      if (err instanceof RunLeasedError) {
        if (this.running.has(err.runId)) throw alreadyRunningHere(err.runId);
        throw new InfraError(`run ${err.runId} is being replayed by another process (${describeHolder(err.holder)}); its progress shows here. Resume it once that replay has stopped`);
      }
      throw err;
    }
    const estimate = started.estimate();
    try {
      // Refused before anything runs in the background, so the UI hears it as the answer to its call.
      assertWithinBudget(estimate, run.maxCostUsd);
    } catch (err) {
      started.lease.release();
      // A run created for this start and refused at once is not left behind empty.
      if (!started.resumed && store.results.counts(started.runId).total === 0) store.runs.discard(started.runId);
      throw err;
    }
    const runId = started.runId;
    const abort = new AbortController();
    const emit = (p: ReplayProgress) => events.emit('replay.progress', p);
    const spend = new SpendTracker(store, runId, store.replayWatch.lastResultId());
    const meter = new ReplayProgressMeter(runId, emit, () => spend.read(), this.opts.progress);
    const entry: Running = { runId, token: started.lease.row.token, abort, cancelled: false, settled: Promise.resolve() };
    this.running.set(runId, entry);
    entry.settled = started
      .run({
        ...(run.concurrency !== undefined ? { concurrency: run.concurrency } : {}),
        ...(run.maxCostUsd !== undefined ? { maxCostUsd: run.maxCostUsd } : {}),
        ...(this.opts.simTimeScale !== undefined ? { simTimeScale: this.opts.simTimeScale } : {}),
        ...(this.opts.simUrl !== undefined ? { simUrl: this.opts.simUrl } : {}),
        signal: abort.signal,
        onProgress: (p) => meter.update(p),
      })
      .then(
        ({ outcome }) => {
          // The last counts reported are exact: every stored result went through onProgress.
          const counts = meter.counts ?? { done: outcome.alreadyDone, total: outcome.total, infraErrors: outcome.infraErrors };
          const final = { counts, spentUsd: outcome.spentUsd };
          if (!outcome.interrupted) meter.finish('completed', final);
          else if (entry.cancelled) meter.finish('cancelled', { ...final, message: 'cancelled; the answers so far are kept and the run can be resumed' });
          else meter.finish('interrupted', { ...final, message: stopMessage(outcome, started.lease.lost ? (started.lease.lostTo ? describeHolder(started.lease.lostTo) : 'another process') : null) });
        },
        (err: unknown) => meter.finish('failed', { message: err instanceof InputError ? err.describe() : (err as Error).message }),
      )
      .finally(() => {
        if (this.running.get(runId) === entry) this.running.delete(runId);
      });
    return { runId, resumed: started.resumed, calls: estimate.calls };
  }
}

function alreadyRunningHere(runId: string): InputError {
  return new InputError(`run ${runId} is already being replayed here; follow its progress, or cancel it first`, { field: 'runId' });
}

function selection(req: ReplayRequest): Exclude<ReplaySelection, { runId: string }> {
  return {
    ...(req.suite !== undefined ? { suite: req.suite } : {}),
    ...(req.baseline !== undefined ? { baseline: req.baseline } : {}),
    ...(req.candidate !== undefined ? { candidate: req.candidate } : {}),
    ...(req.repeats !== undefined ? { repeats: req.repeats } : {}),
    allowIdenticalTargets: Boolean(req.allowIdenticalTargets),
  };
}
