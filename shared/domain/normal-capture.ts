import { z } from 'zod';
import type { TrafficSample } from './capture.js';
import { failureCategories, leakKinds } from './scorer-spec.js';

/**
 * A hand-written check of `trafficSampleSchema` for the import hot path, where the zod parse of a whole capture
 * cost about as much as parsing its JSON. It answers true only when the schema would accept the value and return
 * it unchanged: nothing to strip (no unknown keys in the strict objects), no default to fill in (`metadata`, a tool
 * call's `type`). Anything else — invalid, or valid but not in that exact form — answers false, and the caller
 * runs the schema, which gives the verdict, the output and the message. So this may be stricter than the schema,
 * never looser; `normal-capture.test.ts` holds it to that against the schema on generated values.
 */
export function isNormalCapture(v: unknown): v is TrafficSample {
  if (!isObject(v) || !onlyKeys(v, SAMPLE_KEYS)) return false;
  return (
    (v.schema === undefined || v.schema === 'canary-gate/capture@1') &&
    nonEmpty(v.id) &&
    typeof v.timestamp === 'string' &&
    isTimestamp(v.timestamp) &&
    isRequest(v.request) &&
    (v.response === undefined || v.response === null || isResponse(v.response)) &&
    optional(v.latency_ms, nonNegative) &&
    optional(v.cost_usd, nonNegative) &&
    optional(v.context, isContext) &&
    isMetadata(v.metadata) &&
    optional(v.expectations, (e) => Array.isArray(e) && all(e, isScorerSpec))
  );
}

type Obj = Record<string, unknown>;

const SAMPLE_KEYS = new Set(['schema', 'id', 'timestamp', 'request', 'response', 'latency_ms', 'cost_usd', 'context', 'metadata', 'expectations']);
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

// The schema's own datetime check (one regex): what counts as a timestamp stays defined in one place.
const timestampSchema = z.iso.datetime({ offset: true });
const isTimestamp = (s: string) => timestampSchema.safeParse(s).success;

function isObject(v: unknown): v is Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  // Only plain objects, as JSON.parse and the mappers make them; `__proto__` as an own key is left to the schema.
  return Object.getPrototypeOf(v) === Object.prototype && !Object.hasOwn(v, '__proto__');
}

/** A strict object of the schema (unknown keys would be stripped): every key is one of `allowed`. */
function onlyKeys(o: Obj, allowed: ReadonlySet<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return true;
}

const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);
/** Every element passes (an index loop: `every` would skip the holes of a sparse array, which the schema rejects). */
function all(items: unknown[], check: (v: unknown) => boolean): boolean {
  for (let i = 0; i < items.length; i++) if (!check(items[i])) return false;
  return true;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const nonNegative = (v: unknown) => isNumber(v) && (v as number) >= 0;
// zod's int() is a safe integer.
const isInt = (v: unknown) => Number.isSafeInteger(v);
const count = (v: unknown) => isInt(v) && (v as number) >= 0;

function isRequest(v: unknown): boolean {
  return (
    isObject(v) &&
    nonEmpty(v.model) &&
    Array.isArray(v.messages) &&
    v.messages.length > 0 &&
    all(v.messages, isMessage) &&
    // Tools are not looked into, but a hole would come back from the schema as an undefined element.
    optional(v.tools, (t) => Array.isArray(t) && all(t, (x) => x !== undefined)) &&
    optional(v.temperature, isNumber) &&
    optional(v.top_p, isNumber) &&
    optional(v.max_tokens, (n) => isInt(n) && (n as number) > 0) &&
    optional(v.seed, isInt)
  );
}

function isMessage(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.role === 'string' &&
    ROLES.has(v.role) &&
    (v.content === undefined || v.content === null || typeof v.content === 'string' || (Array.isArray(v.content) && all(v.content, isContentPart))) &&
    optional(v.name, isString) &&
    optional(v.tool_calls, (c) => Array.isArray(c) && all(c, isToolCall)) &&
    optional(v.tool_call_id, isString)
  );
}

const isContentPart = (v: unknown) => isObject(v) && typeof v.type === 'string' && optional(v.text, isString);

const TOOL_CALL_KEYS = new Set(['id', 'type', 'function']);
const FUNCTION_KEYS = new Set(['name', 'arguments']);

/** `type` must be there: the schema would fill it in. */
function isToolCall(v: unknown): boolean {
  if (!isObject(v) || !onlyKeys(v, TOOL_CALL_KEYS) || typeof v.id !== 'string' || v.type !== 'function') return false;
  const f = v.function;
  return isObject(f) && onlyKeys(f, FUNCTION_KEYS) && typeof f.name === 'string' && typeof f.arguments === 'string';
}

const USAGE_KEYS = new Set(['prompt_tokens', 'completion_tokens', 'total_tokens', 'prompt_tokens_details', 'completion_tokens_details']);

/** `{<key>: count}` with nothing else (the schema strips other keys and drops a malformed count). */
const detailsOf = (key: string) => {
  const keys = new Set([key]);
  return (d: unknown) => isObject(d) && onlyKeys(d, keys) && optional(d[key], count);
};
const isPromptDetails = detailsOf('cached_tokens');
const isCompletionDetails = detailsOf('reasoning_tokens');

function isResponse(v: unknown): boolean {
  if (!isObject(v) || !optional(v.id, isString) || !optional(v.model, isString)) return false;
  if (!Array.isArray(v.choices) || v.choices.length === 0 || !all(v.choices, isChoice)) return false;
  const u = v.usage;
  return (
    u === undefined ||
    (isObject(u) &&
      onlyKeys(u, USAGE_KEYS) &&
      count(u.prompt_tokens) &&
      count(u.completion_tokens) &&
      optional(u.total_tokens, count) &&
      optional(u.prompt_tokens_details, isPromptDetails) &&
      optional(u.completion_tokens_details, isCompletionDetails))
  );
}

const isChoice = (v: unknown) =>
  isObject(v) && optional(v.index, isInt) && isMessage(v.message) && (v.finish_reason === undefined || v.finish_reason === null || typeof v.finish_reason === 'string');

const CONTEXT_KEYS = new Set(['documents']);
const DOCUMENT_KEYS = new Set(['id', 'title', 'text']);

function isContext(v: unknown): boolean {
  return isObject(v) && onlyKeys(v, CONTEXT_KEYS) && Array.isArray(v.documents) && all(v.documents, isDocument);
}

const isDocument = (v: unknown) => isObject(v) && onlyKeys(v, DOCUMENT_KEYS) && nonEmpty(v.id) && optional(v.title, isString) && typeof v.text === 'string';

/** Required here: the schema's default ({}) would make a new object. */
function isMetadata(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (!optional(v.slice, nonEmpty) || !optional(v.route, isString) || !optional(v.session_id, isString) || !optional(v.user_id, isString)) return false;
  const s = v.signals;
  return s === undefined || (isObject(s) && optional(s.user_retry, isBoolean) && optional(s.thumbs_down, isBoolean) && optional(s.policy_flag, isBoolean));
}

const SEVERITIES = new Set(['low', 'medium', 'high']);
const CATEGORIES = new Set<string>(failureCategories);
const LEAK_KINDS = new Set<string>(leakKinds);
const COMMON_KEYS = ['type', 'name', 'severity', 'category'];
/** Per scorer type: its own keys and their checks (the common ones are checked for all). */
const SPEC_FIELDS: Record<string, Record<string, (v: unknown) => boolean>> = {
  contains: { value: nonEmpty, case_sensitive: isBoolean },
  not_contains: { value: nonEmpty, case_sensitive: isBoolean },
  regex: { pattern: nonEmpty, flags: isString },
  citations: { required: isBoolean },
  abstain: {},
  refuse: {},
  no_refusal: {},
  pii_leak: { kinds: (v) => Array.isArray(v) && v.length > 0 && v.every((k) => LEAK_KINDS.has(k as string)) },
};
const REQUIRED_FIELDS: Record<string, string[]> = { contains: ['value'], not_contains: ['value'], regex: ['pattern'] };
const SPEC_KEYS = Object.fromEntries(Object.entries(SPEC_FIELDS).map(([t, f]) => [t, new Set([...COMMON_KEYS, ...Object.keys(f)])]));

function isScorerSpec(v: unknown): boolean {
  if (!isObject(v) || typeof v.type !== 'string' || !Object.hasOwn(SPEC_FIELDS, v.type)) return false;
  const fields = SPEC_FIELDS[v.type]!;
  if (!onlyKeys(v, SPEC_KEYS[v.type]!)) return false;
  if (!optional(v.name, isString) || !optional(v.severity, (s) => SEVERITIES.has(s as string)) || !optional(v.category, (c) => CATEGORIES.has(c as string))) return false;
  for (const k of REQUIRED_FIELDS[v.type] ?? []) if (v[k] === undefined) return false;
  for (const k in fields) if (!optional(v[k], fields[k]!)) return false;
  return true;
}
