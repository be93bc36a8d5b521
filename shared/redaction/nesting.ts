/**
 * The one nesting limit of captured records: objects and arrays inside one another, counted from the record's
 * root. Every recursive walk of a record (redaction, copies) stops here with NestingTooDeepError, and a record the
 * importer could not walk for its depth is measured against it, so a record is rejected by the same rule
 * whichever thread (and so whichever stack size) processes it. Real captures nest a few dozen levels.
 */
export const MAX_NESTING_DEPTH = 256;

/** A record nested deeper than MAX_NESTING_DEPTH. */
export class NestingTooDeepError extends Error {
  override name = 'NestingTooDeepError';
  constructor() {
    super(`nested deeper than ${MAX_NESTING_DEPTH} levels (objects and arrays within one another)`);
  }
}

/** True when a JSON-like value nests objects and arrays deeper than `limit`; iterative, so any depth is safe. */
export function nestsDeeperThan(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return false;
}
