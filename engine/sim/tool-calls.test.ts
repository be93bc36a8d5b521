import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../shared/domain/capture.js';
import { AnthropicMessagesProvider } from '../providers/anthropic-messages.js';
import { OpenAiChatProvider } from '../providers/openai-chat.js';
import { loadBehaviours, type SimBehaviours } from './behaviours.js';
import { lookupOrderTool } from './demo-traffic/acme-prompts.js';
import { startSimServer, type SimServer } from './http-server.js';
import { simulateCompletion } from './simulate.js';

let behaviours: SimBehaviours;
let sim: SimServer;
beforeAll(async () => {
  behaviours = loadBehaviours();
  sim = await startSimServer({ port: 0, timeScale: 0 });
});
afterAll(async () => {
  await sim.close();
});

const SYSTEM = 'You are the order assistant. Use the lookup_order tool before answering.';
function orderRequest(model: string, orderId: string, extra: ChatMessage[] = [], tools: unknown[] | null = [lookupOrderTool]): ChatRequest {
  return {
    model,
    messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: `What's going on with my order ${orderId}?` }, ...extra],
    ...(tools !== null ? { tools } : {}),
  };
}

describe('simulated tool calls', () => {
  it('calls an offered tool with the argument found in the user message', () => {
    const c = simulateCompletion(behaviours, 'sim-baseline', orderRequest('sim-baseline', 'ORD-53858'));
    expect(c.finishReason).toBe('tool_calls');
    expect(c.content).toBe('');
    expect(c.toolCalls).toEqual([{ id: expect.stringMatching(/^call_sim_[0-9a-f]{20}$/), name: 'lookup_order', arguments: '{"order_id":"ORD-53858"}' }]);
    expect(c.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('does not call when the tool is not offered, when its result is already there, or without the argument', () => {
    expect(simulateCompletion(behaviours, 'sim-baseline', orderRequest('sim-baseline', 'ORD-1', [], null)).toolCalls).toEqual([]);
    const answered: ChatMessage[] = [
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"ORD-1"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '{"order_id":"ORD-1","status":"shipped","carrier":"DHL"}' },
    ];
    const after = simulateCompletion(behaviours, 'sim-baseline', orderRequest('sim-baseline', 'ORD-1', answered));
    expect(after.toolCalls).toEqual([]);
    expect(after.content).toContain('shipped');
    expect(simulateCompletion(behaviours, 'sim-baseline', orderRequest('sim-baseline', 'my last one')).toolCalls).toEqual([]);
  });

  it('garbles and skips calls at the configured candidate rates, and never for the baseline', () => {
    const n = 2000;
    const count = { garbled: 0, skipped: 0, baselineDeviations: 0 };
    for (let i = 0; i < n; i++) {
      const id = `ORD-${10000 + i}`;
      const c = simulateCompletion(behaviours, 'sim-candidate', orderRequest('sim-candidate', id));
      if (c.deviation === 'tool_argument_error') {
        count.garbled++;
        expect(c.toolCalls[0]!.arguments).toBe(JSON.stringify({ order_id: String(10000 + i) }));
      }
      if (c.deviation === 'tool_call_skipped') {
        count.skipped++;
        expect(c.toolCalls).toEqual([]);
      }
      if (simulateCompletion(behaviours, 'sim-baseline', orderRequest('sim-baseline', id)).deviation !== null) count.baselineDeviations++;
    }
    // 0.08 and 0.04 of the calls that were not skipped / of all; ±4 standard errors.
    expect(count.skipped / n).toBeGreaterThan(0.04 - 4 * Math.sqrt((0.04 * 0.96) / n));
    expect(count.skipped / n).toBeLessThan(0.04 + 4 * Math.sqrt((0.04 * 0.96) / n));
    const called = n - count.skipped;
    expect(count.garbled / called).toBeGreaterThan(0.08 - 4 * Math.sqrt((0.08 * 0.92) / called));
    expect(count.garbled / called).toBeLessThan(0.08 + 4 * Math.sqrt((0.08 * 0.92) / called));
    expect(count.baselineDeviations).toBe(0);
  });

  for (const stream of [false, true]) {
    it(`reaches an OpenAI client as a tool call (${stream ? 'streamed deltas' : 'plain body'})`, async () => {
      const provider = new OpenAiChatProvider(sim.url, { stream });
      try {
        const c = await provider.complete({ ...orderRequest('sim-baseline', 'ORD-48213') }, { timeoutMs: 5000 });
        expect(c.finishReason).toBe('tool_calls');
        expect(c.text).toBe('');
        expect(c.toolCalls).toEqual([{ id: expect.stringMatching(/^call_sim_/), name: 'lookup_order', arguments: '{"order_id":"ORD-48213"}' }]);
      } finally {
        provider.close();
      }
    });

    it(`reaches an Anthropic client as a tool_use block (${stream ? 'streamed input_json_delta' : 'plain body'})`, async () => {
      const provider = new AnthropicMessagesProvider(sim.url, { stream });
      try {
        const c = await provider.complete({ ...orderRequest('sim-baseline', 'ORD-48213'), max_tokens: 300 }, { timeoutMs: 5000 });
        expect(c.finishReason).toBe('tool_calls');
        expect(c.toolCalls).toEqual([{ id: expect.stringMatching(/^toolu_sim_/), name: 'lookup_order', arguments: '{"order_id":"ORD-48213"}' }]);
      } finally {
        provider.close();
      }
    });
  }
});
