import type { ScorerSpecOf } from '../domain/scorer-spec.js';
import { parseAnswerJson } from './json-text.js';
import { quoted, type Verdict } from './reason.js';
import { validateAgainst } from './schema-cache.js';

const where = (fenced: boolean) => (fenced ? ' (inside a ```json fence)' : '');

/** json_valid: the answer is JSON (or carries it in a ```json fence). */
export function scoreJsonValid(_spec: ScorerSpecOf<'json_valid'>, text: string): Verdict {
  const parsed = parseAnswerJson(text);
  if (parsed.ok) return { passed: true, detail: `valid JSON${where(parsed.fenced)}` };
  return { passed: false, detail: `not valid JSON${where(parsed.fenced)} (${parsed.message}): ${quoted(parsed.body)}` };
}

/** The first few schema errors, as a reason lists them. */
export function schemaErrors(errors: readonly string[]): string {
  const shown = errors.slice(0, 3).join('; ');
  return errors.length > 3 ? `${shown}; and ${errors.length - 3} more` : shown;
}

/** json_schema: the answer's JSON matches the schema; `value` is the number of schema errors. */
export function scoreJsonSchema(spec: ScorerSpecOf<'json_schema'>, text: string): Verdict {
  const parsed = parseAnswerJson(text);
  if (!parsed.ok) return { passed: false, detail: `not valid JSON${where(parsed.fenced)} (${parsed.message}): ${quoted(parsed.body)}` };
  const checked = validateAgainst(spec.schema, parsed.value);
  if ('compileError' in checked) {
    const why = `invalid JSON Schema: ${checked.compileError}`;
    return { passed: false, detail: why, error: why };
  }
  if (checked.errors === null) return { passed: true, detail: `matches the schema${where(parsed.fenced)}`, value: 0 };
  return { passed: false, detail: `does not match the schema${where(parsed.fenced)}: ${schemaErrors(checked.errors)}: ${quoted(JSON.stringify(parsed.value))}`, value: checked.errors.length };
}
