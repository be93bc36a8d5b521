import type { ScorerSpecOf } from '../domain/scorer-spec.js';
import { quoted, quotedList, type Verdict } from './reason.js';

/** Where the value occurs in the text (case-insensitively unless asked), or -1. */
function indexOfValue(text: string, value: string, caseSensitive: boolean | undefined): number {
  return caseSensitive ? text.indexOf(value) : text.toLowerCase().indexOf(value.toLowerCase());
}

/** equals: the whole answer is the value (trimmed at both ends unless `trim: false`; case-insensitive unless asked). */
export function scoreEquals(spec: ScorerSpecOf<'equals'>, text: string): Verdict {
  const answer = spec.trim === false ? text : text.trim();
  const value = spec.trim === false ? spec.value : spec.value.trim();
  const passed = spec.case_sensitive ? answer === value : answer.toLowerCase() === value.toLowerCase();
  return passed ? { passed, detail: `equals ${quoted(answer)}` } : { passed, detail: `expected ${quoted(value)}, got ${quoted(answer)}` };
}

/** starts_with: the answer (ignoring leading white space) begins with the value. */
export function scoreStartsWith(spec: ScorerSpecOf<'starts_with'>, text: string): Verdict {
  const answer = text.trimStart();
  const head = answer.slice(0, spec.value.length);
  const passed = spec.case_sensitive ? head === spec.value : head.toLowerCase() === spec.value.toLowerCase();
  return passed ? { passed, detail: `starts with ${quoted(head)}` } : { passed, detail: `starts with ${quoted(answer.slice(0, Math.max(spec.value.length, 20)))}, not ${quoted(spec.value)}` };
}

/** contains: the value occurs in the answer. */
export function scoreContains(spec: ScorerSpecOf<'contains'>, text: string): Verdict {
  const at = indexOfValue(text, spec.value, spec.case_sensitive);
  const passed = at >= 0;
  return { passed, detail: passed ? `contains ${quoted(text.slice(at, at + spec.value.length))}` : `missing ${quoted(spec.value)}` };
}

/** not_contains: the value does not occur in the answer. */
export function scoreNotContains(spec: ScorerSpecOf<'not_contains'>, text: string): Verdict {
  const at = indexOfValue(text, spec.value, spec.case_sensitive);
  const passed = at < 0;
  // The forbidden text as the answer wrote it (its case may differ from the expectation's).
  return { passed, detail: passed ? `does not contain ${quoted(spec.value)}` : `contains forbidden ${quoted(text.slice(at, at + spec.value.length))} at character ${at + 1}` };
}

/** contains_any / contains_all: which of the values occur; `value` is how many do. */
export function scoreContainsSome(spec: ScorerSpecOf<'contains_any'> | ScorerSpecOf<'contains_all'>, text: string): Verdict {
  const found: string[] = [];
  const missing: string[] = [];
  for (const v of spec.values) {
    const at = indexOfValue(text, v, spec.case_sensitive);
    if (at >= 0) found.push(text.slice(at, at + v.length));
    else missing.push(v);
  }
  const of = `${found.length} of ${spec.values.length}`;
  if (spec.type === 'contains_any') {
    return found.length > 0
      ? { passed: true, detail: `contains ${quotedList(found)} (${of})`, value: found.length }
      : { passed: false, detail: `contains none of ${quotedList(spec.values)}`, value: 0 };
  }
  return missing.length === 0
    ? { passed: true, detail: `contains all ${spec.values.length}: ${quotedList(found)}`, value: found.length }
    : { passed: false, detail: `missing ${quotedList(missing)} (${of} found)`, value: found.length };
}

// Compiled once per (pattern, flags): a suite applies the same few patterns to every output.
const regexCache = new Map<string, RegExp>();
const MAX_REGEXES = 1000;

/** The compiled regex of an expectation; throws the engine's SyntaxError for a bad pattern. */
export function compiledRegex(pattern: string, flags: string | undefined): RegExp {
  const key = `${flags ?? ''}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(pattern, flags ?? '');
    if (regexCache.size >= MAX_REGEXES) regexCache.delete(regexCache.keys().next().value!);
    regexCache.set(key, re);
  }
  // A cached g/y regex keeps its position between outputs: always search from the start.
  re.lastIndex = 0;
  return re;
}

/** regex: the pattern matches somewhere in the answer. */
export function scoreRegex(spec: ScorerSpecOf<'regex'>, text: string): Verdict {
  const pattern = `/${spec.pattern}/${spec.flags ?? ''}`;
  let re: RegExp;
  try {
    re = compiledRegex(spec.pattern, spec.flags);
  } catch (err) {
    const why = `invalid regular expression ${pattern}: ${(err as Error).message}`;
    return { passed: false, detail: why, error: why };
  }
  const m = re.exec(text);
  return m ? { passed: true, detail: `matched ${quoted(m[0])} with ${pattern}` } : { passed: false, detail: `no match for ${pattern}` };
}

/** Words are runs of non-space characters. */
function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0x3000;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** Characters are Unicode code points (an emoji is one), not UTF-16 units. */
function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** The bounds of one unit as a reason names them ("20–100 words", "at most 2000 characters"). */
function bounds(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return `${min}–${max} ${unit}`;
  return min !== undefined ? `at least ${min} ${unit}` : `at most ${max} ${unit}`;
}

/** length: the answer's length in characters and/or words is within the bounds; `value` is the first bounded count. */
export function scoreLength(spec: ScorerSpecOf<'length'>, text: string): Verdict {
  const checks: { count: number; min: number | undefined; max: number | undefined; unit: string }[] = [];
  if (spec.min_chars !== undefined || spec.max_chars !== undefined) checks.push({ count: charCount(text), min: spec.min_chars, max: spec.max_chars, unit: 'characters' });
  if (spec.min_words !== undefined || spec.max_words !== undefined) checks.push({ count: wordCount(text), min: spec.min_words, max: spec.max_words, unit: 'words' });
  if (checks.length === 0) {
    const why = 'no bound given (min_chars, max_chars, min_words or max_words)';
    return { passed: false, detail: why, error: why };
  }
  const parts: string[] = [];
  let passed = true;
  for (const c of checks) {
    const ok = (c.min === undefined || c.count >= c.min) && (c.max === undefined || c.count <= c.max);
    passed &&= ok;
    parts.push(`${c.count} ${c.unit} (${ok ? 'within' : 'outside'} ${bounds(c.min, c.max, c.unit)})`);
  }
  const head = text.length > 0 ? `: ${quoted(text)}` : '';
  return { passed, detail: `${parts.join(', ')}${passed ? '' : head}`, value: checks[0]!.count };
}
