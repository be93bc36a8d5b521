// CLI integration for `canary-gate import`: the real, built command on the shipped fixtures.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../engine/store/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'canary-gate.js');

function cli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-import-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('canary-gate import', () => {
  it('imports a folder of every supported format into a new workspace and prints one JSON summary', () => {
    const res = cli(['import', join(ROOT, 'fixtures', 'capture-formats'), '--workspace', 'ws-formats', '--json']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/was not a workspace: initialised it/);
    const s = JSON.parse(res.stdout);
    expect(new Set(s.files.map((f: { format: string }) => f.format))).toEqual(new Set(['canonical', 'openai-chat', 'openai-responses', 'anthropic', 'otel', 'langfuse']));
    expect(s.rejected).toBe(0);
    expect(s.imported).toBeGreaterThan(10);
    // The same golden conversation is in all 9 files; the older OTel convention carries no tool definitions,
    // so 8 copies are the same request: 7 duplicates.
    expect(s.duplicates).toBeGreaterThanOrEqual(7);
    expect(s.imported + s.duplicates + s.not_sampled).toBe(s.samples);
  });

  it('the worker-thread path stores exactly what the in-process path stores', () => {
    const capture = join(ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl');
    expect(cli(['import', capture, '--workspace', 'ws-a', '--json'], { CANARY_GATE_IMPORT_WORKERS: '0' }).code).toBe(0);
    expect(cli(['import', capture, '--workspace', 'ws-b', '--json'], { CANARY_GATE_IMPORT_WORKERS: '2' }).code).toBe(0);
    const rows = (ws: string) => {
      const store = openStore(join(tmp, ws, '.canary-gate', 'canary-gate.db'));
      try {
        return store.db.prepare('SELECT fingerprint, slice, sample_json, source_line FROM traffic_samples ORDER BY source_line').all();
      } finally {
        store.close();
      }
    };
    const a = rows('ws-a');
    expect(a).toHaveLength(400);
    expect(rows('ws-b')).toEqual(a);
  });

  it('the worker path stores every line exactly, across many batches and reused row buffers', () => {
    const lines = readFileSync(join(ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl'), 'utf8').trim().split('\n');
    const out = Array.from({ length: 6000 }, (_, i) => {
      const s = JSON.parse(lines[i % lines.length]!);
      s.id = `w${i}`;
      s.request.messages.push({ role: 'user', content: `and one more thing → ${i}` });
      return JSON.stringify(s);
    });
    const file = join(tmp, 'many.jsonl');
    writeFileSync(file, `${out.join('\r\n')}\n`);
    const res = cli(['import', file, '--workspace', 'ws-many', '--no-redact', '--json'], { CANARY_GATE_IMPORT_WORKERS: '1' });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ imported: 6000, duplicates: 0, rejected: 0 });
    const store = openStore(join(tmp, 'ws-many', '.canary-gate', 'canary-gate.db'));
    try {
      const rows = store.db.prepare('SELECT sample_json, source_line FROM traffic_samples ORDER BY source_line').all() as { sample_json: string; source_line: number }[];
      expect(rows.map((r) => r.source_line)).toEqual(out.map((_, i) => i + 1));
      expect(rows.map((r) => r.sample_json)).toEqual(out);
    } finally {
      store.close();
    }
  });

  it('exits 2 naming file and line when nothing could be imported', () => {
    const bad = join(tmp, 'broken.jsonl.gz');
    const gz = gzipSync(Buffer.from('{"oops": tru\n{"id": 1}\n'));
    writeFileSync(bad, gz);
    const res = cli(['import', bad, '--workspace', 'ws-bad']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${bad}:1: not JSON`);
    expect(res.stderr).toContain(`${bad}:2: not a recognised capture format`);
  });

  it('--no-redact is said out loud, and --sample builds a stratified replay set', () => {
    const capture = join(ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl');
    const off = cli(['import', capture, '--workspace', 'ws-raw', '--no-redact']);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/REDACTION OFF/);
    const sampled = JSON.parse(cli(['import', capture, '--workspace', 'ws-sampled', '--sample', '80', '--by', 'slice', '--min-per-slice', '6', '--seed', '9', '--json']).stdout);
    expect(sampled.imported).toBe(80);
    expect(Object.values(sampled.sample_allocation as Record<string, number>).every((n) => n >= 6)).toBe(true);
    expect(Object.keys(sampled.sample_allocation)).toHaveLength(8);
  });

  it('kill -9 in the middle of an import leaves a consistent database; the same command finishes the rest', async () => {
    const lines = readFileSync(join(ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl'), 'utf8').trim().split('\n');
    const file = join(tmp, 'big.jsonl');
    const out: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const s = JSON.parse(lines[i % lines.length]!);
      s.id = `k${i}`;
      s.request.messages.push({ role: 'user', content: `follow-up ${i}` });
      out.push(JSON.stringify(s));
    }
    writeFileSync(file, `${out.join('\n')}\n`);
    expect(cli(['init', '--workspace', 'ws-kill']).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'import', file, '--workspace', 'ws-kill'], { cwd: tmp, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
    const dbFile = join(tmp, 'ws-kill', '.canary-gate', 'canary-gate.db');
    // Wait until some batches are committed, then kill without warning.
    const deadline = Date.now() + 60_000;
    let stored = 0;
    while (Date.now() < deadline && stored === 0) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const store = openStore(dbFile);
        stored = store.traffic.count();
        store.close();
      } catch {
        // the database may not exist yet
      }
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const store = openStore(dbFile);
    const afterKill = store.traffic.count();
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(30_000);
    const res = JSON.parse(cli(['import', file, '--workspace', 'ws-kill', '--json']).stdout);
    expect(res.imported + res.duplicates).toBe(30_000);
    expect(res.duplicates).toBeGreaterThanOrEqual(afterKill);
    const final = openStore(dbFile);
    expect(final.traffic.count()).toBe(30_000);
    final.close();
  }, 120_000);

  it('rejects a wrong --format and a wrong --by with exit 2', () => {
    expect(cli(['import', 'x.jsonl', '--workspace', 'ws-x', '--format', 'csv']).code).toBe(2);
    expect(cli(['import', 'x.jsonl', '--workspace', 'ws-x', '--sample', '5', '--by', 'route']).code).toBe(2);
  });

  it('redacts PII before storing, reading the same data from every format', () => {
    const line = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl'), 'utf8').split('\n')[0]!);
    line.id = 'pii-1';
    line.request.messages.push({ role: 'user', content: 'My card is 4111 1111 1111 1111 and my email is jane.doe@example.com' });
    const file = join(tmp, 'pii.jsonl');
    writeFileSync(file, `${JSON.stringify(line)}\n`);
    const s = JSON.parse(cli(['import', file, '--workspace', 'ws-pii', '--json']).stdout);
    expect(s.redactions).toMatchObject({ CARD: 1, EMAIL: 1 });
    const db = readFileSync(join(tmp, 'ws-pii', '.canary-gate', 'canary-gate.db'));
    expect(db.includes('4111 1111 1111 1111')).toBe(false);
  });
});

describe('canary-gate import: a deeply nested record (issue 14, item 5)', () => {
  const base = { schema: 'canary-gate/capture@1', timestamp: '2026-10-02T10:00:00Z', metadata: { slice: 'deep' } };
  const ok = (id: string) => JSON.stringify({ ...base, id, request: { model: 'm', messages: [{ role: 'user', content: `question ${id}` }] } });
  // Built as text: JSON.stringify itself runs out of stack on 5,000 levels.
  const nested = `${'{"n":'.repeat(5000)}{"leaf":"jane@example.com"}${'}'.repeat(5000)}`;
  const deep = `{"schema":"canary-gate/capture@1","id":"deep","timestamp":"2026-10-02T10:00:00Z","request":{"model":"m","messages":[{"role":"user","content":"deep"}]},"metadata":{"slice":"deep","nest":${nested}}}`;

  for (const workers of ['0', '2']) {
    it(`rejects it with its line and reason and imports the valid lines (CANARY_GATE_IMPORT_WORKERS=${workers})`, () => {
      const file = join(tmp, `deep-${workers}.jsonl`);
      writeFileSync(file, `${ok('a')}\n${deep}\n${ok('b')}\n`);
      const res = cli(['import', file, '--workspace', `ws-deep-${workers}`, '--json'], { CANARY_GATE_IMPORT_WORKERS: workers });
      expect(res.stderr).not.toMatch(/RangeError|Maximum call stack/);
      expect(res.code).toBe(0);
      const s = JSON.parse(res.stdout);
      expect(s).toMatchObject({ records: 3, imported: 2, rejected: 1 });
      expect(s.rejects).toEqual([{ file, line: 2, reason: 'canonical: nested deeper than 256 levels (objects and arrays within one another)' }]);
    });
  }
});

describe('canary-gate import: links, pipes and standard input (issue 14, item 8)', () => {
  const line = (id: string, slice = 'links') =>
    JSON.stringify({ schema: 'canary-gate/capture@1', id, timestamp: '2026-10-02T10:00:00Z', request: { model: 'm', messages: [{ role: 'user', content: `question ${id}` }] }, metadata: { slice } });

  it('follows symbolic links to files and folders in an imported folder, and reports loops and broken links', () => {
    const root = join(tmp, 'linked');
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(join(root, 'sub'), { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(root, 'a.jsonl'), `${line('a')}\n`);
    writeFileSync(join(elsewhere, 'b.jsonl'), `${line('b')}\n`);
    writeFileSync(join(tmp, 'c.jsonl'), `${line('c')}\n`);
    symlinkSync(elsewhere, join(root, 'linked-folder'));
    symlinkSync(join(tmp, 'c.jsonl'), join(root, 'linked-file.jsonl'));
    symlinkSync(root, join(root, 'sub', 'loop'));
    symlinkSync(join(tmp, 'missing.jsonl'), join(root, 'broken.jsonl'));
    const res = cli(['import', root, '--workspace', 'ws-links', '--json']);
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout);
    expect(s.imported).toBe(3);
    expect(s.file_errors.map((e: { file: string; reason: string }) => [e.file, e.reason])).toEqual([
      [join(root, 'broken.jsonl'), 'broken symbolic link (ENOENT)'],
      [join(root, 'sub', 'loop'), `symbolic link to a folder already read (${root}): not read again`],
    ]);
  });

  it('reads standard input given as - (and gzip through it)', () => {
    const res = spawnSync(process.execPath, [BIN, 'import', '-', '--workspace', 'ws-stdin', '--json'], { cwd: tmp, input: gzipSync(`${line('s1', 'stdin')}\n${line('s2', 'stdin')}\n`), encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ imported: 2, rejected: 0, files: [{ file: '-', format: 'canonical', records: 2 }] });
  });

  it('reads a pipe named as a path (/dev/stdin, as <(…) gives /dev/fd/N) instead of failing with ESPIPE', () => {
    const res = spawnSync('sh', ['-c', `cat | "${process.execPath}" "${BIN}" import /dev/stdin --workspace ws-pipe --json`], { cwd: tmp, input: `${line('p1', 'pipe')}\n`, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(res.stderr).not.toMatch(/ESPIPE/);
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ imported: 1, rejected: 0 });
  });

  it('a named pipe with no writer waits, and Ctrl-C ends the wait', async () => {
    const fifo = join(tmp, 'capture.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'import', fifo, '--workspace', 'ws-fifo'], { cwd: tmp, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    // The workspace is initialised (and said so) just before the import starts waiting for the pipe's writer.
    await new Promise<void>((r) => child.stderr!.once('data', () => r()));
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(code).toBe(4);
  }, 20_000);
});
