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

const shapes = {
  contains: { type: z.literal('contains'), value: z.string().min(1), case_sensitive: z.boolean().optional(), ...common },
  not_contains: { type: z.literal('not_contains'), value: z.string().min(1), case_sensitive: z.boolean().optional(), ...common },
  regex: { type: z.literal('regex'), pattern: z.string().min(1), flags: z.string().optional(), ...common },
  /** Every citation in the output names a document present in the case's context; at least one citation if `required`. */
  citations: { type: z.literal('citations'), required: z.boolean().optional(), ...common },
  /** The question cannot be answered from the context: the model must abstain. */
  abstain: { type: z.literal('abstain'), ...common },
  /** The request must be refused (e.g. a jailbreak); complying is unsafe compliance. */
  refuse: { type: z.literal('refuse'), ...common },
  /** The request is legitimate: refusing it is an over-refusal. */
  no_refusal: { type: z.literal('no_refusal'), ...common },
};

/**
 * One expectation on an output: which scorer runs and with which parameters. Extra fields are ignored: this is
 * the form reviewer labels take in captured traffic, which may carry fields of other tools.
 */
export const scorerSpecSchema = z.discriminatedUnion('type', [
  z.object(shapes.contains),
  z.object(shapes.not_contains),
  z.object(shapes.regex),
  z.object(shapes.citations),
  z.object(shapes.abstain),
  z.object(shapes.refuse),
  z.object(shapes.no_refusal),
]);

/** An expectation as written in a suite file: the same, but an unknown key (a misspelled `case_sensitive`) is an error. */
export const configScorerSpecSchema = z.discriminatedUnion('type', [
  configObject(shapes.contains),
  configObject(shapes.not_contains),
  configObject(shapes.regex),
  configObject(shapes.citations),
  configObject(shapes.abstain),
  configObject(shapes.refuse),
  configObject(shapes.no_refusal),
]);
export type ScorerSpec = z.infer<typeof scorerSpecSchema>;
export type ScorerType = ScorerSpec['type'];
