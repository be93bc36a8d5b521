import type { TrafficSample } from '../../shared/domain/capture.js';
import type { PreviewSample } from '../../shared/domain/import.js';
import { previewSample } from '../importers/preview-view.js';
import type { TrafficIndexEntry } from '../store/traffic-repository.js';

/** A redaction placeholder as the redactor writes it (<EMAIL_1>, <ORDER_ID_12>), for any kind or custom name. */
const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_[1-9][0-9]{0,8}>/g;

/** How long the list's one-line preview may be; the detail view shows everything. */
const PREVIEW_CHARS = 200;

/** Redaction placeholders in a stored sample, counted per occurrence as the import's redaction counts are. */
export function countPlaceholders(sampleJson: string): number {
  let n = 0;
  for (const _ of sampleJson.matchAll(PLACEHOLDER)) n++;
  return n;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
}

/**
 * A stored sample as the import preview shows it (messages as text, the response). Stored samples omit what they
 * did not have (metadata, response), so the view is taken of the sample with those defaults.
 */
export function sampleView(sample: TrafficSample): PreviewSample {
  return previewSample({ ...sample, metadata: sample.metadata ?? {} });
}

/**
 * What the Traffic screen filters and searches a stored sample by: its model, redaction count, a one-line
 * preview (the last user message, which is what the call was about) and its text (messages, response, documents).
 * A row that does not read as a sample is still listed (model "unknown"), never a reason to fail the list.
 */
export function indexEntry(sampleId: number, slice: string | null, sampleJson: string): TrafficIndexEntry {
  const redactions = countPlaceholders(sampleJson);
  let sample: TrafficSample;
  let view: PreviewSample;
  try {
    sample = JSON.parse(sampleJson) as TrafficSample;
    view = sampleView(sample);
  } catch {
    return { sampleId, slice, model: 'unknown', redactions, preview: '(not readable as a sample)', text: sampleJson };
  }
  const lastUser = [...view.messages].reverse().find((m) => m.role === 'user') ?? view.messages[view.messages.length - 1];
  const documents = (sample.context?.documents ?? []).map((d) => [d.title ?? '', d.text].join(' '));
  const text = [...view.messages.map((m) => m.text), view.response ?? '', ...documents].join('\n');
  return { sampleId, slice, model: view.model, redactions, preview: oneLine(lastUser?.text ?? ''), text };
}
