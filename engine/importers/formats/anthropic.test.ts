import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anthropicMapper } from './anthropic.js';
import { MappingError } from './format.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const records = readFileSync(new URL('anthropic.jsonl', FIXTURES), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const [golden, toolUse, truncated] = records as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
const origin = { file: 'anthropic.jsonl', line: 1 };
const mapOne = (record: unknown) => {
  const { samples } = anthropicMapper.map(record, origin);
  expect(samples).toHaveLength(1);
  return samples[0]!;
};
const withMessages = (messages: unknown[]) => ({ ...golden, request: { model: 'claude-haiku-4-5', max_tokens: 100, messages } });

function mappingError(record: unknown): MappingError {
  try {
    anthropicMapper.map(record, origin);
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError');
}

describe('anthropic mapper', () => {
  it('maps text before a tool_use into one assistant message, with cache tokens counted as prompt tokens', () => {
    const sample = mapOne(toolUse);
    expect(sample.id).toBe('msg_01AbC2dEf3GhI4jKl5MnO6pQ');
    expect(sample.latency_ms).toBe(1675);
    expect(sample.request.messages).toEqual([
      { role: 'system', content: "You are Acme Cloud's billing assistant." },
      { role: 'user', content: 'Why was I charged twice in September?' },
    ]);
    expect(sample.response!.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'Let me pull up your September invoices.',
          tool_calls: [{ id: 'toolu_01Inv0901', type: 'function', function: { name: 'get_invoice', arguments: '{"invoice_id":"INV-0901"}' } }],
        },
        finish_reason: 'tool_calls',
      },
    ]);
    expect(sample.response!.usage).toEqual({ prompt_tokens: 2212, completion_tokens: 61, total_tokens: 2273, prompt_tokens_details: { cached_tokens: 1800 } });
  });

  it('maps tools, tool_choice and max_tokens to chat parameters and drops server tools', () => {
    const { request, metadata } = mapOne(toolUse);
    expect(request.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_invoice', description: 'Fetch an invoice.', parameters: { type: 'object', properties: { invoice_id: { type: 'string' } }, required: ['invoice_id'] } },
      },
    ]);
    expect(request.tool_choice).toBe('auto');
    expect(request.parallel_tool_calls).toBe(false);
    expect(request.max_tokens).toBe(2048);
    expect(request.metadata).toBeUndefined(); // Anthropic's request metadata is not a chat parameter
    expect(metadata).toEqual({ session_id: 's-93', slice: 'billing', user_id: 'u-5120' });
  });

  it('splits tool_result blocks into tool messages in block order and drops thinking', () => {
    const sample = mapOne(truncated);
    expect(sample.timestamp).toBe('2026-10-02T12:00:00.000Z'); // epoch milliseconds
    expect(sample.request.messages).toEqual([
      { role: 'user', content: 'Check the status of export job EXP-77.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01Exp77', type: 'function', function: { name: 'get_export', arguments: '{"job_id":"EXP-77"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_01Exp77', content: '{"state":"failed","error":"quota exceeded"}' },
      { role: 'user', content: 'Explain it in detail please.' },
    ]);
    expect(sample.response!.choices[0]!.finish_reason).toBe('length');
    expect(sample.request.max_tokens).toBe(40);
  });

  it('keeps images next to text as chat parts, and maps the other stop reasons', () => {
    const sample = mapOne({
      ...withMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What does this show?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
      ]),
      response: { type: 'message', content: [{ type: 'text', text: 'A ' }, { type: 'text', text: 'chart.' }], stop_reason: 'stop_sequence', usage: { input_tokens: 9, output_tokens: 2 } },
    });
    expect(sample.request.messages[0]!.content).toEqual([
      { type: 'text', text: 'What does this show?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ]);
    expect(sample.response!.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'A chart.' }, finish_reason: 'stop' });
    expect(sample.request.model).toBe('claude-haiku-4-5');
    expect(sample.id).toBe('req_01J9ZK4T8S42');
  });

  it('maps tool_choice any to required and tool to the named function', () => {
    const base = withMessages([{ role: 'user', content: 'x' }]) as { request: Record<string, unknown> };
    expect(mapOne({ ...base, request: { ...base.request, tool_choice: { type: 'any' } } }).request.tool_choice).toBe('required');
    expect(mapOne({ ...base, request: { ...base.request, tool_choice: { type: 'tool', name: 'f' } } }).request.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
  });

  it.each([
    ['a missing timestamp (Anthropic responses carry none)', { ...golden, timestamp: undefined }, 'timestamp'],
    ['no model anywhere', { ...golden, request: { max_tokens: 1, messages: [] }, response: { ...(golden.response as object), model: undefined } }, 'model'],
    ['a system role inside messages', withMessages([{ role: 'system', content: 'x' }]), 'request.messages.0.role'],
    ['content that is neither text nor blocks', withMessages([{ role: 'user', content: 5 }]), 'request.messages.0.content'],
    ['a tool_use without id', withMessages([{ role: 'assistant', content: [{ type: 'tool_use', name: 'f', input: {} }] }]), 'request.messages.0.content.0.id'],
    ['a tool_result without tool_use_id', withMessages([{ role: 'user', content: [{ type: 'tool_result', content: 'x' }] }]), 'request.messages.0.content.0.tool_use_id'],
    ['a text block without text', withMessages([{ role: 'assistant', content: [{ type: 'text' }] }]), 'request.messages.0.content.0.text'],
    ['response content that is not a list', { ...golden, response: { type: 'message', content: 'hi' } }, 'response.content'],
    ['a system that is neither text nor blocks', { ...golden, request: { ...(golden.request as object), system: 42 } }, 'request.system'],
    ['no messages at all', withMessages([]), 'request.messages'],
  ])('rejects %s', (_label, record, field) => {
    expect(mappingError(record).field).toBe(field);
  });

  it('detects Anthropic pairs only', () => {
    for (const record of records) expect(anthropicMapper.detect(record)).toBe(true);
    expect(anthropicMapper.detect({ request: {}, response: { object: 'chat.completion' } })).toBe(false);
  });
});
