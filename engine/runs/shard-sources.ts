import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Shard } from '../../shared/domain/run.js';
import { InputError } from '../errors.js';
import { pendingTasks } from '../replay/run-tasks.js';
import { shardLabel } from '../replay/shard.js';
import { openStoreReadOnly, SchemaError, type RunRow, type Store, type StoredTarget } from '../store/index.js';
import { STATE_DIR } from '../workspace.js';

const DATABASE_FILE = 'canary-gate.db';

/** One shard run found in one of the databases given to merge, with what it replayed and what it still lacks. */
export interface ShardPart {
  /** The path as given (messages name it), and the database file it led to. */
  path: string;
  databaseFile: string;
  store: Store;
  run: RunRow;
  shard: Shard;
  suite: { id: number; name: string; digest: string; sourcePath: string | null };
  targets: { baseline: StoredTarget; candidate: StoredTarget };
  cases: number;
  results: number;
  /** (case, arm, attempt) calls of the shard without a result: the shard run is incomplete. */
  missing: number;
}

/** The database a merge argument names: a database file, a workspace folder, or its .canary-gate folder. */
export function locateDatabase(path: string, cwd: string): string {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new InputError('no such file or folder', { file: path });
  if (!statSync(full).isDirectory()) return full;
  for (const candidate of [join(full, STATE_DIR, DATABASE_FILE), join(full, DATABASE_FILE)]) if (existsSync(candidate)) return candidate;
  throw new InputError(`no canary-gate database in this folder (looked for ${join(STATE_DIR, DATABASE_FILE)} and ${DATABASE_FILE})`, { file: path });
}

function openSource(path: string, databaseFile: string): Store {
  try {
    return openStoreReadOnly(databaseFile);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof SchemaError || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_CANTOPEN') {
      throw new InputError(`cannot merge from this database: ${(err as Error).message}`, { file: path });
    }
    throw err;
  }
}

/**
 * The shard runs of one database that belong to its newest split replay: the newest shard run decides which
 * replay (suite version, targets, repeats, number of shards), and of that replay the newest run of each shard.
 */
function newestShardRuns(store: Store, path: string): RunRow[] {
  const runs = store.runs.shardRuns();
  const newest = runs[0];
  if (!newest) throw new InputError('the database has no shard runs (replay with --shard i/n first)', { file: path });
  const sameReplay = (r: RunRow) =>
    r.suiteId === newest.suiteId && r.baselineTargetId === newest.baselineTargetId && r.candidateTargetId === newest.candidateTargetId &&
    r.repeats === newest.repeats && r.shard!.count === newest.shard!.count;
  const byIndex = new Map<number, RunRow>();
  for (const r of runs) if (sameReplay(r) && !byIndex.has(r.shard!.index)) byIndex.set(r.shard!.index, r);
  return [...byIndex.values()];
}

function describePart(store: Store, path: string, databaseFile: string, run: RunRow): ShardPart {
  const suite = store.suites.get(run.suiteId)!;
  const { targets, cases, tasks } = pendingTasks(store, run.id);
  return { path, databaseFile, store, run, shard: run.shard!, suite, targets, cases: cases.length, results: store.results.counts(run.id).total, missing: tasks.length };
}

const where = (p: ShardPart) => `shard ${shardLabel(p.shard)} (run ${p.run.id}) in ${p.path}`;

/** Refuses parts that are not shards of one and the same replay, naming the file and what differs. */
function checkSameReplay(parts: readonly ShardPart[]): void {
  const ref = parts[0]!;
  const facts = (p: ShardPart): [string, string][] => [
    ['suite digest', `${p.suite.name} ${p.suite.digest}`],
    ['baseline fingerprint', p.targets.baseline.fingerprint],
    ['candidate fingerprint', p.targets.candidate.fingerprint],
    ['repeats', String(p.run.repeats)],
    ['shard count', String(p.shard.count)],
  ];
  const refFacts = facts(ref);
  for (const p of parts.slice(1)) {
    facts(p).forEach(([field, value], i) => {
      const expected = refFacts[i]![1];
      if (value !== expected) {
        throw new InputError(`${where(p)} has ${field} ${value}, but ${where(ref)} has ${expected}: shards of one replay must share the suite digest, target fingerprints, repeats and shard count`, {
          file: p.path,
          field,
        });
      }
    });
  }
}

/** Refuses a replay with a shard missing or given twice, naming the shard and the files. */
function checkEachShardOnce(parts: readonly ShardPart[]): void {
  const count = parts[0]!.shard.count;
  const byIndex = new Map<number, ShardPart>();
  for (const p of parts) {
    const other = byIndex.get(p.shard.index);
    if (other) {
      throw new InputError(`shard ${shardLabel(p.shard)} is given twice: run ${other.run.id} in ${other.path} and run ${p.run.id} in ${p.path}; each shard must come from exactly one database`, {
        file: p.path,
        field: 'shard',
      });
    }
    byIndex.set(p.shard.index, p);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    const present = [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index).map((p) => `${shardLabel(p.shard)} from ${p.path}`).join(', ');
    throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the databases given hold ${present}`, { field: 'shard' });
  }
}

/** Refuses shards that still lack results, listing what each lacks, unless an incomplete merge was asked for. */
function checkComplete(parts: readonly ShardPart[]): void {
  const incomplete = parts.filter((p) => p.missing > 0);
  if (incomplete.length === 0) return;
  const list = incomplete.map((p) => `${where(p)} is ${p.run.status}: ${p.missing} of ${p.cases * 2 * p.run.repeats} calls have no result`).join('; ');
  throw new InputError(`${list}. Resume each on its runner (canary-gate replay --shard i/n), or merge what there is with --allow-incomplete`, { field: 'shard' });
}

/** The shard runs of one split replay, in shard order, and a way to close the databases they were read from. */
export interface ShardParts {
  parts: ShardPart[];
  close(): void;
}

/**
 * Opens every database read-only and finds the shard runs of one split replay in them: each shard exactly once,
 * all of the same suite digest, target fingerprints, repeats and shard count, and (unless allowIncomplete)
 * every call with a result.
 */
export function readShardParts(paths: readonly string[], opts: { cwd: string; allowIncomplete?: boolean }): ShardParts {
  if (paths.length === 0) throw new InputError('name the shard databases or workspace folders to merge', { field: 'paths' });
  const opened: Store[] = [];
  const close = () => {
    for (const s of opened) s.close();
  };
  try {
    const seen = new Map<string, string>();
    const parts: ShardPart[] = [];
    for (const path of paths) {
      const databaseFile = locateDatabase(path, opts.cwd);
      const real = realpathSync(databaseFile);
      const twice = seen.get(real);
      if (twice !== undefined) throw new InputError(`the same database is given twice (also as ${twice})`, { file: path });
      seen.set(real, path);
      const store = openSource(path, databaseFile);
      opened.push(store);
      for (const run of newestShardRuns(store, path)) parts.push(describePart(store, path, databaseFile, run));
    }
    checkSameReplay(parts);
    checkEachShardOnce(parts);
    if (!opts.allowIncomplete) checkComplete(parts);
    return { parts: parts.sort((a, b) => a.shard.index - b.shard.index), close };
  } catch (err) {
    close();
    throw err;
  }
}
