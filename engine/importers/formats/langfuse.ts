import type { FormatMapper } from './format.js';
import { fail, idString, isRecord, jsonType } from './json-values.js';
import { generationSample } from './langfuse-generation.js';
import { PartCollector } from './part-collector.js';

function detect(record: unknown): boolean {
  return isRecord(record) && Array.isArray(record.observations) && (typeof record.id === 'string' || typeof record.timestamp === 'string');
}

/**
 * Langfuse trace exports (one trace with its observations and scores): each GENERATION observation is a sample,
 * every other observation counts as skipped, and a bad generation is reported without losing its siblings.
 */
export const langfuseMapper: FormatMapper = {
  format: 'langfuse',
  detect,
  map(record) {
    if (!isRecord(record)) return fail('(root)', `expected a trace object, got ${jsonType(record)}`);
    const traceId = idString(record.id) ?? fail('id', 'trace without id');
    const observations = record.observations;
    if (!Array.isArray(observations)) return fail('observations', `expected an array, got ${jsonType(observations)}`);
    const scores = Array.isArray(record.scores) ? record.scores : [];
    const parts = new PartCollector();
    for (let i = 0; i < observations.length; i++) {
      const observation = observations[i];
      const where = `observation ${i}${isRecord(observation) && typeof observation.id === 'string' ? ` (${observation.id})` : ''}`;
      parts.add(where, () => {
        // The trace list endpoint returns observation ids only; the export must include the observations.
        if (!isRecord(observation)) return fail(`observations.${i}`, `expected an observation object, got ${jsonType(observation)} (export traces with full observations)`);
        return observation.type === 'GENERATION' ? generationSample(record, traceId, observation, scores) : null;
      });
    }
    return parts.result();
  },
};
