/**
 * Regularized incomplete beta function I_x(a, b) and its inverse, in double precision.
 *
 * I_x(a, b) = x^a·y^b / (a·B(a, b)) · K with y = 1 − x and K the classical continued fraction, taken
 * on whichever side of the mean it converges fast (the symmetry swap I_x(a, b) = 1 − I_y(b, a)) and
 * evaluated with the modified Lentz algorithm. Two things keep it at ~1e-13 relative when a or b is
 * large (Student t with df = 1e6, binomial intervals with n = 1e6), where the textbook form loses digits:
 *
 * - Everything that depends on x is written with λ = a·y − b·x = a − (a + b)x, which is computed from an
 *   exact product, instead of 1 − (a + b)x/(a + 1) and its kin, which cancel near the mean (this is the
 *   device of BFRAC in DiDonato & Morris's TOMS 708, here applied to the even part of the fraction).
 * - The prefactor x^a·y^b / B(a, b) is Loader's saddle-point form: Stirling remainders and
 *   a·[ln(1 + t) − t] terms, never the difference of two log-gammas of size 1e7.
 *
 * Limits: the tail on the far side of the swap is 1 minus the computed one, so when a or b is much
 * below 1 a small tail there is only accurate in absolute terms (TOMS 708 adds power series for that
 * corner; Student t has b = ½ and Clopper–Pearson a, b ≥ 1, where it never arises). Near the mean the
 * fraction needs about 0.035·√a terms when a ≈ b, so the term cap holds a and b up to ~5e12.
 *
 * The inverse is a safeguarded Newton iteration on ln(tail) against ln(x), solving for whichever of x
 * and 1 − x is below ½ so that both keep their relative precision (the Student t quantile needs 1 − x).
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TINY = 1e-300;
const MAX_FRACTION_TERMS = 100_000;
// Veltkamp's splitter for Dekker's exact product: 2^27 + 1.
const SPLITTER = 134217729;

/** ln(1 + t) − t for t > −1, without the cancellation of the direct form when t is small. */
function log1pmx(t: number): number {
  if (Math.abs(t) > 0.5) return Math.log1p(t) - t;
  // log1p(t) = 2·atanh(v) with v = t/(2 + t), and t − 2v = t·v, so log1p(t) − t = −t·v + 2(v³/3 + v⁵/5 + …).
  const v = t / (2 + t);
  const v2 = v * v;
  let term = v * v2;
  let sum = 0;
  for (let k = 3; ; k += 2) {
    const next = sum + term / k;
    if (next === sum) break;
    sum = next;
    term *= v2;
  }
  return 2 * sum - t * v;
}

/** μ(z) = ln Γ(z) − [(z − ½) ln z − z + ½ ln 2π], the remainder of Stirling's formula, for z > 0. */
function stirlingRemainder(z: number): number {
  if (z >= 10) {
    // Asymptotic series; at z = 10 the first omitted term is below 2e-18.
    const r = 1 / (z * z);
    const tail = 1 / 1188 - r * (691 / 360360 - r * (1 / 156 - (r * 3617) / 122400));
    return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * tail)))) / z;
  }
  // Step up to z + k ≥ 10 with μ(z) = μ(z + 1) + g(z): a sum of small positive terms, so the result
  // keeps its relative precision (the closed form, with logarithms of size 25, would not).
  let sum = 0;
  let w = z;
  for (; w < 10; w += 1) sum += stirlingStep(w);
  return sum + stirlingRemainder(w);
}

/** g(z) = μ(z) − μ(z + 1) = (z + ½)·ln(1 + 1/z) − 1. */
function stirlingStep(z: number): number {
  if (z < 0.25) return (z + 0.5) * Math.log1p(1 / z) - 1;
  // ln(1 + 1/z) = 2·atanh(u) with u = 1/(2z + 1), so g(z) = u²/3 + u⁴/5 + u⁶/7 + … with no cancellation.
  const u2 = 1 / ((2 * z + 1) * (2 * z + 1));
  let term = u2;
  let sum = 0;
  for (let k = 3; ; k += 2) {
    const next = sum + term / k;
    if (next === sum) return sum;
    sum = next;
    term *= u2;
  }
}

/** ln B(a, b) for a, b > 0 (Stirling form; used where a tail is so far out that only its leading term counts). */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  const n = a + b;
  // (s − ½)ln(s/n) + l·ln(l/n) − ½ ln l, with l·ln(l/n) = −l·log1p(s/l) so that l/n ≈ 1 is never rounded.
  return (
    LN_SQRT_2PI +
    (small - 0.5) * Math.log(small / n) -
    large * Math.log1p(small / large) -
    0.5 * Math.log(large) +
    stirlingRemainder(a) +
    stirlingRemainder(b) -
    stirlingRemainder(n)
  );
}

/** Dekker's exact product: hi + lo = u·v (lo = 0 where splitting would overflow). */
function twoProduct(u: number, v: number): { hi: number; lo: number } {
  const hi = u * v;
  if (!Number.isFinite(hi) || Math.abs(u) > 1e290 || Math.abs(v) > 1e290) return { hi, lo: 0 };
  let t = SPLITTER * u;
  const uh = t - (t - u);
  const ul = u - uh;
  t = SPLITTER * v;
  const vh = t - (t - v);
  const vl = v - vh;
  return { hi, lo: uh * vh - hi + uh * vl + ul * vh + ul * vl };
}

/** λ = a·y − b·x (= a − (a + b)x) with y = yHi + yLo, computed without cancellation. */
function lambdaOf(a: number, b: number, x: number, yHi: number, yLo: number): number {
  const p = twoProduct(a, yHi);
  const q = twoProduct(b, x);
  return p.hi - q.hi + (p.lo - q.lo + a * yLo);
}

/**
 * a·[ln(1 + t) − t] where 1 + t is also passed as a product: near t = −1 the caller knows 1 + t
 * (such as (a + b)x/a for a tiny x) far better than 1 − |t| would round it.
 */
function saddleTerm(a: number, t: number, onePlusT: number): number {
  return a * (t < -0.5 ? Math.log(onePlusT) - t : log1pmx(t));
}

/** ln[x^a·y^b / B(a, b)], from λ = a·y − b·x (Loader's form: no large logarithms cancel). */
function logPowerTerm(a: number, b: number, x: number, y: number, lambda: number): number {
  const n = a + b;
  return (
    0.5 * Math.log(a * (b / n)) -
    LN_SQRT_2PI +
    stirlingRemainder(n) -
    stirlingRemainder(a) -
    stirlingRemainder(b) +
    saddleTerm(a, -lambda / a, (n * x) / a) +
    saddleTerm(b, lambda / b, (n * y) / b)
  );
}

/**
 * K with I_x(a, b) = x^a·y^b / (a·B(a, b)) · K, for x below (a + 1)/(a + b + 2): the reciprocal of
 * the even part of the classical fraction 1 + d₁/(1 + d₂/(1 + …)), i.e.
 * β₀ − α₁/(β₁ − α₂/(β₂ − …)) with β_m = 1 + d_{2m} + d_{2m+1} and α_m = d_{2m−1}·d_{2m}, where each
 * 1 + d_{2m+1} is written with λ so that it does not cancel.
 */
function continuedFraction(a: number, b: number, x: number, y: number, lambda: number): number {
  const n = a + b;
  let f = (lambda + 1) / (a + 1);
  if (Math.abs(f) < TINY) f = TINY;
  let c = f;
  let d = 0;
  for (let m = 1; m <= MAX_FRACTION_TERMS; m++) {
    const a2m = a + 2 * m;
    const dOdd = (-(a + m - 1) * (n + m - 1) * x) / ((a2m - 2) * (a2m - 1));
    const dEven = (m * (b - m) * x) / ((a2m - 1) * a2m);
    const alpha = -dOdd * dEven;
    const beta = ((a + m) * lambda + a * (1 + 2 * m + m * y) + m * (3 * m + 2 + m * y)) / (a2m * (a2m + 1)) + dEven;
    d = beta + alpha * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = beta + alpha / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) return 1 / f;
  }
  throw new Error(`incomplete beta: continued fraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/** Both tails at a point, and ln[x^a·y^b / B(a, b)] (the density times x·y) for Newton steps. */
interface BetaPoint {
  lower: number;
  upper: number;
  logPower: number;
}

/** I_x(a, b) and its complement at x, with y = yHi + yLo being 1 − x as precisely as the caller knows it. */
function evaluate(a: number, b: number, x: number, yHi: number, yLo: number): BetaPoint {
  if (x === 0) return { lower: 0, upper: 1, logPower: Number.NEGATIVE_INFINITY };
  if (yHi === 0) return { lower: 1, upper: 0, logPower: Number.NEGATIVE_INFINITY };
  const lambda = lambdaOf(a, b, x, yHi, yLo);
  const logPower = logPowerTerm(a, b, x, yHi, lambda);
  // exp(logPower) may underflow where the tail itself does not (tiny a); then combine in logs.
  const scale = (k: number, denom: number): number =>
    logPower > -700 ? (Math.exp(logPower) * k) / denom : Math.exp(logPower + Math.log(k / denom));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = scale(continuedFraction(a, b, x, yHi, lambda), a);
    return { lower, upper: 1 - lower, logPower };
  }
  const upper = scale(continuedFraction(b, a, yHi, x, -lambda), b);
  return { lower: 1 - upper, upper, logPower };
}

function checkShapes(name: string, a: number, b: number): void {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) {
    throw new RangeError(`${name}: a and b must be positive and finite, got a=${a}, b=${b}`);
  }
}

/**
 * I_x(a, b) and 1 − I_x(a, b) where the caller supplies x and y = 1 − x separately (e.g. t²/(df + t²)
 * and df/(df + t²)); the tail computed directly keeps its relative precision, the other is 1 minus it.
 */
export function incompleteBetaTails(x: number, y: number, a: number, b: number): { lower: number; upper: number } {
  checkShapes('incompleteBetaTails', a, b);
  if (!(x >= 0 && y >= 0 && x <= 1 && y <= 1)) {
    throw new RangeError(`incompleteBetaTails: x and y must be in [0,1], got ${x}, ${y}`);
  }
  const r = evaluate(a, b, x, y, 0);
  return { lower: r.lower, upper: r.upper };
}

/** Regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1]. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  checkShapes('regularizedIncompleteBeta', a, b);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedIncompleteBeta: x must be in [0,1], got ${x}`);
  // 1 − x as an exact two-term sum, so that y^b keeps its precision when x is tiny and b is large.
  const y = 1 - x;
  return evaluate(a, b, x, y, 1 - y - x).lower;
}

/** Starting point for the inverse (Numerical Recipes' invbetai, after Abramowitz & Stegun 26.5.22). */
function initialGuess(p: number, q: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const pp = Math.min(p, q);
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < q) z = -z;
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  const n = a + b;
  const t = Math.exp(a * Math.log(a / n)) / a;
  const u = Math.exp(b * Math.log(b / n)) / b;
  const w = t + u;
  return p < t / w ? Math.pow(a * w * p, 1 / a) : 1 - Math.pow(b * w * q, 1 / b);
}

/**
 * z in (0, ½] with I_z(a, b) = p (equivalently 1 − I_z(a, b) = q), given that the root is there.
 * Newton's method on g(u) = ln(tail) − ln(target) with u = ln z: tails are close to powers of z, so
 * this is nearly linear, and a bracket turns any step that leaves it into a bisection.
 */
function solveLowerHalf(p: number, q: number, a: number, b: number): number {
  const useLower = p <= q;
  const logTarget = Math.log(useLower ? p : q);
  let lo = 0;
  let hi = 0.5;
  let z = initialGuess(p, q, a, b);
  if (!(z > 0 && z < hi)) z = hi / 2;
  let best = z;
  let bestAbs = Number.POSITIVE_INFINITY;
  for (let iter = 0; iter < 200; iter++) {
    const y = 1 - z;
    const r = evaluate(a, b, z, y, 1 - y - z);
    // A tail taken as 1 minus the other can round to 0 (or just below): it is then below any target.
    const tail = Math.max(0, useLower ? r.lower : r.upper);
    // g increases with z: the lower tail grows, the upper one shrinks.
    const g = useLower ? Math.log(tail) - logTarget : logTarget - Math.log(tail);
    if (Math.abs(g) < bestAbs) {
      bestAbs = Math.abs(g);
      best = z;
    }
    if (g === 0) return z;
    if (g < 0) lo = z;
    else hi = z;
    // d ln(tail) / d ln z = z·density / tail, and z·density = x^a·y^b / (y·B(a, b)).
    const slope = Math.exp(r.logPower - Math.log(y) - Math.log(tail));
    let next = z * Math.exp(-g / slope);
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      // Bisect: geometrically while the bracket spans orders of magnitude, so tiny roots are reached fast.
      next = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : lo === 0 ? Math.sqrt(1e-320 * hi) : 0.5 * (lo + hi);
      if (lo === 0 && next >= hi) next = hi / 2;
    }
    if (Math.abs(next - z) <= 2 * Number.EPSILON * z || hi - lo <= 2 * Number.EPSILON * hi) return next;
    z = next;
  }
  return best;
}

/**
 * x and y = 1 − x with I_x(a, b) = p and 1 − I_x(a, b) = q (pass both: whichever is smaller sets the
 * precision). The smaller of x and y is solved for, so each keeps its relative precision.
 */
export function inverseIncompleteBetaTails(p: number, q: number, a: number, b: number): { x: number; y: number } {
  checkShapes('inverseIncompleteBetaTails', a, b);
  if (!(p >= 0 && q >= 0 && p <= 1 && q <= 1)) {
    throw new RangeError(`inverseIncompleteBetaTails: p and q must be in [0,1], got ${p}, ${q}`);
  }
  if (p === 0) return { x: 0, y: 1 };
  if (q === 0) return { x: 1, y: 0 };
  // Which half holds the root: compare the target with the tails at ½, using the smaller target.
  const mid = evaluate(a, b, 0.5, 0.5, 0);
  const rootBelowHalf = p <= q ? p <= mid.lower : q >= mid.upper;
  if (rootBelowHalf) {
    const x = solveLowerHalf(p, q, a, b);
    return { x, y: 1 - x };
  }
  // I_x(a, b) = p  ⇔  I_y(b, a) = q.
  const y = solveLowerHalf(q, p, b, a);
  return { x: 1 - y, y };
}

/** Inverse of I_x(a, b) in x: the p-quantile of the Beta(a, b) distribution, for p in [0, 1]. */
export function inverseRegularizedIncompleteBeta(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`inverseRegularizedIncompleteBeta: p must be in [0,1], got ${p}`);
  checkShapes('inverseRegularizedIncompleteBeta', a, b);
  return inverseIncompleteBetaTails(p, 1 - p, a, b).x;
}
