import { z } from 'zod';
import { configObject } from './config-object.js';

/** Failure categories of DOMAIN.md; every failed score names exactly one. */
export const failureCategories = [
  'task_success',
  'policy_violation',
  'citation_validity',
  'abstention',
  'over_refusal',
  'unsafe_compliance',
  'pii_leak',
  'tool_call_error',
  'format_violation',
  'truncation',
  'latency',
  'cost',
] as const;
export const failureCategorySchema = z.enum(failureCategories);
export type FailureCategory = z.infer<typeof failureCategorySchema>;

export const severitySchema = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof severitySchema>;

const common = {
  /** Stable name of this expectation within its case (defaults to the type). */
  name: z.string().optional(),
  severity: severitySchema.optional(),
  category: failureCategorySchema.optional(),
};

const textMatch = { case_sensitive: z.boolean().optional() };
/** A JSON Schema, written inline as YAML (compiled once per distinct schema). */
const jsonSchemaValue = z.record(z.string(), z.unknown());
/** A tool call a case expects: the tool's name and, optionally, arguments the call must include (a subset). */
export const expectedToolCallSchema = configObject({ name: z.string().min(1), arguments: z.record(z.string(), z.unknown()).optional() });
/** Bounds on a numeric score: it passes when min <= value <= max (either side optional). */
const scoreBounds = { min_score: z.number().optional(), max_score: z.number().optional() };

/** PII and secret kinds the leak scorer looks for (those of the import's redaction detectors). */
export const leakKinds = ['email', 'phone', 'card', 'iban', 'secret'] as const;

/** The parameters of every scorer type; the deterministic ones are scored in shared/scorers, judges and custom scorers by the engine. */
const shapes = {
  // Text
  equals: { type: z.literal('equals'), value: z.string(), ...textMatch, /** Compare after trimming white space at both ends (default true). */ trim: z.boolean().optional(), ...common },
  starts_with: { type: z.literal('starts_with'), value: z.string().min(1), ...textMatch, ...common },
  contains: { type: z.literal('contains'), value: z.string().min(1), ...textMatch, ...common },
  contains_any: { type: z.literal('contains_any'), values: z.array(z.string().min(1)).min(1), ...textMatch, ...common },
  contains_all: { type: z.literal('contains_all'), values: z.array(z.string().min(1)).min(1), ...textMatch, ...common },
  not_contains: { type: z.literal('not_contains'), value: z.string().min(1), ...textMatch, ...common },
  regex: { type: z.literal('regex'), pattern: z.string().min(1), flags: z.string().optional(), ...common },
  /** Length bounds in characters and/or words. */
  length: {
    type: z.literal('length'),
    min_chars: z.number().int().nonnegative().optional(),
    max_chars: z.number().int().nonnegative().optional(),
    min_words: z.number().int().nonnegative().optional(),
    max_words: z.number().int().nonnegative().optional(),
    ...common,
  },
  /** The answer is written in this language (ISO 639-1 such as `en`, or 639-3 such as `eng`). */
  language: { type: z.literal('language'), expected: z.string().min(2).max(3), ...common },
  /** Token-overlap F1 against a reference answer (the case's recorded answer unless given), a number in [0,1]. */
  similarity: { type: z.literal('similarity'), reference: z.string().optional(), min_score: z.number().min(0).max(1).default(0.5), ...common },
  // Structure
  json_valid: { type: z.literal('json_valid'), ...common },
  json_schema: { type: z.literal('json_schema'), schema: jsonSchemaValue, ...common },
  // Tools
  /** These tool calls are made (each name, with an argument subset); in this order when `ordered`. */
  tool_call: { type: z.literal('tool_call'), calls: z.array(expectedToolCallSchema).min(1), ordered: z.boolean().optional(), ...common },
  forbidden_tools: { type: z.literal('forbidden_tools'), names: z.array(z.string().min(1)).min(1), ...common },
  max_tool_calls: { type: z.literal('max_tool_calls'), max: z.number().int().nonnegative(), ...common },
  /** Every call of the named tool has arguments that match the schema. */
  tool_args_schema: { type: z.literal('tool_args_schema'), tool: z.string().min(1), schema: jsonSchemaValue, ...common },
  // Truncation and leaks
  /** The answer was not cut off: finish_reason is not `length`, and an answer that starts as JSON is not cut mid-way. */
  truncation: { type: z.literal('truncation'), ...common },
  /** No e-mail, phone number, card, IBAN or API key appears in the answer that the input did not supply. */
  pii_leak: { type: z.literal('pii_leak'), kinds: z.array(z.enum(leakKinds)).min(1).optional(), ...common },
  // Behaviour under uncertainty
  /** Every citation in the output names a document present in the case's context; at least one citation if `required` (must cite). */
  citations: { type: z.literal('citations'), required: z.boolean().optional(), ...common },
  /** The question cannot be answered from the context: the model must abstain. */
  abstain: { type: z.literal('abstain'), ...common },
  /** The request must be refused (e.g. a jailbreak); complying is unsafe compliance. */
  refuse: { type: z.literal('refuse'), ...common },
  /** The request is legitimate: refusing it is an over-refusal. */
  no_refusal: { type: z.literal('no_refusal'), ...common },
  // Latency and cost of the call
  latency: { type: z.literal('latency'), max_ms: z.number().positive(), ...common },
  cost: { type: z.literal('cost'), max_usd: z.number().positive(), ...common },
  // Model-graded and user-defined (scored by the engine, not in shared/)
  /** A judge model grades the answer against a rubric on a stated scale; passes at `pass_at` or above. */
  rubric_judge: {
    type: z.literal('rubric_judge'),
    rubric: z.string().min(1),
    scale: configObject({ min: z.number().int(), max: z.number().int() }).prefault({ min: 1, max: 5 }),
    pass_at: z.number().optional(),
    /** The judge target (a name under `targets:`); defaults to `defaults.judge` of canary-gate.yaml. */
    judge: z.string().min(1).optional(),
    ...common,
  },
  /** A workspace scorer module in evals/scorers/ (`<scorer>.js` or `.ts`), given `options`. */
  custom: { type: z.literal('custom'), scorer: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'a module name in evals/scorers/'), options: z.record(z.string(), z.unknown()).optional(), ...scoreBounds, ...common },
};

/** A length expectation needs at least one bound (without one it would pass every answer). */
const lengthHasBound = {
  check: (s: { min_chars?: number | undefined; max_chars?: number | undefined; min_words?: number | undefined; max_words?: number | undefined }) =>
    s.min_chars !== undefined || s.max_chars !== undefined || s.min_words !== undefined || s.max_words !== undefined,
  message: { message: 'length needs a bound: min_chars, max_chars, min_words or max_words' },
};

/** Every scorer type, in catalogue order. */
export const scorerTypes = Object.keys(shapes) as (keyof typeof shapes)[];
/** Scorer types whose verdict needs a model call or workspace code: scored by the engine, not by {@link scoreExpectation}. */
export const engineScorerTypes = ['rubric_judge', 'custom'] as const;

/**
 * One expectation on an output: which scorer runs and with which parameters. Extra fields are ignored: this is
 * the form reviewer labels take in captured traffic, which may carry fields of other tools.
 */
export const scorerSpecSchema = z.discriminatedUnion('type', [
  z.object(shapes.equals),
  z.object(shapes.starts_with),
  z.object(shapes.contains),
  z.object(shapes.contains_any),
  z.object(shapes.contains_all),
  z.object(shapes.not_contains),
  z.object(shapes.regex),
  z.object(shapes.length).refine(lengthHasBound.check, lengthHasBound.message),
  z.object(shapes.language),
  z.object(shapes.similarity),
  z.object(shapes.json_valid),
  z.object(shapes.json_schema),
  z.object(shapes.tool_call),
  z.object(shapes.forbidden_tools),
  z.object(shapes.max_tool_calls),
  z.object(shapes.tool_args_schema),
  z.object(shapes.truncation),
  z.object(shapes.pii_leak),
  z.object(shapes.citations),
  z.object(shapes.abstain),
  z.object(shapes.refuse),
  z.object(shapes.no_refusal),
  z.object(shapes.latency),
  z.object(shapes.cost),
  z.object(shapes.rubric_judge),
  z.object(shapes.custom),
]);

/** An expectation as written in a suite file: the same, but an unknown key (a misspelled `case_sensitive`) is an error. */
export const configScorerSpecSchema = z.discriminatedUnion('type', [
  configObject(shapes.equals),
  configObject(shapes.starts_with),
  configObject(shapes.contains),
  configObject(shapes.contains_any),
  configObject(shapes.contains_all),
  configObject(shapes.not_contains),
  configObject(shapes.regex),
  configObject(shapes.length).refine(lengthHasBound.check, lengthHasBound.message),
  configObject(shapes.language),
  configObject(shapes.similarity),
  configObject(shapes.json_valid),
  configObject(shapes.json_schema),
  configObject(shapes.tool_call),
  configObject(shapes.forbidden_tools),
  configObject(shapes.max_tool_calls),
  configObject(shapes.tool_args_schema),
  configObject(shapes.truncation),
  configObject(shapes.pii_leak),
  configObject(shapes.citations),
  configObject(shapes.abstain),
  configObject(shapes.refuse),
  configObject(shapes.no_refusal),
  configObject(shapes.latency),
  configObject(shapes.cost),
  configObject(shapes.rubric_judge),
  configObject(shapes.custom),
]);
export type ScorerSpec = z.infer<typeof scorerSpecSchema>;
export type ScorerType = ScorerSpec['type'];
/** The spec of one scorer type. */
export type ScorerSpecOf<T extends ScorerType> = Extract<ScorerSpec, { type: T }>;
