import type { FormatMapper } from './format.js';
import { fail, isRecord, jsonType } from './json-values.js';
import { attributeMap } from './otel-any-value.js';
import { spanSample } from './otel-span.js';
import { PartCollector } from './part-collector.js';

function detect(record: unknown): boolean {
  return isRecord(record) && Array.isArray(record.resourceSpans);
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : fail(field, `expected an array, got ${jsonType(value)}`);
}

/**
 * OTLP/JSON trace exports (one `{resourceSpans}` object per line, as the file exporter writes): every GenAI model-call
 * span is a sample, every other span counts as skipped, and a bad span is reported without losing its siblings.
 */
export const otelMapper: FormatMapper = {
  format: 'otel',
  detect,
  map(record) {
    if (!isRecord(record)) return fail('(root)', `expected an OTLP object, got ${jsonType(record)}`);
    const resourceSpans = list(record.resourceSpans, 'resourceSpans');
    const parts = new PartCollector();
    for (let i = 0; i < resourceSpans.length; i++) {
      const rs = resourceSpans[i];
      const at = `resourceSpans.${i}`;
      if (!isRecord(rs)) return fail(at, `expected an object, got ${jsonType(rs)}`);
      const resource = attributeMap(isRecord(rs.resource) ? rs.resource.attributes : undefined, `${at}.resource.attributes`);
      // OTLP before 1.0 named scopeSpans instrumentationLibrarySpans.
      const scopes = list(rs.scopeSpans ?? rs.instrumentationLibrarySpans, `${at}.scopeSpans`);
      for (let j = 0; j < scopes.length; j++) {
        const scope = scopes[j];
        if (!isRecord(scope)) return fail(`${at}.scopeSpans.${j}`, `expected an object, got ${jsonType(scope)}`);
        const spans = list(scope.spans, `${at}.scopeSpans.${j}.spans`);
        for (let k = 0; k < spans.length; k++) {
          const span = spans[k];
          const where = `span ${at}.scopeSpans.${j}.spans.${k}`;
          parts.add(where, () => (isRecord(span) ? spanSample(span, resource) : fail('(span)', `expected a span object, got ${jsonType(span)}`)));
        }
      }
    }
    return parts.result();
  },
};
