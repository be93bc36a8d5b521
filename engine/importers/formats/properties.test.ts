import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trafficSampleSchema, type ChatMessage, type ToolCall } from '../../../shared/domain/capture.js';
import { anthropicMapper } from './anthropic.js';
import { captureFormats, detectFormat, mappers, MappingError, type MappedRecord } from './index.js';
import { openAiChatMapper } from './openai-chat.js';

const origin = { file: 'property.jsonl', line: 1 };
const TIMESTAMP = '2026-10-02T10:00:00Z';

// ---- Arbitrary canonical conversations -------------------------------------------------------------------------

interface Conversation {
  messages: ChatMessage[];
  reply: ChatMessage;
  finish: 'stop' | 'tool_calls';
  usage: { prompt_tokens: number; completion_tokens: number };
}

const text = fc.string({ maxLength: 30 });
const argumentsJson = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((o) => JSON.stringify(o));
const call = fc.record({ name: fc.constantFrom('lookup_order', 'get_invoice', 'cancel_order'), args: argumentsJson, result: text });
const turn = fc.record({
  user: text,
  tools: fc.option(fc.record({ text: fc.option(text, { nil: null }), calls: fc.array(call, { minLength: 1, maxLength: 3 }) }), { nil: undefined }),
  assistant: fc.option(text, { nil: undefined }),
});
const conversation: fc.Arbitrary<Conversation> = fc
  .record({
    system: fc.option(text, { nil: undefined }),
    turns: fc.array(turn, { minLength: 1, maxLength: 4 }),
    answer: text,
    answerCalls: fc.array(call, { maxLength: 2 }),
    prompt: fc.nat(100_000),
    completion: fc.nat(10_000),
  })
  .map(({ system, turns, answer, answerCalls, prompt, completion }) => {
    const toolCall = (id: string, c: { name: string; args: string }): ToolCall => ({ id, type: 'function', function: { name: c.name, arguments: c.args } });
    const messages: ChatMessage[] = [];
    if (system !== undefined) messages.push({ role: 'system', content: system });
    turns.forEach((t, i) => {
      messages.push({ role: 'user', content: t.user });
      if (t.tools) {
        const calls = t.tools.calls.map((c, j) => toolCall(`call_${i}_${j}`, c));
        messages.push({ role: 'assistant', content: t.tools.text, tool_calls: calls });
        t.tools.calls.forEach((c, j) => messages.push({ role: 'tool', tool_call_id: `call_${i}_${j}`, content: c.result }));
      }
      if (t.assistant !== undefined) messages.push({ role: 'assistant', content: t.assistant });
    });
    const reply: ChatMessage = { role: 'assistant', content: answer };
    if (answerCalls.length > 0) reply.tool_calls = answerCalls.map((c, j) => toolCall(`call_r_${j}`, c));
    return { messages, reply, finish: answerCalls.length > 0 ? 'tool_calls' : 'stop', usage: { prompt_tokens: prompt, completion_tokens: completion } };
  });

// ---- Test-only encoders: canonical → provider form ---------------------------------------------------------------

function toOpenAiChat(c: Conversation): unknown {
  return {
    id: 'req_1',
    timestamp: TIMESTAMP,
    request: { model: 'gpt-4o-mini', messages: c.messages },
    response: { id: 'chatcmpl-1', object: 'chat.completion', created: 1790935200, model: 'gpt-4o-mini', choices: [{ index: 0, message: c.reply, finish_reason: c.finish }], usage: c.usage },
  };
}

/** Cuts text at the given positions (modulo its length), as a stream would deliver it. */
function pieces(value: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((n) => n % (value.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const position of at) {
    out.push(value.slice(from, position));
    from = position;
  }
  out.push(value.slice(from));
  return out;
}

function toOpenAiStream(c: Conversation, cuts: readonly number[]): unknown {
  const chunk = (delta: unknown, finish: string | null = null) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1790935200, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] });
  const [first = '', ...rest] = pieces(c.reply.content as string, cuts);
  const chunks: unknown[] = [chunk({ role: 'assistant', content: first }), ...rest.map((p) => chunk({ content: p }))];
  (c.reply.tool_calls ?? []).forEach((tc, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.function.name, arguments: '' } }] }));
    for (const p of pieces(tc.function.arguments, cuts)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
  });
  chunks.push(chunk({}, c.finish));
  chunks.push({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1790935200, model: 'gpt-4o-mini', choices: [], usage: c.usage });
  return { id: 'req_1', timestamp: TIMESTAMP, request: { model: 'gpt-4o-mini', messages: c.messages, stream: true }, response: chunks };
}

type Block = Record<string, unknown>;
const toolUse = (tc: ToolCall): Block => ({ type: 'tool_use', id: tc.id, name: tc.function.name, input: JSON.parse(tc.function.arguments) as unknown });

function toAnthropic(c: Conversation): unknown {
  let system: string | undefined;
  const messages: { role: 'user' | 'assistant'; content: string | Block[] }[] = [];
  for (const m of c.messages) {
    if (m.role === 'system') system = m.content as string;
    else if (m.role === 'user') messages.push({ role: 'user', content: m.content as string });
    else if (m.role === 'assistant' && !m.tool_calls) messages.push({ role: 'assistant', content: m.content as string });
    else if (m.role === 'assistant') {
      messages.push({ role: 'assistant', content: [...(m.content === null ? [] : [{ type: 'text', text: m.content }]), ...m.tool_calls!.map(toolUse)] });
    } else if (m.role === 'tool') {
      // Consecutive tool results travel in one user message, as Anthropic requires.
      const block = { type: 'tool_result', tool_use_id: m.tool_call_id, content: m.content };
      const last = messages[messages.length - 1];
      if (last && last.role === 'user' && Array.isArray(last.content)) last.content.push(block);
      else messages.push({ role: 'user', content: [block] });
    }
  }
  return {
    id: 'req_1',
    timestamp: TIMESTAMP,
    request: { model: 'claude-haiku-4-5', max_tokens: 1024, ...(system === undefined ? {} : { system }), messages },
    response: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: c.reply.content }, ...(c.reply.tool_calls ?? []).map(toolUse)],
      stop_reason: c.finish === 'tool_calls' ? 'tool_use' : 'end_turn',
      usage: { input_tokens: c.usage.prompt_tokens, output_tokens: c.usage.completion_tokens },
    },
  };
}

/** Messages with tool-call arguments compared as JSON values (Anthropic carries them as objects). */
function normalised(messages: readonly ChatMessage[]): unknown[] {
  return messages.map((m) => {
    const out: Record<string, unknown> = { role: m.role, content: m.content ?? null };
    if (m.tool_calls) out.tool_calls = m.tool_calls.map((tc) => ({ id: tc.id, name: tc.function.name, arguments: JSON.stringify(JSON.parse(tc.function.arguments)) }));
    if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
    return out;
  });
}

function only(result: MappedRecord) {
  expect(result.samples).toHaveLength(1);
  return result.samples[0]!;
}

describe('round trips: canonical → provider form → canonical', () => {
  it('openai-chat gives back the same messages, reply and usage', () => {
    fc.assert(
      fc.property(conversation, (c) => {
        const sample = only(openAiChatMapper.map(toOpenAiChat(c), origin));
        expect(sample.request.messages).toEqual(c.messages);
        expect(sample.response!.choices[0]!.message).toEqual(c.reply);
        expect(sample.response!.choices[0]!.finish_reason).toBe(c.finish);
        expect(sample.response!.usage).toMatchObject(c.usage);
      }),
      { numRuns: 200 },
    );
  });

  it('a streamed openai-chat reply cut anywhere assembles to the same reply', () => {
    fc.assert(
      fc.property(conversation, fc.array(fc.nat(), { maxLength: 6 }), (c, cuts) => {
        const sample = only(openAiChatMapper.map(toOpenAiStream(c, cuts), origin));
        expect(sample.request.messages).toEqual(c.messages);
        expect(sample.response!.choices[0]!.message).toEqual(c.reply);
        expect(sample.response!.choices[0]!.finish_reason).toBe(c.finish);
        expect(sample.response!.usage).toMatchObject(c.usage);
      }),
      { numRuns: 200 },
    );
  });

  it('anthropic gives back the same messages and reply, arguments equal as JSON', () => {
    fc.assert(
      fc.property(conversation, (c) => {
        const sample = only(anthropicMapper.map(toAnthropic(c), origin));
        expect(normalised(sample.request.messages)).toEqual(normalised(c.messages));
        expect(normalised([sample.response!.choices[0]!.message])).toEqual(normalised([c.reply]));
        expect(sample.response!.choices[0]!.finish_reason).toBe(c.finish);
        expect(sample.response!.usage).toMatchObject(c.usage);
      }),
      { numRuns: 200 },
    );
  });
});

// ---- Robustness: arbitrary and mutated input --------------------------------------------------------------------

/** Maps with every mapper: only MappingErrors may escape, and every sample passes the canonical schema. */
function mapEverywhere(value: unknown): void {
  detectFormat(value);
  for (const format of captureFormats) {
    let result: MappedRecord;
    try {
      result = mappers[format].map(value, origin);
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      expect(typeof err.field).toBe('string');
      continue;
    }
    for (const sample of result.samples) expect(trafficSampleSchema.safeParse(sample).success).toBe(true);
    for (const error of result.errors ?? []) expect(error).toBeInstanceOf(MappingError);
  }
}

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const fixtureRecords: unknown[] = [
  ...['canonical', 'openai-chat', 'openai-responses', 'anthropic', 'otel-genai-new', 'otel-genai-old', 'langfuse-traces'].flatMap((name) =>
    read(`${name}.jsonl`)
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown),
  ),
  ...(JSON.parse(read('otel-whole-file.json')) as { resourceSpans: unknown[] }).resourceSpans.map((rs) => ({ resourceSpans: [rs] })),
  ...(JSON.parse(read('langfuse-export.json')) as unknown[]),
];

type Path = (string | number)[];
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  for (const [key, child] of entries) {
    out.push([...prefix, key]);
    pathsOf(child, [...prefix, key], out);
  }
  return out;
}

/** A deep copy of `root` with the value at `path` replaced (or deleted when `value` is undefined). */
function mutated(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root);
  let node: unknown = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  const last = path[path.length - 1]!;
  const parent = node as Record<string | number, unknown>;
  if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value ?? null;
  return copy;
}

const mutation = fc
  .constantFrom(...fixtureRecords)
  .chain((record) => fc.tuple(fc.constant(record), fc.constantFrom(...pathsOf(record)), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined, freq: 4 })))
  .map(([record, path, value]) => mutated(record, path, value));

describe('robustness', () => {
  it('mappers throw nothing but MappingError on arbitrary JSON, and what they return is canonical', () => {
    fc.assert(fc.property(fc.jsonValue(), mapEverywhere), { numRuns: 300 });
  });

  it('the same holds for fixture records with one field replaced or deleted anywhere', () => {
    fc.assert(fc.property(mutation, mapEverywhere), { numRuns: 1000 });
  });

  it('the same holds for provider-shaped records with arbitrary parts', () => {
    const any = fc.jsonValue({ maxDepth: 3 });
    const shaped = fc.oneof(
      fc.record({ id: any, timestamp: any, request: fc.record({ model: any, messages: fc.array(any), input: any, system: any }), response: any }, { requiredKeys: [] }),
      fc.record({ resourceSpans: fc.array(fc.record({ resource: any, scopeSpans: fc.array(fc.record({ spans: fc.array(any) })) })) }),
      fc.record({ id: any, timestamp: any, observations: fc.array(fc.record({ type: fc.constant('GENERATION'), id: any, model: any, input: any, output: any, startTime: any })), scores: any }),
    );
    fc.assert(fc.property(shaped, mapEverywhere), { numRuns: 500 });
  });
});
