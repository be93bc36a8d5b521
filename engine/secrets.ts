/**
 * The secrets this process has read (API keys, header values taken from the environment), and the one scrubber
 * that replaces each of them with `[REDACTED:<variable>]` in anything stored or printed: an endpoint may echo a
 * key back ("Incorrect API key provided: sk-…") and that text goes into results.error, the logs and the CLI's output.
 */

/** Values shorter than this are not treated as secrets: replacing "1" or "true" everywhere would garble text. */
export const MIN_SECRET_LENGTH = 8;

/** value → the name of the environment variable it came from. */
const known = new Map<string, string>();
/** The known values, longest first (a key that contains another is replaced whole). */
let ordered: string[] = [];

/** Remembers a secret the process has read, by the name of the variable that held it; short values are ignored. */
export function registerSecret(name: string, value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH || known.get(value) === name) return;
  known.set(value, name);
  ordered = [...known.keys()].sort((a, b) => b.length - a.length);
}

/** The text with every known secret replaced by `[REDACTED:<variable>]`. */
export function scrubSecrets(text: string): string {
  if (ordered.length === 0) return text;
  let out = text;
  for (const value of ordered) if (out.includes(value)) out = out.split(value).join(`[REDACTED:${known.get(value)!}]`);
  return out;
}

/** Forgets every registered secret (tests). */
export function forgetSecrets(): void {
  known.clear();
  ordered = [];
}
