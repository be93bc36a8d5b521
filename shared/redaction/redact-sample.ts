import type { TrafficSample } from '../domain/capture.js';
import type { PlaceholderScope } from './placeholder-scope.js';
import { looksLikeJson, redactJsonTokens } from './redact-json.js';
import type { TextEngine } from './text-engine.js';

type JsonObject = Record<string, unknown>;

/** The two engines a sample walk uses: everything, and the identity subset for `user_id`-like fields. */
export interface SampleEngines {
  full: TextEngine;
  /** E-mail and phone only: what makes an id itself personal data, without eating opaque numeric ids. */
  identity: TextEngine;
}

// Fields kept verbatim: ids and settings the pipeline needs, written by the application, not by a person
// or a model. Every field not listed (including unknown ones on the loose objects) is redacted.
const SAMPLE_KEEP = new Set(['schema', 'id', 'timestamp', 'latency_ms', 'cost_usd']);
const REQUEST_KEEP = new Set(['model', 'tools', 'tool_choice', 'response_format', 'functions', 'function_call', 'parallel_tool_calls', 'service_tier', 'reasoning_effort', 'modalities']);
const RESPONSE_KEEP = new Set(['id', 'model', 'object', 'created', 'system_fingerprint', 'service_tier', 'usage']);
const CHOICE_KEEP = new Set(['index', 'finish_reason']);
const MESSAGE_KEEP = new Set(['role', 'tool_call_id']);
// Content parts: `type` is structure; images, audio and files are payloads (URLs, base64), not text.
const PART_KEEP = new Set(['type', 'image_url', 'input_audio', 'file']);
const TOOL_CALL_KEEP = new Set(['id', 'type', 'index']);
const DOCUMENT_KEEP = new Set(['id']);
const METADATA_KEEP = new Set(['slice', 'route', 'session_id']);
// Ids that are kept unless they are themselves an e-mail address or a phone number.
const METADATA_IDENTITY = new Set(['user_id']);
const REQUEST_IDENTITY = new Set(['user']);

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own property, also for "__proto__" (plain assignment would change the prototype instead). */
function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A deep copy of JSON-like data, so the result shares no object with the input. */
function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setOwn(out, k, clone(v[k]));
    return out;
  }
  return v;
}

/**
 * Walks one sample in a fixed order with one scope. The order decides placeholder numbers: request
 * messages first (so the redacted request, which import de-duplicates on, depends on the request only),
 * then the rest of the request, response, context documents, metadata, expectations. Within an object,
 * named fields come first and the others follow in sorted key order, never in insertion order.
 */
class SampleWalker {
  constructor(
    private readonly engines: SampleEngines,
    private readonly scope: PlaceholderScope,
  ) {}

  /** Free text: JSON-aware when it looks like JSON (tool arguments, tool results, JSON-mode answers). */
  readonly text = (s: string): string => {
    if (looksLikeJson(s)) {
      const r = redactJsonTokens(s, this.text, this.plain);
      if (r !== null) return r;
    }
    return this.plain(s);
  };

  private readonly plain = (s: string): string => this.engines.full.redact(s, this.scope);

  private identity(v: unknown): unknown {
    return typeof v === 'string' ? this.engines.identity.redact(v, this.scope) : this.deep(v);
  }

  /** Rebuilds `obj` in its own key order, computing `first` fields first, then the rest in sorted order. */
  private rebuild(obj: JsonObject, first: readonly string[], valueOf: (key: string, value: unknown) => unknown): JsonObject {
    const keys = Object.keys(obj);
    const values: unknown[] = new Array<unknown>(keys.length);
    const rest: number[] = [];
    for (const k of first) {
      const i = keys.indexOf(k);
      if (i !== -1) values[i] = valueOf(k, obj[k]);
    }
    for (let i = 0; i < keys.length; i++) if (!first.includes(keys[i]!)) rest.push(i);
    if (rest.length > 1) rest.sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
    for (const i of rest) values[i] = valueOf(keys[i]!, obj[keys[i]!]);
    const out: JsonObject = {};
    for (let i = 0; i < keys.length; i++) setOwn(out, keys[i]!, values[i]);
    return out;
  }

  /** Redacts every string in unknown data, object keys included (a map keyed by e-mail is still PII). */
  deep(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.deep(x));
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    const entries = new Map<string, [string, unknown]>();
    for (const k of [...keys].sort()) entries.set(k, [this.text(k), this.deep(v[k])]);
    const out: JsonObject = {};
    // Two keys can collapse into one placeholder ("A@x.com", "a@x.com"); the later one wins, like JSON.parse.
    for (const k of keys) {
      const [key, value] = entries.get(k)!;
      setOwn(out, key, value);
    }
    return out;
  }

  sample(s: JsonObject): JsonObject {
    return this.rebuild(s, ['request', 'response', 'context', 'metadata', 'expectations'], (k, v) => {
      switch (k) {
        case 'request':
          return isObject(v) ? this.request(v) : this.deep(v);
        case 'response':
          return isObject(v) ? this.response(v) : this.deep(v);
        case 'context':
          return isObject(v) ? this.context(v) : this.deep(v);
        case 'metadata':
          return isObject(v) ? this.metadata(v) : this.deep(v);
        case 'expectations':
          return Array.isArray(v) ? v.map((e) => (isObject(e) ? this.expectation(e) : clone(e))) : clone(v);
        default:
          return SAMPLE_KEEP.has(k) ? clone(v) : this.deep(v);
      }
    });
  }

  private request(r: JsonObject): JsonObject {
    return this.rebuild(r, ['messages'], (k, v) => {
      if (k === 'messages') return Array.isArray(v) ? v.map((m) => (isObject(m) ? this.message(m) : this.deep(m))) : this.deep(v);
      if (REQUEST_KEEP.has(k)) return clone(v);
      return REQUEST_IDENTITY.has(k) ? this.identity(v) : this.deep(v);
    });
  }

  private response(r: JsonObject): JsonObject {
    return this.rebuild(r, ['choices'], (k, v) => {
      if (k === 'choices') return Array.isArray(v) ? v.map((c) => (isObject(c) ? this.choice(c) : this.deep(c))) : this.deep(v);
      return RESPONSE_KEEP.has(k) ? clone(v) : this.deep(v);
    });
  }

  private choice(c: JsonObject): JsonObject {
    return this.rebuild(c, ['message'], (k, v) => {
      if (k === 'message') return isObject(v) ? this.message(v) : this.deep(v);
      // Log-probabilities spell the answer token by token: a card number split over ten tokens cannot be
      // detected, so they are dropped rather than stored.
      if (k === 'logprobs') return v === undefined ? undefined : null;
      return CHOICE_KEEP.has(k) ? clone(v) : this.deep(v);
    });
  }

  private message(m: JsonObject): JsonObject {
    return this.rebuild(m, ['content', 'tool_calls', 'function_call'], (k, v) => {
      switch (k) {
        case 'content':
          if (typeof v === 'string') return this.text(v);
          return Array.isArray(v) ? v.map((p) => (isObject(p) ? this.part(p) : this.deep(p))) : clone(v);
        case 'tool_calls':
          return Array.isArray(v) ? v.map((t) => (isObject(t) ? this.toolCall(t) : this.deep(t))) : this.deep(v);
        case 'function_call':
          return isObject(v) ? this.fn(v) : this.deep(v);
        case 'audio':
          // Keep the audio payload and id; the transcript is text the model wrote.
          return isObject(v) ? this.rebuild(v, ['transcript'], (ak, av) => (ak === 'transcript' ? this.deep(av) : clone(av))) : this.deep(v);
        default:
          return MESSAGE_KEEP.has(k) ? clone(v) : this.deep(v);
      }
    });
  }

  private part(p: JsonObject): JsonObject {
    return this.rebuild(p, ['text'], (k, v) => (PART_KEEP.has(k) ? clone(v) : this.deep(v)));
  }

  private toolCall(t: JsonObject): JsonObject {
    return this.rebuild(t, ['function'], (k, v) => {
      if (k === 'function') return isObject(v) ? this.fn(v) : this.deep(v);
      return TOOL_CALL_KEEP.has(k) ? clone(v) : this.deep(v);
    });
  }

  /** `{name, arguments}`: the name is the tool's, the arguments are what the model wrote. */
  private fn(f: JsonObject): JsonObject {
    return this.rebuild(f, ['arguments'], (k, v) => (k === 'name' ? clone(v) : this.deep(v)));
  }

  private context(c: JsonObject): JsonObject {
    return this.rebuild(c, ['documents'], (k, v) => {
      if (k !== 'documents' || !Array.isArray(v)) return this.deep(v);
      return v.map((d) => (isObject(d) ? this.rebuild(d, ['title', 'text'], (dk, dv) => (DOCUMENT_KEEP.has(dk) ? clone(dv) : this.deep(dv))) : this.deep(d)));
    });
  }

  private metadata(m: JsonObject): JsonObject {
    return this.rebuild(m, [], (k, v) => {
      if (METADATA_KEEP.has(k)) return clone(v);
      return METADATA_IDENTITY.has(k) ? this.identity(v) : this.deep(v);
    });
  }

  /** Reviewer labels quote the conversation: `contains` values are redacted like it, so they still match. */
  private expectation(e: JsonObject): JsonObject {
    const quotes = e.type === 'contains' || e.type === 'not_contains';
    return this.rebuild(e, [], (k, v) => (quotes && k === 'value' ? this.deep(v) : clone(v)));
  }
}

/** Redacts every person- or model-written string of a sample in one scope; returns a new sample. */
export function redactSampleIn(sample: TrafficSample, engines: SampleEngines, scope: PlaceholderScope): TrafficSample {
  // The walk rebuilds every object with the same keys and value types, so the shape is the input's.
  return new SampleWalker(engines, scope).sample(sample as unknown as JsonObject) as unknown as TrafficSample;
}
