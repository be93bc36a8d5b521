import { canonicalJson } from '../../shared/canonical-json.js';
import type { ChatMessage, TrafficSample } from '../../shared/domain/capture.js';
import type { Redactor } from '../../shared/redaction/index.js';
import { sliceOf, type PathStep } from '../../shared/slice-path.js';
import { sha256OfJson } from '../json-sha256.js';

/** A sample ready to store: redacted, sliced, fingerprinted and serialised once. */
export interface PreparedSample {
  sample: TrafficSample;
  slice: string | null;
  /** The request fingerprint: the first 16 bytes (128 bits) of its sha256. */
  fingerprint: Uint8Array;
  json: string;
  /** True when `json` is the record's own text (nothing changed it). */
  unchanged: boolean;
  redactions: Record<string, number>;
}

/** Tool-call arguments compared as JSON values (providers differ in spacing and key order), else as text. */
function normalArguments(args: string): string {
  try {
    return canonicalJson(JSON.parse(args));
  } catch {
    return args;
  }
}

const contentKey = (c: ChatMessage['content']) => (typeof c === 'string' || c === null || c === undefined ? (c ?? null) : canonicalJson(c));

/**
 * The request fields that define "the same call" — model, each message's role, content, name, tool calls and
 * the tools — as positional arrays, so the native JSON.stringify gives the same text for the same request
 * whatever key order the source used (this runs on every imported sample; `sha256OfJson` hashes that text
 * without building it). Tool-call arguments compare as JSON values. Tool-call ids are replaced by
 * their order of appearance: providers mint them per call (`call_…`, `toolu_…`), so they say nothing about
 * the request.
 */
export function requestFingerprint(sample: TrafficSample): Uint8Array {
  const { model, messages, tools } = sample.request;
  const ordinal = new Map<string, number>();
  const callRef = (id: string | undefined) => (id === undefined ? null : (ordinal.get(id) ?? id));
  const key = [
    model,
    messages.map((m) => {
      const calls = m.tool_calls?.map((t) => {
        if (!ordinal.has(t.id)) ordinal.set(t.id, ordinal.size);
        return [ordinal.get(t.id)!, t.function.name, normalArguments(t.function.arguments)];
      });
      return [m.role, contentKey(m.content), m.name ?? null, calls ?? null, callRef(m.tool_call_id)];
    }),
    tools ? canonicalJson(tools) : null,
  ];
  return sha256OfJson(key).subarray(0, 16);
}

/**
 * Applies the slice rules, then redaction (before anything is stored), then fingerprints the request.
 * `rawText` is the record's own JSON when it already is this sample: reused when nothing changed, to save
 * serialising it again.
 */
export function prepareSample(
  raw: TrafficSample,
  rules: { slicePaths: readonly PathStep[][]; sliceMap: Readonly<Record<string, string>> },
  redactor: Redactor | null,
  rawText?: string,
): PreparedSample {
  const slice = sliceOf(raw, rules.slicePaths, rules.sliceMap);
  const resliced = slice !== null && raw.metadata.slice !== slice;
  let sample: TrafficSample = resliced ? { ...raw, metadata: { ...raw.metadata, slice } } : raw;
  let redactions: Record<string, number> = {};
  if (redactor) {
    // Only read (fingerprinted and serialised): unchanged parts need not be copied.
    const r = redactor.redactSample(sample, { share: true });
    redactions = r.counts;
    if (Object.keys(redactions).length > 0) sample = r.sample;
  }
  const unchanged = sample === raw && rawText !== undefined;
  return { sample, slice, fingerprint: requestFingerprint(sample), json: unchanged ? rawText : JSON.stringify(sample), unchanged, redactions };
}
