import { describe, expect, it } from 'vitest';
import { toChatRequest, type AnthropicRequest } from './anthropic-request.js';
import { loadBehaviours } from './behaviours.js';
import type { SimServer } from './http-server.js';
import { useSimServers } from '../../test-support/sim-servers.js';
import { requestHash } from './request-hash.js';
import { simulateCompletion } from './simulate.js';
import { parseSseEvents } from './sse-events.js';

const start = useSimServers();

const messagesBody = (model: string, user = 'How much was invoice INV-1042?'): AnthropicRequest => ({
  model,
  max_tokens: 1024,
  system: 'Account facts:\ninvoice INV-1042 amount: $42.10',
  messages: [{ role: 'user', content: user }],
});

const toolConversation: AnthropicRequest = {
  model: 'sim-candidate',
  max_tokens: 512,
  system: [{ type: 'text', text: 'You are a support assistant.' }],
  tools: [{ name: 'get_invoice', description: 'Looks up an invoice', input_schema: { type: 'object', properties: { id: { type: 'string' } } } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'What is the status of INV-1042?' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_invoice', input: { id: 'INV-1042' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '{"invoice":"INV-1042","status":"paid","amount":"$42.10"}' }] }] },
  ],
};

function postMessages(s: SimServer, payload: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.anthropicUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'not-a-real-key', 'anthropic-version': '2023-06-01', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

const chatAnswer = (a: AnthropicRequest) => simulateCompletion(loadBehaviours(), a.model, toChatRequest(a));

describe('toChatRequest', () => {
  it('maps system, text, tool_use and tool_result blocks to the chat form', () => {
    expect(toChatRequest(toolConversation)).toEqual({
      model: 'sim-candidate',
      max_tokens: 512,
      tools: [{ type: 'function', function: { name: 'get_invoice', description: 'Looks up an invoice', parameters: { type: 'object', properties: { id: { type: 'string' } } } } }],
      messages: [
        { role: 'system', content: 'You are a support assistant.' },
        { role: 'user', content: 'What is the status of INV-1042?' },
        { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_invoice', arguments: '{"id":"INV-1042"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: '{"invoice":"INV-1042","status":"paid","amount":"$42.10"}' },
      ],
    });
  });

  it('puts tool results before the text of the same user turn and keeps sampling knobs', () => {
    const chat = toChatRequest({
      model: 'sim-baseline',
      max_tokens: 10,
      temperature: 0.2,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'And the total?' }, { type: 'tool_result', tool_use_id: 't', content: 'amount: $5' }] }],
    });
    expect(chat.messages).toEqual([
      { role: 'tool', tool_call_id: 't', content: 'amount: $5' },
      { role: 'user', content: 'And the total?' },
    ]);
    expect(chat.temperature).toBe(0.2);
  });
});

describe('Anthropic Messages endpoint', () => {
  it('answers in the Messages shape with the chat answer for the equivalent request', async () => {
    const s = await start();
    for (const req of [messagesBody('sim-baseline'), messagesBody('sim-candidate'), toolConversation]) {
      const res = await postMessages(s, req);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-canary-gate-simulated')).toBe('true');
      const expected = chatAnswer(req);
      expect(await res.json()).toEqual({
        id: `msg_sim_${expected.requestHash.slice(0, 24)}`,
        type: 'message',
        role: 'assistant',
        model: req.model,
        content: [{ type: 'text', text: expected.content }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: expected.usage.prompt_tokens, output_tokens: expected.usage.completion_tokens },
      });
    }
    expect(chatAnswer(messagesBody('sim-baseline')).content).toContain('$42.10');
    expect(chatAnswer(toolConversation).intent).toBe('tool_use');
    // The chat endpoint gives the same text for the converted request.
    const chat = await fetch(`${s.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(toChatRequest(toolConversation)) });
    expect(((await chat.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe(chatAnswer(toolConversation).content);
    expect(s.requestLog.slice(0, 3)).toEqual(
      [messagesBody('sim-baseline'), messagesBody('sim-candidate'), toolConversation].map((r) => ({ model: r.model, requestHash: requestHash(r.model, r), status: 200, at: expect.any(String) })),
    );
  });

  it('stops with max_tokens when the answer is cut', async () => {
    const s = await start();
    const json = (await (await postMessages(s, { ...messagesBody('sim-baseline'), max_tokens: 3 })).json()) as { stop_reason: string; content: { text: string }[] };
    expect(json.stop_reason).toBe('max_tokens');
    expect(json.content[0]!.text.length).toBeLessThanOrEqual(12);
  });

  it('streams message_start, text deltas and message_stop that reassemble to the same answer', async () => {
    const s = await start();
    const req = { ...messagesBody('sim-candidate', 'When is invoice INV-1042 due and how much is it?'), stream: true };
    const res = await postMessages(s, req);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('x-canary-gate-simulated')).toBe('true');
    const events = parseSseEvents(await res.text());
    const bodies = events.map((e) => JSON.parse(e.data) as { type: string } & Record<string, unknown>);
    for (let i = 0; i < events.length; i++) expect(events[i]!.event).toBe(bodies[i]!.type);
    const expected = chatAnswer({ ...req, stream: false });
    expect(chatAnswer(req).content).toBe(expected.content);
    const types = bodies.map((b) => b.type);
    const deltas = bodies.filter((b) => b.type === 'content_block_delta') as unknown as { index: number; delta: { type: string; text: string } }[];
    expect(types).toEqual(['message_start', 'content_block_start', ...deltas.map(() => 'content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    expect(deltas.length).toBeGreaterThanOrEqual(3);
    expect(deltas.every((d) => d.index === 0 && d.delta.type === 'text_delta')).toBe(true);
    expect(deltas.map((d) => d.delta.text).join('')).toBe(expected.content);
    expect(bodies[0]).toEqual({
      type: 'message_start',
      message: { id: `msg_sim_${expected.requestHash.slice(0, 24)}`, type: 'message', role: 'assistant', model: 'sim-candidate', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: expected.usage.prompt_tokens, output_tokens: 0 } },
    });
    expect(bodies[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(bodies.at(-2)).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: expected.usage.completion_tokens } });
    expect(s.requestLog).toEqual([{ model: 'sim-candidate', requestHash: requestHash('sim-candidate', req), status: 200, at: expect.any(String) }]);
  });

  it('answers errors in the Anthropic shape', async () => {
    const s = await start();
    const unknown = await postMessages(s, messagesBody('claude-sonnet-4'));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-canary-gate-simulated')).toBe('true');
    expect(await unknown.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'model: claude-sonnet-4' } });

    const noMaxTokens = await postMessages(s, { model: 'sim-baseline', messages: [{ role: 'user', content: 'Hi' }] });
    expect(noMaxTokens.status).toBe(400);
    expect(await noMaxTokens.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } });

    const toolUseFromUser = await postMessages(s, { model: 'sim-baseline', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'x', name: 'f', input: {} }] }] });
    expect(toolUseFromUser.status).toBe(400);

    const badJson = await postMessages(s, '{"model": ');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { type: string; error: { type: string } }).error.type).toBe('invalid_request_error');

    const get = await fetch(`${s.anthropicUrl}/v1/messages`);
    expect(get.status).toBe(405);
    expect(((await get.json()) as { type: string }).type).toBe('error');
    expect(s.requestLog.map((e) => [e.model, e.status])).toEqual([
      ['claude-sonnet-4', 404],
      ['sim-baseline', 400],
      ['sim-baseline', 400],
      ['', 400],
    ]);
  });

  it('works without the x-api-key and anthropic-version headers', async () => {
    const s = await start();
    const res = await fetch(`${s.anthropicUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messagesBody('sim-baseline')) });
    expect(res.status).toBe(200);
  });
});
