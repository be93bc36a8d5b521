import { CUSTOM_PRIORITY_BASE, isRedactionKind, type CustomPattern } from './kinds.js';
import type { Detector, Match, TextFeatures } from './detector.js';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ALLOWED_FLAGS = new Set(['d', 'g', 'i', 'm', 's', 'u', 'v']);
// Strings on which a pattern that can match the empty string almost always does ("", "\b", "x*", "(?=a)").
const EMPTY_PROBES = ['', ' ', 'a', 'A', '0', '_', 'a b', 'A1 b2.c_d-e@f', '\n', '<EMAIL_1>'];

/**
 * Finds a group quantified with `*`, `+` or `{n,}` that itself contains such a quantifier, like `(a+)+` or
 * `(\w+\s?)*`: the classic shape of catastrophic backtracking. A heuristic, not a proof of safety.
 */
function hasNestedUnboundedQuantifier(source: string): boolean {
  const stack: boolean[] = [false];
  let i = 0;
  const unboundedAt = (at: number): number => {
    const c = source[at];
    if (c === '*' || c === '+') return 1;
    if (c === '{') {
      const m = /^\{\d+,\}/.exec(source.slice(at));
      if (m) return m[0].length;
    }
    return 0;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      stack.push(false);
      i++;
    } else if (c === ')') {
      const inner = stack.length > 1 ? stack.pop()! : false;
      i++;
      if (unboundedAt(i) > 0) {
        if (inner) return true;
        stack[stack.length - 1] = true;
      } else if (inner) {
        stack[stack.length - 1] = true;
      }
    } else {
      const q = unboundedAt(i);
      if (q > 0) stack[stack.length - 1] = true;
      i += Math.max(q, 1);
    }
  }
  return false;
}

/** A compiled custom pattern: its placeholder label and a global regex. */
class CustomDetector implements Detector {
  constructor(
    readonly kind: string,
    readonly priority: number,
    private readonly re: RegExp,
  ) {}

  find(text: string, _features: TextFeatures, out: Match[]): void {
    const re = this.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        // Validation rejects patterns that match empty on the probes; this keeps the rest from looping.
        re.lastIndex = m.index + 1;
        continue;
      }
      out.push({ start: m.index, end: m.index + m[0].length, kind: this.kind, key: m[0], priority: this.priority });
    }
  }
}

/** Validates and compiles custom patterns; throws an Error naming the pattern and the problem. */
export function compileCustomPatterns(patterns: readonly CustomPattern[]): Detector[] {
  const seen = new Set<string>();
  return patterns.map((p, index) => {
    const what = `custom redaction pattern ${JSON.stringify(p?.name)}`;
    if (typeof p?.name !== 'string' || !NAME.test(p.name)) {
      throw new Error(`${what}: the name must start with a letter and use only letters, digits and "_" (it becomes the placeholder <NAME_n>)`);
    }
    const label = p.name.toUpperCase();
    if (isRedactionKind(label)) throw new Error(`${what}: ${label} is a built-in kind; choose another name`);
    if (seen.has(label)) throw new Error(`${what}: another custom pattern is also named ${label} (names are case-insensitive)`);
    seen.add(label);
    if (typeof p.pattern !== 'string' || p.pattern.length === 0) throw new Error(`${what}: the pattern is empty`);
    const given = p.flags ?? '';
    for (const f of given) {
      if (!ALLOWED_FLAGS.has(f)) throw new Error(`${what}: unsupported flag "${f}" (allowed: i, m, s, u, v)`);
    }
    if (new Set(given).size !== given.length) throw new Error(`${what}: repeated flag in "${given}"`);
    const flags = [...given].filter((f) => f !== 'g' && f !== 'd').join('') + 'g';
    let re: RegExp;
    try {
      re = new RegExp(p.pattern, flags);
    } catch (err) {
      throw new Error(`${what}: not a valid regular expression: ${(err as Error).message}`, { cause: err });
    }
    for (const probe of EMPTY_PROBES) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(probe)) !== null) {
        if (m[0].length === 0) {
          throw new Error(`${what}: the pattern matches the empty string (e.g. in ${JSON.stringify(probe)}); it must always match at least one character`);
        }
      }
    }
    if (hasNestedUnboundedQuantifier(p.pattern)) {
      throw new Error(`${what}: a repeated group contains an unbounded repetition (like (a+)+), which can backtrack for minutes on some inputs; bound one of them, e.g. {1,20}`);
    }
    return new CustomDetector(label, CUSTOM_PRIORITY_BASE + index, re);
  });
}
