import { createRng, intBetween } from './prng.js';
import type { SimCompletion } from './simulate.js';

/** One piece of the answer and when (unscaled ms after the request) it is sent. */
export interface PlannedDelta {
  text: string;
  atMs: number;
}

/** How a completion is streamed: its pieces (of the answer, or of a tool call's arguments) and their timing, all within the drawn latency. */
export interface StreamPlan {
  /** Time to the first content delta: 25–40% of the latency. */
  ttftMs: number;
  deltas: PlannedDelta[];
  /** When the stream ends: the completion's latency. */
  endMs: number;
}

const MIN_DELTAS = 3;
const MAX_DELTAS = 8;
const TTFT_MIN_SHARE = 0.25;
const TTFT_SHARE_SPREAD = 0.15;

/** Splits text at word boundaries into at most `count` pieces that concatenate back to exactly the text. */
export function splitIntoDeltas(text: string, count: number): string[] {
  // Each word keeps its trailing whitespace, so joining the pieces restores the text byte for byte.
  const words = text.split(/(?<=\s)(?=\S)/).filter((w) => w.length > 0);
  if (words.length === 0) return [text];
  const n = Math.max(1, Math.min(count, words.length));
  const pieces: string[] = [];
  for (let i = 0; i < n; i++) {
    pieces.push(words.slice(Math.floor((i * words.length) / n), Math.floor(((i + 1) * words.length) / n)).join(''));
  }
  return pieces;
}

/** Splits text into at most `count` pieces of near-equal length that concatenate back to exactly the text. */
export function splitEvenly(text: string, count: number): string[] {
  const n = Math.max(1, Math.min(count, text.length));
  return Array.from({ length: n }, (_, i) => text.slice(Math.floor((i * text.length) / n), Math.floor(((i + 1) * text.length) / n)));
}

/** Plans the stream of a completion. Deterministic: seeded by the completion's request hash. */
export function planStream(c: SimCompletion): StreamPlan {
  // A stream of its own, so that streaming never shifts the draws behind the answer or its latency.
  const rng = createRng(`${c.requestHash}:stream`);
  const ttftMs = c.latencyMs * (TTFT_MIN_SHARE + TTFT_SHARE_SPREAD * rng());
  const count = intBetween(rng, MIN_DELTAS, MAX_DELTAS);
  // A tool call streams its arguments (JSON has no word boundaries to split at); an answer streams its words.
  const call = c.toolCalls[0];
  const pieces = call ? splitEvenly(call.arguments, count) : splitIntoDeltas(c.content, count);
  const gapMs = (c.latencyMs - ttftMs) / pieces.length;
  return { ttftMs, deltas: pieces.map((text, i) => ({ text, atMs: ttftMs + i * gapMs })), endMs: c.latencyMs };
}
