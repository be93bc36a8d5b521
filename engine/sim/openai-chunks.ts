import type { SimCompletion } from './simulate.js';
import type { TimedEvent } from './sim-dialect.js';
import type { StreamPlan } from './stream-plan.js';

/** The SSE line that ends an OpenAI stream. */
export const DONE_EVENT = 'data: [DONE]\n\n';

/** An OpenAI-style SSE event: one `data:` line with the JSON. */
export function dataEvent(body: unknown): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}

/**
 * The `chat.completion.chunk` events of a streamed completion: role, content deltas, finish_reason, the usage
 * chunk when asked for, then [DONE]. Reassembled, they carry exactly the non-streaming body's content.
 */
export function completionChunkEvents(c: SimCompletion, createdSeconds: number, plan: StreamPlan, includeUsage: boolean): TimedEvent[] {
  const base = { id: `chatcmpl-sim-${c.requestHash.slice(0, 24)}`, object: 'chat.completion.chunk', created: createdSeconds, model: c.model, system_fingerprint: 'simulated' };
  // Like OpenAI: with include_usage every chunk carries `usage: null` except the final usage chunk.
  const usageNull = includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }], ...usageNull });
  const events: TimedEvent[] = [{ atMs: 0, data: dataEvent(chunk({ role: 'assistant', content: c.toolCalls.length ? null : '' }, null)), content: false }];
  const call = c.toolCalls[0];
  if (call) {
    // Like OpenAI: the first tool-call delta names the call, the following ones append to its arguments.
    plan.deltas.forEach((d, i) => {
      const fn = i === 0 ? { name: call.name, arguments: d.text } : { arguments: d.text };
      const toolDelta = i === 0 ? { index: 0, id: call.id, type: 'function', function: fn } : { index: 0, function: fn };
      events.push({ atMs: d.atMs, data: dataEvent(chunk({ tool_calls: [toolDelta] }, null)), content: true });
    });
  } else {
    for (const d of plan.deltas) events.push({ atMs: d.atMs, data: dataEvent(chunk({ content: d.text }, null)), content: true });
  }
  events.push({ atMs: plan.endMs, data: dataEvent(chunk({}, c.finishReason)), content: false });
  if (includeUsage) events.push({ atMs: plan.endMs, data: dataEvent({ ...base, choices: [], usage: c.usage }), content: false });
  events.push({ atMs: plan.endMs, data: DONE_EVENT, content: false });
  return events;
}
