// One measured import in its own process, so its peak RSS is its own. Prints one JSON object.
//   node dist/bench/import-child.js <bare|import> <file> <db> [--redact]   (run by bench/import)
import { performance } from 'node:perf_hooks';
import { createReadStream } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { importCaptures } from '../engine/importers/import-captures.js';
import { splitLines } from '../engine/importers/read/split-lines.js';
import { openStore } from '../engine/store/index.js';

const [mode, file, db] = process.argv.slice(2);
const redact = process.argv.includes('--redact');
const started = performance.now();
let rows = 0;

if (mode === 'bare') {
  // The physical reference: the same lines into SQLite with a prepared statement, a transaction per batch,
  // no parsing — what any importer must at least do.
  const conn = new BetterSqlite3(db!);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.exec('CREATE TABLE lines (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = conn.prepare('INSERT INTO lines (body) VALUES (?)');
  const insertMany = conn.transaction((batch: string[]) => {
    for (const b of batch) insert.run(b);
  });
  let batch: string[] = [];
  for await (const l of splitLines(createReadStream(file!, { highWaterMark: 1 << 20 }), 64 << 20)) {
    if (l.tooLong) continue;
    batch.push(l.bytes.toString('utf8'));
    if (batch.length >= 2000) {
      insertMany(batch);
      rows += batch.length;
      batch = [];
    }
  }
  insertMany(batch);
  rows += batch.length;
  conn.close();
} else {
  const store = openStore(db!);
  const s = await importCaptures([file!], store, { redact });
  rows = s.imported;
  store.close();
  if (s.rejected > 0 || s.file_errors.length > 0) throw new Error(`bench input had rejects: ${JSON.stringify([...s.rejects, ...s.file_errors].slice(0, 3))}`);
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ rows, seconds, rate: rows / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
