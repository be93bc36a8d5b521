import type { TrafficSample } from '../../../shared/domain/capture.js';

/** The capture formats import understands; each file is detected as one of them unless --format says. */
export const captureFormats = ['canonical', 'openai-chat', 'openai-responses', 'anthropic', 'otel', 'langfuse'] as const;
export type CaptureFormat = (typeof captureFormats)[number];

/** Where a record came from, for messages and provenance. */
export interface RecordOrigin {
  file: string;
  /** 1-based line of the record (for whole-file JSON documents: the line where the element starts). */
  line: number;
}

/** What one record turned into: samples, plus parts that were recognised but are not model calls. */
export interface MappedRecord {
  samples: TrafficSample[];
  /** Parts of the record that are valid but carry no model call (e.g. an OTel span that is not a GenAI span). */
  skipped: number;
  /** The skipped parts by reason (e.g. `not a GenAI span`), when there are any. */
  skippedBy?: Record<string, number>;
  /**
   * Parts of a multi-part record (an OTel span, a Langfuse generation) that could not be mapped while others could;
   * a record none of whose parts map throws instead, like a single-sample record.
   */
  errors?: MappingError[];
}

/** A record of the right format but the wrong shape: the field and what is wrong with it. */
export class MappingError extends Error {
  override name = 'MappingError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** One capture format: recognises its records and maps each to canonical samples. */
export interface FormatMapper {
  format: CaptureFormat;
  /** Cheap structural test on a parsed record: does it look like this format? */
  detect(record: unknown): boolean;
  /** Maps one record to canonical samples; throws MappingError naming the field when the shape is wrong. */
  map(record: unknown, origin: RecordOrigin): MappedRecord;
}
