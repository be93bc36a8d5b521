import { isRecord } from './json-values.js';

/** A trace score as kept in sample metadata. */
export interface ScoreSummary {
  name: string;
  value: unknown;
  comment?: string;
}

/** The scores that apply to one observation: trace-level ones and those aimed at that observation. */
export function scoresFor(scores: readonly unknown[], observationId: string): ScoreSummary[] {
  const out: ScoreSummary[] = [];
  for (const score of scores) {
    if (!isRecord(score) || typeof score.name !== 'string') continue;
    const target = score.observationId;
    if (typeof target === 'string' && target !== '' && target !== observationId) continue;
    const summary: ScoreSummary = { name: score.name, value: score.value ?? score.stringValue ?? null };
    if (typeof score.comment === 'string' && score.comment !== '') summary.comment = score.comment;
    out.push(summary);
  }
  return out;
}

/**
 * The thumbs_down signal from user-feedback scores: a score named like feedback/thumbs is negative when its value
 * is 0/false (a "…down" score is negative when 1/true). Undefined when no feedback score exists.
 */
export function thumbsDown(scores: readonly ScoreSummary[]): boolean | undefined {
  let result: boolean | undefined;
  for (const score of scores) {
    const name = score.name.toLowerCase();
    if (!name.includes('feedback') && !name.includes('thumb')) continue;
    const positive = truthy(score.value);
    if (positive === undefined) continue;
    const down = name.includes('down') ? positive : !positive;
    result = result === true || down;
  }
  return result;
}

function truthy(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 0 ? false : value === 1 ? true : value > 0;
  if (typeof value !== 'string') return undefined;
  const text = value.toLowerCase();
  if (text === 'true' || text === '1' || text === 'up' || text === 'positive') return true;
  if (text === 'false' || text === '0' || text === 'down' || text === 'negative') return false;
  return undefined;
}

