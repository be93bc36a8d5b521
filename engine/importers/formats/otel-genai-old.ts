import type { ChatMessage } from '../../../shared/domain/capture.js';
import type { ChatRole } from './chat-parts.js';
import { isRecord, numeric, parseIfJsonString, setOwn, type JsonRecord } from './json-values.js';
import { appendLooseMessage, looseAssistantMessage } from './loose-messages.js';
import { anyValue, attributeMap } from './otel-any-value.js';
import type { SpanChoice } from './otel-genai-new.js';

const messageEvents = new Map<string, ChatRole>([
  ['gen_ai.system.message', 'system'],
  ['gen_ai.user.message', 'user'],
  ['gen_ai.assistant.message', 'assistant'],
  ['gen_ai.tool.message', 'tool'],
]);

/** Messages and choices read from a span's events or indexed attributes. */
export interface OldGenContent {
  input: ChatMessage[];
  choices: SpanChoice[];
}

/**
 * The fields of an old-convention event: its attributes (minus `gen_ai.*` bookkeeping such as gen_ai.system), the
 * JSON of `gen_ai.event.content` (.NET/Azure SDKs), and its body (log-record style), later sources winning.
 */
function eventFields(event: JsonRecord, field: string): JsonRecord {
  const fields: JsonRecord = {};
  for (const [key, value] of attributeMap(event.attributes, `${field}.attributes`)) {
    if (key === 'gen_ai.event.content') {
      const parsed = parseIfJsonString(value, `${field}.attributes.gen_ai.event.content`);
      if (isRecord(parsed)) for (const k of Object.keys(parsed)) setOwn(fields, k, parsed[k]);
    } else if (!key.startsWith('gen_ai.')) setOwn(fields, key, value);
  }
  if (event.body !== undefined) {
    const body = anyValue(event.body);
    if (isRecord(body)) for (const k of Object.keys(body)) setOwn(fields, k, body[k]);
    else if (typeof body === 'string') fields.content = body;
  }
  return fields;
}

/** Content from per-message span events (`gen_ai.*.message`, `gen_ai.choice`, 1.26's `gen_ai.content.*`), or undefined. */
export function eventContent(events: readonly unknown[]): OldGenContent | undefined {
  const input: ChatMessage[] = [];
  const choices: SpanChoice[] = [];
  let seen = false;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!isRecord(event) || typeof event.name !== 'string') continue;
    const name = event.name;
    const field = `events.${i}`;
    const role = messageEvents.get(name);
    if (role !== undefined) {
      seen = true;
      appendLooseMessage(input, eventFields(event, field), field, role);
    } else if (name === 'gen_ai.choice') {
      seen = true;
      const fields = eventFields(event, field);
      const message = choiceMessage(fields.message, fields);
      choices.push({ message: looseAssistantMessage(message, field), finishReason: typeof fields.finish_reason === 'string' ? fields.finish_reason : null });
    } else if (name === 'gen_ai.content.prompt' || name === 'gen_ai.content.completion') {
      seen = true;
      const isPrompt = name === 'gen_ai.content.prompt';
      const key = isPrompt ? 'gen_ai.prompt' : 'gen_ai.completion';
      const list = contentList(attributeMap(event.attributes, `${field}.attributes`).get(key), isPrompt ? 'user' : 'assistant');
      for (let j = 0; j < list.length; j++) {
        if (isPrompt) appendLooseMessage(input, list[j], `${field}.${key}.${j}`);
        else choices.push({ message: looseAssistantMessage(list[j], `${field}.${key}.${j}`), finishReason: finishOf(list[j]) });
      }
    }
  }
  return seen ? { input, choices } : undefined;
}

/**
 * A `gen_ai.choice` event's message: structured, or JSON text (Semantic Kernel writes `message` as a JSON string),
 * or plain text (the answer itself); without a `message` field, the event's own fields are the message.
 */
function choiceMessage(message: unknown, fields: JsonRecord): unknown {
  if (message === undefined || message === null) return fields;
  if (typeof message !== 'string') return message;
  const parsed = jsonTextValue(message);
  return isRecord(parsed) ? parsed : { role: 'assistant', content: message };
}

/** The value of JSON text when it is an object or array, else undefined (plain text, or a JSON scalar). */
function jsonTextValue(text: string): unknown {
  const first = text.trimStart().charCodeAt(0);
  if (first !== 123 && first !== 91) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The messages of a 1.26-style `gen_ai.prompt` / `gen_ai.completion` event attribute. The conventions only recommend
 * JSON (a message list) there; OpenLit writes the plain text, which is one message of the event's role. A single
 * JSON message object is one message too; a missing attribute is none.
 */
function contentList(value: unknown, role: ChatRole): unknown[] {
  if (value === undefined || value === null) return [];
  const text = typeof value === 'string' ? value : undefined;
  const list = text === undefined ? value : (jsonTextValue(text) ?? [{ role, content: text }]);
  if (!Array.isArray(list)) return isRecord(list) ? [list] : [{ role, content: typeof list === 'string' ? list : JSON.stringify(list) }];
  return list.map((item) => (typeof item === 'string' ? { role, content: item } : item));
}

function finishOf(value: unknown): string | null {
  return isRecord(value) && typeof value.finish_reason === 'string' ? value.finish_reason : null;
}

function index(text: string): number | undefined {
  if (text === '' || text.length > 6) return undefined;
  const n = numeric(text);
  return n !== undefined && Number.isInteger(n) && n >= 0 && text.charCodeAt(0) !== 43 ? n : undefined;
}

/**
 * Messages spelled as indexed attributes (`<prefix>N.role`, `<prefix>N.content`, `<prefix>N.tool_call_id`,
 * `<prefix>N.finish_reason`, `<prefix>N.tool_calls.M.{id,name,arguments}`), in index order.
 */
function indexedEntries(gen: ReadonlyMap<string, unknown>, prefix: string): [number, JsonRecord][] {
  const entries = new Map<number, { fields: JsonRecord; calls: Map<number, JsonRecord> }>();
  for (const [key, value] of gen) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    const n = dot > 0 ? index(rest.slice(0, dot)) : undefined;
    if (n === undefined) continue;
    let entry = entries.get(n);
    if (!entry) {
      entry = { fields: {}, calls: new Map() };
      entries.set(n, entry);
    }
    const name = rest.slice(dot + 1);
    if (name.startsWith('tool_calls.')) {
      const sub = name.slice('tool_calls.'.length);
      const subDot = sub.indexOf('.');
      const m = subDot > 0 ? index(sub.slice(0, subDot)) : undefined;
      if (m === undefined) continue;
      let call = entry.calls.get(m);
      if (!call) entry.calls.set(m, (call = {}));
      setOwn(call, sub.slice(subDot + 1), value);
    } else setOwn(entry.fields, name, value);
  }
  return [...entries.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, { fields, calls }]) => {
      const message: JsonRecord = { ...fields, content: listContent(fields.content) };
      if (calls.size > 0) message.tool_calls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
      return [n, message];
    });
}

// Indexed loggers write list content (text parts) as JSON text; plain text that merely starts with "[" stays text.
function listContent(content: unknown): unknown {
  if (typeof content !== 'string' || content.charCodeAt(0) !== 91 || content.charCodeAt(1) !== 123) return content;
  try {
    const parsed = JSON.parse(content) as unknown;
    return Array.isArray(parsed) && parsed.every((p) => isRecord(p) && typeof p.type === 'string') ? parsed : content;
  } catch {
    return content;
  }
}

/** Content from indexed `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` attributes, or undefined. */
export function indexedContent(gen: ReadonlyMap<string, unknown>): OldGenContent | undefined {
  const prompts = indexedEntries(gen, 'gen_ai.prompt.');
  const completions = indexedEntries(gen, 'gen_ai.completion.');
  if (prompts.length === 0 && completions.length === 0) return plainContent(gen);
  const input: ChatMessage[] = [];
  for (const [n, m] of prompts) appendLooseMessage(input, m, `gen_ai.prompt.${n}`, 'user');
  const choices = completions.map(([n, m]) => ({ message: looseAssistantMessage(m, `gen_ai.completion.${n}`), finishReason: finishOf(m) }));
  return { input, choices };
}

/** Content from un-indexed `gen_ai.prompt` / `gen_ai.completion` span attributes (plain text or JSON), or undefined. */
function plainContent(gen: ReadonlyMap<string, unknown>): OldGenContent | undefined {
  const prompt = gen.get('gen_ai.prompt');
  const completion = gen.get('gen_ai.completion');
  if (prompt === undefined && completion === undefined) return undefined;
  const input: ChatMessage[] = [];
  contentList(prompt, 'user').forEach((m, j) => appendLooseMessage(input, m, `gen_ai.prompt.${j}`, 'user'));
  const choices = contentList(completion, 'assistant').map((m, j) => ({ message: looseAssistantMessage(m, `gen_ai.completion.${j}`), finishReason: finishOf(m) }));
  return { input, choices };
}
