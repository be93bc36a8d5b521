import type { Price } from '../../shared/domain/target.js';
import { InputError } from '../errors.js';
import { priceFor } from '../prices/price-table.js';
import type { RetryPolicy } from '../providers/call-with-retry.js';
import type { ChatProvider, ProviderCompletion } from '../providers/provider.js';
import { AdaptiveLimit } from '../replay/adaptive-limit.js';
import { RateLimiter } from '../replay/rate-limiter.js';
import { scrubSecrets } from '../secrets.js';
import type { ScoreRow, Store } from '../store/index.js';
import type { NewJudgement } from '../store/judgement-repository.js';
import type { ResolvedTarget } from '../targets/resolve-target.js';
import { askJudge, type JudgeAnswer, type JudgeCallContext } from './ask-judge.js';
import type { JudgeTask } from './judge-plan.js';
import { pairwiseMessages, PAIRWISE_REPLY_FORMAT, rubricMessages, rubricReplyFormat, type JudgedConversation } from './judge-prompt.js';
import { parsePairwiseReply, parseRubricReply } from './judge-verdict.js';

/** Judge progress, reported like a replay's. */
export interface JudgeProgress {
  done: number;
  total: number;
  judgeErrors: number;
}

export interface RunJudgesOptions {
  concurrency: number;
  retry: RetryPolicy;
  prices: Record<string, Price>;
  /** The provider that calls a judge target (built once per target by the caller). */
  providerFor: (judge: ResolvedTarget) => ChatProvider;
  signal?: AbortSignal;
  /** Answer from (and fill) the response cache; default true. */
  cache?: boolean;
  /** What this phase may still spend, in USD: it stops cleanly (resumably) when its spend reaches it. */
  maxCostUsd?: number;
  onProgress?: (p: JudgeProgress) => void;
  /** The score a judgement makes, stored with it in one transaction (rubric judges); null for none. */
  scoreOf?: (task: JudgeTask, row: NewJudgement) => ScoreRow | null;
  /** Stop (resumably) after this many consecutive failed calls to one judge target; default 5, as a replay's arms. */
  circuitBreakerThreshold?: number;
}

/** How a judge phase ended. */
export interface JudgeOutcome {
  total: number;
  alreadyDone: number;
  /** Judgements made by this phase. */
  judged: number;
  /** HTTP calls to judges (a corrective retry is one more). */
  calls: number;
  cacheHits: number;
  judgeErrors: number;
  spentUsd: number;
  interrupted: boolean;
  /** 'circuit': a judge endpoint failed too many times in a row, so it was left alone (resume when it is back). */
  stoppedBy: 'signal' | 'budget' | 'circuit' | null;
}

/**
 * A case's conversation, remembered for the last few cases: a case's answers (its arms, its two orders) are judged
 * close together, and share its conversation's prompt block (see judge-prompt).
 */
function recentConversations(store: Store, keep = 256): (task: JudgeTask) => JudgedConversation {
  const recent = new Map<number, JudgedConversation>();
  return (task) => {
    const id = task.storedCase.id;
    let c = recent.get(id);
    if (c) return c;
    // A planned case is in the store (the plan read it from there); the parsed case is the fallback all the same.
    c = { messages: store.judgements.caseMessages(id) ?? task.storedCase.evalCase.input.messages };
    recent.set(id, c);
    if (recent.size > keep) recent.delete(recent.keys().next().value!);
    return c;
  };
}

/** Asks a task's question: its prompt, the parser of its reply and the reply format the corrective retry repeats. */
function askTask(task: JudgeTask, conversation: JudgedConversation, ctx: JudgeCallContext): Promise<JudgeAnswer<unknown>> {
  if (task.kind === 'rubric') {
    return askJudge(ctx, task.judge, rubricMessages(task.spec.rubric, task.scale, conversation, task.answer), (t) => parseRubricReply(t, task.scale), rubricReplyFormat(task.scale));
  }
  return askJudge(ctx, task.judge, pairwiseMessages(task.rubric, conversation, task.first, task.second), parsePairwiseReply, PAIRWISE_REPLY_FORMAT);
}

const MAX_REASON_CHARS = 1000;

/** Judgements per commit (see the batching in runJudges), and how long the first of a batch waits at most. */
const BATCH_JUDGEMENTS = 256;
const FLUSH_MS = 25;

/** The stored row of an answered (or failed) task. */
export function judgementRow(runId: string, task: JudgeTask, answer: Exclude<JudgeAnswer<unknown>, { status: 'stopped' }>): NewJudgement {
  const base = { runId, ...task.key, judgeTarget: task.judge.name, ...usageColumns(answer) };
  if (answer.status === 'ok') {
    const v = answer.value as { score?: number; winner?: 'A' | 'B' | 'tie'; reason: string };
    // A reason is a sentence or two; a judge that writes an essay is cut (it is shown in score details and lists).
    const reason = v.reason.length > MAX_REASON_CHARS ? `${v.reason.slice(0, MAX_REASON_CHARS)}…` : v.reason;
    return { ...base, status: 'ok', grade: v.score ?? null, verdict: v.winner ?? null, reason: scrubSecrets(reason), error: null };
  }
  const error = answer.status === 'invalid'
    ? `the judge answered no valid verdict twice (${answer.problem}); its last reply: ${JSON.stringify(answer.reply.slice(0, 200))}`
    : `the judge could not be called: ${answer.error.kind}: ${answer.error.message}`;
  return { ...base, status: 'judge_error', grade: null, verdict: null, reason: null, error: scrubSecrets(error) };
}

function usageColumns(answer: Exclude<JudgeAnswer<unknown>, { status: 'stopped' }>) {
  const u = answer.usage;
  return { latencyMs: u.latencyMs, promptTokens: u.promptTokens, completionTokens: u.completionTokens, costUsd: u.costUsd, calls: u.calls, cached: u.calls === 0 && u.cacheHits > 0 };
}

/**
 * Asks the judges every pending task of a run with bounded concurrency — per judge target an adaptive concurrency
 * limit (429s narrow it) and its rate limits, retries with backoff, the response cache, the judge model's prices —
 * and stores each judgement (with the cache entries of its calls) as it arrives, so an interrupted phase resumes
 * with what is missing. A judge's invalid answer or failed call is a judge error, stored; a judge endpoint that
 * refuses the request as configured stops the phase (bad input naming the judge target).
 */
export async function runJudges(store: Store, runId: string, tasks: readonly JudgeTask[], total: number, opts: RunJudgesOptions): Promise<JudgeOutcome> {
  const outcome: JudgeOutcome = { total, alreadyDone: total - tasks.length, judged: 0, calls: 0, cacheHits: 0, judgeErrors: 0, spentUsd: 0, interrupted: false, stoppedBy: null };
  const judges = new Map<string, ResolvedTarget>();
  for (const t of tasks) judges.set(t.judge.name, t.judge);
  if (opts.maxCostUsd !== undefined) {
    const unpriced = [...judges.values()].filter((j) => !priceFor(opts.prices, j.target.model) && !j.simulated).map((j) => j.target.model);
    if (unpriced.length) throw new InputError(`cannot hold a budget without prices for the judge model(s) ${unpriced.join(', ')} (add them under prices: in canary-gate.yaml)`, { field: '--max-cost' });
  }
  const stop = new AbortController();
  const forward = () => stop.abort();
  if (opts.signal?.aborted) stop.abort();
  opts.signal?.addEventListener('abort', forward, { once: true });
  const overBudget = () => opts.maxCostUsd !== undefined && outcome.spentUsd >= opts.maxCostUsd;
  const perJudge = new Map<string, { ctx: JudgeCallContext; slot: AdaptiveLimit }>();
  let pendingRows: NewJudgement[] = [];
  let pendingScores: ScoreRow[] = [];
  let pendingCache: { key: Buffer; completion: ProviderCompletion }[] = [];
  const commit = store.db.transaction((rows: readonly NewJudgement[], scores: readonly ScoreRow[], entries: readonly { key: Buffer; completion: ProviderCompletion }[]) => {
    for (const e of entries) store.responseCache.put(e.key, e.completion);
    store.judgements.insertMany(rows);
    if (scores.length) store.scores.insertMany(scores);
  });
  // A judgement commits with its score and the cache entries of its calls, in batches: every BATCH_JUDGEMENTS
  // judgements (at least the concurrency) or FLUSH_MS after the first waiting one, whichever comes first, and at the
  // end (an interruption included). A commit costs about as much as the rows in it (its pages go to the WAL), so
  // a judgement per turn of the event loop (some 15 a commit) spent a fifth of the phase committing. An answer
  // waiting for its batch is at risk only of a crash, like one still on the wire: a resume asks it again.
  const batchSize = Math.max(BATCH_JUDGEMENTS, opts.concurrency);
  let scheduled: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (scheduled) clearTimeout(scheduled);
    scheduled = null;
    if (pendingRows.length === 0 && pendingCache.length === 0) return;
    const rows = pendingRows;
    const scores = pendingScores;
    const entries = pendingCache;
    pendingRows = [];
    pendingScores = [];
    pendingCache = [];
    try {
      commit(rows, scores, entries);
    } catch (err) {
      // Kept for the next attempt (as the replay's writer does); the phase stops with the error.
      pendingRows = [...rows, ...pendingRows];
      pendingScores = [...scores, ...pendingScores];
      pendingCache = [...entries, ...pendingCache];
      throw err;
    }
  };
  let failure: { error: unknown } | null = null;
  const fail = (error: unknown) => {
    failure ??= { error };
    stop.abort();
  };
  const flushOrFail = () => {
    try {
      flush();
    } catch (err) {
      fail(err);
    }
  };
  const queue = () => {
    if (pendingRows.length >= batchSize) flushOrFail();
    else scheduled ??= setTimeout(flushOrFail, FLUSH_MS);
  };
  const contextOf = (judge: ResolvedTarget) => {
    let entry = perJudge.get(judge.name);
    if (!entry) {
      const slot = new AdaptiveLimit(opts.concurrency);
      const limiter = new RateLimiter(judge.target.limits?.rpm, judge.target.limits?.tpm);
      const ctx: JudgeCallContext = {
        store,
        provider: opts.providerFor(judge),
        retry: opts.retry,
        price: priceFor(opts.prices, judge.target.model),
        cache: opts.cache ?? true,
        signal: stop.signal,
        within: async (callIt) => {
          // Judge prompts are not counted in tokens ahead: a request from each bucket, tokens as the answers report.
          if (limiter.limits) await limiter.acquire(0, stop.signal).catch(() => undefined);
          await slot.acquire();
          try {
            return await callIt();
          } finally {
            slot.release();
          }
        },
        onAttemptError: (e) => {
          if (e.status === 429) slot.onRateLimited();
        },
        onCacheEntry: (key, completion) => {
          pendingCache.push({ key, completion });
        },
      };
      entry = { ctx, slot };
      perJudge.set(judge.name, entry);
    }
    return entry;
  };
  let refused: { judge: ResolvedTarget; message: string } | null = null;
  // A judge endpoint that is down would turn every pending judgement into a judge error: after a few in a row the
  // phase stops instead, and a resume asks again (with --retry-judge-errors for the few stored).
  const breakerThreshold = opts.circuitBreakerThreshold ?? 5;
  const consecutiveFailures = new Map<string, number>();
  let circuitOpen = false;
  const conversationOf = recentConversations(store);
  let next = 0;
  let finished = outcome.alreadyDone;
  opts.onProgress?.({ done: finished, total, judgeErrors: outcome.judgeErrors });
  const work = async () => {
    while (next < tasks.length && !stop.signal.aborted && !overBudget()) {
      const task = tasks[next++]!;
      const { ctx, slot } = contextOf(task.judge);
      const answer = await askTask(task, conversationOf(task), ctx);
      if (answer.status === 'stopped') return;
      if (answer.status === 'provider_error' && answer.error.configuration) {
        refused ??= { judge: task.judge, message: answer.error.message };
        stop.abort();
        return;
      }
      if (answer.status === 'provider_error') {
        const n = (consecutiveFailures.get(task.judge.name) ?? 0) + 1;
        consecutiveFailures.set(task.judge.name, n);
        if (n >= breakerThreshold) {
          circuitOpen = true;
          stop.abort();
        }
      } else {
        consecutiveFailures.set(task.judge.name, 0);
        slot.onSuccess();
      }
      const row = judgementRow(runId, task, answer);
      outcome.judged++;
      outcome.calls += answer.usage.calls;
      outcome.cacheHits += answer.usage.cacheHits;
      outcome.spentUsd += answer.usage.costUsd ?? 0;
      if (row.status === 'judge_error') outcome.judgeErrors++;
      pendingRows.push(row);
      const score = opts.scoreOf?.(task, row);
      if (score) pendingScores.push(score);
      queue();
      finished++;
      opts.onProgress?.({ done: finished, total, judgeErrors: outcome.judgeErrors });
    }
  };
  const worker = async () => {
    try {
      await work();
    } catch (err) {
      fail(err);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, tasks.length)) }, worker));
  } finally {
    opts.signal?.removeEventListener('abort', forward);
    for (const { ctx } of perJudge.values()) ctx.provider.close();
  }
  try {
    flush();
  } catch (err) {
    fail(err);
  }
  if (failure) throw (failure as { error: unknown }).error;
  if (refused) {
    const r = refused as { judge: ResolvedTarget; message: string };
    throw new InputError(`the judge target "${r.judge.name}" was refused by its endpoint, so no judgement can be made as configured: ${r.message}. Fix the target in canary-gate.yaml and run the judges again (canary-gate judge --run ${runId}).`, { field: `targets.${r.judge.name}` });
  }
  outcome.interrupted = finished < total && (stop.signal.aborted || overBudget());
  if (outcome.interrupted) outcome.stoppedBy = circuitOpen ? 'circuit' : overBudget() ? 'budget' : 'signal';
  return outcome;
}
