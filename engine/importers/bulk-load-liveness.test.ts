// Whether a bulk load is alive is told by its OS lock, across processes: a child process holds a bulk load, is
// killed with SIGKILL, and an import in this process must then recover, whatever pid and host the marker names.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { importCaptures } from './import-captures.js';

const HOLDER = fileURLToPath(new URL('../../test-support/hold-bulk-load.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

const capture = (id: string) =>
  JSON.stringify({
    schema: 'canary-gate/capture@1',
    id,
    timestamp: '2026-10-02T10:00:00Z',
    request: { model: 'gpt-prod', messages: [{ role: 'user', content: `question ${id}` }] },
    response: { choices: [{ message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] },
    metadata: { slice: 'billing' },
  });

/** Starts the holder on `dbFile` and resolves once its bulk load runs. */
function holdBulkLoad(dbFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', TSX, HOLDER, dbFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`holder exited (${code}) before it was ready: ${err}`)));
  });
}

function killHard(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => resolve(signal));
    child.kill('SIGKILL');
  });
}

let dir: string;
let dbFile: string;
let store: Store;
let child: ChildProcess | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-bulk-liveness-'));
  dbFile = join(dir, 'db.sqlite');
  store = openStore(dbFile);
  writeFileSync(join(dir, 'after.jsonl'), `${capture('c1')}\n${capture('c2')}\n`);
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) await killHard(child);
  child = null;
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const indexNames = () =>
  store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'traffic_samples' ORDER BY name").pluck().all();
const marker = () => store.db.prepare('SELECT COUNT(*) FROM traffic_bulk_load').pluck().get();
const importAfter = () => importCaptures([join(dir, 'after.jsonl')], store, { redact: true, cwd: dir });

describe('bulk load liveness across processes', () => {
  it('refuses while another process holds the load, even when its marker names a pid that does not exist or another host', async () => {
    child = await holdBulkLoad(dbFile);
    expect(existsSync(`${dbFile}.bulk-lock`)).toBe(true);
    // As after a pid lookup that finds nothing (or a container with other pids and another hostname).
    store.db.prepare("UPDATE traffic_bulk_load SET pid = ?, host = 'container-b'").run(2 ** 22 + 12345);
    await expect(importAfter()).rejects.toThrow(`another import into this workspace is running (process ${2 ** 22 + 12345} on container-b, since`);
    expect(() => store.traffic.beginBulkLoad()).toThrow(/another import into this workspace is running/);
    expect(indexNames()).toEqual(['traffic_samples_slice']);
    expect(marker()).toBe(1);
    expect(store.traffic.count()).toBe(2);
  });

  it('after the holder is killed with SIGKILL, the next import rebuilds the index, even when its pid now names a live process', async () => {
    child = await holdBulkLoad(dbFile);
    expect(await killHard(child)).toBe('SIGKILL');
    // The dead loader's pid reused by a live, unrelated process (this test's parent): a pid check refuses forever.
    store.db.prepare('UPDATE traffic_bulk_load SET pid = ?').run(process.ppid);
    const s = await importAfter();
    expect(s).toMatchObject({ imported: 2, duplicates: 0 });
    expect(indexNames()).toEqual(['traffic_samples_fingerprint', 'traffic_samples_slice']);
    expect(marker()).toBe(0);
    expect(store.db.prepare('SELECT source_id FROM traffic_samples ORDER BY id').pluck().all()).toEqual(['held-a', 'held-b', 'c1', 'c2']);
    // The dead loader's side file was removed by the probe that found it unlocked.
    expect(existsSync(`${dbFile}.bulk-lock`)).toBe(false);
    // And a new bulk load may start and finish.
    const load = store.traffic.beginBulkLoad();
    load.finish();
    expect(marker()).toBe(0);
  });
});
