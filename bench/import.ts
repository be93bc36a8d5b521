// bench/import: generates 1,000,000 canonical capture lines and 200,000 OTel GenAI spans, imports them, and
// compares with the same-run physical reference: a bare better-sqlite3 insert of the same lines.
//   npm run bench -- import [--lines 1000000] [--spans 200000] [--rounds 3]
// This machine's speed drifts by a fifth from minute to minute (the same import's CPU time varied 11-17 s), so
// each round runs the bare reference and the imports back to back, and each figure is the median of the rounds
// (the reference too); peak RSS is the largest of the rounds. Every round's figures go to stderr.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packageRoot } from '../engine/package-root.js';
import { emit, median } from './bench-output.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, spans: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '3' } } });
const lineCount = Number(values.lines);
const spanCount = Number(values.spans);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
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

interface ChildResult {
  rows: number;
  seconds: number;
  rate: number;
  peakRssMb: number;
}

function child(args: string[]): ChildResult {
  const res = spawnSync(process.execPath, [fileURLToPath(new URL('./import-child.js', import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`bench child failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
}

/** Runs each named child once per round, in the given order (a fresh database each time); logs every run. */
function inRounds(runs: Record<string, (db: string) => string[]>): Record<string, ChildResult[]> {
  const out: Record<string, ChildResult[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, args] of Object.entries(runs)) {
      const db = join(dir, `${name}-${r}.db`);
      const result = child(args(db));
      rmSync(db, { force: true });
      rmSync(`${db}-wal`, { force: true });
      rmSync(`${db}-shm`, { force: true });
      process.stderr.write(`round ${r + 1}/${rounds} ${name}: ${Math.round(result.rate)}/s, ${result.peakRssMb.toFixed(1)} MB\n`);
      (out[name] ??= []).push(result);
    }
  }
  return out;
}

const rate = (rs: ChildResult[]) => median(rs.map((r) => r.rate));
const peak = (rs: ChildResult[]) => Math.max(...rs.map((r) => r.peakRssMb));

try {
  const canonical = join(dir, 'canonical.jsonl');
  const otel = join(dir, 'otel.jsonl');
  await writeLines(canonical, lineCount, canonicalMaker());
  await writeLines(otel, spanCount / 10, otelMaker());

  const c = inRounds({
    bare: (db) => ['bare', canonical, db],
    plain: (db) => ['import', canonical, db],
    redacted: (db) => ['import', canonical, db, '--redact'],
  });
  emit({ bench: 'import', metric: 'canonical_samples_per_second_redaction_off', value: rate(c.plain!), unit: 'samples/s', reference: rate(c.bare!) });
  emit({ bench: 'import', metric: 'canonical_samples_per_second_redaction_on', value: rate(c.redacted!), unit: 'samples/s', reference: rate(c.bare!) });
  emit({ bench: 'import', metric: 'canonical_peak_rss_redaction_off', value: peak(c.plain!), unit: 'MB' });
  emit({ bench: 'import', metric: 'canonical_peak_rss_redaction_on', value: peak(c.redacted!), unit: 'MB' });
  emit({ bench: 'import', metric: 'bare_insert_peak_rss', value: peak(c.bare!), unit: 'MB' });

  const o = inRounds({ bare: (db) => ['bare', otel, db], otel: (db) => ['import', otel, db, '--redact'] });
  emit({ bench: 'import', metric: 'otel_spans_per_second_redaction_on', value: rate(o.otel!), unit: 'spans/s' });
  emit({ bench: 'import', metric: 'otel_lines_per_second_redaction_on', value: rate(o.otel!) / 10, unit: 'lines/s', reference: rate(o.bare!) });
  emit({ bench: 'import', metric: 'otel_peak_rss', value: peak(o.otel!), unit: 'MB' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
