import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from './route.js';

describe('routes', () => {
  const routes: Route[] = [
    { screen: 'run' },
    { screen: 'run', runId: 'run-2026-12-01 a/b' },
    { screen: 'cases', runId: 'r1', filter: {}, sort: 'suite' },
    { screen: 'cases', runId: 'r1', filter: { gate: 'Citation validity', change: 'regression', infra: true, q: 'refund & "card"' }, sort: 'latency_ratio', caseId: 'case/7' },
    { screen: 'review', runId: 'r1', filter: { slice: 'billing' }, caseId: 'c1' },
    { screen: 'replay' },
    { screen: 'import' },
    { screen: 'traffic', filter: { slice: 'pii', redacted: true } },
    { screen: 'traffic', filter: {}, sampleId: 42 },
  ];
  it.each(routes)('round-trips %j', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('drops invalid filter values instead of failing', () => {
    expect(parseRoute('#/runs/r1/cases?change=worse&severity=high&nonsense=1&sort=bogus')).toEqual({
      screen: 'cases',
      runId: 'r1',
      filter: { severity: 'high' },
      sort: 'suite',
    });
  });

  it('keeps a path part that is not valid percent-encoding as typed instead of throwing', () => {
    expect(parseRoute('#/runs/%E0/cases')).toEqual({ screen: 'cases', runId: '%E0', filter: {}, sort: 'suite' });
  });

  it('sends anything unknown to the newest run', () => {
    expect(parseRoute('#/no/such/place')).toEqual({ screen: 'run' });
    expect(parseRoute('')).toEqual({ screen: 'run' });
  });
});
