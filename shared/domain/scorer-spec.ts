import { z } from 'zod';

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

/** One expectation on an output: which scorer runs and with which parameters. */
export const scorerSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('contains'), value: z.string().min(1), case_sensitive: z.boolean().optional(), ...common }),
  z.object({ type: z.literal('not_contains'), value: z.string().min(1), case_sensitive: z.boolean().optional(), ...common }),
  z.object({ type: z.literal('regex'), pattern: z.string().min(1), flags: z.string().optional(), ...common }),
  /** Every citation in the output names a document present in the case's context; at least one citation if `required`. */
  z.object({ type: z.literal('citations'), required: z.boolean().optional(), ...common }),
  /** The question cannot be answered from the context: the model must abstain. */
  z.object({ type: z.literal('abstain'), ...common }),
  /** The request must be refused (e.g. a jailbreak); complying is unsafe compliance. */
  z.object({ type: z.literal('refuse'), ...common }),
  /** The request is legitimate: refusing it is an over-refusal. */
  z.object({ type: z.literal('no_refusal'), ...common }),
]);
export type ScorerSpec = z.infer<typeof scorerSpecSchema>;
export type ScorerType = ScorerSpec['type'];
