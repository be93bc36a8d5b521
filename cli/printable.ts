// Control characters are escaped as \uXXXX: readable in a terminal, and still the same string inside a JSON line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text from input (file names, field values, reasons), safe to print: every control character — ESC, CR, BS, the
 * C1 range, Unicode line separators and bidirectional overrides — shown as `\uXXXX` instead of acting on the
 * terminal. `keepLines` keeps newlines and tabs (for whole messages whose lines we built ourselves).
 */
export function printable(text: string, opts: { keepLines?: boolean } = {}): string {
  return text.replace(opts.keepLines ? CONTROL_BUT_LINES : CONTROL, escape);
}
