import { scrubSecrets } from '../secrets.js';

/** What a provider returns for one successful call. */
export interface ProviderCompletion {
  text: string;
  finishReason: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  promptTokens: number | null;
  completionTokens: number | null;
  /** Prompt tokens served from the provider's prompt cache (priced at `cached_input_per_mtok`), when reported. */
  cachedPromptTokens?: number | null;
  /** Wall-clock time of the call; null when it was not timed (answered inside a provider batch). */
  latencyMs: number | null;
  /** Time to the first token, when the answer was streamed; null otherwise. */
  ttftMs: number | null;
  simulated: boolean;
}

/** A call that failed at the infrastructure level; `retryable` says whether trying again can help. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly kind: 'http' | 'network' | 'timeout' | 'bad_response',
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    // Scrubbed here, once for every way it is stored or printed: an endpoint may echo the key it was sent.
    super(scrubSecrets(message));
  }

  /**
   * The endpoint refused the request as configured — a 4xx other than 408 (timeout), 409 (conflict) and 429 (rate
   * limit): bad params, model, key or URL. No retry or resume can help; the configuration has to change.
   */
  get configuration(): boolean {
    const s = this.status;
    return this.kind === 'http' && s !== null && s >= 400 && s < 500 && s !== 408 && s !== 409 && s !== 429;
  }
}

/** A model endpoint that answers chat requests. */
export interface ChatProvider {
  /**
   * Sends one request. `payload`, when given, is the JSON of `body` as bytes (the caller had it already); a
   * provider that sends `body` as it is may send those bytes instead of serialising it again.
   */
  complete(body: Record<string, unknown>, opts: { timeoutMs: number; signal?: AbortSignal; payload?: Uint8Array }): Promise<ProviderCompletion>;
  close(): void;
}
