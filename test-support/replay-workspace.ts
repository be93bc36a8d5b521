import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { stringify } from 'yaml';
import { startSimServer, type SimServer, type SimServerOptions } from '../engine/sim/index.js';
import { openStore, type Store } from '../engine/store/index.js';
import { resolveTarget, type ResolvedTarget } from '../engine/targets/resolve-target.js';
import { initWorkspace, openWorkspace, type Workspace } from '../engine/workspace.js';

/** A fresh workspace, its store and a simulated endpoint for each test; fields are replaced before every test. */
export interface ReplayWorkspace {
  dir: string;
  ws: Workspace;
  store: Store;
  sim: SimServer;
  /** The workspace's baseline and candidate targets, as the config reads now. */
  targets(): { baseline: ResolvedTarget; candidate: ResolvedTarget };
  /** Re-reads canary-gate.yaml after a test edited it. */
  reopen(): void;
  /** Replaces the simulated endpoint with one started with these options (time scale 0 unless given). */
  restartSim(opts?: SimServerOptions): Promise<void>;
}

/** For replay tests: registers the set-up and clean-up of a {@link ReplayWorkspace} around each test. */
export function useReplayWorkspace(prefix: string): ReplayWorkspace {
  const t = {} as ReplayWorkspace;
  t.targets = () => ({ baseline: resolveTarget(t.ws.config, 'baseline', t.ws.configFile), candidate: resolveTarget(t.ws.config, 'candidate', t.ws.configFile) });
  t.reopen = () => {
    t.ws = openWorkspace(t.dir);
  };
  t.restartSim = async (opts = {}) => {
    const previous = t.sim;
    t.sim = await startSimServer({ port: 0, timeScale: 0, ...opts });
    await previous.close();
  };
  beforeEach(async () => {
    t.dir = mkdtempSync(join(tmpdir(), prefix));
    initWorkspace(t.dir);
    t.ws = openWorkspace(t.dir);
    t.store = openStore(t.ws.databaseFile);
    t.sim = await startSimServer({ port: 0, timeScale: 0 });
  });
  afterEach(async () => {
    t.store.close();
    await t.sim.close();
    rmSync(t.dir, { recursive: true, force: true });
  });
  return t;
}

/**
 * Writes a suite of `count` billing cases to evals/suites/<name>.yaml: each asks for one invoice amount the system
 * prompt states, and expects it (the simulated models answer these exactly). Returns the file.
 */
export function writeInvoiceSuite(dir: string, name: string, count: number): string {
  const cases = Array.from({ length: count }, (_, i) => ({
    id: `case-${i}`,
    slice: 'billing',
    input: {
      messages: [
        { role: 'system', content: `You are Acme Cloud's support assistant.\ninvoice INV-${1000 + i} amount: $${(10 + i).toFixed(2)}` },
        { role: 'user', content: `What is the amount of invoice INV-${1000 + i}?` },
      ],
    },
    expectations: [{ type: 'contains', value: `$${(10 + i).toFixed(2)}` }],
  }));
  const file = join(dir, 'evals', 'suites', `${name}.yaml`);
  writeFileSync(file, stringify({ name, cases }));
  return file;
}
