import { fail, isRecord, jsonType, setOwn, type JsonRecord } from './json-values.js';

/**
 * The plain value of an OTLP/JSON AnyValue (`{stringValue}`, `{intValue}` as number or string, `{doubleValue}`,
 * `{boolValue}`, `{arrayValue: {values}}`, `{kvlistValue: {values: [{key, value}]}}`, `{bytesValue}`). int64 beyond
 * 2^53 stays text rather than silently losing digits; a value that is not a wrapper is taken as already plain.
 */
export function anyValue(value: unknown): unknown {
  if (!isRecord(value)) return value ?? null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return intValue(value.intValue);
  if (value.doubleValue !== undefined) return typeof value.doubleValue === 'string' ? Number(value.doubleValue) : value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) {
    const values = isRecord(value.arrayValue) ? value.arrayValue.values : undefined;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if (value.kvlistValue !== undefined) {
    const values = isRecord(value.kvlistValue) ? value.kvlistValue.values : undefined;
    const out: JsonRecord = {};
    if (Array.isArray(values)) for (const kv of values) if (isRecord(kv) && typeof kv.key === 'string') setOwn(out, kv.key, anyValue(kv.value));
    return out;
  }
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

function intValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/**
 * OTLP attributes (`[{key, value: AnyValue}]`) as a map of plain values. A plain `{key: value}` object is accepted
 * too, as some non-OTLP exporters write it.
 */
export function attributeMap(attributes: unknown, field: string): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (attributes === undefined || attributes === null) return map;
  if (Array.isArray(attributes)) {
    for (let i = 0; i < attributes.length; i++) {
      const kv = attributes[i];
      if (!isRecord(kv) || typeof kv.key !== 'string') return fail(`${field}.${i}`, 'expected an attribute {key, value}');
      map.set(kv.key, anyValue(kv.value));
    }
    return map;
  }
  if (!isRecord(attributes)) return fail(field, `expected an attribute list, got ${jsonType(attributes)}`);
  for (const key of Object.keys(attributes)) map.set(key, attributes[key]);
  return map;
}
