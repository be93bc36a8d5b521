import { z } from 'zod';
import { replayProgressSchema, runDetailSchema, runSummarySchema } from '../domain/run.js';
import { importPreviewSchema, importProgressSchema, importRequestSchema, importResultSchema } from '../domain/import.js';

/**
 * The one contract between the UI and the engine. Every method is declared once here; the Electron IPC
 * transport and the HTTP transport both carry exactly these calls to the same dispatch.
 */
export const contract = {
  'workspace.info': {
    input: z.object({}),
    output: z.object({ root: z.string(), database: z.string(), version: z.string() }),
  },
  'runs.list': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }),
    output: z.object({ runs: z.array(runSummarySchema), total: z.number().int() }),
  },
  'runs.get': {
    input: z.object({ runId: z.string().min(1) }),
    output: runDetailSchema,
  },
  /** A dry run: which format each file is, the first samples as they would be stored (redacted), what was redacted. */
  'import.preview': {
    input: importRequestSchema.extend({ limit: z.number().int().min(1).max(200).default(20) }),
    output: importPreviewSchema,
  },
  /** Imports for real, with the same settings the preview showed. */
  'import.run': {
    input: importRequestSchema,
    output: importResultSchema,
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type MethodInput<M extends Method> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends Method> = z.output<Contract[M]['output']>;
export const methods = Object.keys(contract) as Method[];

/** Events the engine pushes to the UI. */
export const events = {
  'replay.progress': replayProgressSchema,
  'import.progress': importProgressSchema,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const errorCodes = ['bad_input', 'not_found', 'infra', 'internal'] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Errors travel as data so every transport keeps the code, not just the message. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** What the renderer talks to, whichever transport is underneath. */
export interface WorkbenchClient {
  call<M extends Method>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
