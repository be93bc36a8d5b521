import type { CaseFilter, CaseSort, OutcomeChange, ScoreDetail } from '../../../../shared/domain/case-review.js';

/** Words for each outcome change, as badges and facet values show them. */
export const CHANGE_LABELS: Record<OutcomeChange, string> = {
  regression: 'Regression',
  improvement: 'Improvement',
  both_fail: 'Both fail',
  both_pass: 'Both pass',
  unjudged: 'Unjudged',
};

/** The sort orders of the case list, in the order the select offers them. */
export const SORT_LABELS: Record<CaseSort, string> = {
  suite: 'Suite order',
  regressions_first: 'Regressions first',
  latency_ratio: 'Latency ratio (largest first)',
  cost_ratio: 'Cost ratio (largest first)',
  slice: 'Slice',
  case_id: 'Case id',
};

/** How each filter key reads on a chip. */
export const FILTER_LABELS: Record<keyof CaseFilter, string> = {
  gate: 'Gate',
  membership: 'Gate pairs',
  slice: 'Slice',
  tag: 'Tag',
  severity: 'Severity',
  origin: 'Origin',
  change: 'Change',
  failed: 'Failed',
  category: 'Category',
  infra: 'Infra error',
  unreplayable: 'Unreplayable tool call',
  q: 'Search',
};

const MEMBERSHIP_LABELS: Record<string, string> = {
  used: 'used by the estimate',
  excluded: 'left out',
  excluded_infra: 'left out: infra error',
  excluded_unreplayable: 'left out: unreplayable',
};

/** One active filter as a removable chip. */
export interface FilterChip {
  key: keyof CaseFilter;
  label: string;
  value: string;
}

/** The active filters in a stable order (gate first: it is usually where the reviewer came from). */
export function filterChips(filter: CaseFilter): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const key of Object.keys(FILTER_LABELS) as (keyof CaseFilter)[]) {
    const v = filter[key];
    if (v === undefined || v === false || v === '') continue;
    let value: string;
    if (v === true) value = 'yes';
    else if (key === 'change') value = CHANGE_LABELS[v as OutcomeChange];
    else if (key === 'membership') value = MEMBERSHIP_LABELS[v as string] ?? String(v);
    else value = String(v);
    chips.push({ key, label: FILTER_LABELS[key], value });
  }
  return chips;
}

/** A filter without one key (removing a chip); removing the gate also drops its membership. */
export function withoutKey(filter: CaseFilter, key: keyof CaseFilter): CaseFilter {
  const next: CaseFilter = { ...filter };
  delete next[key];
  if (key === 'gate') delete next.membership;
  return next;
}

/** "×1.42"; "—" when there is no ratio. */
export function formatRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '—';
  return `×${r >= 100 ? r.toFixed(0) : r.toFixed(2)}`;
}

/** "812 ms", "2.41 s"; "—" when unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** "$0.00123"; dollars with enough digits to tell small per-call costs apart. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '—';
  if (usd === 0) return '$0';
  return usd >= 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toPrecision(3)}`;
}

/** A count with thin grouping: 100000 → "100,000". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A share as a percentage: 0.4213 → "42.1%"; "—" when unknown. */
export function formatPercent(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

/** One expectation across both arms, for the score table. */
export interface ScoreRow {
  name: string;
  baseline: ScoreDetail | null;
  candidate: ScoreDetail | null;
}

function failRank(row: ScoreRow): number {
  // Candidate failures first (what the reviewer is judging), then baseline-only failures, then passes.
  if (row.candidate && !row.candidate.passed) return 0;
  if (row.baseline && !row.baseline.passed) return 1;
  return 2;
}

/** Pairs the two arms' scores by expectation name, failed first, then by name. */
export function scoreRows(baseline: readonly ScoreDetail[], candidate: readonly ScoreDetail[]): ScoreRow[] {
  const rows = new Map<string, ScoreRow>();
  for (const s of baseline) rows.set(s.name, { name: s.name, baseline: s, candidate: null });
  for (const s of candidate) {
    const row = rows.get(s.name);
    if (row) row.candidate = s;
    else rows.set(s.name, { name: s.name, baseline: null, candidate: s });
  }
  return [...rows.values()].sort((a, b) => failRank(a) - failRank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether a key event comes from a place where typing means text (the search box, a note). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}
