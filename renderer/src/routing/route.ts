import { caseFilterSchema, caseSortSchema, type CaseFilter, type CaseSort } from '../../../shared/domain/case-review.js';
import { trafficFilterSchema, type TrafficFilter } from '../../../shared/domain/traffic.js';
import { suiteCaseFilterSchema, type SuiteCaseFilter } from '../../../shared/domain/suite-view.js';

/**
 * Every screen of the app as a value, and its URL. The URL lives in the hash (`#/runs/<id>/cases?gate=…`) so
 * the same routes work in Electron (file://) and in `serve`, Back works, and a reload keeps the place.
 */
export type Route =
  /** A run's overview; runId absent = the newest run. */
  | { screen: 'run'; runId?: string }
  /** A run's case list, filtered; with caseId, that case side by side. */
  | { screen: 'cases'; runId: string; filter: CaseFilter; sort: CaseSort; caseId?: string }
  /** Blind review of a run's cases (the same filter narrows which cases are reviewed). */
  | { screen: 'review'; runId: string; filter: CaseFilter; caseId?: string }
  | { screen: 'replay' }
  | { screen: 'traffic'; filter: TrafficFilter; sampleId?: number }
  | { screen: 'import' }
  /** The suite files; with file, its cases filtered; with caseId, that case and its expectation editor. */
  | { screen: 'suites'; file?: string; filter: SuiteCaseFilter; caseId?: string };

export type ScreenName = Route['screen'];

const BOOLEAN_KEYS = new Set(['infra', 'unreplayable', 'redacted', 'flagged']);

function readParams(query: string): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [k, v] of new URLSearchParams(query)) out[k] = BOOLEAN_KEYS.has(k) ? v === '1' || v === 'true' : v;
  return out;
}

function writeParams(values: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    p.set(k, v === true ? '1' : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The filter part of a query string; unknown keys and invalid values are dropped, never fatal. */
function parseCaseFilter(params: Record<string, string | boolean>): CaseFilter {
  const filter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const one = caseFilterSchema.shape[k as keyof CaseFilter];
    if (one && one.safeParse(v).success) filter[k] = v;
  }
  return filter as CaseFilter;
}

function parseTrafficFilter(params: Record<string, string | boolean>): TrafficFilter {
  const filter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const one = trafficFilterSchema.shape[k as keyof TrafficFilter];
    if (one && one.safeParse(v).success) filter[k] = v;
  }
  return filter as TrafficFilter;
}

function parseSuiteFilter(params: Record<string, string | boolean>): SuiteCaseFilter {
  const filter: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const one = suiteCaseFilterSchema.shape[k as keyof SuiteCaseFilter];
    if (one && one.safeParse(v).success) filter[k] = v;
  }
  return filter as SuiteCaseFilter;
}

/** A path part decoded, or as typed when it is not valid percent-encoding (a hand-edited URL must not blank the app). */
function decodeOrKeep(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Reads a route from a location hash (`#/…`); anything unknown is the newest run's overview. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', query = ''] = raw.split('?', 2) as [string, string?];
  const parts = pathPart.split('/').filter(Boolean).map(decodeOrKeep);
  const params = readParams(query);
  if (parts[0] === 'runs' && parts[1]) {
    const runId = parts[1];
    if (parts[2] === 'cases') {
      const sort = caseSortSchema.safeParse(params.sort);
      return { screen: 'cases', runId, filter: parseCaseFilter(params), sort: sort.success ? sort.data : 'suite', ...(parts[3] ? { caseId: parts[3] } : {}) };
    }
    if (parts[2] === 'review') return { screen: 'review', runId, filter: parseCaseFilter(params), ...(parts[3] ? { caseId: parts[3] } : {}) };
    return { screen: 'run', runId };
  }
  if (parts[0] === 'replay') return { screen: 'replay' };
  if (parts[0] === 'import') return { screen: 'import' };
  if (parts[0] === 'traffic') {
    const id = parts[1] === undefined ? NaN : Number(parts[1]);
    return { screen: 'traffic', filter: parseTrafficFilter(params), ...(Number.isInteger(id) ? { sampleId: id } : {}) };
  }
  if (parts[0] === 'suites') {
    return { screen: 'suites', filter: parts[1] ? parseSuiteFilter(params) : {}, ...(parts[1] ? { file: parts[1] } : {}), ...(parts[1] && parts[2] ? { caseId: parts[2] } : {}) };
  }
  return { screen: 'run' };
}

/** The hash (`#/…`) of a route; parseRoute(formatRoute(r)) gives r back. */
export function formatRoute(route: Route): string {
  const enc = encodeURIComponent;
  switch (route.screen) {
    case 'run':
      return route.runId ? `#/runs/${enc(route.runId)}` : '#/';
    case 'cases':
      return `#/runs/${enc(route.runId)}/cases${route.caseId ? `/${enc(route.caseId)}` : ''}${writeParams({ ...route.filter, sort: route.sort === 'suite' ? undefined : route.sort })}`;
    case 'review':
      return `#/runs/${enc(route.runId)}/review${route.caseId ? `/${enc(route.caseId)}` : ''}${writeParams({ ...route.filter })}`;
    case 'replay':
      return '#/replay';
    case 'import':
      return '#/import';
    case 'traffic':
      return `#/traffic${route.sampleId === undefined ? '' : `/${route.sampleId}`}${writeParams({ ...route.filter })}`;
    case 'suites':
      if (!route.file) return '#/suites';
      return `#/suites/${enc(route.file)}${route.caseId ? `/${enc(route.caseId)}` : ''}${writeParams({ ...route.filter })}`;
  }
}
