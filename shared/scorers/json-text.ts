/** The JSON text of an answer: the whole answer, or the body of a ```json (or bare ```) fence it is wrapped in. */
export interface JsonText {
  body: string;
  fenced: boolean;
  /** False for a fence that is opened and never closed (an answer cut off inside it). */
  closed: boolean;
}

const FENCE = /```[ \t]*(?:json|JSON|jsonc)?[ \t]*\r?\n([\s\S]*?)(?:\r?\n)?```/;
const OPENING_FENCE = /^```[ \t]*(?:json|JSON|jsonc)?[ \t]*\r?\n/;

/** Finds the JSON an answer carries: the trimmed answer itself, or the first fenced block when the answer has one. */
export function jsonTextOf(text: string): JsonText {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { body: trimmed, fenced: false, closed: true };
  const m = FENCE.exec(text);
  if (m) return { body: m[1]!.trim(), fenced: true, closed: true };
  const open = OPENING_FENCE.exec(trimmed);
  if (open) return { body: trimmed.slice(open[0].length).trim(), fenced: true, closed: false };
  return { body: trimmed, fenced: false, closed: true };
}

type ParsedAnswer = { ok: true; value: unknown; fenced: boolean } | { ok: false; message: string; body: string; fenced: boolean };

// json_valid, json_schema and a schema per format often score the same answer one after another: parse it once.
let last: { text: string; parsed: ParsedAnswer } | null = null;

/** Parses an answer's JSON (see {@link jsonTextOf}); the parse error's message when it is not JSON. Read the value, never change it. */
export function parseAnswerJson(text: string): ParsedAnswer {
  if (last !== null && last.text === text) return last.parsed;
  const { body, fenced } = jsonTextOf(text);
  let parsed: ParsedAnswer;
  try {
    parsed = { ok: true, value: JSON.parse(body) as unknown, fenced };
  } catch (err) {
    parsed = { ok: false, message: (err as Error).message, body, fenced };
  }
  last = { text, parsed };
  return parsed;
}

/**
 * Where a JSON text that was cut off stopped: the brackets still open and whether it ended inside a string, by one
 * scan that tracks only strings, escapes and nesting (null when every bracket is closed and no string is open).
 */
export function unterminatedJson(body: string): { open: string; inString: boolean } | null {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */) stack.push('}');
    else if (c === 91 /* [ */) stack.push(']');
    else if ((c === 125 || c === 93) && stack.length > 0) stack.pop();
  }
  return stack.length > 0 || inString ? { open: stack.reverse().join(''), inString } : null;
}
