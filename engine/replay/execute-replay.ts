import type { Arm } from '../../shared/domain/run.js';
import type { EventBus } from '../api/events.js';
import { defaultRetryPolicy } from '../providers/call-with-retry.js';
import { AnthropicMessagesProvider } from '../providers/anthropic-messages.js';
import { OpenAiChatProvider } from '../providers/openai-chat.js';
import type { ChatProvider } from '../providers/provider.js';
import { recordedProvider } from '../providers/recorded.js';
import { workspacePrices } from '../prices/price-table.js';
import { scoreRun } from '../scoring/score-run.js';
import { startSimServer } from '../sim/index.js';
import type { Store } from '../store/index.js';
import { apiKeyFor, type ResolvedTarget } from '../targets/resolve-target.js';
import type { Workspace } from '../workspace.js';
import { replayRun, type ReplayOutcome } from './replay-run.js';

export interface ExecuteReplayOptions {
  concurrency?: number;
  /** Scales the simulated endpoint's latency (1 = as configured, 0 = none). Only for simulated targets. */
  simTimeScale?: number;
  /** Use this already running simulated endpoint (base URL ending in /v1) instead of starting one. */
  simUrl?: string;
  signal?: AbortSignal;
  /** Use the response cache (default true). */
  cache?: boolean;
  /** Budget in USD (see ReplayOptions.maxCostUsd). */
  maxCostUsd?: number;
  /** Overall deadline in ms (see ReplayOptions.deadlineMs). */
  deadlineMs?: number;
  env?: NodeJS.ProcessEnv;
  events?: EventBus;
  onProgress?: (p: { done: number; total: number; infraErrors: number }) => void;
}

/**
 * Replays a prepared run end to end: starts the embedded simulated endpoint when a target uses it, talks real
 * HTTP to every provider, persists each result, then scores the run.
 */
export async function executeReplay(
  store: Store,
  workspace: Workspace,
  runId: string,
  targets: Record<Arm, ResolvedTarget>,
  opts: ExecuteReplayOptions = {},
): Promise<ReplayOutcome & { scored: { results: number; scores: number; failed: number } }> {
  const env = opts.env ?? process.env;
  const keys = { baseline: apiKeyFor(targets.baseline, env, workspace.configFile), candidate: apiKeyFor(targets.candidate, env, workspace.configFile) };
  const needsSim = targets.baseline.simulated || targets.candidate.simulated;
  const sim = needsSim && !opts.simUrl ? await startSimServer({ port: 0, timeScale: opts.simTimeScale ?? 1 }) : null;
  const simUrl = opts.simUrl ?? sim?.url;
  const concurrency = opts.concurrency ?? workspace.config.defaults.concurrency;
  const providerFor = (arm: Arm): ChatProvider => {
    const t = targets[arm];
    const key = keys[arm];
    if (t.target.provider === 'recorded') return recordedProvider;
    const options = { headers: t.target.headers, maxSockets: concurrency, stream: t.target.stream ?? false, ...(key ? { apiKey: key } : {}) };
    const baseUrl = t.simulated ? simUrl! : t.target.base_url!;
    return t.target.provider === 'anthropic-messages' ? new AnthropicMessagesProvider(baseUrl, options) : new OpenAiChatProvider(baseUrl, options);
  };
  const providers = { baseline: providerFor('baseline'), candidate: providerFor('candidate') };
  try {
    const outcome = await replayRun(store, runId, providers, {
      concurrency,
      retry: { ...defaultRetryPolicy, maxRetries: workspace.config.defaults.max_retries, timeoutMs: workspace.config.defaults.timeout_ms },
      prices: workspacePrices(workspace.config),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.maxCostUsd !== undefined ? { maxCostUsd: opts.maxCostUsd } : {}),
      ...(opts.deadlineMs !== undefined ? { deadlineMs: opts.deadlineMs } : {}),
      ...(opts.cache !== undefined ? { cache: opts.cache } : {}),
      onProgress: (p) => {
        opts.onProgress?.(p);
        opts.events?.emit('replay.progress', { runId, done: p.done, total: p.total, infraErrors: p.infraErrors });
      },
    });
    const scored = scoreRun(store, runId);
    return { ...outcome, scored };
  } finally {
    providers.baseline.close();
    providers.candidate.close();
    await sim?.close();
  }
}
