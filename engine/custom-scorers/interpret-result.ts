// Turns what a scorer module returned into a verdict, by the contract of shared/scorers/custom-scorer-api.ts.

/** The pass marks a numeric score is judged against. */
export interface ScoreBounds {
  min_score?: number | undefined;
  max_score?: number | undefined;
  /** The module's exported `threshold`, as it was exported (checked here). */
  threshold?: unknown;
}

export type Interpretation = { passed: boolean; value?: number; detail: string } | { error: string };

const RESULT_KEYS = new Set(['pass', 'score', 'reason']);
const SHAPE = 'expected true/false, a number, or { pass?, score?, reason? }';

/** How a returned value is named in an error: its type and a short piece of it. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

/** Whether a number lies within the bounds set, and how that reads. */
function judgeNumber(value: number, bounds: ScoreBounds): { passed: boolean; rule: string } | { error: string } {
  const { min_score: min, max_score: max } = bounds;
  if (min !== undefined || max !== undefined) {
    const passed = (min === undefined || value >= min) && (max === undefined || value <= max);
    const rule = min !== undefined && max !== undefined ? `in [${min}, ${max}]` : min !== undefined ? `>= min_score ${min}` : `<= max_score ${max}`;
    return { passed, rule: `${passed ? '' : 'not '}${rule}` };
  }
  const t = bounds.threshold;
  if (t === undefined) return { error: `returned the score ${value}, but neither the expectation (min_score/max_score) nor the module (export const threshold) sets a pass mark` };
  if (typeof t !== 'number' || !Number.isFinite(t)) return { error: `exports a threshold that is not a finite number (${describe(t)})` };
  const passed = value >= t;
  return { passed, rule: `${passed ? '>=' : '<'} the module's threshold ${t}` };
}

/** The verdict on one returned value, or why it is not one (the caller names the scorer and the case). */
export function interpretResult(result: unknown, bounds: ScoreBounds): Interpretation {
  if (typeof result === 'boolean') return { passed: result, detail: result ? 'passed' : 'failed' };
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) return { error: `returned ${describe(result)}; a score must be a finite number` };
    const j = judgeNumber(result, bounds);
    return 'error' in j ? j : { passed: j.passed, value: result, detail: `score ${result} ${j.rule}` };
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return { error: `returned ${describe(result)}; ${SHAPE}` };
  const extra = Object.keys(result).filter((k) => !RESULT_KEYS.has(k));
  if (extra.length > 0) return { error: `returned an object with unknown key(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}; ${SHAPE}` };
  const { pass, score, reason } = result as { pass?: unknown; score?: unknown; reason?: unknown };
  if (pass !== undefined && typeof pass !== 'boolean') return { error: `returned pass = ${describe(pass)}; pass must be true or false` };
  if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score))) return { error: `returned score = ${describe(score)}; score must be a finite number` };
  if (reason !== undefined && typeof reason !== 'string') return { error: `returned reason = ${describe(reason)}; reason must be a string` };
  if (pass === undefined && score === undefined) return { error: `returned an object with neither pass nor score; ${SHAPE}` };
  const because = reason ? `: ${reason}` : '';
  if (score !== undefined && (bounds.min_score !== undefined || bounds.max_score !== undefined || pass === undefined)) {
    const j = judgeNumber(score, bounds);
    return 'error' in j ? j : { passed: j.passed, value: score, detail: `score ${score} ${j.rule}${because}` };
  }
  const passed = pass as boolean;
  return score === undefined ? { passed, detail: `${passed ? 'passed' : 'failed'}${because}` } : { passed, value: score, detail: `${passed ? 'passed' : 'failed'} (score ${score})${because}` };
}
