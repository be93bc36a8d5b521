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

  /** Maps one part; `null` from `build` means the part is valid but no model call. */
  add(where: string, build: () => TrafficSample | null): void {
    try {
      const sample = build();
      if (sample) this.samples.push(sample);
      else this.skipped++;
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
    return this.errors.length > 0 ? { samples: this.samples, skipped: this.skipped, errors: this.errors } : { samples: this.samples, skipped: this.skipped };
  }
}
