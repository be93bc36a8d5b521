/**
 * Slice paths pick a value out of a sample: `metadata.route`, `metadata.tags[0]`,
 * `metadata.attributes["app.route"]` (brackets for keys that contain dots).
 */
export type PathStep = string | number;

/** Parses a slice path; throws with the position of the first problem. */
export function parseSlicePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const re = /\s*(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'([^']*)'\s*\])/y;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    const m = re.exec(path);
    if (!m || m[0].length === 0) throw new Error(`invalid slice path "${path}" at character ${pos + 1}`);
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else if (m[3] !== undefined) steps.push(JSON.parse(`"${m[3]}"`) as string);
    else steps.push(m[4]!);
    pos = re.lastIndex;
  }
  if (steps.length === 0) throw new Error('empty slice path');
  return steps;
}

/** The value at a parsed path as a non-empty string, or null. */
export function valueAtPath(value: unknown, steps: readonly PathStep[]): string | null {
  let cur: unknown = value;
  for (const s of steps) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  if (typeof cur === 'string') return cur.trim() === '' ? null : cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return null;
}

/** Finds a sample's slice: the first path with a value, renamed through the map. */
export function sliceOf(sample: unknown, paths: readonly PathStep[][], map: Readonly<Record<string, string>>): string | null {
  for (const p of paths) {
    const v = valueAtPath(sample, p);
    if (v !== null) return map[v] ?? v;
  }
  return null;
}
