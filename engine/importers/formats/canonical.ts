import { CAPTURE_SCHEMA, finishSample } from './finish-sample.js';
import type { FormatMapper } from './format.js';
import { fail, isRecord, jsonType } from './json-values.js';


/**
 * Canonical captures: `id`, `timestamp` and `request.messages`, and a response (if any) in canonical chat form. A
 * record without our `schema` tag whose response is a raw provider body (`object` or `type`, a stream of chunks) is
 * left to that provider's mapper, which also keeps the canonical extras and understands the provider-only fields.
 */
function detect(record: unknown): boolean {
  if (!isRecord(record) || typeof record.id !== 'string' || typeof record.timestamp !== 'string') return false;
  if (!isRecord(record.request) || !Array.isArray(record.request.messages)) return false;
  if (record.schema === CAPTURE_SCHEMA) return true;
  const response = record.response;
  if (response === undefined || response === null) return true;
  return isRecord(response) && Array.isArray(response.choices) && response.object === undefined && response.type === undefined;
}

/** The canonical capture format: validated by the schema, nothing to translate. */
export const canonicalMapper: FormatMapper = {
  format: 'canonical',
  detect,
  map(record) {
    if (!isRecord(record)) fail('(root)', `expected a capture object, got ${jsonType(record)}`);
    // Untagged lines get the tag, without touching the caller's object.
    return { samples: [finishSample(record.schema === undefined ? { schema: CAPTURE_SCHEMA, ...record } : record)], skipped: 0 };
  },
};
