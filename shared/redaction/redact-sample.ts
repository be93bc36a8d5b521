import type { TrafficSample } from '../domain/capture.js';
import { MAX_NESTING_DEPTH, NestingTooDeepError } from './nesting.js';
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

// Fields computed first (in this order) in each object; the others follow in sorted key order.
const NONE: readonly string[] = [];
const SAMPLE_FIRST = ['request', 'response', 'context', 'metadata', 'expectations'];
const REQUEST_FIRST = ['messages'];
const RESPONSE_FIRST = ['choices'];
const CHOICE_FIRST = ['message'];
const MESSAGE_FIRST = ['content', 'tool_calls', 'function_call'];
const PART_FIRST = ['text'];
const TOOL_CALL_FIRST = ['function'];
const FUNCTION_FIRST = ['arguments'];
const CONTEXT_FIRST = ['documents'];
const DOCUMENT_FIRST = ['title', 'text'];

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own property, also for "__proto__" (plain assignment would change the prototype instead). */
function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A deep copy of JSON-like data, so the result shares no object with the input; depth-limited like the walk. */
function clone(v: unknown, depth = 0): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= MAX_NESTING_DEPTH) throw new NestingTooDeepError();
  if (Array.isArray(v)) return v.map((x) => clone(x, depth + 1));
  const out: JsonObject = {};
  for (const k of Object.keys(v)) setOwn(out, k, clone((v as JsonObject)[k], depth + 1));
  return out;
}

type FieldHandler = (key: string, value: unknown, parent: JsonObject) => unknown;

/**
 * Walks one sample in a fixed order with one scope. The order decides placeholder numbers: request
 * messages first (so the redacted request, which import de-duplicates on, depends on the request only),
 * then the rest of the request, response, context documents, metadata, expectations. Within an object,
 * named fields come first and the others follow in sorted key order, never in insertion order.
 * One walker serves every sample of a redactor: the handlers are created once, not per object.
 */
export class SampleWalker {
  private scope: PlaceholderScope | null = null;
  /** Objects and arrays of unknown data the walk is inside (see MAX_NESTING_DEPTH). */
  private depth = 0;
  /** Unchanged parts of the input are returned as they are instead of as copies (see `redact`). */
  private share = false;

  constructor(private readonly engines: SampleEngines) {}

  /**
   * Redacts every person- or model-written string of a sample in `scope`; returns a new sample that shares no
   * object with the input. With `share`, objects and arrays in which nothing changed are the input's own (a sample
   * with nothing to redact comes back as the input itself): for a caller that only reads the result, such as the
   * importer, which serialises it once — copying every sample cost it more than the redaction of most of them.
   */
  redact(sample: TrafficSample, scope: PlaceholderScope, share = false): TrafficSample {
    this.scope = scope;
    this.share = share;
    try {
      // The walk rebuilds every object with the same keys and value types, so the shape is the input's.
      return this.rebuild(sample as unknown as JsonObject, SAMPLE_FIRST, this.sampleField) as unknown as TrafficSample;
    } finally {
      this.scope = null;
      this.share = false;
      this.depth = 0;
    }
  }

  /** A value kept verbatim: a copy, unless unchanged parts are shared. */
  private keep(v: unknown): unknown {
    return this.share ? v : clone(v, this.depth);
  }

  /** `f` over an array's elements: the array itself when sharing and no element changed. */
  private mapArray(v: unknown[], f: (x: unknown) => unknown): unknown[] {
    this.enter();
    let out: unknown[] | null = this.share ? null : new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const r = f(x);
      if (out === null) {
        if (r === x) continue;
        out = v.slice(0, i);
      }
      out[i] = r;
    }
    this.depth--;
    return out ?? v;
  }

  private get activeScope(): PlaceholderScope {
    if (this.scope === null) throw new Error('SampleWalker used outside redact()');
    return this.scope;
  }

  /** Free text: JSON-aware when it looks like JSON (tool arguments, tool results, JSON-mode answers). */
  private readonly text = (s: string): string => {
    if (looksLikeJson(s)) {
      const r = redactJsonTokens(s, this.text, this.plain);
      if (r !== null) return r;
    }
    return this.plain(s);
  };

  private readonly plain = (s: string): string => this.engines.full.redact(s, this.activeScope);

  private identity(v: unknown): unknown {
    return typeof v === 'string' ? this.engines.identity.redact(v, this.activeScope) : this.deep(v);
  }

  /**
   * Rebuilds `obj` in its own key order, computing `first` fields first, then the rest in sorted order.
   * Starts from a shallow spread (V8 copies same-shaped objects fast) and stores only changed values:
   * most strings come back unchanged, and every object value comes back as a fresh copy. When sharing, the
   * spread is made at the first changed value, and an object in which nothing changed is returned itself.
   */
  private rebuild(obj: JsonObject, first: readonly string[], valueOf: FieldHandler): JsonObject {
    this.enter();
    let out: JsonObject | null = this.share ? null : { ...obj };
    for (const k of first) {
      if (!Object.hasOwn(obj, k)) continue;
      const v = obj[k];
      const r = valueOf(k, v, obj);
      if (r !== v) (out ??= { ...obj })[k] = r;
    }
    const rest: string[] = [];
    for (const k of Object.keys(obj)) {
      if (first.includes(k)) continue;
      // Insertion sort: objects here have a handful of keys.
      let at = rest.length;
      rest.push(k);
      while (at > 0 && rest[at - 1]! > k) {
        rest[at] = rest[at - 1]!;
        at--;
      }
      rest[at] = k;
    }
    for (const k of rest) {
      const v = obj[k];
      const r = valueOf(k, v, obj);
      // An own "__proto__" key was copied by the spread as data, so plain assignment updates it.
      if (r !== v) (out ??= { ...obj })[k] = r;
    }
    this.depth--;
    return out ?? obj;
  }

  /** Each element: objects through `rebuild` with `handler`, anything else redacted as unknown data. */
  private each(v: unknown, first: readonly string[], handler: FieldHandler): unknown {
    if (!Array.isArray(v)) return this.deep(v);
    return this.mapArray(v, (x) => (isObject(x) ? this.rebuild(x, first, handler) : this.deep(x)));
  }

  /** Redacts every string in unknown data, object keys included (a map keyed by e-mail is still PII). */
  private deep(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return this.mapArray(v, (x) => this.deep(x));
    if (!isObject(v)) return v;
    this.enter();
    const r = this.deepObject(v);
    this.depth--;
    return r;
  }

  /**
   * One level deeper into the sample. Unknown data may nest without bound: every walk stops at the one limit
   * rather than at the end of the stack, counting from the sample's root as nestsDeeperThan does.
   */
  private enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) throw new NestingTooDeepError();
  }

  private deepObject(v: JsonObject): unknown {
    const keys = Object.keys(v);
    const entries = new Map<string, [string, unknown]>();
    let changed = !this.share;
    for (const k of [...keys].sort()) {
      const entry: [string, unknown] = [this.text(k), this.deep(v[k])];
      if (entry[0] !== k || entry[1] !== v[k]) changed = true;
      entries.set(k, entry);
    }
    if (!changed) return v;
    const out: JsonObject = {};
    // Two keys can collapse into one placeholder ("A@x.com", "a@x.com"); the later one wins, like JSON.parse.
    for (const k of keys) {
      const [key, value] = entries.get(k)!;
      setOwn(out, key, value);
    }
    return out;
  }

  private readonly sampleField: FieldHandler = (k, v) => {
    switch (k) {
      case 'request':
        return isObject(v) ? this.rebuild(v, REQUEST_FIRST, this.requestField) : this.deep(v);
      case 'response':
        return isObject(v) ? this.rebuild(v, RESPONSE_FIRST, this.responseField) : this.deep(v);
      case 'context':
        return isObject(v) ? this.rebuild(v, CONTEXT_FIRST, this.contextField) : this.deep(v);
      case 'metadata':
        return isObject(v) ? this.rebuild(v, NONE, this.metadataField) : this.deep(v);
      case 'expectations':
        return Array.isArray(v) ? this.mapArray(v, (e) => (isObject(e) ? this.rebuild(e, NONE, this.expectationField) : this.keep(e))) : this.keep(v);
      default:
        return SAMPLE_KEEP.has(k) ? this.keep(v) : this.deep(v);
    }
  };

  private readonly requestField: FieldHandler = (k, v) => {
    if (k === 'messages') return this.each(v, MESSAGE_FIRST, this.messageField);
    if (REQUEST_KEEP.has(k)) return this.keep(v);
    return REQUEST_IDENTITY.has(k) ? this.identity(v) : this.deep(v);
  };

  private readonly responseField: FieldHandler = (k, v) => {
    if (k !== 'choices') return RESPONSE_KEEP.has(k) ? this.keep(v) : this.deep(v);
    if (!Array.isArray(v)) return this.deep(v);
    return this.mapArray(v, (c) => {
      if (!isObject(c)) return this.deep(c);
      this.choiceMessageRedacted = false;
      return this.rebuild(c, CHOICE_FIRST, this.choiceField);
    });
  };

  /** Whether the message of the choice being rebuilt had something redacted (its `message` comes first). */
  private choiceMessageRedacted = false;

  private readonly choiceField: FieldHandler = (k, v) => {
    if (k === 'message') {
      const before = this.activeScope.replaced;
      const message = isObject(v) ? this.rebuild(v, MESSAGE_FIRST, this.messageField) : this.deep(v);
      this.choiceMessageRedacted = this.activeScope.replaced > before;
      return message;
    }
    // Log-probabilities spell the answer token by token, and a card number split over ten tokens cannot be
    // detected: when the answer needed redaction they are dropped, otherwise they hold nothing to redact.
    if (k === 'logprobs') return this.choiceMessageRedacted && v !== undefined ? null : this.keep(v);
    return CHOICE_KEEP.has(k) ? this.keep(v) : this.deep(v);
  };

  private readonly messageField: FieldHandler = (k, v) => {
    switch (k) {
      case 'content':
        if (typeof v === 'string') return this.text(v);
        return Array.isArray(v) ? this.each(v, PART_FIRST, this.partField) : this.keep(v);
      case 'tool_calls':
        return this.each(v, TOOL_CALL_FIRST, this.toolCallField);
      case 'function_call':
        return isObject(v) ? this.rebuild(v, FUNCTION_FIRST, this.functionField) : this.deep(v);
      case 'audio':
        // Keep the audio payload and id; the transcript is text the model wrote.
        return isObject(v) ? this.rebuild(v, NONE, this.audioField) : this.deep(v);
      default:
        return MESSAGE_KEEP.has(k) ? this.keep(v) : this.deep(v);
    }
  };

  private readonly partField: FieldHandler = (k, v) => (PART_KEEP.has(k) ? this.keep(v) : this.deep(v));

  private readonly audioField: FieldHandler = (k, v) => (k === 'transcript' ? this.deep(v) : this.keep(v));

  private readonly toolCallField: FieldHandler = (k, v) => {
    if (k === 'function') return isObject(v) ? this.rebuild(v, FUNCTION_FIRST, this.functionField) : this.deep(v);
    return TOOL_CALL_KEEP.has(k) ? this.keep(v) : this.deep(v);
  };

  /** `{name, arguments}`: the name is the tool's, the arguments are what the model wrote. */
  private readonly functionField: FieldHandler = (k, v) => (k === 'name' ? this.keep(v) : this.deep(v));

  private readonly contextField: FieldHandler = (k, v) => (k === 'documents' ? this.each(v, DOCUMENT_FIRST, this.documentField) : this.deep(v));

  private readonly documentField: FieldHandler = (k, v) => (DOCUMENT_KEEP.has(k) ? this.keep(v) : this.deep(v));

  private readonly metadataField: FieldHandler = (k, v) => {
    if (METADATA_KEEP.has(k)) return this.keep(v);
    return METADATA_IDENTITY.has(k) ? this.identity(v) : this.deep(v);
  };

  /** Reviewer labels quote the conversation: `contains` values are redacted like it, so they still match. */
  private readonly expectationField: FieldHandler = (k, v, e) => ((e.type === 'contains' || e.type === 'not_contains') && k === 'value' ? this.deep(v) : this.keep(v));
}
