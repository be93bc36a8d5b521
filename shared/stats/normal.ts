/**
 * Standard normal distribution: CDF and quantile in double precision.
 *
 * normalCdf is W. J. Cody's rational Chebyshev approximation (the algorithm behind R's pnorm),
 * normalQuantile is Wichura's AS241 (PPND16); both are accurate to about 1e-15 relative, which
 * the reference vectors check against scipy.stats.norm.
 */

const SQRT_32 = Math.sqrt(32);
const ONE_OVER_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

function coef(arr: readonly number[], i: number): number {
  return arr[i] as number;
}

/** Lower and upper tail of the standard normal at x, each computed without cancellation. */
function normalTails(x: number): { lower: number; upper: number } {
  if (Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    // Central region: a direct rational approximation of Phi(x) - 1/2.
    let xnum = 0;
    let xden = 0;
    if (y > 1e-300) {
      const xsq = x * x;
      xnum = coef(A, 4) * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + coef(A, i)) * xsq;
        xden = (xden + coef(B, i)) * xsq;
      }
    }
    const temp = (x * (xnum + coef(A, 3))) / (xden + coef(B, 3));
    return { lower: 0.5 + temp, upper: 0.5 - temp };
  }
  let tail: number;
  if (y <= SQRT_32) {
    let xnum = coef(C, 8) * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + coef(C, i)) * y;
      xden = (xden + coef(D, i)) * y;
    }
    const temp = (xnum + coef(C, 7)) / (xden + coef(D, 7));
    tail = gaussianFactor(y) * temp;
  } else if (y < 40) {
    const xsq = 1 / (x * x);
    let xnum = coef(P, 5) * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + coef(P, i)) * xsq;
      xden = (xden + coef(Q, i)) * xsq;
    }
    let temp = (xsq * (xnum + coef(P, 4))) / (xden + coef(Q, 4));
    temp = (ONE_OVER_SQRT_2PI - temp) / y;
    tail = gaussianFactor(y) * temp;
  } else {
    tail = 0;
  }
  return x > 0 ? { lower: 1 - tail, upper: tail } : { lower: tail, upper: 1 - tail };
}

/** exp(-y²/2) split in two factors so that the rounding of y² does not cost accuracy (Cody). */
function gaussianFactor(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5);
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalTails(x).lower;
}

/** Standard normal survival function 1 − Φ(x), accurate in the upper tail. */
export function normalSf(x: number): number {
  return normalTails(x).upper;
}

/** Standard normal quantile Φ⁻¹(p) (Wichura AS241); ±Infinity at p = 0 or 1. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) throw new RangeError(`normalQuantile: p must be in [0,1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  // Tails: work with the smaller tail probability so that 1 − p does not lose digits.
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}
