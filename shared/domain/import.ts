import { z } from 'zod';

export const captureFormatSchema = z.enum(['canonical', 'openai-chat', 'openai-responses', 'anthropic', 'otel', 'langfuse']);

/** What the UI asks to import: paths on this machine (files or folders), relative to the workspace. */
export const importRequestSchema = z.object({
  paths: z.array(z.string().min(1)).min(1),
  format: captureFormatSchema.optional(),
  // Absent: the workspace's import.redact setting (on unless turned off there).
  redact: z.boolean().optional(),
  sample: z.object({ n: z.number().int().min(1), minPerSlice: z.number().int().min(0).default(5), seed: z.number().int().min(0).default(1) }).optional(),
});

const fileSummarySchema = z.object({
  file: z.string(),
  format: captureFormatSchema.nullable(),
  records: z.number().int(),
  rejected: z.number().int(),
  samples: z.number().int(),
  skipped: z.number().int(),
  error: z.string().nullable(),
});
const rejectSchema = z.object({ file: z.string(), line: z.number().int().nullable(), reason: z.string() });

/** The counts of an import; records = rejected + accepted, samples = imported + duplicates + not_sampled. */
export const importResultSchema = z.object({
  files: z.array(fileSummarySchema),
  records: z.number().int(),
  rejected: z.number().int(),
  rejected_parts: z.number().int(),
  samples: z.number().int(),
  skipped: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  not_sampled: z.number().int(),
  redacted: z.boolean(),
  redactions: z.record(z.string(), z.number().int()),
  slices: z.record(z.string(), z.number().int()),
  rejects: z.array(rejectSchema),
  rejects_file: z.string().nullable(),
  file_errors: z.array(rejectSchema),
  interrupted: z.boolean(),
  sample_allocation: z.record(z.string(), z.number().int()).nullable(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** One sample as the preview shows it: enough to judge the mapping and the redaction. */
export const previewSampleSchema = z.object({
  id: z.string(),
  timestamp: z.string(),
  slice: z.string().nullable(),
  model: z.string(),
  messages: z.array(z.object({ role: z.string(), text: z.string() })),
  response: z.string().nullable(),
});
export type PreviewSample = z.infer<typeof previewSampleSchema>;

export const importPreviewSchema = z.object({
  files: z.array(fileSummarySchema),
  samples: z.array(previewSampleSchema),
  redacted: z.boolean(),
  redactions: z.record(z.string(), z.number().int()),
  rejects: z.array(rejectSchema),
  file_errors: z.array(rejectSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importProgressSchema = z.object({ bytesRead: z.number(), bytesTotal: z.number(), records: z.number().int() });
