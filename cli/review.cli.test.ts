// CLI integration for `canary-gate review`: the real, built command on a seeded workspace whose votes were cast
// through the engine (the same castVote the app's handlers call).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castVote } from '../engine/reviews/index.js';
import { openStore } from '../engine/store/index.js';
import { seedWorkspace, type SeededWorkspace } from '../test-support/seed-workspace.js';
import { hasStackTrace, spawnCli } from '../test-support/spawn-cli.js';

let ws: SeededWorkspace;
let runId: string;
const CASES = ['billing-01', 'refunds-01', 'shipping-01', 'account-01', 'billing-02', 'refunds-02', 'shipping-02', 'account-02'];
const ADA = ['candidate', 'candidate', 'baseline', 'tie', 'candidate', 'both_bad', 'candidate', 'baseline'] as const;
const GRACE = ['candidate', 'baseline', 'baseline', 'tie', 'candidate', 'both_bad', 'candidate', 'candidate'] as const;

beforeAll(() => {
  ws = seedWorkspace();
  runId = ws.runIds[0];
  const store = openStore(join(ws.dir, '.canary-gate', 'canary-gate.db'));
  try {
    CASES.forEach((caseId, i) => {
      castVote(store, { runId, caseId, reviewer: 'Ada', choice: ADA[i]!, baselineSide: 'left', ...(i === 0 ? { note: 'cites "doc-2"\ncorrectly' } : {}) }, new Date(Date.UTC(2026, 11, 7, 10, 0, i)));
      castVote(store, { runId, caseId, reviewer: 'Grace', choice: GRACE[i]!, baselineSide: 'right' }, new Date(Date.UTC(2026, 11, 7, 11, 0, i)));
    });
  } finally {
    store.close();
  }
});
afterAll(() => ws.cleanup());

const cli = (...args: string[]) => spawnCli(args, ws.dir);

describe('canary-gate review summary', () => {
  it('--json gives the summary the app shows: counts, preference among decisive votes, ties, and Cohen’s kappa', () => {
    const res = cli('review', 'summary', '--run', runId, '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout);
    expect(s).toMatchObject({ run_id: runId, votes: 16, cases_voted: 8, counts: { candidate: 8, baseline: 4, tie: 2, both_bad: 2 } });
    expect(s.reviewers).toEqual([{ reviewer: 'Ada', votes: 8 }, { reviewer: 'Grace', votes: 8 }]);
    expect(s.candidate_preference.estimate).toBeCloseTo(8 / 12, 12);
    expect(s.tie_rate.estimate).toBeCloseTo(4 / 16, 12);
    expect(s.both_bad_rate.estimate).toBeCloseTo(2 / 16, 12);
    // Ada: candidate 4, baseline 2, tie 1, both_bad 1; Grace: candidate 4, baseline 2, tie 1, both_bad 1; 6 of 8 agree.
    const pe = (4 * 4 + 2 * 2 + 1 + 1) / 64;
    expect(s.agreement).toMatchObject({ statistic: 'cohen_kappa', raters: 2, items: 8, level: 0.95 });
    expect(s.agreement.estimate).toBeCloseTo((6 / 8 - pe) / (1 - pe), 12);
    expect(s.candidate_preference.method).toMatch(/^wilson-design-effect by case/);
  });

  it('prints a readable table, and the newest run when --run is left out', () => {
    const res = cli('review', 'summary', '--run', runId);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Blind review of run ${runId}: 16 vote(s) on 8 case(s) by 2 reviewer(s) (Ada 8, Grace 8).`);
    expect(res.stdout).toContain('Votes: candidate 8, baseline 4, tie 2, both bad 2.');
    expect(res.stdout).toMatch(/candidate preferred\s+66\.7 %\s+\d+\.\d % … \d+\.\d %\s+8 of 12 decisive/);
    expect(res.stdout).toMatch(/Cohen's kappa\s+0\.\d{3}\s+/);
    // The seeded workspace's newest run has no votes.
    const newest = cli('review', 'summary');
    expect(newest.code).toBe(0);
    expect(newest.stdout).toContain(`Blind review of run ${ws.runIds[1]}: 0 vote(s) on 0 case(s).`);
    expect(newest.stdout).toContain('No votes yet');
  });

  it('refuses an unknown run, a missing subcommand and export-only options with exit 2 and no stack trace', () => {
    for (const args of [['review', 'summary', '--run', 'run-nope'], ['review'], ['review', 'frob'], ['review', 'summary', '--out', 'x.jsonl']]) {
      const res = cli(...args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(hasStackTrace(res.stderr)).toBe(false);
    }
    expect(cli('review', 'summary', '--run', 'run-nope').stderr).toContain('no run "run-nope"; the most recent:');
  });
});

describe('canary-gate review export', () => {
  it('writes the votes as JSONL, oldest first, one vote a line (mode 0600)', () => {
    const res = cli('review', 'export', '--run', runId, '--out', 'votes.jsonl');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`Wrote 16 vote(s) of run ${runId} to ${join(ws.dir, 'votes.jsonl')}.\n`);
    const file = join(ws.dir, 'votes.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(17);
    expect(lines[16]).toBe('');
    const votes = lines.slice(0, 16).map((l) => JSON.parse(l));
    expect(votes[0]).toEqual({ run_id: runId, case_id: 'billing-01', reviewer: 'Ada', choice: 'candidate', note: 'cites "doc-2"\ncorrectly', baseline_side: 'left', voted_at: '2026-12-07T10:00:00.000Z' });
    expect(votes.map((v) => v.reviewer)).toEqual([...Array(8).fill('Ada'), ...Array(8).fill('Grace')]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('prints the JSONL to standard output without --out, one reviewer with --reviewer', () => {
    const res = cli('review', 'export', '--run', runId, '--reviewer', 'Grace');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const votes = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(votes.map((v) => [v.case_id, v.choice])).toEqual(CASES.map((c, i) => [c, GRACE[i]]));
  });
});
