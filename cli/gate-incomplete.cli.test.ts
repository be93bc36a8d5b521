// CLI integration for issue 13: a partial run is not gated, signed or promoted; an A/A run is refused by replay
// unless asked for, and labelled wherever it shows. Spawns the real, built `canary-gate` on the embedded sim.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { writeInvoiceSuite } from '../test-support/replay-workspace.js';

const BIN = fileURLToPath(new URL('../bin/canary-gate.js', import.meta.url));
const CASES = 400;
const CALLS = CASES * 2;

/** Passes as soon as a few calls are answered: only a generous ceiling on the infra error rate. */
const LENIENT_POLICY = `name: lenient
gates:
  - { name: Infra error rate, metric: infra_error, kind: max_rate, max_rate: 0.9 }
`;

let tmp: string;
function cli(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);
const ws = (...p: string[]) => join(tmp, 'ws', ...p);
const publicKey = () => ws('.canary-gate', 'keys', 'signing-key.pub.pem');
const gate = (...extra: string[]) => cli(['gate', '--workspace', 'ws', '--policy', 'evals/policies/lenient.yaml', ...extra]);
const verify = (dir: string, ...extra: string[]) => cli(['verify', join(dir, 'gate-report.intoto.dsse.json'), '--key', publicKey(), ...extra]);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-incomplete-cli-'));
  expect(cli(['init', '--workspace', 'ws']).code).toBe(0);
  expect(cli(['keys', 'generate', '--workspace', 'ws']).code).toBe(0);
  writeInvoiceSuite(ws(), 'big', CASES);
  writeInvoiceSuite(ws(), 'small', 6);
  writeFileSync(ws('evals', 'policies', 'lenient.yaml'), LENIENT_POLICY);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a partial run (replay --new --deadline)', () => {
  let runId: string;
  let missing: number;
  let resume: string;

  it('is refused by gate with exit 2, naming the missing calls and the exact resume command; no report, no envelope', () => {
    // ~45 ms a call, one at a time per arm: a second answers a few dozen of the 800 calls.
    const replay = cli(['replay', '--workspace', 'ws', '--suite', 'evals/suites/big.yaml', '--new', '--deadline', '1s', '--concurrency', '1', '--sim-time-scale', '0.05', '--json']);
    expect(replay.code).toBe(4);
    const out = lastJson(replay.stdout);
    expect(out).toMatchObject({ interrupted: true, stoppedBy: 'deadline', labels: [] });
    runId = out.run_id;
    missing = out.missing_calls;
    resume = out.resume;
    expect(resume).toBe(`canary-gate replay --run ${runId} --workspace ws`);
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(CALLS);

    const refused = gate('--out', 'refused');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`canary-gate gate: --run: run ${runId} is interrupted: ${missing} of ${CALLS} calls (${CASES} cases × 2 arms × 1 attempt = ${CALLS} calls) have no result yet`);
    expect(refused.stderr).toContain(`Complete it with: ${resume} — then gate it again`);
    expect(refused.stdout).toBe('');
    for (const f of ['gate-report.json', 'gate-report.md', 'rollout-manifest.json', 'gate-report.intoto.dsse.json']) expect(existsSync(join(tmp, 'refused', f)), f).toBe(false);
  });

  it('--allow-incomplete: an INCOMPLETE-labelled INCONCLUSIVE report (exit 3) in every file, which verify --require-pass rejects', () => {
    const res = gate('--out', 'partial', '--allow-incomplete');
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('Overall: INCONCLUSIVE · INCOMPLETE (policy lenient');
    expect(res.stdout).toContain(`INCOMPLETE: run ${runId} is interrupted: ${missing} of ${CALLS} calls (${CASES} cases × 2 arms × 1 attempt = ${CALLS} calls) have no result.`);
    // No gate row ends in PASS (the notes may say that nothing is PASS).
    expect(res.stdout.split('\n').filter((line) => /\bPASS$/.test(line.trim()))).toEqual([]);

    const dir = join(tmp, 'partial');
    const report = JSON.parse(readFileSync(join(dir, 'gate-report.json'), 'utf8'));
    expect(report).toMatchObject({ verdict: 'INCONCLUSIVE', labels: ['INCOMPLETE'], run: { id: runId, status: 'interrupted', incomplete: { missing_calls: missing, expected_calls: CALLS, resume } } });
    expect(report.gates.map((g: { verdict: string }) => g.verdict)).toEqual(['INCONCLUSIVE']);
    expect(report.gates[0].reason).toMatch(/^INCOMPLETE RUN: passed on a partial sample/);
    expect(readFileSync(join(dir, 'gate-report.md'), 'utf8')).toMatch(/^# Gate report: ⚠️ INCONCLUSIVE · INCOMPLETE\n\n> \*\*INCOMPLETE\*\* — /);
    const manifest = JSON.parse(readFileSync(join(dir, 'rollout-manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ promotion_allowed: false, report: { verdict: 'INCONCLUSIVE', labels: ['INCOMPLETE'] } });

    const verified = verify(dir);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("Verified. The signed report's verdict is INCONCLUSIVE · INCOMPLETE.");
    const required = verify(dir, '--require-pass');
    expect(required.code).toBe(3);
    expect(required.stdout).toContain(`--require-pass: not a pass: the report is INCOMPLETE (${missing} of ${CALLS} calls had no result): a partial run is never a pass.`);
    const requiredJson = verify(dir, '--require-pass', '--json');
    expect(requiredJson.code).toBe(3);
    expect(JSON.parse(requiredJson.stdout)).toMatchObject({ ok: true, verdict: 'INCONCLUSIVE', labels: ['INCOMPLETE'], require_pass: { ok: false } });

    const json = gate('--out', 'partial-json', '--allow-incomplete', '--no-sign', '--json');
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ run_id: runId, verdict: 'INCONCLUSIVE', labels: ['INCOMPLETE'], incomplete: { missing_calls: missing, resume } });
  });

  it('the printed resume command completes that very run; then the same policy PASSes and verify --require-pass accepts it', () => {
    const [, ...args] = resume.split(' ');
    const resumed = cli([...args, '--sim-time-scale', '0', '--json']);
    expect(resumed.code).toBe(0);
    const done = lastJson(resumed.stdout);
    expect(done).toMatchObject({ run_id: runId, resumed: true, interrupted: false, alreadyDone: CALLS - missing });
    expect(done.called + done.cacheHits).toBe(missing);
    const passed = gate('--out', 'complete');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/Overall: PASS \(policy lenient/);
    expect(JSON.parse(readFileSync(join(tmp, 'complete', 'gate-report.json'), 'utf8'))).toMatchObject({ verdict: 'PASS', labels: [], run: { status: 'completed' } });
    expect(verify(join(tmp, 'complete'), '--require-pass').code).toBe(0);
  });

  it('replay --run refuses options that would contradict the stored run', () => {
    const res = cli(['replay', '--workspace', 'ws', '--run', runId, '--suite', 'evals/suites/small.yaml', '--new']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('canary-gate replay: --run: --run resumes a stored run as it was started; leave out --suite, --new');
  });
});

describe('an A/A run (baseline and candidate with one fingerprint)', () => {
  const small = ['replay', '--workspace', 'ws', '--suite', 'evals/suites/small.yaml', '--sim-time-scale', '0'];

  it('is refused by replay with exit 2, whether both arms name one target or two names hold the same change', () => {
    const same = cli([...small, '--candidate', 'baseline']);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/canary-gate replay: .*canary-gate\.yaml: targets: the baseline target "baseline" and the candidate target "baseline" have the same fingerprint \(sha256:[0-9a-f]{64}\)/);
    expect(same.stderr).toContain('so this would be an A/A run');
    expect(same.stderr).toContain('pass --allow-identical-targets');

    // A second name for the same frozen change (e.g. the change meant for it was left out).
    const configFile = ws('canary-gate.yaml');
    const config = parse(readFileSync(configFile, 'utf8'));
    config.targets.twin = structuredClone(config.targets.baseline);
    writeFileSync(configFile, stringify(config));
    const twin = cli([...small, '--candidate', 'twin']);
    expect(twin.code).toBe(2);
    expect(twin.stderr).toContain('the baseline target "baseline" and the candidate target "twin" have the same fingerprint');
    expect(cli([...small, '--candidate', 'twin', '--estimate']).code).toBe(2);
  });

  it('--allow-identical-targets replays it, and the replay output, gate output, report, summary and manifest say A/A', () => {
    const res = cli([...small, '--candidate', 'twin', '--allow-identical-targets']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/A\/A run: baseline and candidate are the same target \(sha256:[0-9a-f]{64}\); its gates measure noise, not a change\./);
    const runId = /^Run (\S+) \(A\/A\): /m.exec(res.stdout)?.[1];
    expect(runId).toBeDefined();

    const json = cli([...small, '--candidate', 'twin', '--allow-identical-targets', '--new', '--json']);
    expect(json.code).toBe(0);
    expect(lastJson(json.stdout)).toMatchObject({ labels: ['A/A'], interrupted: false });

    const gated = gate('--run', runId!, '--out', 'aa');
    expect(gated.code).toBe(0);
    expect(gated.stdout).toContain('Overall: PASS · A/A (policy lenient');
    expect(gated.stdout).toContain('A/A: the baseline and candidate have the same target fingerprint');
    const report = JSON.parse(readFileSync(join(tmp, 'aa', 'gate-report.json'), 'utf8'));
    expect(report).toMatchObject({ verdict: 'PASS', labels: ['A/A'], run: { identical_targets: true } });
    expect(report.decision).toMatch(/^nothing to promote: baseline and candidate are the same target \(A\/A\)/);
    expect(report.targets.baseline.fingerprint).toBe(report.targets.candidate.fingerprint);
    expect(readFileSync(join(tmp, 'aa', 'gate-report.md'), 'utf8')).toMatch(/^# Gate report: ✅ PASS · A\/A\n\n> \*\*A\/A\*\* — /);
    expect(JSON.parse(readFileSync(join(tmp, 'aa', 'rollout-manifest.json'), 'utf8')).report.labels).toEqual(['A/A']);
    expect(verify(join(tmp, 'aa')).stdout).toContain("Verified. The signed report's verdict is PASS · A/A.");
  });
});
