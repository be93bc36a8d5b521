import { createRng } from '../stats/bootstrap.js';

/**
 * Allocates n draws over strata proportionally to their sizes (largest remainders), lifting any stratum
 * whose share is below the minimum to min(its size, minPerStratum) at the expense of the larger ones. If the
 * minimums alone exceed n, they win: every slice is represented.
 */
export function allocate(counts: Readonly<Record<string, number>>, n: number, minPerStratum: number): Record<string, number> {
  const strata = Object.keys(counts).sort();
  const total = strata.reduce((a, s) => a + counts[s]!, 0);
  const out: Record<string, number> = {};
  if (total <= n) {
    for (const s of strata) out[s] = counts[s]!;
    return out;
  }
  // Fix the strata whose proportional share falls below their floor, then share the rest; repeat until stable.
  let open = [...strata];
  let left = n;
  for (;;) {
    const openTotal = open.reduce((a, s) => a + counts[s]!, 0);
    const lifted = open.filter((s) => (left * counts[s]!) / openTotal < Math.min(counts[s]!, minPerStratum));
    if (lifted.length === 0) break;
    for (const s of lifted) {
      out[s] = Math.min(counts[s]!, minPerStratum);
      left -= out[s]!;
    }
    open = open.filter((s) => !lifted.includes(s));
    if (open.length === 0 || left <= 0) break;
  }
  if (open.length === 0 || left <= 0) {
    // The floors used up n: the strata still open get their floor too (the minimum is a guarantee).
    for (const s of open) out[s] = Math.min(counts[s]!, minPerStratum);
    return out;
  }
  const openTotal = open.reduce((a, s) => a + counts[s]!, 0);
  const shares = open.map((s) => ({ s, exact: (left * counts[s]!) / openTotal }));
  for (const sh of shares) out[sh.s] = Math.min(counts[sh.s]!, Math.floor(sh.exact));
  let rest = left - shares.reduce((a, sh) => a + out[sh.s]!, 0);
  shares.sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || (a.s < b.s ? -1 : 1));
  for (const sh of shares) {
    if (rest <= 0) break;
    if (out[sh.s]! < counts[sh.s]!) {
      out[sh.s]!++;
      rest--;
    }
  }
  return out;
}

/**
 * One pass, bounded memory, seeded and reproducible: a reservoir per stratum (Algorithm R) keeps a uniform
 * random subset of up to n items of each stratum; at the end each stratum contributes its allocation.
 */
export class StratifiedSampler<T> {
  private readonly reservoirs = new Map<string, T[]>();
  private readonly seen = new Map<string, number>();
  private readonly rng: { next(): number; int(n: number): number };

  constructor(
    private readonly n: number,
    seed: number,
  ) {
    this.rng = createRng(seed);
  }

  /** Offers one item of a stratum. */
  offer(stratum: string, item: T): void {
    const k = this.seen.get(stratum) ?? 0;
    this.seen.set(stratum, k + 1);
    let res = this.reservoirs.get(stratum);
    if (!res) this.reservoirs.set(stratum, (res = []));
    if (k < this.n) res.push(item);
    else {
      const j = this.rng.int(k + 1);
      if (j < this.n) res[j] = item;
    }
  }

  /** Items offered per stratum. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.seen);
  }

  /** The selected items (stratum by stratum, in random order within each) and the allocation used. */
  select(minPerStratum: number): { items: T[]; allocation: Record<string, number> } {
    const allocation = allocate(this.counts(), this.n, minPerStratum);
    const items: T[] = [];
    for (const s of Object.keys(allocation).sort()) {
      const res = this.reservoirs.get(s) ?? [];
      // Shuffle before taking a prefix: a reservoir's order still reflects arrival order.
      for (let i = res.length - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        [res[i], res[j]] = [res[j]!, res[i]!];
      }
      items.push(...res.slice(0, allocation[s]));
    }
    return { items, allocation };
  }
}
