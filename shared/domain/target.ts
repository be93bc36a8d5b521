import { z } from 'zod';
import { configObject } from './config-object.js';
import { configScorerSpecSchema, severitySchema } from './scorer-spec.js';

/** Where the embedded simulated endpoint is meant: the word `sim` instead of a URL. */
export const SIMULATED_BASE_URL = 'sim';

/**
 * A frozen model change: provider + model + system prompt / prompt template + tool set / tool policy + params.
 * Fingerprinted: every field but the operational ones (stream, limits).
 * `provider: recorded` replays nothing: the production response captured with each sample is the answer
 * ("recorded baseline", for teams that cannot re-run the old model).
 */
/**
 * Whether the text is a URL of a scheme the providers cannot call (`file:`, `ftp:`…): bad input, not an endpoint that
 * is down. (Text that is no URL at all is reported where the workspace is opened.)
 */
function isNonHttpUrl(text: string): boolean {
  // The scheme as RFC 3986 spells it; read by hand because shared/ is pure ES2022 (no DOM or Node `URL` type).
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text.trim())?.[1]?.toLowerCase();
  return scheme !== undefined && scheme !== 'http' && scheme !== 'https';
}

/** The name of an environment variable. */
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be the name of an environment variable (letters, digits, _)' });

/**
 * One extra HTTP header: its value as written, or `{ env: NAME }` — read from that environment variable at call
 * time and never stored (an Azure `api-key`, a gateway's key). The fingerprint covers the variable's name only.
 */
export const headerValueSchema = z.union([z.string(), configObject({ env: envVarName })]);
export type HeaderValue = z.infer<typeof headerValueSchema>;

export const targetSchema = configObject({
  provider: z.enum(['openai-chat', 'anthropic-messages', 'recorded']),
  /** Required for the HTTP providers; `sim` means the embedded simulated endpoint. */
  base_url: z.string().min(1).optional(),
  model: z.string().min(1),
  /** Name of the environment variable holding the API key. The key itself is never stored. */
  api_key_env: envVarName.optional(),
  system_prompt: z.string().optional(),
  /** Wraps the user's last message: `{{message}}` stands for the captured text (the app's new prompt template). */
  prompt_template: z.string().includes('{{message}}', { message: 'must contain {{message}} (where the captured user message goes)' }).optional(),
  /** Which tools the model is offered: the case's recorded ones, none, or `tools` below instead. */
  tool_policy: z.enum(['as-recorded', 'none', 'replace']).default('as-recorded'),
  /** The tool set offered under `tool_policy: replace` (Chat Completions function tools, sent as written: open). */
  tools: z.array(z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) })).optional(),
  /** Request parameters passed through to the provider as written (any name the provider takes): open. */
  params: z.record(z.string(), z.unknown()).default({}),
  /** Extra HTTP headers, by header name: open; a secret one as `{ env: NAME }` (see headerValueSchema). */
  headers: z.record(z.string(), headerValueSchema).default({}),
  /** Stream answers (SSE) to measure time to first token. Operational: not part of the fingerprint. */
  stream: z.boolean().optional(),
  /** The provider's limits for this key: requests and tokens per minute. Operational: not part of the fingerprint. */
  limits: configObject({ rpm: z.number().int().positive().optional(), tpm: z.number().int().positive().optional() }).optional(),
}).superRefine((t, ctx) => {
  if (t.base_url !== undefined && t.base_url !== SIMULATED_BASE_URL && isNonHttpUrl(t.base_url)) {
    ctx.addIssue({ code: 'custom', path: ['base_url'], message: `must be an http:// or https:// URL (or \`${SIMULATED_BASE_URL}\` for the simulated endpoint), got "${t.base_url}"` });
  }
  if (t.provider !== 'recorded' && t.base_url === undefined) ctx.addIssue({ code: 'custom', path: ['base_url'], message: `required for provider ${t.provider}` });
  if (t.tool_policy === 'replace' && !t.tools) ctx.addIssue({ code: 'custom', path: ['tools'], message: 'required with tool_policy: replace' });
  if (t.tool_policy !== 'replace' && t.tools) ctx.addIssue({ code: 'custom', path: ['tool_policy'], message: 'set tool_policy: replace to offer the tools listed under tools' });
});
export type Target = z.infer<typeof targetSchema>;

/** Price of one model per million tokens, dated so reports can say which prices they used. */
export const priceSchema = configObject({
  input_per_mtok: z.number().nonnegative(),
  /** Prompt tokens served from the provider's prompt cache; the input price when not given. */
  cached_input_per_mtok: z.number().nonnegative().optional(),
  output_per_mtok: z.number().nonnegative(),
  as_of: z.string().optional(),
});
export type Price = z.infer<typeof priceSchema>;

/** How `canary-gate import` reads traffic: redaction, where slices come from, limits. */
export const importSettingsSchema = configObject({
  /** Redact secrets and PII before anything is stored (on by default; --no-redact turns it off). */
  redact: z.boolean().default(true),
  /** Extra patterns to redact, each replaced by <NAME_n>. */
  redact_patterns: z.array(configObject({ name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), pattern: z.string().min(1), flags: z.string().optional() })).default([]),
  /** Where a sample's slice comes from: paths into the canonical sample, first non-empty wins. */
  slice_from: z.array(z.string().min(1)).default(['metadata.slice']),
  /** Renames found values to slice names (e.g. a route to a slice). */
  slice_map: z.record(z.string(), z.string()).default({}),
  /** The largest line or record accepted, in MiB. */
  max_record_mib: z.number().positive().max(1024).default(16),
});
export type ImportSettings = z.infer<typeof importSettingsSchema>;

/**
 * What the workspace knows about one slice of its traffic: the expectations `suite create --from-samples` suggests
 * for its cases, their severity, and whether production's recorded answers are good enough to serve as the
 * cases' reference answers.
 */
export const sliceRuleSchema = configObject({
  description: z.string().optional(),
  expectations: z.array(configScorerSpecSchema).default([]),
  severity: severitySchema.optional(),
  /** Production answers this slice well: a recorded answer becomes the case's `reference`. */
  production_is_good: z.boolean().default(false),
});
export type SliceRule = z.infer<typeof sliceRuleSchema>;

/** canary-gate.yaml: the workspace configuration. */
export const workspaceConfigSchema = configObject({
  targets: z.record(z.string(), targetSchema).default({}),
  prices: z.record(z.string(), priceSchema).default({}),
  import: importSettingsSchema.prefault({}),
  /** Per-slice rules for curating suites (see {@link sliceRuleSchema}). */
  slices: z.record(z.string(), sliceRuleSchema).default({}),
  defaults: configObject({
    baseline: z.string().default('baseline'),
    candidate: z.string().default('candidate'),
    suite: z.string().default('evals/suites/support-bot.yaml'),
    policy: z.string().default('evals/policies/model-upgrade.yaml'),
    concurrency: z.number().int().min(1).max(256).default(8),
    max_retries: z.number().int().min(0).max(20).default(4),
    timeout_ms: z.number().int().positive().default(60_000),
    /** The target that grades rubric and pairwise judges (a name under `targets:`); none by default. */
    judge: z.string().optional(),
  }).prefault({}),
});
export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;
