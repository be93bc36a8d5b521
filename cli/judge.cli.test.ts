import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, REPO_ROOT, spawnCli } from '../test-support/spawn-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-judge-cli-'));
  mkdirSync(join(dir, 'evals', 'suites'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'fixtures', 'judges', 'canary-gate.yaml'), join(dir, 'canary-gate.yaml'));
  copyFileSync(join(REPO_ROOT, 'fixtures', 'judges', 'evals', 'suites', 'judged.yaml'), join(dir, 'evals', 'suites', 'judged.yaml'));
  const imported = spawnCli(['import', join(REPO_ROOT, 'fixtures', 'traffic', 'support-bot-capture.jsonl')], dir);
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('canary-gate replay and judge', () => {
  let runId = '';

  it('replay runs the judges after the model calls and prints their figures', () => {
    const r = spawnCli(['replay', '--sim-time-scale', '0', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { run_id: string; judged: { judged: number; judgeErrors: number; rubricScores: { scores: number } } };
    runId = out.run_id;
    expect(out.judged).toMatchObject({ judged: 72, judgeErrors: 0, rubricScores: { scores: 24 } });
    const text = spawnCli(['replay', '--run', runId, '--sim-time-scale', '0'], dir);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Judges \(judge\): 0 judgement\(s\) made \(0 call\(s\), 0 from the response cache\), 72 already stored, 0 judge error\(s\); 24 rubric_judge score\(s\)\./);
    expect(text.stdout).toMatch(/Pairwise judge "judge": 24 pair\(s\) on 24 case\(s\) judged in both orders/);
    expect(text.stdout).toMatch(/candidate win rate: \d+\.\d % \(95 % interval \d+\.\d % … \d+\.\d %\)/);
    expect(text.stdout).toMatch(/position bias: picked the answer shown first in 50\.0 %/);
  });

  it('judge summary prints the win rate, position bias, judge errors and cost (--json: the contract shape)', () => {
    const r = spawnCli(['judge', 'summary', '--run', runId, '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { pairwise: { pairs: number; judgeErrors: number; orderDisagreementRate: { estimate: number } }; rubric: { judgements: number }; costUsd: number };
    expect(s.pairwise).toMatchObject({ pairs: 24, judgeErrors: 0, orderDisagreementRate: { estimate: 0 } });
    expect(s.rubric.judgements).toBe(24);
    expect(s.costUsd).toBeGreaterThan(0);
    const text = spawnCli(['judge', 'summary'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Judges of run ${runId}:`);
    expect(text.stdout).toMatch(/Judge calls: 72 made, 0 judgement\(s\) answered from the response cache; judge cost \$0\.\d{4}\./);
  });

  it('--no-judge skips the judges; judge --run then runs only them (from the response cache)', () => {
    const r = spawnCli(['replay', '--new', '--no-judge', '--sim-time-scale', '0', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { run_id: string; judged: unknown };
    expect(out.judged).toBeNull();
    const j = spawnCli(['judge', '--run', out.run_id, '--json'], dir);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ run_id: out.run_id, judged: 72, calls: 0, cacheHits: 72 });
  });

  it('bad input exits 2 with the file and field, never a stack trace', () => {
    const usage = spawnCli(['judge', 'everything'], dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: canary-gate judge summary');
    const noRun = spawnCli(['judge'], dir);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('--run');
    const config = join(dir, 'canary-gate.yaml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, original.replace('  judge: judge\n', ''));
    try {
      const r = spawnCli(['replay', '--new', '--sim-time-scale', '0'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/judged\.yaml: traffic\.expectations_by_slice\.doc_qa\.0\.judge: this rubric_judge expectation names no judge target and defaults\.judge is not set/);
      expect(hasStackTrace(r.stderr)).toBe(false);
    } finally {
      writeFileSync(config, original);
    }
  });

  it('a judge target whose key variable is not set stops a new replay before any run is stored or model called', () => {
    const config = join(dir, 'canary-gate.yaml');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, original.replace('    model: sim-judge\n    params: { temperature: 0 }\n', '    model: sim-judge\n    api_key_env: CG_TEST_JUDGE_KEY_UNSET\n    params: { temperature: 0 }\n'));
    try {
      const newestRun = () => (JSON.parse(spawnCli(['cases', '--json', '--limit', '1'], dir).stdout) as { run_id: string }).run_id;
      const runsBefore = newestRun();
      expect(runsBefore).toMatch(/^run-/);
      const r = spawnCli(['replay', '--new', '--sim-time-scale', '0'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/canary-gate\.yaml: targets\.judge\.api_key_env: environment variable CG_TEST_JUDGE_KEY_UNSET \(the API key of target "judge"\) is not set/);
      expect(hasStackTrace(r.stderr)).toBe(false);
      // No new run: the newest run is the one before.
      expect(newestRun()).toBe(runsBefore);
      // --no-judge replays without the judge, so its key is not needed.
      const noJudge = spawnCli(['replay', '--new', '--no-judge', '--sim-time-scale', '0', '--json'], dir);
      expect(noJudge.code, noJudge.stderr).toBe(0);
    } finally {
      writeFileSync(config, original);
    }
  });
});
