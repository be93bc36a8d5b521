import type { FormatMapper } from './format.js';
import { fail, idString, isRecord, jsonType, type JsonRecord } from './json-values.js';
import { generationSample } from './langfuse-generation.js';
import { PartCollector } from './part-collector.js';

/**
 * A trace export (`{id, timestamp, …, observations, scores}`), or one of Langfuse's UI downloads of a trace:
 * `{trace, observations}` (older versions) and `{observations, scores}`.
 */
function detect(record: unknown): boolean {
  if (!isRecord(record) || !Array.isArray(record.observations)) return false;
  return typeof record.id === 'string' || typeof record.timestamp === 'string' || isRecord(record.trace) || Array.isArray(record.scores);
}

/** The trace of a record: its `trace` member (UI download), else the record itself. */
function traceOf(record: JsonRecord): JsonRecord {
  return isRecord(record.trace) ? record.trace : record;
}

/** The trace id: the trace's own, else the `traceId` its observations carry (a `{observations, scores}` download). */
function traceIdOf(trace: JsonRecord, observations: readonly unknown[]): string | undefined {
  const own = idString(trace.id);
  if (own !== undefined) return own;
  for (const o of observations) if (isRecord(o) && idString(o.traceId) !== undefined) return idString(o.traceId);
  return undefined;
}

/**
 * Langfuse trace exports (one trace with its observations and scores; also the UI's `{trace, observations}` and
 * `{observations, scores}` downloads): each GENERATION observation is a sample,
 * every other observation counts as skipped, and a bad generation is reported without losing its siblings.
 */
export const langfuseMapper: FormatMapper = {
  format: 'langfuse',
  detect,
  map(record) {
    if (!isRecord(record)) return fail('(root)', `expected a trace object, got ${jsonType(record)}`);
    const observations = record.observations;
    if (!Array.isArray(observations)) return fail('observations', `expected an array, got ${jsonType(observations)}`);
    const trace = traceOf(record);
    const traceId = traceIdOf(trace, observations) ?? fail('id', 'trace without id (and no traceId on its observations)');
    const scores = Array.isArray(record.scores) ? record.scores : Array.isArray(trace.scores) ? trace.scores : [];
    const parts = new PartCollector();
    for (let i = 0; i < observations.length; i++) {
      const observation = observations[i];
      const where = `observation ${i}${isRecord(observation) && typeof observation.id === 'string' ? ` (${observation.id})` : ''}`;
      parts.add(where, () => {
        // The trace list endpoint returns observation ids only; the export must include the observations.
        if (!isRecord(observation)) return fail(`observations.${i}`, `expected an observation object, got ${jsonType(observation)} (export traces with full observations)`);
        if (observation.type === 'GENERATION') return generationSample(trace, traceId, observation, scores);
        return `Langfuse ${typeof observation.type === 'string' ? observation.type : 'untyped'} observation (not a generation)`;
      });
    }
    return parts.result();
  },
};
