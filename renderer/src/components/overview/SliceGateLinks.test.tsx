// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseFilter, GateDrilldown } from '../../../../shared/domain/case-review.js';
import type { GateEvaluation, GateResult } from '../../../../shared/domain/gate-result.js';
import { SAMPLE_GATE_EVALUATION } from '../../../../test-support/sample-gate-evaluation.js';
import { parseRoute, type Route } from '../../routing/route.js';
import { GateForest } from './GateForest.js';
import { excludedCasesRoute, gateCasesRoute } from './gate-links.js';

const RUN = 'run-slices';
const base = SAMPLE_GATE_EVALUATION.gates[0]!;

function gate(name: string, details: GateResult['details'], extra: Partial<GateResult> = {}): GateResult {
  return { ...base, name, critical: false, n: 5, details, ...extra };
}

const refunds = gate('Core task success in slice refunds', { slice: 'refunds', slice_cases: 6, excluded_infra_error: 1 });
const both = gate('Both slices', { slice: 'refunds, billing', slice_cases: 12 }, { n: 9 });
const everywhere = gate('Core task success', {}, { n: 10 });
const refundLatency = gate('Latency in refunds', { slice: 'refunds', slice_cases: 6 }, { metric: 'latency_ms', kind: 'mean_ratio', unit: 'ratio', threshold: 1.1, estimate: 1, lower: 0.9, upper: 1.05 });
const refundInfra = gate('Refund infra', { slice: 'refunds', slice_cases: 6 }, { metric: 'infra_error', kind: 'max_rate', unit: 'rate', threshold: 0.5, estimate: 0.17, lower: 0.03, upper: 0.4 });

const evaluation: GateEvaluation = { ...SAMPLE_GATE_EVALUATION, gates: [refunds, both, everywhere, refundLatency, refundInfra] };

const drill = (g: GateResult, used: number, infra: string[], missing = 0): GateDrilldown => ({
  gate: g.name,
  metric: g.metric,
  used,
  regressions: { count: 0, case_ids: [] },
  improvements: { count: 0, case_ids: [] },
  excluded: { infra_error: { count: infra.length, case_ids: infra }, unreplayable: { count: 0, case_ids: [] }, missing_arm: missing, not_applicable: 0 },
  largest_ratios: [],
});

const drilldowns = { [refunds.name]: drill(refunds, 5, ['r4']), [both.name]: drill(both, 9, ['r4'], 2), [everywhere.name]: drill(everywhere, 10, [], 3) };

afterEach(cleanup);

const rowOf = (name: string) => screen.getByTestId('gate-table').querySelector<HTMLElement>(`tr[data-gate-name="${name}"]`)!;
const filterOf = (href: string | null | undefined) => parseRoute(href ?? '');
/** The case-list filter of a route (a route to another screen fails the test). */
function casesFilter(route: Route): CaseFilter {
  if (route.screen !== 'cases') throw new Error(`not a case list: ${route.screen}`);
  return route.filter;
}

describe('gate links of slice gates', () => {
  it('a gate on one slice links to its cases with that slice in the filter', () => {
    render(<GateForest runId={RUN} runCases={13} evaluation={evaluation} drilldowns={drilldowns} />);
    const link = rowOf(refunds.name).querySelector('a.gate-name')!.getAttribute('href');
    expect(filterOf(link)).toEqual({ screen: 'cases', runId: RUN, filter: { gate: refunds.name, slice: 'refunds', change: 'regression' }, sort: 'suite' });
    expect(link).toBe(`#/runs/${RUN}/cases?gate=Core+task+success+in+slice+refunds&slice=refunds&change=regression`);
    expect(filterOf(rowOf(refundLatency.name).querySelector('a.gate-name')!.getAttribute('href'))).toMatchObject({ filter: { gate: refundLatency.name, slice: 'refunds' }, sort: 'latency_ratio' });
    expect(filterOf(rowOf(refundInfra.name).querySelector('a.gate-name')!.getAttribute('href'))).toMatchObject({ filter: { gate: refundInfra.name, slice: 'refunds', infra: true } });
  });

  it('a gate on several slices or on every case gets no slice filter (the gate filter alone holds its cases)', () => {
    render(<GateForest runId={RUN} runCases={13} evaluation={evaluation} drilldowns={drilldowns} />);
    expect(casesFilter(filterOf(rowOf(both.name).querySelector('a.gate-name')!.getAttribute('href')))).toEqual({ gate: both.name, change: 'regression' });
    expect(casesFilter(filterOf(rowOf(everywhere.name).querySelector('a.gate-name')!.getAttribute('href')))).toEqual({ gate: everywhere.name, change: 'regression' });
  });

  it('counts n out of the slice’s cases, and the links to what it left out keep the slice', () => {
    render(<GateForest runId={RUN} runCases={13} evaluation={evaluation} drilldowns={drilldowns} />);
    const ex = rowOf(refunds.name).querySelector('[data-testid="gate-exclusions"]')!;
    expect(ex.textContent).toBe('n = 5 of 6 cases in slice refunds; left out: 1 infra error');
    expect(casesFilter(filterOf(ex.querySelector('[data-testid="excluded-infra"]')!.getAttribute('href')))).toEqual({ gate: refunds.name, slice: 'refunds', membership: 'excluded_infra' });
    expect(rowOf(both.name).querySelector('[data-testid="gate-exclusions"]')!.textContent).toBe('n = 9 of 12 cases in slices refunds, billing; left out: 1 infra error · 2 cases missing an arm · all 3');
    expect(rowOf(everywhere.name).querySelector('[data-testid="gate-exclusions"]')!.textContent).toBe('n = 10 of 13 cases; left out: 3 cases missing an arm');
  });

  it('a slice row’s own slice wins over the gate’s', () => {
    expect(gateCasesRoute(RUN, both, 'billing')).toEqual({ screen: 'cases', runId: RUN, filter: { gate: both.name, slice: 'billing', change: 'regression' }, sort: 'suite' });
    expect(casesFilter(excludedCasesRoute(RUN, everywhere, 'all'))).toEqual({ gate: everywhere.name, membership: 'excluded' });
  });
});
