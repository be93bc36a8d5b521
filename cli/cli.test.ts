// CLI integration: spawns the real, built `canary-gate` (npm test builds first) on the shipped evals and fixtures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/canary-gate.js', import.meta.url));

function cli(args: string[], cwd: string) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

let tmp: string;
let demo: { code: number | null; stdout: string; stderr: string };
const out = () => join(tmp, 'demo-out');

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-cli-'));
  // The default time scale: latencies of tens of ms, so a loaded CI machine's jitter cannot blur the P95 gate.
  demo = cli(['demo', '--out', 'demo-out'], tmp);
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('canary-gate demo', () => {
  it('completes the loop offline with exit 0 and writes the report, envelope, manifest and key', () => {
    expect(demo.stderr).not.toMatch(/unexpected error/);
    expect(demo.code).toBe(0);
    for (const f of ['gate-report.json', 'gate-report.md', 'rollout-manifest.json', 'gate-report.intoto.dsse.json', 'signing-key.pub.pem']) {
      expect(existsSync(join(out(), f)), f).toBe(true);
    }
    expect(statSync(join(out(), '.canary-gate', 'keys', 'signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(demo.stdout).toMatch(/SIMULATED/);
    expect(demo.stdout).toMatch(/Core task success/);
    expect(demo.stdout).toMatch(/canary-gate verify/);
  });

  it('shows the regressions the simulated candidate was built with', () => {
    const report = JSON.parse(readFileSync(join(out(), 'gate-report.json'), 'utf8'));
    expect(report.schema).toBe('canary-gate/gate-report@1');
    expect(report.verdict).toBe('FAIL');
    const gate = (metric: string) => report.gates.find((g: { metric: string }) => g.metric === metric);
    expect(gate('citation_validity').verdict).toBe('FAIL');
    expect(gate('citation_validity').estimate).toBeGreaterThan(2);
    expect(gate('task_success').verdict).toBe('FAIL');
    expect(gate('latency_ms').verdict).toBe('PASS'); // the candidate is faster
    expect(gate('latency_ms').upper).toBeLessThan(1.1);
    expect(gate('cost_usd').verdict).toBe('PASS'); // and cheaper
    expect(report.targets.candidate.simulated).toBe(true);
    expect(report.run.cases).toBeGreaterThanOrEqual(300);
    const manifest = JSON.parse(readFileSync(join(out(), 'rollout-manifest.json'), 'utf8'));
    expect(manifest.stages.map((s: { percent: number }) => s.percent)).toEqual([1, 5, 20, 50, 100]);
    expect(manifest.promotion_allowed).toBe(false);
  });

  it('quotes, for each gate, the simulated error rates of its method at the nearest sample size', () => {
    const report = JSON.parse(readFileSync(join(out(), 'gate-report.json'), 'utf8'));
    const task = report.gates.find((g: { metric: string }) => g.metric === 'task_success');
    // The demo suite clusters cases by session: the clustered family, at the simulated size nearest its n.
    expect(task.method).toBe('newcombe-design-effect');
    expect(task.details.oc_scenario).toMatch(/^paired-clusters\/G=\d+$/);
    expect(task.details.oc_p_pass_at_margin).toBeLessThanOrEqual(0.05);
    const md = readFileSync(join(out(), 'gate-report.md'), 'utf8');
    expect(md).toContain(`This gate at n = ${task.n}: simulated at n = ${task.details.oc_n} (${task.details.oc_scenario}), P(PASS | true regression = allowance) = `);
    const infra = report.gates.find((g: { metric: string }) => g.metric === 'infra_error');
    expect(md).toMatch(/This gate at n = \d+: simulated at n = \d+ \(max-rate\/n=\d+\), with the true rate on the ceiling P\(PASS\) = /);
    expect(infra.details.scope).toBe('cases with an infra error in either arm');
  });

  it('is accepted by verify, which rejects it after a one-byte change to the report', () => {
    const args = ['verify', join(out(), 'gate-report.intoto.dsse.json'), '--key', join(out(), 'signing-key.pub.pem')];
    const ok = cli(args, tmp);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Verified\. The signed report's verdict is FAIL/);
    expect(cli([...args, '--require-pass'], tmp).code).toBe(1);

    const file = join(out(), 'gate-report.json');
    const original = readFileSync(file);
    const tampered = Buffer.from(original);
    const i = tampered.indexOf('"FAIL"') + 1;
    tampered[i] = 'P'.charCodeAt(0);
    writeFileSync(file, tampered);
    try {
      const bad = cli(args, tmp);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toMatch(/VERIFICATION FAILED/);
    } finally {
      writeFileSync(file, original);
    }
    expect(cli(args, tmp).code).toBe(0);
  });

  it('gate exits with the verdict code (1 = FAIL) and --json prints one object', () => {
    const res = cli(['gate', '--workspace', 'demo-out', '--json', '--out', join(tmp, 'gate-again')], tmp);
    expect(res.code).toBe(1);
    const parsed = JSON.parse(res.stdout);
    expect(parsed.verdict).toBe('FAIL');
    expect(existsSync(join(tmp, 'gate-again', 'gate-report.intoto.dsse.json'))).toBe(true);
  });

  it('replay --estimate prices the suite without creating a run; --max-cost under the estimate refuses with exit 2', () => {
    const runsBefore = JSON.parse(cli(['gate', '--workspace', 'demo-out', '--json', '--no-sign', '--out', join(tmp, 'g')], tmp).stdout).run_id;
    const est = cli(['replay', '--workspace', 'demo-out', '--estimate', '--json'], tmp);
    expect(est.code).toBe(0);
    const { estimate } = JSON.parse(est.stdout);
    expect(estimate.calls).toBe(804);
    expect(estimate.total).toBeGreaterThan(0);
    expect(estimate.total).toBeCloseTo(estimate.baseline + estimate.candidate, 10);
    // Still the same newest run: nothing was created.
    expect(JSON.parse(cli(['gate', '--workspace', 'demo-out', '--json', '--no-sign', '--out', join(tmp, 'g')], tmp).stdout).run_id).toBe(runsBefore);
    const refused = cli(['replay', '--workspace', 'demo-out', '--new', '--max-cost', '0.0001'], tmp);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--max-cost: the 804 remaining call\(s\) are estimated at \$[\d.]+, over the budget of \$0\.0001; nothing was called/);
  });

  it('re-running the demo imports nothing new and completes again', () => {
    const again = cli(['demo', '--out', 'demo-out', '--json', '--sim-time-scale', '0'], tmp);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).verdict).toBe('FAIL');
  });
});

describe('bad input', () => {
  it('an unknown command exits 2 with help', () => {
    const res = cli(['frobnicate'], tmp);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('a policy with a wrong field names the file, line and field and exits 2', () => {
    const policy = join(tmp, 'bad-policy.yaml');
    writeFileSync(policy, 'name: p\ngates:\n  - metric: task_success\n    kind: paired_proportion\n    max_regression_points: lots\n');
    const res = cli(['gate', '--workspace', 'demo-out', '--policy', policy], tmp);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${policy}:5: gates.0.max_regression_points:`);
  });

  it('a policy with a misspelled key (critcal: a critical gate silently non-critical) exits 2 and says which key was meant', () => {
    const policy = join(tmp, 'typo-policy.yaml');
    writeFileSync(policy, 'name: p\ngates:\n  - metric: high_severity_failures\n    kind: new_failures\n    critcal: true\n');
    const res = cli(['gate', '--workspace', 'demo-out', '--policy', policy, '--no-sign', '--out', join(tmp, 'typo-out')], tmp);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${policy}:5: gates.0.critcal: unknown key \`critcal\` — did you mean \`critical\`?`);
  });

  it('commands outside a workspace say so and exit 2', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cg-empty-'));
    try {
      const res = cli(['replay'], empty);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/not a canary-gate workspace/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('import of a file with only bad lines exits 2 and lists the lines', () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, '{oops\n{"id": "x"}\n');
    const res = cli(['import', bad, '--workspace', 'demo-out'], tmp);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${bad}:1: not JSON`);
    expect(res.stderr).toContain(`${bad}:2: `);
  });
});
