import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../package-root.js';
import { parseYamlText, readYamlFile } from '../yaml-file.js';
import { stem } from './text.js';

/** Intents a classifier rule can name; `unanswerable` is derived from `doc_qa` by document overlap. */
export const ruleIntents = ['jailbreak', 'tool_use', 'doc_qa', 'pii', 'refunds', 'billing', 'account', 'general'] as const;
export type RuleIntent = (typeof ruleIntents)[number];
/** Every intent the sim answers. */
export type Intent = RuleIntent | 'unanswerable';
export const conditions = ['tool_result', 'documents', 'contact_details'] as const;
export type Condition = (typeof conditions)[number];

/** The placeholders each reply kind may use; anything else in a template is a config error. */
const replyVariables = {
  fact: ['key', 'value'],
  fact_missing: [],
  tool_summary: ['subject', 'status', 'details'],
  doc_answer: ['sentence', 'citation'],
  abstain: [],
  invented_answer: [],
  refuse: [],
  comply: ['instructions_excerpt'],
  pii_ack: ['contact'],
  over_refuse: [],
  general: [],
} as const;
export type ReplyKind = keyof typeof replyVariables;

const regexSchema = z.string().refine((p) => {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const templatesSchema = (kind: ReplyKind) =>
  z
    .array(z.string().min(1))
    .min(1)
    .superRefine((templates, ctx) => {
      const allowed: readonly string[] = replyVariables[kind];
      for (const t of templates) {
        for (const m of t.matchAll(/\{([a-z_]+)\}/g)) {
          if (!allowed.includes(m[1] ?? '')) ctx.addIssue({ code: 'custom', message: `unknown placeholder {${m[1]}} in a ${kind} reply` });
        }
      }
    });

const repliesSchema = z.strictObject(
  Object.fromEntries(Object.keys(replyVariables).map((k) => [k, templatesSchema(k as ReplyKind)])) as Record<ReplyKind, ReturnType<typeof templatesSchema>>,
);

const latencySchema = z.strictObject({ median_ms: z.number().positive(), sigma: z.number().nonnegative() });
const rate = z.number().min(0).max(1);

const modelSchema = z.strictObject({
  description: z.string().optional(),
  latency: z.strictObject({
    default: latencySchema,
    jailbreak: latencySchema.optional(),
    tool_use: latencySchema.optional(),
    doc_qa: latencySchema.optional(),
    unanswerable: latencySchema.optional(),
    pii: latencySchema.optional(),
    refunds: latencySchema.optional(),
    billing: latencySchema.optional(),
    account: latencySchema.optional(),
    general: latencySchema.optional(),
  }),
  rates: z.strictObject({
    fabricated_citation: rate,
    confident_unanswerable: rate,
    jailbreak_compliance: rate,
    pii_over_refusal: rate,
    tool_call_skipped: rate.default(0),
    tool_argument_error: rate.default(0),
  }),
  replies: repliesSchema,
});

/** The YAML file's shape (fixtures/sim/models.yaml documents every field). */
export const behavioursFileSchema = z.strictObject({
  version: z.literal(1),
  classifier: z.strictObject({
    rules: z
      .array(
        z
          .strictObject({ intent: z.enum(ruleIntents), when: z.enum(conditions).optional(), patterns: z.array(regexSchema).min(1).optional() })
          .refine((r) => r.when !== undefined || r.patterns !== undefined, 'a rule needs `when` or `patterns`'),
      )
      .min(1),
    fallback: z.enum(ruleIntents),
  }),
  documents: z.strictObject({ answerable_overlap: z.number().min(0).max(1), stopwords: z.array(z.string()) }),
  facts: z.strictObject({
    min_score: z.number().nonnegative(),
    id_weight: z.number().nonnegative(),
    synonym_weight: z.number().nonnegative(),
    key_synonyms: z.record(z.string(), z.array(z.string().min(1))),
  }),
  tool_results: z.strictObject({ subject_keys: z.array(z.string()), status_keys: z.array(z.string()), detail_keys: z.array(z.string()) }),
  tool_calls: z
    .array(z.strictObject({ tool: z.string().min(1), arguments: z.record(z.string().min(1), regexSchema).refine((a) => Object.keys(a).length > 0, 'a tool call needs at least one argument') }))
    .default([]),
  pii: z.strictObject({ contact_patterns: z.array(regexSchema).min(1) }),
  models: z.record(z.string().min(1), modelSchema),
});
export type BehavioursFile = z.infer<typeof behavioursFileSchema>;
export type ModelBehaviour = z.infer<typeof modelSchema>;
export type FactsConfig = BehavioursFile['facts'];
export type ToolResultsConfig = BehavioursFile['tool_results'];

/** A tool the models call when it is offered and the user's message carries every argument. */
export interface ToolCallRule {
  tool: string;
  /** Each argument and the pattern that finds its value in the user's message. */
  arguments: { name: string; pattern: RegExp }[];
}

/** A classifier rule with its patterns compiled. */
export interface CompiledRule {
  intent: RuleIntent;
  when: Condition | undefined;
  patterns: RegExp[];
}

/** The validated behaviours with regexes compiled and stopwords stemmed, ready for the simulator. */
export interface SimBehaviours {
  rules: CompiledRule[];
  fallback: RuleIntent;
  answerableOverlap: number;
  stopwords: ReadonlySet<string>;
  facts: FactsConfig;
  toolResults: ToolResultsConfig;
  toolCalls: ToolCallRule[];
  contactPatterns: RegExp[];
  models: Record<string, ModelBehaviour>;
}

function compile(file: BehavioursFile): SimBehaviours {
  return {
    rules: file.classifier.rules.map((r) => ({ intent: r.intent, when: r.when, patterns: (r.patterns ?? []).map((p) => new RegExp(p, 'i')) })),
    fallback: file.classifier.fallback,
    answerableOverlap: file.documents.answerable_overlap,
    // Tokens are stemmed before the lookup, so the stopwords must be too.
    stopwords: new Set(file.documents.stopwords.flatMap((w) => [w.toLowerCase(), stem(w.toLowerCase())])),
    facts: file.facts,
    toolResults: file.tool_results,
    toolCalls: file.tool_calls.map((t) => ({ tool: t.tool, arguments: Object.entries(t.arguments).map(([name, p]) => ({ name, pattern: new RegExp(p) })) })),
    contactPatterns: file.pii.contact_patterns.map((p) => new RegExp(p)),
    models: file.models,
  };
}

/** The behaviours file shipped with the package: fixtures/sim/models.yaml under the package root. */
export function defaultBehavioursFile(): string {
  return join(packageRoot(), 'fixtures', 'sim', 'models.yaml');
}

/** Reads and validates a behaviours YAML file; errors name the file, line and field. */
export function loadBehaviours(file: string = defaultBehavioursFile()): SimBehaviours {
  return compile(readYamlFile(file, behavioursFileSchema).value);
}

/** Validates behaviours given as YAML text (for tests and tools that build their own). */
export function parseBehaviours(text: string, file = '<inline>'): SimBehaviours {
  return compile(parseYamlText(text, file, behavioursFileSchema));
}
