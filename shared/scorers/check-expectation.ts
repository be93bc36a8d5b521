import type { ScorerSpec } from '../domain/scorer-spec.js';
import { francCode } from './language.js';
import { assertSchemaCompiles } from './schema-cache.js';
import { compiledRegex } from './text.js';

/**
 * Checks what the schema cannot: that a regex compiles, a JSON Schema compiles, a language code is known and a
 * length has a bound. Throws an Error whose message says what is wrong (suite loading adds the file, line and field).
 * Compiles schemas with ajv (generated code): call it in the engine, never in the renderer.
 */
export function checkExpectation(spec: ScorerSpec): void {
  switch (spec.type) {
    case 'regex':
      try {
        compiledRegex(spec.pattern, spec.flags);
      } catch (err) {
        throw new Error(`invalid regular expression /${spec.pattern}/${spec.flags ?? ''}: ${(err as Error).message}`);
      }
      return;
    case 'json_schema':
    case 'tool_args_schema':
      assertSchemaCompiles(spec.schema);
      return;
    case 'language':
      if (!francCode(spec.expected)) throw new Error(`unknown language code "${spec.expected}" (use ISO 639-1 such as en, fr, de, ja, zh)`);
      return;
    case 'length':
      if ([spec.min_chars, spec.max_chars, spec.min_words, spec.max_words].every((b) => b === undefined)) {
        throw new Error('length needs a bound: min_chars, max_chars, min_words or max_words');
      }
      if (spec.min_chars !== undefined && spec.max_chars !== undefined && spec.min_chars > spec.max_chars) throw new Error(`min_chars ${spec.min_chars} is above max_chars ${spec.max_chars}`);
      if (spec.min_words !== undefined && spec.max_words !== undefined && spec.min_words > spec.max_words) throw new Error(`min_words ${spec.min_words} is above max_words ${spec.max_words}`);
      return;
    default:
      return;
  }
}
