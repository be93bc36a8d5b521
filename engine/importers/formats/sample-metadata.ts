import { idString, isRecord, setOwn, type JsonRecord } from './json-values.js';

const identityKeys = ['route', 'session_id', 'user_id'] as const;
const signalKeys = ['user_retry', 'thumbs_down', 'policy_flag'] as const;

/**
 * A copy of a source's metadata that fits the canonical metadata schema: the typed keys (slice, route, session_id,
 * user_id, signals) are coerced or dropped when they cannot be, because one odd logged field must not reject a
 * whole capture; every other key is kept as it came.
 */
export function cleanMetadata(...sources: unknown[]): JsonRecord {
  const out: JsonRecord = {};
  for (const source of sources) {
    if (!isRecord(source)) continue;
    for (const key of Object.keys(source)) setOwn(out, key, source[key]);
  }
  const slice = out.slice;
  if (slice !== undefined && (typeof slice !== 'string' || slice === '')) delete out.slice;
  for (const key of identityKeys) {
    const value = out[key];
    if (value === undefined || typeof value === 'string') continue;
    const id = idString(value);
    if (id === undefined) delete out[key];
    else out[key] = id;
  }
  if (out.signals !== undefined) {
    if (!isRecord(out.signals)) delete out.signals;
    else {
      const signals: JsonRecord = { ...out.signals };
      for (const key of signalKeys) if (signals[key] !== undefined && typeof signals[key] !== 'boolean') delete signals[key];
      out.signals = signals;
    }
  }
  return out;
}

/** Sets a metadata key only when the value is a non-empty string and the key is not already set by the source. */
export function setDefaultString(metadata: JsonRecord, key: string, value: unknown): void {
  if (metadata[key] === undefined && typeof value === 'string' && value !== '') metadata[key] = value;
}
