import type { ScorerSpecOf } from '../domain/scorer-spec.js';
import type { ScoredOutput } from './output-text.js';
import { jsonTextOf, unterminatedJson } from './json-text.js';
import { quotedTail, type Verdict } from './reason.js';

/** truncation: the answer was not cut off, neither at the token limit (finish_reason `length`) nor mid-way through JSON. */
export function scoreTruncation(_spec: ScorerSpecOf<'truncation'>, output: ScoredOutput): Verdict {
  const text = output.text;
  if (output.finishReason === 'length') return { passed: false, detail: `cut off at the token limit (finish_reason "length"), ends with ${quotedTail(text)}` };
  const { body, fenced, closed } = jsonTextOf(text);
  if (body.startsWith('{') || body.startsWith('[')) {
    const cut = unterminatedJson(body);
    if (cut) {
      const how = cut.inString ? 'inside a string' : `with ${cut.open.length} bracket(s) still open (${cut.open} missing)`;
      return { passed: false, detail: `JSON cut mid-way${fenced ? ' (in a ```json fence)' : ''}: ends ${how}: ${quotedTail(body)}` };
    }
    // An opening fence without its closing one is an answer cut off right after complete JSON.
    if (!closed) return { passed: false, detail: `the \`\`\`json fence was never closed: ${quotedTail(text)}` };
  }
  return { passed: true, detail: `complete (finish_reason ${output.finishReason === null ? 'not recorded' : `"${output.finishReason}"`})` };
}
