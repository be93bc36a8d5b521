import { describe, it, expect } from 'vitest';
import { gatePolicySchema, gateEvaluationSchema } from '../domain/index.js';
import type { GateResult } from '../domain/index.js';
import { pairedDifference, pairedWaldInterval } from '../stats/index.js';
import type { CaseOutcome } from './case-outcome.js';
import { armOutcome } from './operating-characteristics/scenarios.js';
import { evaluatePolicy } from './evaluate-policy.js';

const arm = armOutcome;

/** Cases with given counts of (baseline pass, candidate pass) outcomes on task success. */
function successCases(counts: { both: number; newFail: number; fixed: number; bothFail: number }, cluster?: (i: number) => string): CaseOutcome[] {
  const out: CaseOutcome[] = [];
  const add = (k: number, base: number, cand: number): void => {
    for (let j = 0; j < k; j++) {
      const i = out.length;
      const c: CaseOutcome = { caseId: `c${i}`, baseline: arm({ taskSuccess: base }), candidate: arm({ taskSuccess: cand }) };
      if (cluster) c.cluster = cluster(i);
      out.push(c);
    }
  };
  add(counts.both, 1, 1);
  add(counts.newFail, 1, 0);
  add(counts.fixed, 0, 1);
  add(counts.bothFail, 0, 0);
  return out;
}

function run(cases: CaseOutcome[], gate: Record<string, unknown>, policy: Record<string, unknown> = {}): GateResult {
  const parsed = gatePolicySchema.parse({ name: 'p', gates: [gate], ...policy });
  const evaluation = evaluatePolicy(parsed, cases, 'sha256:test');
  gateEvaluationSchema.parse(evaluation);
  return evaluation.gates[0] as GateResult;
}

const gate = { kind: 'paired_proportion', metric: 'task_success', max_regression_points: 1 };

describe('paired_proportion', () => {
  it('PASSes when the upper bound is below the allowed regression', () => {
    const r = run(successCases({ both: 1800, newFail: 5, fixed: 5, bothFail: 190 }), gate);
    expect(r.verdict).toBe('PASS');
    expect(r.name).toBe('Core task success');
    expect(r.unit).toBe('points');
    expect(r.method).toBe('newcombe-paired');
    expect(r.n).toBe(2000);
    expect(r.estimate).toBeCloseTo(0, 12);
    expect(r.upper as number).toBeLessThan(1);
    expect(r.upper as number).toBeGreaterThan(0);
    expect(r.baseline).toBeCloseTo(1805 / 2000, 12);
    expect(r.candidate).toBeCloseTo(1805 / 2000, 12);
    expect(r.samples_needed).toBeNull();
    expect(r.reason).toMatch(/^upper bound \+0\.\d\d pts < allowed 1\.00 pts$/);
    expect(r.details).toMatchObject({ b: 5, c: 5, excluded_infra_error: 0 });
  });

  it('FAILs when the lower bound is above the allowed regression', () => {
    const r = run(successCases({ both: 800, newFail: 60, fixed: 5, bothFail: 135 }), gate);
    expect(r.verdict).toBe('FAIL');
    expect(r.estimate).toBeCloseTo(5.5, 10);
    expect(r.lower as number).toBeGreaterThan(1);
    expect(r.reason).toMatch(/^lower bound \+\d\.\d\d pts > allowed 1\.00 pts$/);
    expect(r.samples_needed).toBeNull();
  });

  it('is INCONCLUSIVE when the interval contains the threshold, and says how many cases would decide it', () => {
    const r = run(successCases({ both: 90, newFail: 2, fixed: 1, bothFail: 7 }), gate);
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.estimate).toBeCloseTo(1, 10);
    expect(r.lower as number).toBeLessThan(1);
    expect(r.upper as number).toBeGreaterThan(1);
    // Planned from the allowance for an equal candidate: Var(d) = ψ = 0.03, δ = 1 pt;
    // (1.645 + 0.8416)² · 0.03 / 0.01² = 1854.8, whatever the estimate.
    expect(r.samples_needed).toBe(1855);
    expect(r.details.samples_needed_assumes).toBe('no true regression (Δ = 0), discordant share 3.00 %, design effect 1.00');

    const r2 = run(successCases({ both: 90, newFail: 1, fixed: 2, bothFail: 7 }), gate);
    expect(r2.verdict).toBe('INCONCLUSIVE');
    expect(r2.estimate).toBeCloseTo(-1, 10);
    expect(r2.samples_needed).toBe(1855);
    expect(r2.reason).toMatch(/^interval -\d\.\d\d pts to \+\d\.\d\d pts contains allowed 1\.00 pts$/);
  });

  it('uses policy.confidence as the one-sided level: bounds of the two-sided 2·c − 1 interval', () => {
    const cases = successCases({ both: 90, newFail: 2, fixed: 1, bothFail: 7 });
    const expected = pairedDifference(
      cases.map((c) => ({ baseline: 1 - (c.baseline?.taskSuccess as number), candidate: 1 - (c.candidate?.taskSuccess as number) })),
      0.8,
    );
    const r = run(cases, gate, { confidence: 0.9 });
    expect(r.confidence).toBe(0.9);
    expect(r.lower).toBeCloseTo(100 * (expected.lower as number), 10);
    expect(r.upper).toBeCloseTo(100 * (expected.upper as number), 10);
  });

  it('critical changes nothing in the decision: a point estimate beyond the threshold is not evidence', () => {
    const cases = successCases({ both: 90, newFail: 3, fixed: 1, bothFail: 6 });
    const plain = run(cases, gate);
    expect(plain.verdict).toBe('INCONCLUSIVE');
    expect(plain.estimate).toBeCloseTo(2, 10);
    const critical = run(cases, { ...gate, critical: true });
    expect(critical.critical).toBe(true);
    expect([critical.verdict, critical.lower, critical.upper, critical.details.rule]).toEqual([plain.verdict, plain.lower, plain.upper, 'straddles']);
  });

  it('decision: point passes iff the estimate is within the allowance', () => {
    const pass = run(successCases({ both: 90, newFail: 2, fixed: 1, bothFail: 7 }), gate, { decision: 'point' });
    expect(pass.verdict).toBe('PASS');
    expect(pass.reason).toContain('point rule');
    const fail = run(successCases({ both: 90, newFail: 3, fixed: 1, bothFail: 6 }), gate, { decision: 'point' });
    expect(fail.verdict).toBe('FAIL');
    expect(fail.lower).not.toBeNull();
    // The report labels the point rule with its error rates: a coin flip at the margin, and P(Δ̂ > m | Δ = 0).
    expect(fail.details.point_rule_p_pass_at_margin).toBe(0.5);
    expect(fail.details.point_rule_p_fail_if_equal as number).toBeGreaterThan(0.2);
  });

  it('no data is INCONCLUSIVE with null estimates, never PASS', () => {
    const cases: CaseOutcome[] = [
      { caseId: 'a', baseline: arm(), candidate: null },
      { caseId: 'b', baseline: arm({ infraError: true }), candidate: arm() },
      { caseId: 'c', baseline: arm({ citationValid: null }), candidate: arm({ citationValid: 1 }) },
    ];
    const r = run(cases, { ...gate, metric: 'citation_validity' });
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.reason).toBe('no data');
    expect([r.estimate, r.lower, r.upper, r.baseline, r.candidate, r.samples_needed]).toEqual([null, null, null, null, null, null]);
    expect(r.n).toBe(0);
    expect(r.details).toMatchObject({ cases_total: 3, excluded_missing_arm: 1, excluded_infra_error: 1, excluded_null_metric: 1 });
    expect(run([], gate).verdict).toBe('INCONCLUSIVE');
  });

  it('leaves infra-error cases out of quality metrics, unless their worst case would overturn the verdict', () => {
    const cases = successCases({ both: 1800, newFail: 5, fixed: 5, bothFail: 190 });
    for (let i = 0; i < 5; i++) cases.push({ caseId: `x${i}`, baseline: arm(), candidate: arm({ infraError: true, taskSuccess: 0 }) });
    const r = run(cases, gate);
    expect(r.n).toBe(2000);
    expect(r.details.excluded_infra_error).toBe(5);
    expect(r.details.infra_imputed_verdict).toBe('PASS');
    expect(r.verdict).toBe('PASS');
    for (let i = 5; i < 50; i++) cases.push({ caseId: `x${i}`, baseline: arm(), candidate: arm({ infraError: true, taskSuccess: 0 }) });
    const many = run(cases, gate);
    expect(many.details.excluded_infra_error).toBe(50);
    expect(many.verdict).toBe('INCONCLUSIVE');
    expect(many.details.rule).toBe('infra-imputation');
    expect(many.reason).toMatch(/^PASS only while the 50 cases with infra errors are left out: counted as new failures the interval is/);
  });

  it('orients each metric so that positive is worse', () => {
    const cases: CaseOutcome[] = [];
    for (let i = 0; i < 200; i++) {
      const bad = i < 40; // candidate refuses 40 legitimate requests the baseline answered
      cases.push({ caseId: `r${i}`, baseline: arm({ overRefusal: 0 }), candidate: arm({ overRefusal: bad ? 1 : 0 }) });
    }
    const r = run(cases, { kind: 'paired_proportion', metric: 'over_refusal', max_regression_points: 2 });
    expect(r.name).toBe('Over-refusal');
    expect(r.estimate).toBeCloseTo(20, 10);
    expect(r.verdict).toBe('FAIL');
    expect(r.baseline).toBe(1);
    expect(r.candidate).toBeCloseTo(0.8, 12);
  });

  it('averages repeats: fractional values use the design-effect Newcombe interval with t on n − 1 df', () => {
    const cases: CaseOutcome[] = [];
    for (let i = 0; i < 300; i++) {
      const base = [1, 2 / 3, 1, 1 / 3][i % 4] as number;
      const cand = [1, 2 / 3, 2 / 3, 1 / 3][(i + (i % 7 === 0 ? 1 : 0)) % 4] as number;
      cases.push({ caseId: `k${i}`, baseline: arm({ taskSuccess: base }), candidate: arm({ taskSuccess: cand }) });
    }
    const r = run(cases, { ...gate, max_regression_points: 15 });
    expect(r.method).toBe('newcombe-design-effect');
    expect(r.details.df as number).toBeGreaterThan(30);
    const d = cases.map((c) => (c.baseline?.taskSuccess as number) - (c.candidate?.taskSuccess as number));
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(r.estimate).toBeCloseTo(100 * mean, 10);
    expect(r.verdict).toBe('PASS');
  });

  it('clustering widens the interval relative to the naive one', () => {
    // 40 conversations × 10 cases; in 4 conversations the candidate fails every case.
    const counts = { both: 360, newFail: 40, fixed: 0, bothFail: 0 };
    const order = (i: number): string => `conv${i < 360 ? 4 + Math.floor(i / 10) : Math.floor((i - 360) / 10)}`;
    const clustered = run(successCases(counts, order), { ...gate, max_regression_points: 5 });
    const naive = run(successCases(counts), { ...gate, max_regression_points: 5 });
    expect(clustered.method).toBe('newcombe-design-effect');
    expect(clustered.details.clusters).toBe(40);
    // The discordance sits in 4 conversations: the robust variance rests on them, so t has 3 df.
    expect(clustered.details.df).toBe(3);
    expect(naive.method).toBe('newcombe-paired');
    expect(clustered.estimate).toBeCloseTo(10, 10);
    expect(naive.estimate).toBeCloseTo(10, 10);
    // CR1: SE_c² = 40/39 · (4·9² + 36·1²)/400²; the naive Wald SE is √(0.1 − 0.01)/√400; D = SE_c²/SE².
    const seC = Math.sqrt((40 / 39) * 360) / 400;
    expect(clustered.details.se_points as number).toBeCloseTo(100 * seC, 10);
    expect(clustered.details.design_effect as number).toBeCloseTo((seC / pairedWaldInterval(40, 0, 400, 0.9).se) ** 2, 10);
    const naiveSe = pairedWaldInterval(40, 0, 400, 0.9).se;
    expect(seC / naiveSe).toBeGreaterThan(3);
    const width = (r: GateResult): number => (r.upper as number) - (r.lower as number);
    expect(width(clustered)).toBeGreaterThan(2.5 * width(naive));
    // The naive analysis would fail the gate; the clustered one knows 40 cases are really 4 events.
    expect(naive.verdict).toBe('FAIL');
    expect(clustered.verdict).toBe('INCONCLUSIVE');
    expect(clustered.samples_needed as number).toBeGreaterThan(400);
  });

  it('does not apply to a non-proportion metric', () => {
    const r = run(successCases({ both: 10, newFail: 0, fixed: 0, bothFail: 0 }), { ...gate, metric: 'latency_ms' });
    expect(r.verdict).toBe('INCONCLUSIVE');
    expect(r.method).toBe('not-applicable');
  });
});
