import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MappingError } from './format.js';
import { openAiResponsesMapper } from './openai-responses.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const records = readFileSync(new URL('openai-responses.jsonl', FIXTURES), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const [golden, toolCalls, incomplete] = records as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
const origin = { file: 'openai-responses.jsonl', line: 1 };
const mapOne = (record: unknown) => {
  const { samples } = openAiResponsesMapper.map(record, origin);
  expect(samples).toHaveLength(1);
  return samples[0]!;
};
const withRequest = (request: Record<string, unknown>) => ({ ...golden, request: { model: 'gpt-4o-mini', ...request } });

function mappingError(record: unknown): MappingError {
  try {
    openAiResponsesMapper.map(record, origin);
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError');
}

describe('openai-responses mapper', () => {
  it('maps string input and function_call outputs to chat form', () => {
    const sample = mapOne(toolCalls);
    expect(sample.id).toBe('resp_68de5b000111');
    expect(sample.timestamp).toBe('2026-10-02T10:46:40.000Z'); // created_at
    expect(sample.latency_ms).toBe(2210);
    expect(sample.request.messages).toEqual([
      { role: 'system', content: "You are Acme Cloud's order assistant." },
      { role: 'user', content: 'Check orders A-2001 and A-2002 for me' },
    ]);
    expect(sample.response!.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a2001', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"A-2001"}' } },
            { id: 'call_a2002', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"A-2002"}' } },
          ],
        },
        finish_reason: 'tool_calls',
      },
    ]);
    expect(sample.response!.usage).toEqual({ prompt_tokens: 150, completion_tokens: 210, total_tokens: 360, completion_tokens_details: { reasoning_tokens: 128 } });
    expect(sample.response!.model).toBe('o4-mini-2025-04-16');
  });

  it('keeps function tools, drops hosted tools, and maps tool_choice, max_output_tokens and reasoning effort', () => {
    const { request } = mapOne(toolCalls);
    expect(request.tools).toHaveLength(1);
    expect(request.tools![0]).toMatchObject({ type: 'function', function: { name: 'lookup_order' } });
    expect(request.tool_choice).toBe('required');
    expect(request.max_tokens).toBe(512);
    expect(request.reasoning_effort).toBe('low');
    expect(request.model).toBe('o4-mini');
  });

  it('maps an incomplete structured-output call: finish length, response_format, developer role, offset timestamp', () => {
    const sample = mapOne(incomplete);
    expect(sample.timestamp).toBe('2026-10-02T08:40:00.000Z');
    expect(sample.request.messages[0]).toEqual({ role: 'developer', content: 'Summarise the ticket as JSON.' });
    expect(sample.request.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'ticket_summary',
        schema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'], additionalProperties: false },
        strict: true,
      },
    });
    expect(sample.response!.choices[0]!.finish_reason).toBe('length');
    expect(sample.response!.choices[0]!.message.content).toBe('{"summary":"Customer cannot export audit');
    expect(sample.metadata).toEqual({ session_id: 's-91', route: '/tickets/summarise' });
  });

  it('joins the assistant text and the function calls that follow it into one assistant turn', () => {
    const sample = mapOne(
      withRequest({
        input: [
          { role: 'user', content: 'Where is A-1?' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
          { type: 'reasoning', id: 'rs_1', summary: [] },
          { type: 'function_call', call_id: 'c1', name: 'lookup_order', arguments: '{"order_id":"A-1"}' },
          { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: '{"status":' }, { type: 'input_text', text: '"late"}' }] },
        ],
      }),
    );
    expect(sample.request.messages).toEqual([
      { role: 'user', content: 'Where is A-1?' },
      { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup_order', arguments: '{"order_id":"A-1"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '{"status":"late"}' },
    ]);
  });

  it('keeps images as chat image parts and refusals as the message refusal', () => {
    const sample = mapOne({
      ...withRequest({ input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' }] }] }),
      response: { object: 'response', status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] }] },
    });
    expect(sample.request.messages[0]!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
    ]);
    expect(sample.response!.choices[0]!.message).toEqual({ role: 'assistant', content: null, refusal: 'I cannot help with that.' });
    expect(sample.response!.usage).toBeUndefined();
  });

  it('maps a failed call to a sample without response, keeping the error', () => {
    const sample = mapOne({ ...golden, response: { object: 'response', status: 'failed', error: { code: 'server_error', message: 'boom' }, output: [] } });
    expect(sample.response).toBeNull();
    expect(sample.metadata.error).toEqual({ code: 'server_error', message: 'boom' });
  });

  it('records previous_response_id: the history lives on OpenAI’s side', () => {
    const sample = mapOne(withRequest({ input: 'and the second one?', previous_response_id: 'resp_prev' }));
    expect(sample.metadata.previous_response_id).toBe('resp_prev');
    expect(sample.request.messages).toEqual([{ role: 'user', content: 'and the second one?' }]);
  });

  it.each([
    ['no model anywhere', { ...golden, request: { input: 'x' }, response: { ...(golden.response as object), model: undefined } }, 'model'],
    ['input that is neither text nor items', withRequest({ input: 42 }), 'request.input'],
    ['a function_call without call_id', withRequest({ input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }), 'request.input.0.call_id'],
    ['a function_call_output without call_id', withRequest({ input: [{ type: 'function_call_output', output: 'x' }] }), 'request.input.0.call_id'],
    ['an item that is not an object', withRequest({ input: ['hello'] }), 'request.input.0'],
    ['a message with an unknown role', withRequest({ input: [{ role: 'robot', content: 'x' }] }), 'request.input.0.role'],
    ['no input at all', withRequest({}), 'request.messages'],
    ['a missing response', { ...golden, response: undefined }, 'response'],
    ['output that is not a list', { ...golden, response: { object: 'response', output: {} } }, 'response.output'],
    ['no timestamp and no created_at', { ...toolCalls, response: { ...(toolCalls.response as object), created_at: undefined } }, 'timestamp'],
  ])('rejects %s', (_label, record, field) => {
    expect(mappingError(record).field).toBe(field);
  });

  it('detects Responses pairs only', () => {
    for (const record of records) expect(openAiResponsesMapper.detect(record)).toBe(true);
    expect(openAiResponsesMapper.detect({ request: {}, response: { object: 'chat.completion' } })).toBe(false);
  });
});
