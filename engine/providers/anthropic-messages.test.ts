import { afterEach, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../sim/index.js';
import { AnthropicMessagesProvider } from './anthropic-messages.js';
import { toAnthropicRequest } from './anthropic-request.js';
import { OpenAiChatProvider } from './openai-chat.js';

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const chatBody = (i: number) => ({
  model: 'sim-candidate',
  max_tokens: 300,
  messages: [
    { role: 'system', content: `You are Acme Cloud's support assistant.\nrefund R-${i} status: approved` },
    { role: 'user', content: `What is the status of refund R-${i}?` },
  ],
});

describe('toAnthropicRequest', () => {
  it('moves system text out, turns tool calls into tool_use and tool results into a user turn of tool_result blocks', () => {
    const req = toAnthropicRequest({
      model: 'claude-x',
      messages: [
        { role: 'system', content: 'Be helpful.' },
        { role: 'user', content: 'Where is A-1042?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"A-1042"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
        { role: 'user', content: 'Thanks — when will it arrive?' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup_order', description: 'Look up an order', parameters: { type: 'object', properties: { order_id: { type: 'string' } } } } }],
      temperature: 0,
    });
    expect(req).toEqual({
      model: 'claude-x',
      max_tokens: 1024,
      system: 'Be helpful.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Where is A-1042?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'lookup_order', input: { order_id: 'A-1042' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '{"status":"shipped"}' }, { type: 'text', text: 'Thanks — when will it arrive?' }] },
      ],
      tools: [{ name: 'lookup_order', description: 'Look up an order', input_schema: { type: 'object', properties: { order_id: { type: 'string' } } } }],
      temperature: 0,
    });
  });
});

describe('AnthropicMessagesProvider against the simulated endpoint', () => {
  it('answers like the chat endpoint, plain and streamed, with usage and time to first token', async () => {
    sim = await startSimServer({ timeScale: 0.2 });
    const chat = new OpenAiChatProvider(sim.url);
    const plain = new AnthropicMessagesProvider(sim.url, { apiKey: 'sk-ant-test' });
    const streamed = new AnthropicMessagesProvider(sim.url, { stream: true });
    for (let i = 0; i < 4; i++) {
      const c = await plain.complete(chatBody(i), { timeoutMs: 10_000 });
      const s = await streamed.complete(chatBody(i), { timeoutMs: 10_000 });
      expect(c.text).toContain('approved');
      expect(c).toMatchObject({ finishReason: 'stop', simulated: true, ttftMs: null });
      expect(c.promptTokens).toBeGreaterThan(0);
      expect(s).toMatchObject({ text: c.text, finishReason: c.finishReason, promptTokens: c.promptTokens, completionTokens: c.completionTokens });
      expect(s.ttftMs).toBeGreaterThan(0);
      expect(s.ttftMs!).toBeLessThan(s.latencyMs!);
      // The same simulated model gives the same answer through either API.
      expect((await chat.complete(chatBody(i), { timeoutMs: 10_000 })).text).toBe(c.text);
    }
    for (const p of [chat, plain, streamed]) p.close();
  });

  it('maps an unknown model to a non-retryable HTTP error, and retries a broken stream', async () => {
    sim = await startSimServer({ timeScale: 0, faults: { brokenStreamRate: 1 } });
    const p = new AnthropicMessagesProvider(sim.url, { stream: true });
    await expect(p.complete({ ...chatBody(1), model: 'nope' }, { timeoutMs: 5000 })).rejects.toMatchObject({ kind: 'http', status: 404, retryable: false });
    await expect(p.complete(chatBody(2), { timeoutMs: 5000 })).rejects.toMatchObject({ kind: 'network', retryable: true });
    // A retry of the same request is not faulted again.
    expect((await p.complete(chatBody(2), { timeoutMs: 5000 })).text).toContain('approved');
    p.close();
  });
});
