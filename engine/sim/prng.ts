import { hash } from 'node:crypto';

/** A deterministic stream of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * sfc32 seeded from sha256(seed). Not cryptographic; chosen because it is tiny, fast and passes the usual
 * statistical batteries, so rates measured over many requests match the configured ones.
 */
export function createRng(seed: string): Rng {
  // One-shot: a request seeds several streams, and a Hash object costs more than the hash of a short seed.
  const d = hash('sha256', seed, 'buffer');
  let a = d.readUInt32LE(0);
  let b = d.readUInt32LE(4);
  let c = d.readUInt32LE(8);
  let n = d.readUInt32LE(12);
  const next: Rng = () => {
    const t = (((a + b) | 0) + n) | 0;
    n = (n + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 still correlate with the seed words; discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A uniformly chosen element of a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick: empty list');
  return items[Math.floor(rng() * items.length)] as T;
}

/** A uniform integer in [min, max]. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(rng: Rng): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A lognormal draw with the given median and sigma of the log. */
export function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(rng));
}
