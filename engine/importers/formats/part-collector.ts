import type { TrafficSample } from '../../../shared/domain/capture.js';
import { MappingError, type MappedRecord } from './format.js';

/**
 * Gathers the results of a record made of parts (OTel spans, Langfuse observations): one bad part is reported
 * without losing its siblings, and a record whose parts all fail throws its first error like any other record.
 */
export class PartCollector {
  private readonly samples: TrafficSample[] = [];
  private readonly errors: MappingError[] = [];
  private skipped = 0;
  private readonly skippedBy: Record<string, number> = {};

  /** Maps one part; a string from `build` means the part is valid but no model call, and says why. */
  add(where: string, build: () => TrafficSample | string): void {
    try {
      const sample = build();
      if (typeof sample !== 'string') this.samples.push(sample);
      else {
        this.skipped++;
        this.skippedBy[sample] = (this.skippedBy[sample] ?? 0) + 1;
      }
    } catch (err) {
      if (!(err instanceof MappingError)) throw err;
      this.errors.push(new MappingError(err.field, `${where}: ${err.message}`));
    }
  }

  /** The record's result; throws when parts failed and none mapped. */
  result(): MappedRecord {
    const first = this.errors[0];
    if (first && this.samples.length === 0) {
      const more = this.errors.length > 1 ? ` (and ${this.errors.length - 1} more failing part${this.errors.length > 2 ? 's' : ''})` : '';
      throw new MappingError(first.field, `${first.message}${more}`);
    }
    const result: MappedRecord = { samples: this.samples, skipped: this.skipped };
    if (this.skipped > 0) result.skippedBy = this.skippedBy;
    if (this.errors.length > 0) result.errors = this.errors;
    return result;
  }
}
