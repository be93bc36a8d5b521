import type { ChatMessage } from '../../shared/domain/capture.js';
import type { Price } from '../../shared/domain/target.js';
import { canonicalJsonBytes } from '../json-sha256.js';
import { callWithRetry, type RetryPolicy } from '../providers/call-with-retry.js';
import type { ChatProvider, ProviderCompletion, ProviderError } from '../providers/provider.js';
import { callCost } from '../replay/cost.js';
import { responseCacheKeyOfJson } from '../replay/response-cache-key.js';
import type { Store } from '../store/index.js';
import type { ResolvedTarget } from '../targets/resolve-target.js';
import { correctiveMessages, judgeRequestBody } from './judge-prompt.js';
import type { ParsedReply } from './judge-verdict.js';

/** How one question to a judge ended: a valid verdict, an invalid one twice, a provider failure, or nothing (stopped). */
export type JudgeAnswer<T> =
  | { status: 'ok'; value: T; usage: JudgeUsage }
  | { status: 'invalid'; problem: string; reply: string; usage: JudgeUsage }
  | { status: 'provider_error'; error: ProviderError; usage: JudgeUsage }
  | { status: 'stopped' };

/** What the calls of one judgement took: summed over the first question and its corrective retry. */
export interface JudgeUsage {
  calls: number;
  cacheHits: number;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
}

/** Everything a question to a judge goes through: the same pieces as a replay's model calls. */
export interface JudgeCallContext {
  store: Store;
  provider: ChatProvider;
  retry: RetryPolicy;
  price: Price | undefined;
  /** Answer from (and fill) the response cache. */
  cache: boolean;
  signal: AbortSignal;
  /** Taken around each HTTP call: the judge target's concurrency slot and rate limits. */
  within: <T>(call: () => Promise<T>) => Promise<T>;
  /** Told of each failed attempt (adaptive concurrency listens for 429s). */
  onAttemptError?: (e: ProviderError) => void;
  /** A cache entry to store with the judgement. */
  onCacheEntry: (key: Buffer, completion: ProviderCompletion) => void;
}

const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/**
 * Asks a judge target one question and validates its reply; an invalid reply is answered once with a corrective
 * message (the judge sees its reply and what was wrong) and asked again. Each call goes through the response cache
 * (keyed by the judge's fingerprint and the exact body, like a model call) and callWithRetry.
 */
export async function askJudge<T>(ctx: JudgeCallContext, judge: ResolvedTarget, messages: readonly ChatMessage[], parse: (text: string) => ParsedReply<T>, format: string): Promise<JudgeAnswer<T>> {
  const usage: JudgeUsage = { calls: 0, cacheHits: 0, latencyMs: null, promptTokens: null, completionTokens: null, costUsd: null };
  let conversation = messages;
  for (let round = 0; round < 2; round++) {
    const res = await call(ctx, judge, judgeRequestBody(judge.target, conversation));
    if (res === null) return { status: 'stopped' };
    if ('error' in res) {
      usage.calls += res.retries + 1;
      return { status: 'provider_error', error: res.error, usage };
    }
    const c = res.completion;
    if (res.cached) usage.cacheHits++;
    else usage.calls += res.retries + 1;
    usage.latencyMs = add(usage.latencyMs, res.cached ? null : c.latencyMs);
    usage.promptTokens = add(usage.promptTokens, c.promptTokens);
    usage.completionTokens = add(usage.completionTokens, c.completionTokens);
    // A cached answer costs nothing now: the spend is what this phase paid (the model's price is in the tokens).
    if (!res.cached) usage.costUsd = add(usage.costUsd, callCost(ctx.price, c.promptTokens, c.completionTokens, c.cachedPromptTokens ?? null));
    const parsed = parse(c.text);
    // Only a valid reply is cached: an invalid one would otherwise answer every later ask (a retry of the judge
    // error included) with the same invalid text.
    if (parsed.ok && res.key && !res.cached) ctx.onCacheEntry(res.key, c);
    if (parsed.ok) return { status: 'ok', value: parsed.value, usage };
    if (round === 1) return { status: 'invalid', problem: parsed.problem, reply: c.text, usage };
    conversation = correctiveMessages(messages, c.text, parsed.problem, format);
  }
  throw new Error('unreachable');
}

async function call(
  ctx: JudgeCallContext,
  judge: ResolvedTarget,
  body: Record<string, unknown>,
): Promise<{ completion: ProviderCompletion; retries: number; cached: boolean; key: Buffer | null } | { error: ProviderError; retries: number } | null> {
  const payload = canonicalJsonBytes(body);
  const key = ctx.cache ? responseCacheKeyOfJson(judge.fingerprint, payload, 0) : null;
  const hit = key ? ctx.store.responseCache.get(key) : undefined;
  if (hit) return { completion: hit, retries: 0, cached: true, key };
  if (ctx.signal.aborted) return null;
  const res = await ctx.within(() => callWithRetry(ctx.provider, body, ctx.retry, ctx.signal, ctx.onAttemptError, undefined, payload));
  if ('error' in res && ctx.signal.aborted) return null; // in flight at the interruption: the resume asks again
  if ('error' in res) return res;
  return { ...res, cached: false, key };
}
