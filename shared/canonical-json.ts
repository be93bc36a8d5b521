/**
 * Where the canonical walk writes: punctuation, keys, numbers and literals are appended to `text`; every string
 * value goes through `string`, which appends its JSON form (a sink may take long ones another way, as the
 * engine's hashers copy recurring long strings from remembered UTF-8).
 */
export interface CanonicalJsonSink {
  text: string;
  string(s: string): void;
}

/**
 * Canonical JSON (RFC 8785 style): object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form. Used for fingerprints and for the signed report bytes.
 * Written as one string-building pass without intermediate arrays: it runs on every imported sample.
 */
export function canonicalJson(value: unknown): string {
  const sink: CanonicalJsonSink = {
    text: '',
    string(str) {
      this.text += JSON.stringify(str);
    },
  };
  writeCanonicalJson(value, sink);
  return sink.text;
}

/** The canonical walk itself, writing into `sink`; `path` only names where it failed. */
export function writeCanonicalJson(value: unknown, sink: CanonicalJsonSink, path = '$'): void {
  if (typeof value === 'string') {
    sink.string(value);
  } else if (value === null) {
    sink.text += 'null';
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
    sink.text += String(value);
  } else if (typeof value === 'boolean') {
    sink.text += value ? 'true' : 'false';
  } else if (Array.isArray(value)) {
    sink.text += '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) sink.text += ',';
      const item: unknown = value[i];
      writeCanonicalJson(item === undefined ? null : item, sink, path);
    }
    sink.text += ']';
  } else if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    sink.text += '{';
    let first = true;
    for (const k of sortedKeys(obj)) {
      const item = obj[k];
      if (item === undefined) continue;
      if (!first) sink.text += ',';
      first = false;
      sink.text += `${JSON.stringify(k)}:`;
      writeCanonicalJson(item, sink, path);
    }
    sink.text += '}';
  } else {
    throw new TypeError(`canonicalJson: cannot serialize ${typeof value} at ${path}`);
  }
}

/**
 * `Object.keys(obj).sort()`: the same order (UTF-16 code units). Most objects have a handful of keys, sorted here
 * in place by insertion; Array#sort copied every key array into a work array first, and on a replay's hot path
 * (a cache key per call) those copies were a twelfth of everything it allocated.
 */
export function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
