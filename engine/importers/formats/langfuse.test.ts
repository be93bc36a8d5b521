import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MappingError } from './format.js';
import { langfuseMapper } from './langfuse.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const traces = read('langfuse-traces.jsonl')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const exported = JSON.parse(read('langfuse-export.json')) as Record<string, unknown>[];
const [golden, twoGenerations, promptString] = traces as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
const [, anthropicStyle, spansOnly] = exported as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
const origin = { file: 'langfuse-traces.jsonl', line: 1 };

const generation = (extra: Record<string, unknown>) => ({ id: 'g1', type: 'GENERATION', model: 'gpt-4o-mini', startTime: '2026-10-02T10:00:00Z', input: 'hi', output: 'hello', ...extra });
const trace = (observations: unknown[], extra: Record<string, unknown> = {}) => ({ id: 't1', timestamp: '2026-10-02T10:00:00Z', observations, ...extra });

function mappingError(value: unknown): MappingError {
  try {
    langfuseMapper.map(value, origin);
  } catch (err) {
    if (err instanceof MappingError) return err;
    throw err;
  }
  throw new Error('expected a MappingError');
}

describe('langfuse mapper', () => {
  it('maps every GENERATION of a trace and counts the other observations as skipped', () => {
    const { samples, skipped } = langfuseMapper.map(twoGenerations, origin);
    expect(skipped).toBe(1);
    expect(samples.map((s) => s.id)).toEqual(['c4a2d0f3-8b5e-4f90-8d2c-3e4f5a6b7c8d:gen-1', 'c4a2d0f3-8b5e-4f90-8d2c-3e4f5a6b7c8d:gen-3', 'c4a2d0f3-8b5e-4f90-8d2c-3e4f5a6b7c8d:gen-4']);
  });

  it('maps a tool-call output, old-style usage and the trace identity', () => {
    const sample = langfuseMapper.map(twoGenerations, origin).samples[0]!;
    expect(sample.timestamp).toBe('2026-10-02T11:20:00.010Z');
    expect(sample.latency_ms).toBe(890);
    expect(sample.response).toEqual({
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_r4425', type: 'function', function: { name: 'get_refund', arguments: '{"refund_id":"R-4425"}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 44, completion_tokens: 17, total_tokens: 61 },
    });
    expect(sample.metadata).toEqual({
      route: '/billing/chat',
      session_id: 's-99',
      user_id: 'u-7001',
      tags: ['billing'],
      trace_name: 'billing-chat',
      observation_name: 'plan',
      scores: [{ name: 'user-feedback', value: 0, comment: 'wrong refund' }],
      signals: { thumbs_down: true },
    });
  });

  it('attaches observation-level scores only to their observation', () => {
    const [, answer] = langfuseMapper.map(twoGenerations, origin).samples;
    expect(answer!.metadata.scores).toEqual([
      { name: 'user-feedback', value: 0, comment: 'wrong refund' },
      { name: 'helpfulness', value: 0.4 },
    ]);
    expect(answer!.response!.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'Refund R-4425 is pending review.' }, finish_reason: 'stop' });
  });

  it('maps an ERROR generation without output to a sample without response, keeping level and status', () => {
    const failed = langfuseMapper.map(twoGenerations, origin).samples[2]!;
    expect(failed.response).toBeNull();
    expect(failed.latency_ms).toBe(30_000);
    expect(failed.metadata).toMatchObject({ level: 'ERROR', status_message: 'Request timed out.' });
  });

  it('maps a string prompt, string model parameters and the observation slice', () => {
    const sample = langfuseMapper.map(promptString, origin).samples[0]!;
    expect(sample.request).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Suggest a short title for: customer cannot export audit logs since Monday' }],
      temperature: 0.7,
      max_tokens: 20,
    });
    expect(sample.metadata).toEqual({ slice: 'summarisation', user_id: 'u-8123', feature: 'ticket-title', trace_name: 'title-suggester', observation_name: 'suggest-title' });
  });

  it('maps the golden generation with its tools and a positive feedback score', () => {
    const sample = langfuseMapper.map(golden, origin).samples[0]!;
    expect(sample.request.max_tokens).toBeUndefined(); // "Infinity" is no limit
    expect(sample.metadata.signals).toEqual({ thumbs_down: false });
    expect(sample.metadata.scores).toEqual([{ name: 'user-feedback', value: 1, comment: 'quick answer' }]);
  });

  it('maps Anthropic-style inputs and outputs logged by the Anthropic integration', () => {
    const sample = langfuseMapper.map(anthropicStyle, origin).samples[0]!;
    expect(sample.request.messages).toEqual([
      { role: 'system', content: "You are Acme Cloud's support assistant." },
      { role: 'user', content: 'Did export EXP-77 finish?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_01Exp77', type: 'function', function: { name: 'get_export', arguments: '{"job_id":"EXP-77"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_01Exp77', content: '{"state":"done"}' },
    ]);
    expect(sample.response!.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'Yes, export EXP-77 finished.' }, finish_reason: 'stop' });
    expect(sample.response!.usage).toEqual({ prompt_tokens: 95, completion_tokens: 10, total_tokens: 105 });
    expect(sample.metadata.signals).toEqual({ thumbs_down: true }); // a "thumbs_down" score of 1
  });

  it('reads a {system, messages} input whose system is a list of text blocks', () => {
    const input = { system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: 'hi' }] };
    expect(langfuseMapper.map(trace([generation({ input })]), origin).samples[0]!.request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('maps a trace of spans and events only to no samples', () => {
    expect(langfuseMapper.map(spansOnly, origin)).toEqual({ samples: [], skipped: 2, skippedBy: { 'Langfuse SPAN observation (not a generation)': 1, 'Langfuse EVENT observation (not a generation)': 1 } });
  });

  it('falls back to the trace timestamp and reads role aliases and {choices} outputs', () => {
    const sample = langfuseMapper.map(
      trace([generation({ startTime: undefined, input: [{ role: 'human', content: 'hi' }], output: { choices: [{ message: { role: 'ai', content: 'a' } }, { message: { content: 'b' } }] } })]),
      origin,
    ).samples[0]!;
    expect(sample.timestamp).toBe('2026-10-02T10:00:00.000Z');
    expect(sample.request.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(sample.response!.choices.map((c) => c.message)).toEqual([
      { role: 'assistant', content: 'a' },
      { role: 'assistant', content: 'b' },
    ]);
  });

  it('reports a bad generation without losing its good siblings', () => {
    const result = langfuseMapper.map(trace([generation({}), generation({ id: 'g2', model: undefined })]), origin);
    expect(result.samples.map((s) => s.id)).toEqual(['t1:g1']);
    expect(result.errors!.map((e) => [e.field, e.message])).toEqual([['model', 'observation 1 (g2): generation without model']]);
  });

  it.each([
    ['a trace without id', { observations: [] }, 'id'],
    ['observations that are not a list', { id: 't', observations: {} }, 'observations'],
    ['a generation without model', trace([generation({ model: '' })]), 'model'],
    ['an observation given by id only', trace(['obs-1']), 'observations.0'],
    ['input that is not messages, a prompt or a message', trace([generation({ input: 42 })]), 'input'],
    ['an input message with an unknown role', trace([generation({ input: [{ role: 'narrator', content: 'x' }] })]), 'input.0.role'],
    ['no start time and no trace timestamp', { id: 't', observations: [generation({ startTime: undefined })] }, 'timestamp'],
    ['an unusable start time', trace([generation({ startTime: 'noon' })]), 'timestamp'],
  ])('rejects %s', (_label, value, field) => {
    expect(mappingError(value).field).toBe(field);
  });

  it('detects traces with observations only', () => {
    for (const value of [...traces, ...exported]) expect(langfuseMapper.detect(value)).toBe(true);
    expect(langfuseMapper.detect({ id: 't', observations: 'x' })).toBe(false);
  });
});
