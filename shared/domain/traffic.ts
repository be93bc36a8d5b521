import { z } from 'zod';
import { facetCountSchema } from './case-review.js';

/** The imported traffic, filtered: the Traffic screen's list (redacted as stored). */
export const trafficFilterSchema = z.object({
  slice: z.string().optional(),
  model: z.string().optional(),
  /** Only samples where redaction replaced something. */
  redacted: z.boolean().optional(),
  q: z.string().max(500).optional(),
});
export type TrafficFilter = z.infer<typeof trafficFilterSchema>;

export const trafficRowSchema = z.object({
  id: z.number().int(),
  source_id: z.string(),
  slice: z.string().nullable(),
  model: z.string(),
  captured_at: z.string(),
  preview: z.string(),
  /** Redaction placeholders found in the sample (e.g. <EMAIL_1>). */
  redactions: z.number().int(),
  source_file: z.string().nullable(),
  source_line: z.number().int().nullable(),
});
export type TrafficRow = z.infer<typeof trafficRowSchema>;

export const trafficListInputSchema = z.object({
  filter: trafficFilterSchema.default({}),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export const trafficListSchema = z.object({
  rows: z.array(trafficRowSchema),
  total: z.number().int(),
  facets: z.object({ slice: z.array(facetCountSchema), model: z.array(facetCountSchema), redacted: z.number().int() }),
  /**
   * Present while the search index is still catching up with a large import: the rows and counts cover the
   * `indexed` samples of `samples` so far; ask again to see more.
   */
  indexing: z.object({ indexed: z.number().int(), samples: z.number().int() }).optional(),
});

export const trafficDetailSchema = z.object({
  id: z.number().int(),
  source_id: z.string(),
  slice: z.string().nullable(),
  captured_at: z.string(),
  source_file: z.string().nullable(),
  source_line: z.number().int().nullable(),
  /** The stored sample (canonical capture shape, redacted). */
  sample: z.record(z.string(), z.unknown()),
});
