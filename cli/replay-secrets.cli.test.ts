// The API key a target names is read from the environment at call time and never written anywhere: not to the
// database, not to the reports, manifests or envelopes, not to the CLI's output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'canary-gate.js');
const SECRET = 'sk-proj-CANARY-do-not-store-7d1e9b3f5a2c';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-secrets-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args, '--workspace', tmp], { cwd: tmp, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 120_000 });
  return { code: res.status, out: `${res.stdout}\n${res.stderr}` };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('API keys', () => {
  it('never reach the database, the report files or the output of replay and gate', () => {
    expect(cli(['init']).code).toBe(0);
    const config = readFileSync(join(tmp, 'canary-gate.yaml'), 'utf8');
    writeFileSync(join(tmp, 'canary-gate.yaml'), config.replace('    model: sim-candidate\n', '    model: sim-candidate\n    api_key_env: CG_SECRET_TEST_KEY\n'));
    expect(cli(['import', join(ROOT, 'fixtures/traffic/support-bot-capture.jsonl')]).code).toBe(0);
    // Without the variable: a clear message naming it, and still no key anywhere.
    const missing = cli(['replay', '--sim-time-scale', '0']);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('CG_SECRET_TEST_KEY');
    const outputs = [missing.out];
    for (const args of [['replay', '--sim-time-scale', '0'], ['replay', '--sim-time-scale', '0', '--json'], ['gate', '--out', join(tmp, 'out')], ['gate', '--json', '--out', join(tmp, 'out2')]]) {
      const res = cli(args, { CG_SECRET_TEST_KEY: SECRET });
      expect([0, 1, 3]).toContain(res.code);
      outputs.push(res.out);
    }
    for (const out of outputs) expect(out.includes(SECRET)).toBe(false);
    const files = filesUnder(tmp);
    expect(files.some((f) => f.endsWith('canary-gate.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('gate-report.json'))).toBe(true);
    for (const f of files) expect(readFileSync(f).includes(SECRET), f).toBe(false);
  }, 120_000);
});
