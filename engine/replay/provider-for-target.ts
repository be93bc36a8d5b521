import { AnthropicMessagesProvider } from '../providers/anthropic-messages.js';
import { OpenAiChatProvider } from '../providers/openai-chat.js';
import type { ChatProvider } from '../providers/provider.js';
import { recordedProvider } from '../providers/recorded.js';
import type { ResolvedTarget } from '../targets/resolve-target.js';

/**
 * The chat provider that calls a target: its provider kind at its base URL (the running simulated endpoint's URL
 * for `base_url: sim`), with its key and headers as read from the environment (targetSecrets). Model calls of a
 * replay and judge calls are made through this one function.
 */
export function chatProviderFor(t: ResolvedTarget, secrets: { apiKey: string | undefined; headers: Record<string, string> }, opts: { concurrency: number; simUrl: string | undefined }): ChatProvider {
  if (t.target.provider === 'recorded') return recordedProvider;
  if (t.simulated && !opts.simUrl) throw new Error(`internal error: target "${t.name}" is simulated but no simulated endpoint is running`);
  const options = { headers: secrets.headers, maxSockets: opts.concurrency, stream: t.target.stream ?? false, ...(secrets.apiKey ? { apiKey: secrets.apiKey } : {}) };
  const baseUrl = t.simulated ? opts.simUrl! : t.target.base_url!;
  return t.target.provider === 'anthropic-messages' ? new AnthropicMessagesProvider(baseUrl, options) : new OpenAiChatProvider(baseUrl, options);
}
