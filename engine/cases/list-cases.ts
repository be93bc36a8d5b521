import type { CaseFacets, CaseFilter, CaseList, CaseRow, CaseSort, FacetCount, GateMembership } from '../../shared/domain/case-review.js';
import { caseOriginSchema } from '../../shared/domain/suite.js';
import { failureCategories, severitySchema } from '../../shared/domain/scorer-spec.js';
import { InputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { caseIndexFor } from './case-index-cache.js';
import { viewOf, type CaseIndex, type IndexedArm } from './case-index.js';
import { searchCases } from './case-search.js';
import { sortOrder } from './case-sort.js';
import { CHANGES, MEMBERSHIP, type GateView } from './gate-view.js';

/** How many values a facet with open-ended values (slices, tags, expectation names) lists, most frequent first. */
export const FACET_VALUES = 100;

// One bit per filter; a facet's counts ignore its own bit.
const F = { slice: 0, tag: 1, severity: 2, origin: 3, change: 4, failed: 5, category: 6, infra: 7, unreplayable: 8, gate: 9, q: 10 } as const;
const FACETED_BITS = [F.slice, F.tag, F.severity, F.origin, F.change, F.failed, F.category, F.infra, F.unreplayable].reduce<number>((m, b) => m | (1 << b), 0);
const SEVERITIES = severitySchema.options;
const ORIGINS = caseOriginSchema.options;
const SEVERITY_CODE = Object.fromEntries(SEVERITIES.map((v, k) => [v, k])) as Record<(typeof SEVERITIES)[number], number>;
const ORIGIN_CODE = Object.fromEntries(ORIGINS.map((v, k) => [v, k])) as Record<(typeof ORIGINS)[number], number>;

/** What a page of the case list asks for (the parsed cases.list input). */
export interface CaseListQuery {
  runId: string;
  filter: CaseFilter;
  sort: CaseSort;
  offset: number;
  limit: number;
}

/**
 * A page of a run's cases under a filter, the facet counts (each under every other filter), and the totals: the
 * engine function behind `cases.list` and `canary-gate cases`. Unknown run → not found; unknown gate → bad input
 * naming the gates of the run's latest evaluation.
 */
export function listCases(store: Store, query: CaseListQuery): CaseList {
  const index = caseIndexFor(store, query.runId);
  const { filter } = query;
  const view = gateViewFor(index, filter.gate);
  const masks = filterMasks(store, index, filter, view);
  const facets = countFacets(index, masks, view, filter);
  const order = sortOrder(index, query.sort, view, filter.gate ?? '');
  const rows: CaseRow[] = [];
  let total = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (masks[i] !== 0) continue;
    if (total >= query.offset && rows.length < query.limit) rows.push(caseRow(index, i, view));
    total++;
  }
  return { rows, total, run_cases: index.cases.length, facets, change_metric: view.metric };
}

/** The view of the filter's gate, or of task success without one. */
export function gateViewFor(index: CaseIndex, gate: string | undefined): GateView {
  const view = viewOf(index, gate ?? '');
  if (view) return view;
  const gates = index.evaluation?.gates.map((g) => `"${g.name}"`) ?? [];
  throw new InputError(
    gates.length === 0
      ? `run ${index.runId} has no gate evaluation yet, so there is no gate "${gate}" (gate it first: canary-gate gate --run ${index.runId})`
      : `no gate "${gate}" in the latest evaluation of run ${index.runId}; its gates: ${gates.join(', ')}`,
    { field: 'gate' },
  );
}

const MEMBERSHIP_TEST: Record<GateMembership, (code: number) => boolean> = {
  used: (m) => m === MEMBERSHIP.used,
  // A slice gate's cases outside its slice(s) were never the gate's to leave out.
  excluded: (m) => m !== MEMBERSHIP.used && m !== MEMBERSHIP.outsideSlice,
  excluded_infra: (m) => m === MEMBERSHIP.infra,
  excluded_unreplayable: (m) => m === MEMBERSHIP.unreplayable,
};

/** Per case, the bits of the filters it fails (0 = shown). */
function filterMasks(store: Store, index: CaseIndex, filter: CaseFilter, view: GateView): Uint16Array {
  const n = index.cases.length;
  const masks = new Uint16Array(n);
  const lookup = (values: readonly string[], v: string | undefined) => (v === undefined ? undefined : values.indexOf(v));
  const slice = lookup(index.slices, filter.slice);
  const tag = lookup(index.tags, filter.tag);
  const failed = lookup(index.names, filter.failed);
  const category = filter.category === undefined ? 0 : 1 << failureCategories.indexOf(filter.category);
  const change = filter.change === undefined ? -1 : CHANGES.indexOf(filter.change);
  const member = filter.gate === undefined ? undefined : MEMBERSHIP_TEST[filter.membership ?? 'used'];
  const hits = filter.q === undefined || filter.q.trim() === '' ? undefined : searchCases(store, index, filter.q);
  for (let i = 0; i < n; i++) {
    const c = index.cases[i]!;
    let m = 0;
    if (slice !== undefined && c.slice !== slice) m |= 1 << F.slice;
    if (tag !== undefined && !c.tags.includes(tag)) m |= 1 << F.tag;
    if (filter.severity !== undefined && c.severity !== filter.severity) m |= 1 << F.severity;
    if (filter.origin !== undefined && c.origin !== filter.origin) m |= 1 << F.origin;
    if (change >= 0 && view.change[i] !== change) m |= 1 << F.change;
    if (failed !== undefined && !c.failed.includes(failed)) m |= 1 << F.failed;
    if (category !== 0 && (c.categories & category) === 0) m |= 1 << F.category;
    if (filter.infra !== undefined && c.infra !== filter.infra) m |= 1 << F.infra;
    if (filter.unreplayable !== undefined && c.unreplayable !== filter.unreplayable) m |= 1 << F.unreplayable;
    if (member && !member(view.membership[i]!)) m |= 1 << F.gate;
    if (hits && hits[i] === 0) m |= 1 << F.q;
    masks[i] = m;
  }
  return masks;
}

/** Facet counts: a case counts for a facet when it passes every filter but (perhaps) that facet's own. */
function countFacets(index: CaseIndex, masks: Uint16Array, view: GateView, filter: CaseFilter): CaseFacets {
  const slice = new Uint32Array(index.slices.length);
  const tag = new Uint32Array(index.tags.length);
  const failed = new Uint32Array(index.names.length);
  const severity = new Uint32Array(SEVERITIES.length);
  const origin = new Uint32Array(ORIGINS.length);
  const change = new Uint32Array(CHANGES.length);
  const category = new Uint32Array(failureCategories.length);
  let infra = 0;
  let unreplayable = 0;
  const cases = index.cases;
  for (let i = 0; i < masks.length; i++) {
    const m = masks[i]!;
    // Shown (m = 0), or hidden by exactly one faceted filter: then only that facet counts it.
    if (m !== 0 && ((m & (m - 1)) !== 0 || (m & FACETED_BITS) === 0)) continue;
    const c = cases[i]!;
    if ((m & ~(1 << F.slice)) === 0 && c.slice >= 0) slice[c.slice]!++;
    if ((m & ~(1 << F.tag)) === 0) for (const t of c.tags) tag[t]!++;
    if ((m & ~(1 << F.failed)) === 0) for (const f of c.failed) failed[f]!++;
    if ((m & ~(1 << F.severity)) === 0) severity[SEVERITY_CODE[c.severity]]!++;
    if ((m & ~(1 << F.origin)) === 0) origin[ORIGIN_CODE[c.origin]]!++;
    if ((m & ~(1 << F.change)) === 0) change[view.change[i]!]!++;
    if ((m & ~(1 << F.category)) === 0 && c.categories !== 0) for (let b = 0; b < failureCategories.length; b++) if (c.categories & (1 << b)) category[b]!++;
    if ((m & ~(1 << F.infra)) === 0 && c.infra) infra++;
    if ((m & ~(1 << F.unreplayable)) === 0 && c.unreplayable) unreplayable++;
  }
  return {
    slice: topValues(slice, index.slices, filter.slice),
    tag: topValues(tag, index.tags, filter.tag),
    severity: SEVERITIES.map((v, k) => ({ value: v, count: severity[k]! })),
    origin: ORIGINS.map((v, k) => ({ value: v, count: origin[k]! })),
    change: CHANGES.map((v, k) => ({ value: v, count: change[k]! })),
    failed: topValues(failed, index.names, filter.failed),
    category: failureCategories.flatMap((v, k) => (category[k]! > 0 ? [{ value: v, count: category[k]! }] : [])),
    infra,
    unreplayable,
  };
}

/** The most frequent values (ties by name), capped, always with the selected value. */
function topValues(counts: Uint32Array, names: readonly string[], selected: string | undefined): FacetCount[] {
  const all: FacetCount[] = [];
  counts.forEach((count, id) => {
    if (count > 0) all.push({ value: names[id]!, count });
  });
  all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const top = all.slice(0, FACET_VALUES);
  if (selected !== undefined && !top.some((f) => f.value === selected)) top.push(all.find((f) => f.value === selected) ?? { value: selected, count: 0 });
  return top;
}

function armSummary(index: CaseIndex, a: IndexedArm): CaseRow['baseline'] {
  return { status: a.status, passed: a.passed, latency_ms: a.latencyMs, cost_usd: a.costUsd, failed: a.failed.map((f) => index.names[f]!) };
}

/** The list row of the case at position i. */
export function caseRow(index: CaseIndex, i: number, view: GateView): CaseRow {
  const c = index.cases[i]!;
  return {
    case_id: c.key,
    index: i,
    slice: c.slice < 0 ? null : index.slices[c.slice]!,
    tags: c.tags.map((t) => index.tags[t]!),
    severity: c.severity,
    origin: c.origin,
    change: CHANGES[view.change[i]!]!,
    preview: c.preview,
    baseline: armSummary(index, c.baseline),
    candidate: armSummary(index, c.candidate),
    latency_ratio: c.latencyRatio,
    cost_ratio: c.costRatio,
  };
}
