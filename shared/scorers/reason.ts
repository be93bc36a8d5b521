/** How much of a matched piece of output a reason quotes. */
export const QUOTE_CHARS = 120;

/** A piece of output quoted in a reason, shortened when long. */
export function quoted(s: string): string {
  return `"${s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS)}…` : s}"`;
}

/** The end of a text quoted in a reason (where a cut-off answer stopped). */
export function quotedTail(s: string, chars = 40): string {
  return `"${s.length > chars ? `…${s.slice(-chars)}` : s}"`;
}

/** A secret or personal datum as a reason may show it: its first 4 characters, never the whole value. */
export function masked(s: string): string {
  return `"${s.slice(0, 4)}…"`;
}

/** A list of quoted strings, for reasons. */
export function quotedList(values: readonly string[]): string {
  return values.map(quoted).join(', ');
}

/** What one scorer decided for one output, before the catalogue adds name, category, severity and version. */
export interface Verdict {
  passed: boolean;
  /** Why it passed or failed, quoting the output. */
  detail: string;
  value?: number;
  /** Set when the scorer could not decide (then `passed` is false, and the score counts as neither). */
  error?: string;
}

/** A verdict for an output the scorer cannot judge: `detail` and `error` say why. */
export function undecided(why: string): Verdict {
  return { passed: false, detail: why, error: why };
}
