import { z } from 'zod';
import type { JudgeScale } from './judge-prompt.js';

/** A parsed judge reply, or what was wrong with it (said back to the judge in the corrective retry). */
export type ParsedReply<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The grade a rubric judge gives. */
export interface RubricVerdict {
  score: number;
  reason: string;
}

/** The verdict of a pairwise judge, by position: A is the answer shown first. */
export interface PairwiseVerdict {
  winner: 'A' | 'B' | 'tie';
  reason: string;
}

/**
 * The JSON object of a reply: the whole text, or a ```json fence, or the outermost {…} in it — judges often wrap
 * their JSON in prose or a fence, and that is not worth a retry.
 */
function jsonObjectOf(text: string): ParsedReply<unknown> {
  const trimmed = text.trim();
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed)?.[1];
  const candidates = [trimmed, fenced?.trim(), trimmed.slice(trimmed.indexOf('{'), trimmed.lastIndexOf('}') + 1)];
  for (const c of candidates) {
    if (!c || !c.startsWith('{')) continue;
    try {
      return { ok: true, value: JSON.parse(c) as unknown };
    } catch {
      // try the next form
    }
  }
  return { ok: false, problem: 'it is not a JSON object' };
}

function problemOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'the object'}: ${i.message}`).join('; ');
}

// One schema per scale, built once: a judge phase validates thousands of replies on the same few scales.
const rubricSchemas = new Map<string, z.ZodType<RubricVerdict>>();

function rubricSchema(scale: JudgeScale): z.ZodType<RubricVerdict> {
  const key = `${scale.min}:${scale.max}`;
  let schema = rubricSchemas.get(key);
  if (!schema) {
    schema = z.object({
      score: z.number().int(`must be an integer from ${scale.min} to ${scale.max}`).min(scale.min, `must be at least ${scale.min}`).max(scale.max, `must be at most ${scale.max}`),
      reason: z.string(),
    });
    rubricSchemas.set(key, schema);
  }
  return schema;
}

const pairwiseSchema = z.object({ winner: z.enum(['A', 'B', 'tie']), reason: z.string() });

/** Validates a rubric judge's reply against the scale: {"score": <integer in scale>, "reason": "…"}. */
export function parseRubricReply(text: string, scale: JudgeScale): ParsedReply<RubricVerdict> {
  const json = jsonObjectOf(text);
  if (!json.ok) return json;
  const r = rubricSchema(scale).safeParse(json.value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: problemOf(r.error) };
}

/** Validates a pairwise judge's reply: {"winner": "A" | "B" | "tie", "reason": "…"}. */
export function parsePairwiseReply(text: string): ParsedReply<PairwiseVerdict> {
  const json = jsonObjectOf(text);
  if (!json.ok) return json;
  const r = pairwiseSchema.safeParse(json.value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: problemOf(r.error) };
}

/** The grade at or above which a rubric judge passes an answer: `pass_at`, else the top half of the scale (the midpoint rounded up). */
export function passAt(scale: JudgeScale, explicit: number | undefined): number {
  return explicit ?? scale.min + Math.ceil((scale.max - scale.min) / 2);
}
