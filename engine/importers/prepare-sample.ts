import { canonicalJson } from '../../shared/canonical-json.js';
import type { TrafficSample } from '../../shared/domain/capture.js';
import type { Redactor } from '../../shared/redaction/index.js';
import { sliceOf, type PathStep } from '../../shared/slice-path.js';
import { sha256Hex } from '../hashing.js';

/** A sample ready to store: redacted, sliced, fingerprinted and serialised once. */
export interface PreparedSample {
  sample: TrafficSample;
  slice: string | null;
  fingerprint: string;
  json: string;
  redactions: Record<string, number>;
}

/** The request fields that define "the same call": what de-duplication compares (after redaction). */
export function requestFingerprint(sample: TrafficSample): string {
  const { model, messages, tools } = sample.request;
  return sha256Hex(canonicalJson({ model, messages, tools: tools ?? null }));
}

/** Applies the slice rules, then redaction (before anything is stored), then fingerprints the request. */
export function prepareSample(
  raw: TrafficSample,
  rules: { slicePaths: readonly PathStep[][]; sliceMap: Readonly<Record<string, string>> },
  redactor: Redactor | null,
): PreparedSample {
  const slice = sliceOf(raw, rules.slicePaths, rules.sliceMap);
  let sample: TrafficSample = slice !== null && raw.metadata.slice !== slice ? { ...raw, metadata: { ...raw.metadata, slice } } : raw;
  let redactions: Record<string, number> = {};
  if (redactor) {
    const r = redactor.redactSample(sample);
    sample = r.sample;
    redactions = r.counts;
  }
  return { sample, slice, fingerprint: requestFingerprint(sample), json: JSON.stringify(sample), redactions };
}
