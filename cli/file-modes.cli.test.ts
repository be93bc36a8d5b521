// Issue 14 item 4: .canary-gate/ holds customer traffic, keys and reports — mode 0700, its files 0600, whatever
// command created them; a workspace an older version left world-readable is tightened when it is opened.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli } from '../test-support/spawn-cli.js';

/** Every folder and file under dir with its permission bits ("dir/" for folders), relative to dir. */
function modes(dir: string, prefix = ''): Record<string, number> {
  const out: Record<string, number> = { [`${prefix}/`]: statSync(dir).mode & 0o777 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, modes(path, `${prefix}/${e.name}`));
    else out[`${prefix}/${e.name}`] = statSync(path).mode & 0o777;
  }
  return out;
}

/** The entries whose mode is not the owner's alone (0700 for folders, 0600 for files). */
function wider(dir: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(modes(dir))
      .filter(([p, m]) => m !== (p.endsWith('/') ? 0o700 : 0o600))
      .map(([p, m]) => [p, m.toString(8)]),
  );
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-modes-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('file modes of the workspace state', () => {
  it('init, import (with rejects), keys, replay and gate create nothing wider than 0700 / 0600', () => {
    const ws = join(tmp, 'ws');
    expect(spawnCli(['init', '--workspace', ws], tmp).code).toBe(0);
    expect(statSync(join(ws, '.canary-gate')).mode & 0o777).toBe(0o700);
    const bad = join(tmp, 'with-a-bad-line.jsonl');
    writeFileSync(bad, '{"not": "a sample"}\n');
    spawnCli(['import', bad, join(REPO_ROOT, 'fixtures', 'traffic'), '--workspace', ws], tmp);
    expect(readdirSync(join(ws, '.canary-gate', 'rejects')).length).toBe(1);
    expect(spawnCli(['keys', 'generate', '--workspace', ws], tmp).code).toBe(0);
    expect(spawnCli(['replay', '--workspace', ws, '--sim-time-scale', '0'], tmp).code).toBe(0);
    const gate = spawnCli(['gate', '--workspace', ws, '--out', join(tmp, 'out')], tmp);
    expect(gate.stderr).not.toMatch(/unexpected/);
    spawnCli(['gate', '--workspace', ws], tmp);
    const state = join(ws, '.canary-gate');
    expect(modes(state)['/canary-gate.db']).toBe(0o600);
    expect(Object.keys(modes(join(state, 'reports'))).some((p) => p.endsWith('gate-report.json'))).toBe(true);
    expect(wider(state)).toEqual({});
    // Reports written by --out outside the workspace are 0600 too.
    for (const f of ['gate-report.json', 'gate-report.md', 'rollout-manifest.json', 'gate-report.intoto.dsse.json']) {
      expect(statSync(join(tmp, 'out', f)).mode & 0o777, f).toBe(0o600);
    }
  }, 120_000);

  it('demo: its workspace state too', () => {
    const res = spawnCli(['demo', '--out', 'demo-out', '--sim-time-scale', '0'], tmp);
    expect(res.code).toBe(0);
    expect(wider(join(tmp, 'demo-out', '.canary-gate'))).toEqual({});
    expect(statSync(join(tmp, 'demo-out', 'gate-report.json')).mode & 0o777).toBe(0o600);
  }, 180_000);

  it('tightens an existing world-readable workspace when a command opens it', () => {
    const ws = join(tmp, 'ws-old');
    expect(spawnCli(['import', join(REPO_ROOT, 'fixtures', 'traffic'), '--workspace', ws], tmp).code).toBe(0);
    const state = join(ws, '.canary-gate');
    chmodSync(state, 0o755);
    for (const p of Object.keys(modes(state))) if (!p.endsWith('/')) chmodSync(join(state, p), 0o644);
    writeFileSync(join(state, 'reports', 'old-report.md'), 'x', { mode: 0o644 });
    chmodSync(join(state, 'reports'), 0o755);
    expect(Object.keys(wider(state)).length).toBeGreaterThan(2);
    expect(spawnCli(['replay', '--estimate', '--workspace', ws], tmp).code).toBe(0);
    expect(wider(state)).toEqual({});
  }, 60_000);
});
