/** Random draws the operating-characteristics simulations need, on the library's seeded generator. */

import type { Rng } from '../../stats/bootstrap.js';

/** True with probability p. */
export function bernoulli(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** A standard normal draw (Box–Muller; one of the pair is dropped to keep the generator stateless). */
export function standardNormal(rng: Rng): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** A uniform integer in [lo, hi]. */
export function uniformInt(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}
