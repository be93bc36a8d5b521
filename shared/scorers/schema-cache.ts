import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { canonicalJson } from '../canonical-json.js';

/**
 * JSON Schema validation for the json_schema and tool_args_schema scorers. Each distinct schema (by canonical JSON)
 * is compiled once and kept: compiling is what costs, and a suite repeats a few schemas over thousands of outputs.
 * Ajv generates code (new Function), so this must never run in the renderer (its CSP forbids eval): the renderer
 * gets verdicts from the engine.
 */
let ajv: Ajv | undefined;
// Created on first use: importing the scorers (the renderer does, for their types and pure helpers) must not build it.
const validator = () => (ajv ??= new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false }));

type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

const byKey = new Map<string, Compiled>();
// Each case's expectations are parsed afresh: the schema object is the cheap key, the canonical JSON the sure one.
const byObject = new WeakMap<object, Compiled>();
/** Distinct schemas kept at most: a runaway suite must not grow the cache without bound. */
const MAX_SCHEMAS = 1000;

function compile(schema: Record<string, unknown>): Compiled {
  const known = byObject.get(schema);
  if (known) return known;
  // `$schema` names a draft; the validator reads every schema with draft-07 rules, which the usual keywords share.
  const { $schema: _draft, ...body } = schema;
  const key = canonicalJson(body);
  let compiled = byKey.get(key);
  if (!compiled) {
    try {
      compiled = { ok: true, validate: validator().compile(body) };
    } catch (err) {
      compiled = { ok: false, message: (err as Error).message };
    }
    if (byKey.size >= MAX_SCHEMAS) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, compiled);
  }
  byObject.set(schema, compiled);
  return compiled;
}

/** Throws a clear error when the schema does not compile (for checking suite files). */
export function assertSchemaCompiles(schema: Record<string, unknown>): void {
  const c = compile(schema);
  if (!c.ok) throw new Error(`invalid JSON Schema: ${c.message}`);
}

/** How a validation error reads in a reason: where (a JSON pointer, / for the root) and what. */
function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '/' : e.instancePath;
  const extra = e.keyword === 'additionalProperties' ? ` "${String((e.params as { additionalProperty?: unknown }).additionalProperty)}"` : '';
  return `${where} ${e.message ?? 'is invalid'}${extra}`;
}

/** Validates a value against a schema: null when it matches, else the first few errors as text; `compileError` when the schema is broken. */
export function validateAgainst(schema: Record<string, unknown>, value: unknown): { errors: string[] | null } | { compileError: string } {
  const c = compile(schema);
  if (!c.ok) return { compileError: c.message };
  if (c.validate(value)) return { errors: null };
  const errors = (c.validate.errors ?? []).map(describe);
  return { errors: errors.length ? errors : ['does not match'] };
}
