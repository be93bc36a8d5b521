import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSeededContext } from '../../test-support/seeded-context.js';
import { InputError, NotFoundError } from '../errors.js';
import { openWorkspace } from '../workspace.js';
import { castVote, listVotes, readReviewer, setReviewer, summarizeVotes, votesToJsonl } from './index.js';

let seeded: ReturnType<typeof openSeededContext>;
let runId: string;
beforeEach(() => {
  seeded = openSeededContext();
  runId = seeded.seeded.runIds[0];
});
afterEach(() => seeded.close());

const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, s));

describe('castVote and listVotes', () => {
  it('stores a vote, and a second vote by the same reviewer on the case replaces it', () => {
    const first = castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: 'Ada', choice: 'candidate', baselineSide: 'left' }, at(1));
    expect(first).toEqual({ reviewer: 'Ada', run_id: runId, case_id: 'billing-01', choice: 'candidate', note: null, baseline_side: 'left', voted_at: '2026-12-07T12:00:01.000Z' });
    castVote(seeded.ctx.store, { runId, caseId: 'refunds-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'right', note: '  ' }, at(2));
    const again = castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: 'Ada', choice: 'both_bad', note: 'both cite doc-9', baselineSide: 'right' }, at(3));
    expect(again).toMatchObject({ choice: 'both_bad', note: 'both cite doc-9', baseline_side: 'right' });
    castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: 'Grace', choice: 'baseline', baselineSide: 'left' }, at(4));
    const all = listVotes(seeded.ctx.store, runId);
    expect(all.map((v) => [v.reviewer, v.case_id, v.choice, v.note])).toEqual([
      ['Ada', 'refunds-01', 'tie', null],
      ['Ada', 'billing-01', 'both_bad', 'both cite doc-9'],
      ['Grace', 'billing-01', 'baseline', null],
    ]);
    expect(listVotes(seeded.ctx.store, runId, 'Grace')).toHaveLength(1);
    expect(listVotes(seeded.ctx.store, seeded.seeded.runIds[1])).toEqual([]);
  });

  it('refuses a missing run, a case outside the run’s suite and a bad choice, with messages that say which', () => {
    expect(() => castVote(seeded.ctx.store, { runId: 'run-nope', caseId: 'billing-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' })).toThrow(new NotFoundError('no run "run-nope"'));
    expect(() => castVote(seeded.ctx.store, { runId, caseId: 'billing-99', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' })).toThrow(`run "${runId}" has no case "billing-99" in its suite`);
    expect(() => castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: 'Ada', choice: 'maybe' as 'tie', baselineSide: 'left' })).toThrow(InputError);
    expect(() => castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: '   ', choice: 'tie', baselineSide: 'left' })).toThrow(InputError);
    expect(() => listVotes(seeded.ctx.store, 'run-nope')).toThrow(NotFoundError);
  });

  it('goes with its run when the run is deleted', () => {
    castVote(seeded.ctx.store, { runId: seeded.seeded.runIds[1], caseId: 'billing-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' });
    seeded.ctx.store.runs.discard(seeded.seeded.runIds[1]);
    expect(seeded.ctx.store.db.prepare('SELECT COUNT(*) FROM votes').pluck().get()).toBe(0);
  });

  it('exports JSON Lines, one vote a line, in list order', () => {
    castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: 'Ada', choice: 'candidate', baselineSide: 'left', note: 'line one\n"quoted"' }, at(1));
    castVote(seeded.ctx.store, { runId, caseId: 'billing-02', reviewer: 'Ada', choice: 'baseline', baselineSide: 'right' }, at(2));
    const text = votesToJsonl(listVotes(seeded.ctx.store, runId));
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({ run_id: runId, case_id: 'billing-01', reviewer: 'Ada', choice: 'candidate', note: 'line one\n"quoted"', baseline_side: 'left', voted_at: '2026-12-07T12:00:01.000Z' });
    expect(JSON.parse(lines[1]!).case_id).toBe('billing-02');
  });
});

describe('summarizeVotes', () => {
  const cases = ['billing-01', 'refunds-01', 'shipping-01', 'account-01', 'billing-02', 'refunds-02', 'shipping-02', 'account-02', 'billing-03', 'refunds-03'];

  it('with one reviewer: preference among decisive votes, tie and both-bad rates, no agreement', () => {
    const choices = ['candidate', 'candidate', 'baseline', 'tie', 'candidate', 'both_bad', 'candidate', 'baseline', 'tie', 'candidate'] as const;
    cases.forEach((c, i) => castVote(seeded.ctx.store, { runId, caseId: c, reviewer: 'Ada', choice: choices[i]!, baselineSide: 'left' }));
    const s = summarizeVotes(seeded.ctx.store, runId);
    expect(s).toMatchObject({ run_id: runId, votes: 10, cases_voted: 10, reviewers: [{ reviewer: 'Ada', votes: 10 }], counts: { candidate: 5, baseline: 2, tie: 2, both_bad: 1 }, agreement: null });
    // 5 of 7 decisive votes; Wilson 95 % for 5/7 is 0.359 … 0.918.
    expect(s.candidate_preference.estimate).toBeCloseTo(5 / 7, 12);
    expect(s.candidate_preference.lower).toBeCloseTo(0.35893, 4);
    expect(s.candidate_preference.upper).toBeCloseTo(0.91779, 4);
    expect(s.candidate_preference.method).toBe('wilson');
    expect(s.tie_rate.estimate).toBeCloseTo(0.3, 12);
    expect(s.both_bad_rate.estimate).toBeCloseTo(0.1, 12);
  });

  it("with two reviewers: Cohen's kappa on their common cases, and the preference clustered by case", () => {
    const ada = ['candidate', 'candidate', 'baseline', 'tie', 'candidate', 'both_bad', 'candidate', 'baseline', 'tie', 'candidate'] as const;
    const grace = ['candidate', 'baseline', 'baseline', 'tie', 'candidate', 'both_bad', 'candidate', 'candidate', 'tie', 'candidate'] as const;
    cases.forEach((c, i) => {
      castVote(seeded.ctx.store, { runId, caseId: c, reviewer: 'Ada', choice: ada[i]!, baselineSide: 'left' });
      castVote(seeded.ctx.store, { runId, caseId: c, reviewer: 'Grace', choice: grace[i]!, baselineSide: 'right' });
    });
    const s = summarizeVotes(seeded.ctx.store, runId);
    expect(s.agreement).toMatchObject({ statistic: 'cohen_kappa', raters: 2, items: 10, level: 0.95 });
    // 8 of 10 agree; chance agreement from the margins (Ada 5/2/2/1, Grace 5/2/2/1 over candidate/baseline/tie/both_bad).
    const pe = (5 * 5 + 2 * 2 + 2 * 2 + 1 * 1) / 100;
    expect(s.agreement!.estimate).toBeCloseTo((0.8 - pe) / (1 - pe), 12);
    expect(s.agreement!.method).toMatch(/^Cohen's kappa, normal interval with the Fleiss-Cohen-Everitt \(1969\) large-sample SE$/);
    expect(s.candidate_preference.method).toMatch(/^wilson-design-effect by case/);
    expect(s.reviewers).toEqual([{ reviewer: 'Ada', votes: 10 }, { reviewer: 'Grace', votes: 10 }]);
  });

  it("with three reviewers: Fleiss' kappa with a bootstrap interval; a case voted by one reviewer only is left out of it", () => {
    const votes: Record<string, string[]> = {
      Ada: ['candidate', 'candidate', 'baseline', 'tie', 'candidate', 'both_bad', 'candidate', 'baseline', 'tie', 'candidate'],
      Grace: ['candidate', 'baseline', 'baseline', 'tie', 'candidate', 'both_bad', 'candidate', 'candidate', 'tie', 'candidate'],
      Linus: ['candidate', 'candidate', 'baseline', 'baseline', 'tie', 'both_bad', 'candidate', 'baseline', 'tie', 'candidate'],
    };
    for (const [reviewer, choices] of Object.entries(votes)) cases.forEach((c, i) => castVote(seeded.ctx.store, { runId, caseId: c, reviewer, choice: choices[i] as 'tie', baselineSide: 'left' }));
    castVote(seeded.ctx.store, { runId, caseId: 'account-03', reviewer: 'Ada', choice: 'candidate', baselineSide: 'left' });
    const s = summarizeVotes(seeded.ctx.store, runId);
    expect(s.agreement).toMatchObject({ statistic: 'fleiss_kappa', raters: 3, items: 10 });
    expect(s.agreement!.method).toBe("Fleiss' kappa, percentile bootstrap over cases (2000 replicates, seed 1971)");
    expect(s.agreement!.lower!).toBeLessThan(s.agreement!.estimate!);
    expect(s.agreement!.upper!).toBeGreaterThan(s.agreement!.estimate!);
    expect(s.cases_voted).toBe(11);
    expect(summarizeVotes(seeded.ctx.store, runId)).toEqual(s);
  });

  it('says why when there is nothing to estimate', () => {
    const empty = summarizeVotes(seeded.ctx.store, runId);
    expect(empty.candidate_preference).toMatchObject({ estimate: null, reason: 'no votes yet' });
    castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' });
    castVote(seeded.ctx.store, { runId, caseId: 'billing-01', reviewer: 'Grace', choice: 'tie', baselineSide: 'left' });
    castVote(seeded.ctx.store, { runId, caseId: 'billing-02', reviewer: 'Ada', choice: 'tie', baselineSide: 'left' });
    castVote(seeded.ctx.store, { runId, caseId: 'billing-02', reviewer: 'Grace', choice: 'tie', baselineSide: 'left' });
    const s = summarizeVotes(seeded.ctx.store, runId);
    expect(s.candidate_preference.reason).toBe('no decisive votes: every vote is a tie or both bad');
    expect(s.agreement).toMatchObject({ statistic: 'cohen_kappa', estimate: null, items: 2 });
    expect(s.agreement!.reason).toMatch(/chance agreement is 1/);
  });
});

describe('the reviewer name', () => {
  it('is null until given, then kept in the git-ignored state folder (mode 0600), not in canary-gate.yaml', () => {
    const ws = seeded.ctx.workspace;
    const config = readFileSync(ws.configFile, 'utf8');
    expect(readReviewer(ws)).toBeNull();
    expect(setReviewer(ws, '  Ada Lovelace ')).toBe('Ada Lovelace');
    expect(readReviewer(openWorkspace(ws.root))).toBe('Ada Lovelace');
    const file = join(ws.stateDir, 'local.yaml');
    expect(readFileSync(file, 'utf8')).toBe('reviewer: Ada Lovelace\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(ws.configFile, 'utf8')).toBe(config);
    expect(() => setReviewer(ws, ' ')).toThrow(InputError);
    // A broken settings file reads as no name (the app still opens) and is written anew by the next name.
    writeFileSync(file, 'reviewer: [unclosed\n');
    expect(readReviewer(ws)).toBeNull();
    expect(setReviewer(ws, 'Grace')).toBe('Grace');
    expect(readReviewer(ws)).toBe('Grace');
    expect(() => setReviewer(ws, 'x'.repeat(81))).toThrow(/1 to 80 characters/);
  });
});
