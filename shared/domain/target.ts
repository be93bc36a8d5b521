import { z } from 'zod';

/** Where the embedded simulated endpoint is meant: the word `sim` instead of a URL. */
export const SIMULATED_BASE_URL = 'sim';

/** A frozen model change: provider + model + prompt override + tool policy + params. Fingerprinted. */
export const targetSchema = z.object({
  provider: z.enum(['openai-chat']),
  base_url: z.string().min(1),
  model: z.string().min(1),
  /** Name of the environment variable holding the API key. The key itself is never stored. */
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
  system_prompt: z.string().optional(),
  tool_policy: z.enum(['as-recorded', 'none']).default('as-recorded'),
  params: z.record(z.string(), z.unknown()).default({}),
  headers: z.record(z.string(), z.string()).default({}),
});
export type Target = z.infer<typeof targetSchema>;

/** Price of one model per million tokens, dated so reports can say which prices they used. */
export const priceSchema = z.object({
  input_per_mtok: z.number().nonnegative(),
  output_per_mtok: z.number().nonnegative(),
  as_of: z.string().optional(),
});
export type Price = z.infer<typeof priceSchema>;

/** canary-gate.yaml: the workspace configuration. */
export const workspaceConfigSchema = z.object({
  targets: z.record(z.string(), targetSchema).default({}),
  prices: z.record(z.string(), priceSchema).default({}),
  defaults: z
    .object({
      baseline: z.string().default('baseline'),
      candidate: z.string().default('candidate'),
      suite: z.string().default('evals/suites/support-bot.yaml'),
      policy: z.string().default('evals/policies/model-upgrade.yaml'),
      concurrency: z.number().int().min(1).max(256).default(8),
      max_retries: z.number().int().min(0).max(20).default(4),
      timeout_ms: z.number().int().positive().default(60_000),
    })
    .prefault({}),
});
export type WorkspaceConfig = z.infer<typeof workspaceConfigSchema>;
