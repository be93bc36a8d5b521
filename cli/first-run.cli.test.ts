// CLI integration for the first-run rough edges of issue 14 (items 15 and 18): what a new user sees.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnCli } from '../test-support/spawn-cli.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-first-run-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('import of a missing file', () => {
  it('ends with a whole sentence, not a dangling colon', () => {
    const res = spawnCli(['import', 'no-such-file.jsonl', '--workspace', 'ws-missing'], tmp);
    expect(res.code).toBe(2);
    const last = res.stdout.trim().split('\n').at(-1);
    expect(last).toBe('Workspace now holds no samples.');
    expect(res.stdout).not.toMatch(/sample\(s\): *$/m);
  });
});

describe('gate --run with an id the workspace does not hold', () => {
  it('says so with exit 2 and lists the most recent run ids', () => {
    const ws = join(tmp, 'ws-gate');
    expect(spawnCli(['init', '--workspace', ws], tmp).code).toBe(0);
    expect(spawnCli(['import', join(REPO_ROOT, 'fixtures', 'traffic'), '--workspace', ws], tmp).code).toBe(0);
    const replay = spawnCli(['replay', '--workspace', ws, '--sim-time-scale', '0', '--json'], tmp);
    expect(replay.code).toBe(0);
    const runId = JSON.parse(replay.stdout).run_id as string;
    const res = spawnCli(['gate', '--run', 'bogus', '--workspace', ws], tmp);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe(`canary-gate gate: no run "bogus"; the most recent: ${runId}`);
  }, 120_000);

  it('says the workspace has no runs at all when it has none', () => {
    const ws = join(tmp, 'ws-empty');
    expect(spawnCli(['init', '--workspace', ws], tmp).code).toBe(0);
    const res = spawnCli(['gate', '--run', 'bogus', '--workspace', ws], tmp);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('canary-gate gate: no run "bogus": the workspace has no runs yet (run `canary-gate replay` first)');
  });
});

describe('replay before any import', () => {
  it('warns that no traffic matched and says what to run, then replays the hand-written cases (exit 0)', () => {
    const ws = join(tmp, 'ws-no-traffic');
    expect(spawnCli(['init', '--workspace', ws], tmp).code).toBe(0);
    const res = spawnCli(['replay', '--workspace', ws, '--sim-time-scale', '0'], tmp);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      "Warning: the workspace holds no imported traffic, so only the suite's 2 hand-written case(s) will run. Import captured traffic first: canary-gate import <capture files or folders>",
    );
    const json = spawnCli(['replay', '--workspace', ws, '--sim-time-scale', '0', '--json', '--new'], tmp);
    expect(json.code).toBe(0);
    expect(json.stderr).toMatch(/^Warning: the workspace holds no imported traffic/m);
  });

  it('says nothing of the kind once traffic of the suite’s slices is imported', () => {
    const ws = join(tmp, 'ws-with-traffic');
    expect(spawnCli(['import', join(REPO_ROOT, 'fixtures', 'traffic'), '--workspace', ws], tmp).code).toBe(0);
    const res = spawnCli(['replay', '--workspace', ws, '--sim-time-scale', '0', '--estimate'], tmp);
    expect(res.code).toBe(0);
    expect(res.stderr).not.toMatch(/Warning/);
  });
});
