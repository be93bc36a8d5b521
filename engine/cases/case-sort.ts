import type { CaseSort } from '../../shared/domain/case-review.js';
import type { CaseIndex, IndexedCase } from './case-index.js';
import { CHANGES, type GateView } from './gate-view.js';

/** Regressions first, then the other discordant pairs, then what still fails, what could not be judged, what passes. */
const CHANGE_RANK = { regression: 0, improvement: 1, both_fail: 2, unjudged: 3, both_pass: 4 } as const;

/** Positions of the index's cases in the sort's order, ties in suite order; cached on the index (per gate for regressions_first). */
export function sortOrder(index: CaseIndex, sort: CaseSort, view: GateView, gate: string): Int32Array {
  const key = sort === 'regressions_first' ? `${sort}\u0000${gate}` : sort;
  const known = index.orders.get(key);
  if (known) return known;
  const n = index.cases.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const cases = index.cases;
  const desc = (pick: (c: IndexedCase) => number | null) => (a: number, b: number) => {
    const x = pick(cases[a]!);
    const y = pick(cases[b]!);
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    return y - x || a - b;
  };
  switch (sort) {
    case 'suite':
      break;
    case 'case_id':
      order.sort((a, b) => (cases[a]!.key < cases[b]!.key ? -1 : cases[a]!.key > cases[b]!.key ? 1 : a - b));
      break;
    case 'slice': {
      const name = (i: number) => (cases[i]!.slice < 0 ? '\uffff' : index.slices[cases[i]!.slice]!);
      order.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : a - b));
      break;
    }
    case 'latency_ratio':
      order.sort(desc((c) => c.latencyRatio));
      break;
    case 'cost_ratio':
      order.sort(desc((c) => c.costRatio));
      break;
    case 'regressions_first': {
      const rank = (i: number) => CHANGE_RANK[CHANGES[view.change[i]!]!];
      order.sort((a, b) => rank(a) - rank(b) || a - b);
      break;
    }
  }
  index.orders.set(key, order);
  return order;
}
