import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrafficSample } from '../../../shared/domain/capture.js';
import type { CaptureFormat } from './format.js';
import { mappers } from './index.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const jsonl = (name: string): unknown[] => read(name).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
const otelDocument = (name: string): unknown[] => (JSON.parse(read(name)) as { resourceSpans: unknown[] }).resourceSpans.map((rs) => ({ resourceSpans: [rs] }));
const jsonArray = (name: string): unknown[] => JSON.parse(read(name)) as unknown[];

const sources: { file: string; format: CaptureFormat; records: unknown[]; hasTools: boolean }[] = [
  { file: 'canonical.jsonl', format: 'canonical', records: jsonl('canonical.jsonl'), hasTools: true },
  { file: 'openai-chat.jsonl', format: 'openai-chat', records: jsonl('openai-chat.jsonl'), hasTools: true },
  { file: 'openai-responses.jsonl', format: 'openai-responses', records: jsonl('openai-responses.jsonl'), hasTools: true },
  { file: 'anthropic.jsonl', format: 'anthropic', records: jsonl('anthropic.jsonl'), hasTools: true },
  { file: 'otel-genai-new.jsonl', format: 'otel', records: jsonl('otel-genai-new.jsonl'), hasTools: true },
  { file: 'otel-genai-old.jsonl', format: 'otel', records: jsonl('otel-genai-old.jsonl'), hasTools: false },
  { file: 'otel-whole-file.json', format: 'otel', records: otelDocument('otel-whole-file.json'), hasTools: true },
  { file: 'langfuse-traces.jsonl', format: 'langfuse', records: jsonl('langfuse-traces.jsonl'), hasTools: true },
  { file: 'langfuse-export.json', format: 'langfuse', records: jsonArray('langfuse-export.json'), hasTools: true },
];

/** The one sample of the golden conversation (session s-42) in a fixture file. */
function golden(source: (typeof sources)[number]): TrafficSample {
  const samples = source.records.flatMap((r, i) => mappers[source.format].map(r, { file: source.file, line: i + 1 }).samples);
  const found = samples.filter((s) => s.metadata.session_id === 's-42');
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** What must agree across formats; tool-call ids are renamed by first appearance, arguments compared as JSON values. */
function view(sample: TrafficSample) {
  const ids = new Map<string, string>();
  const idOf = (id: string) => {
    if (!ids.has(id)) ids.set(id, `id${ids.size}`);
    return ids.get(id)!;
  };
  const choice = sample.response?.choices[0];
  return {
    model: sample.request.model,
    messages: sample.request.messages.map((m) => ({
      role: m.role,
      content: m.content ?? null,
      tool_calls: m.tool_calls?.map((c) => ({ id: idOf(c.id), type: c.type, name: c.function.name, arguments: JSON.parse(c.function.arguments) as unknown })),
      tool_call_id: m.tool_call_id === undefined ? undefined : idOf(m.tool_call_id),
    })),
    text: choice?.message.content,
    toolCalls: choice?.message.tool_calls,
    finishReason: choice?.finish_reason,
    usage: sample.response?.usage && { prompt: sample.response.usage.prompt_tokens, completion: sample.response.usage.completion_tokens },
    latencyMs: sample.latency_ms,
    timestampMs: Date.parse(sample.timestamp),
    slice: sample.metadata.slice,
    session: sample.metadata.session_id,
    user: sample.metadata.user_id,
  };
}

const expected = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: "You are Acme Cloud's support assistant." },
    { role: 'user', content: "Hi, I ordered a backup drive last week and it still hasn't arrived." },
    { role: 'assistant', content: 'Sorry to hear that! Could you share your order number so I can check?' },
    { role: 'user', content: "Sure, it's A-1042." },
    { role: 'assistant', content: null, tool_calls: [{ id: 'id0', type: 'function', name: 'lookup_order', arguments: { order_id: 'A-1042' } }] },
    { role: 'tool', content: '{"status":"shipped"}', tool_call_id: 'id0' },
  ],
  text: 'Your order A-1042 has shipped.',
  toolCalls: undefined,
  finishReason: 'stop',
  usage: { prompt: 120, completion: 14 },
  latencyMs: 812,
  timestampMs: Date.parse('2026-10-02T10:00:00Z'),
  slice: 'order_status',
  session: 's-42',
  user: 'u-1007',
};

const expectedTools = [
  {
    type: 'function',
    function: {
      name: 'lookup_order',
      description: 'Look up an order by its id.',
      parameters: { type: 'object', properties: { order_id: { type: 'string', description: 'Order number, e.g. A-1042' } }, required: ['order_id'] },
    },
  },
];

describe('the golden conversation in every format', () => {
  it.each(sources)('$file maps to the same canonical conversation', (source) => {
    expect(view(golden(source))).toEqual(expected);
  });

  it.each(sources.filter((s) => s.hasTools))('$file carries the lookup_order tool as a chat function tool', (source) => {
    expect(golden(source).request.tools).toEqual(expectedTools);
  });

  it('every format yields byte-identical messages once tool-call ids are aligned', () => {
    const canonical = JSON.stringify(view(golden(sources[0]!)).messages);
    for (const source of sources) expect(JSON.stringify(view(golden(source)).messages)).toBe(canonical);
  });
});
