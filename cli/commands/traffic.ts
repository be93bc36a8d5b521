import type { TrafficSample } from '../../shared/domain/capture.js';
import type { TrafficFilter } from '../../shared/domain/traffic.js';
import { InputError } from '../../engine/errors.js';
import { getTraffic, listTraffic, sampleView, type TrafficDetail, type TrafficList } from '../../engine/traffic/index.js';
import type { CliIo, Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../printable.js';
import { renderTable } from '../table.js';
import { positiveInt } from './option-values.js';

const PREVIEW_WIDTH = 72;

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text;
}

function facetLine(name: string, facets: { value: string; count: number }[]): string {
  return `${name}: ${facets.map((f) => `${printable(f.value)} ${f.count}`).join(' · ') || 'none'}`;
}

function printList(list: TrafficList, offset: number, io: CliIo): void {
  if (list.rows.length === 0) {
    io.out(list.total === 0 && offset === 0 ? 'No samples match. Import traffic with: canary-gate import <files or folders…>' : `No samples past ${offset} (${list.total} match).`);
  } else {
    io.out(
      renderTable(
        ['id', 'slice', 'model', 'redactions', 'captured', 'request'],
        list.rows.map((r) => [String(r.id), printable(r.slice ?? '(none)'), printable(r.model), String(r.redactions), r.captured_at, clip(printable(r.preview), PREVIEW_WIDTH)]),
      ),
    );
    io.out(`\nShowing ${offset + 1}–${offset + list.rows.length} of ${list.total} sample(s). Open one with: canary-gate traffic --id <id>`);
  }
  io.out(facetLine('Slices', list.facets.slice));
  io.out(facetLine('Models', list.facets.model));
  io.out(`Redacted: ${list.facets.redacted} sample(s)`);
}

function printSample(d: TrafficDetail, io: CliIo): void {
  const view = sampleView(d.sample as TrafficSample);
  const from = d.source_file ? ` from ${printable(d.source_file)}${d.source_line ? `:${d.source_line}` : ''}` : '';
  io.out(`Sample ${d.id} (${printable(d.source_id)}), slice ${printable(d.slice ?? '(none)')}, model ${printable(view.model)}, captured ${d.captured_at}${from}`);
  for (const m of view.messages) io.out(`\n[${m.role}]\n${printable(m.text, { keepLines: true })}`);
  io.out(`\n[response]\n${view.response === null ? '(no response recorded)' : printable(view.response, { keepLines: true })}`);
  const documents = (d.sample as TrafficSample).context?.documents ?? [];
  for (const doc of documents) io.out(`\n[document ${printable(doc.id)}${doc.title ? `: ${printable(doc.title)}` : ''}]\n${printable(doc.text, { keepLines: true })}`);
}

/** `canary-gate traffic`: browse the imported samples (filtered, paged, as stored: redacted) or open one. */
export const trafficCommand: Command = {
  name: 'traffic',
  summary: 'Browse the imported traffic: filter by slice, model, redaction or words; open one sample as stored',
  usage: 'traffic [--slice <s>] [--model <m>] [--redacted] [--q <words>] [--limit <n>] [--offset <n>] [--json] | traffic --id <n> [--json]',
  options: {
    slice: { type: 'string' },
    model: { type: 'string' },
    redacted: { type: 'boolean', default: false },
    q: { type: 'string' },
    limit: { type: 'string', default: '50' },
    offset: { type: 'string', default: '0' },
    id: { type: 'string' },
  },
  async run({ values }, io) {
    const ctx = openContext(values, io);
    try {
      if (values.id !== undefined) {
        const detail = getTraffic(ctx.store, positiveInt(values.id, 'id', 1));
        if (values.json) io.out(JSON.stringify(detail));
        else printSample(detail, io);
        return EXIT.ok;
      }
      const limit = positiveInt(values.limit, 'limit', 1);
      if (limit > 500) throw new InputError(`at most 500 samples a page, got ${limit}`, { field: '--limit' });
      const offset = positiveInt(values.offset, 'offset', 0);
      const q = values.q as string | undefined;
      if (q !== undefined && q.length > 500) throw new InputError('search text longer than 500 characters', { field: '--q' });
      const filter: TrafficFilter = {
        ...(values.slice !== undefined ? { slice: values.slice as string } : {}),
        ...(values.model !== undefined ? { model: values.model as string } : {}),
        ...(values.redacted ? { redacted: true } : {}),
        ...(q !== undefined ? { q } : {}),
      };
      const list = listTraffic(ctx.store, filter, offset, limit);
      if (values.json) io.out(JSON.stringify(list));
      else printList(list, offset, io);
      return EXIT.ok;
    } finally {
      ctx.close();
    }
  },
};
