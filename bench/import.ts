// bench/import: generates 1,000,000 canonical capture lines and 200,000 OTel GenAI spans, imports them, and
// compares with the same-run physical reference: a bare better-sqlite3 insert of the same lines.
//   npm run bench -- import [--lines 1000000] [--spans 200000]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageRoot } from '../engine/package-root.js';
import { emit } from './bench-output.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, spans: { type: 'string', default: '200000' } } });
const lineCount = Number(values.lines);
const spanCount = Number(values.spans);
const dir = mkdtempSync(join(tmpdir(), 'cg-bench-import-'));

async function writeLines(file: string, count: number, make: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${make(i)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

/** Canonical lines: the shipped capture's samples, varied so every line is a distinct request. */
function canonicalMaker(): (i: number) => string {
  const templates = readFileSync(join(packageRoot(), 'fixtures/traffic/support-bot-capture.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  return (i) => {
    const s = structuredClone(templates[i % templates.length]);
    s.id = `bench-${i}`;
    const last = s.request.messages.findLast((m: { role: string }) => m.role === 'user');
    if (last && typeof last.content === 'string') last.content += ` (ticket ${i})`;
    return JSON.stringify(s);
  };
}

/** OTLP file-exporter lines of 10 GenAI spans each (new semantic conventions). */
function otelMaker(): (i: number) => string {
  const attr = (key: string, value: unknown) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: String(value) } });
  return (i) => {
    const spans = Array.from({ length: 10 }, (_, k) => {
      const n = i * 10 + k;
      const start = 1_759_399_200_000_000_000n + BigInt(n) * 1_000_000_000n;
      return {
        traceId: n.toString(16).padStart(32, '0'),
        spanId: (n + 1).toString(16).padStart(16, '0'),
        name: 'chat gpt-4o-mini',
        kind: 3,
        startTimeUnixNano: start.toString(),
        endTimeUnixNano: (start + 812_000_000n).toString(),
        attributes: [
          attr('gen_ai.operation.name', 'chat'),
          attr('gen_ai.provider.name', 'openai'),
          attr('gen_ai.request.model', 'gpt-4o-mini'),
          attr('gen_ai.usage.input_tokens', 120),
          attr('gen_ai.usage.output_tokens', 14),
          attr('gen_ai.conversation.id', `s-${n % 5000}`),
          attr('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Where is my order A-${n}? It was due last week.` }] }])),
          attr('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Your order A-${n} has shipped.` }], finish_reason: 'stop' }])),
          attr('app.route', '/v1/orders'),
        ],
      };
    });
    return JSON.stringify({ resourceSpans: [{ resource: { attributes: [attr('service.name', 'support-bot')] }, scopeSpans: [{ scope: { name: 'openai' }, spans }] }] });
  };
}

function child(args: string[]): { rows: number; seconds: number; rate: number; peakRssMb: number } {
  const res = spawnSync(process.execPath, [fileURLToPath(new URL('./import-child.js', import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`bench child failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
}

try {
  const canonical = join(dir, 'canonical.jsonl');
  const otel = join(dir, 'otel.jsonl');
  await writeLines(canonical, lineCount, canonicalMaker());
  await writeLines(otel, spanCount / 10, otelMaker());

  const bare = child(['bare', canonical, join(dir, 'bare.db')]);
  const plain = child(['import', canonical, join(dir, 'plain.db')]);
  const redacted = child(['import', canonical, join(dir, 'redacted.db'), '--redact']);
  emit({ bench: 'import', metric: 'canonical_samples_per_second_redaction_off', value: plain.rate, unit: 'samples/s', reference: bare.rate });
  emit({ bench: 'import', metric: 'canonical_samples_per_second_redaction_on', value: redacted.rate, unit: 'samples/s', reference: bare.rate });
  emit({ bench: 'import', metric: 'canonical_peak_rss_redaction_off', value: plain.peakRssMb, unit: 'MB' });
  emit({ bench: 'import', metric: 'canonical_peak_rss_redaction_on', value: redacted.peakRssMb, unit: 'MB' });
  emit({ bench: 'import', metric: 'bare_insert_peak_rss', value: bare.peakRssMb, unit: 'MB' });

  const otelBare = child(['bare', otel, join(dir, 'otel-bare.db')]);
  const otelImport = child(['import', otel, join(dir, 'otel.db'), '--redact']);
  emit({ bench: 'import', metric: 'otel_spans_per_second_redaction_on', value: otelImport.rate, unit: 'spans/s' });
  emit({ bench: 'import', metric: 'otel_lines_per_second_redaction_on', value: otelImport.rate / 10, unit: 'lines/s', reference: otelBare.rate });
  emit({ bench: 'import', metric: 'otel_peak_rss', value: otelImport.peakRssMb, unit: 'MB' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
