#!/usr/bin/python3
"""Reference vectors for shared/stats, produced by an independent implementation.

How to rerun (from the repository root; Debian's python3-scipy, python3-statsmodels, python3-numpy,
python3-mpmath):

    apt-get install -y python3-scipy python3-statsmodels python3-numpy python3-mpmath   # once
    /usr/bin/python3 scripts/reference/make-stats-vectors.py

It rewrites fixtures/stats/reference-vectors.json (deterministic: fixed seeds, sorted keys), which
shared/stats/reference-vectors.test.ts checks every TypeScript function against. Rerun it when a case
is added here; never edit the JSON by hand.

Sources: scipy.stats (norm, binom, binomtest, bootstrap, beta, t), scipy.special (betainc, betaincinv),
statsmodels (mcnemar exact, Wilson and Clopper-Pearson ('beta') proportion_confint,
confint_proportions_2indep 'newcomb'), numpy (percentile, clustered SE), mpmath (60-digit incomplete beta,
Student t and beta quantiles, because scipy's own routines for these differ by up to 1e-9 and more).
statsmodels 0.13 has no paired Newcombe interval, so method 10 of Newcombe (1998) is written below
from the published formula and checked against published worked examples before anything is written.
"""

import json
import math
import os
import platform
import sys

import mpmath as mp
import numpy as np
import scipy
import statsmodels
from scipy import special, stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    samplesize_proportions_2indep_onetail,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fixtures", "stats", "reference-vectors.json")


def f(x):
    """Plain float for JSON (numpy scalars and 0-d arrays included)."""
    return float(np.asarray(x))


# --------------------------------------------------------------------------- normal
def normal_vectors():
    xs = [-37.5, -20.0, -10.0, -8.0, -6.0, -5.657, -5.0, -3.5, -2.0, -1.0, -0.6744, -0.5, -0.1, 0.0, 1e-8,
          0.25, 0.6745, 0.7, 1.0, 1.6448536269514722, 1.959963984540054, 2.5, 4.0, 5.66, 6.5, 9.0, 15.0]
    cdf = [{"x": x, "cdf": f(stats.norm.cdf(x)), "sf": f(stats.norm.sf(x))} for x in xs]
    ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.4, 0.425,
          0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.925, 0.95, 0.975, 0.99, 0.999, 0.999999, 1 - 1e-12]
    ppf = [{"p": p, "ppf": f(stats.norm.ppf(p))} for p in ps]
    return cdf, ppf


# --------------------------------------------------------------------------- binomial
def binomial_vectors():
    cases = [
        (0, 10, 0.3), (3, 10, 0.3), (10, 10, 0.3), (7, 20, 0.5), (0, 1, 0.5), (1, 1, 0.5),
        (5, 100, 0.01), (1, 100, 0.01), (50, 100, 0.5), (80, 100, 0.9), (99, 100, 0.9),
        (2, 1000, 0.001), (120, 1000, 0.1), (85, 1000, 0.1), (130, 1000, 0.1),
        (4900, 10000, 0.5), (5100, 10000, 0.5), (5300, 10000, 0.5),
        (9950, 100000, 0.1), (10100, 100000, 0.1),
        (499000, 1000000, 0.5), (500000, 1000000, 0.5), (502500, 1000000, 0.5),
        (899700, 1000000, 0.9), (900300, 1000000, 0.9), (1050, 1000000, 0.001), (900, 1000000, 0.001),
        (3, 17, 0.123456789), (12, 17, 0.987654321),
    ]
    pmf = []
    cdf = []
    for k, n, p in cases:
        pmf.append({"k": k, "n": n, "p": p, "pmf": f(stats.binom.pmf(k, n, p))})
        cdf.append({"k": k, "n": n, "p": p, "cdf": f(stats.binom.cdf(k, n, p)), "sf": f(stats.binom.sf(k, n, p))})
    return pmf, cdf


def mcnemar_vectors():
    pairs = [(0, 0), (1, 0), (0, 1), (3, 0), (5, 1), (1, 5), (4, 4), (6, 2), (10, 3), (12, 2), (2, 12),
             (25, 15), (40, 60), (100, 70), (300, 250), (1000, 900)]
    out = []
    for b, c in pairs:
        table = [[10, b], [c, 10]]
        two = mcnemar(table, exact=True).pvalue
        if b + c > 0:
            greater = stats.binomtest(b, b + c, 0.5, alternative="greater").pvalue
            two_bt = stats.binomtest(b, b + c, 0.5, alternative="two-sided").pvalue
        else:
            greater, two_bt = 1.0, 1.0
        out.append({"b": b, "c": c, "p_greater": f(greater), "p_two_sided": f(two), "p_two_sided_binomtest": f(two_bt)})
    return out


# --------------------------------------------------------------------------- proportions
LEVELS = [0.9, 0.95, 0.99]


def wilson_vectors():
    out = []
    for x, n in [(0, 1), (1, 1), (0, 10), (3, 10), (10, 10), (1, 50), (45, 50), (0, 300), (17, 300),
                 (290, 300), (4500, 5000), (12.5, 40)]:
        for level in LEVELS:
            lo, hi = proportion_confint(x, n, alpha=1 - level, method="wilson")
            out.append({"x": x, "n": n, "level": level, "lower": f(lo), "upper": f(hi)})
    return out


def newcombe_unpaired_vectors():
    out = []
    for x1, n1, x2, n2 in [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20),
                           (10, 10, 0, 20), (900, 1000, 880, 1000), (3, 400, 7, 380)]:
        for level in LEVELS:
            lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - level)
            out.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "level": level,
                        "estimate": x1 / n1 - x2 / n2, "lower": f(lo), "upper": f(hi)})
    return out


# --------------------------------------------------------------------------- paired proportions
def wilson(x, n, z):
    """Wilson score limits, written out (not the statsmodels one) for the paired method below."""
    p = x / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return centre - half, centre + half


def newcombe_paired(a, b, c, d, level):
    """Newcombe (1998) method 10 for p1 - p2, p1 = (a+b)/n, p2 = (a+c)/n (Stat Med 17:2635, eq. for
    method 10; Fagerland, Lydersen & Laake 2014 'Newcombe hybrid score'): Wilson limits of each
    margin combined with the correlation phi, where a positive ad - bc is reduced by n/2 (and phi set
    to 0 if that makes it negative) and phi = 0 when a margin is empty."""
    return newcombe_paired_z(a, b, c, d, stats.norm.isf((1 - level) / 2))


def newcombe_paired_z(a, b, c, d, z):
    """newcombe_paired with the critical value given (counts may be fractional)."""
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson(a + b, n, z)
    l2, u2 = wilson(a + c, n, z)
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    num = a * d - b * c
    if margins == 0:
        phi = 0.0
    elif num > n / 2:
        phi = (num - n / 2) / math.sqrt(margins)
    elif num >= 0:
        phi = 0.0
    else:
        phi = num / math.sqrt(margins)
    dl1, du1, dl2, du2 = p1 - l1, u1 - p1, p2 - l2, u2 - p2
    delta = p1 - p2
    lower = delta - math.sqrt(dl1 ** 2 - 2 * phi * dl1 * du2 + du2 ** 2)
    upper = delta + math.sqrt(du1 ** 2 - 2 * phi * du1 * dl2 + dl2 ** 2)
    return delta, lower, upper


# Published worked examples (values as printed, 4 decimals, 95% level).
PUBLISHED_PAIRED = [
    {"source": "Newcombe 1998 (Stat Med 17:2635) Table III example, method 10",
     "a": 36, "b": 12, "c": 2, "d": 0, "level": 0.95, "estimate": 0.2000, "lower": 0.0569, "upper": 0.3404},
    {"source": "Fagerland, Lydersen & Laake 2014 (Stat Med 33:2850), Cavo et al. 2012 data, Newcombe hybrid score",
     "a": 59, "b": 6, "c": 16, "d": 80, "level": 0.95, "estimate": -0.0621, "lower": -0.1186, "upper": -0.0046},
]


def paired_vectors():
    for ex in PUBLISHED_PAIRED:
        est, lo, hi = newcombe_paired(ex["a"], ex["b"], ex["c"], ex["d"], ex["level"])
        for name, got in (("estimate", est), ("lower", lo), ("upper", hi)):
            if abs(got - ex[name]) > 5e-5 + 1e-12:
                sys.exit(f"newcombe_paired disagrees with {ex['source']}: {name} {got} vs {ex[name]}")
    tables = [(36, 12, 2, 0), (59, 6, 16, 80), (1, 1, 7, 12), (14, 5, 0, 22), (0, 0, 0, 10), (10, 0, 0, 0),
              (0, 3, 0, 7), (5, 0, 0, 5), (2, 8, 1, 89), (850, 40, 25, 85), (30, 2, 9, 159), (0, 1, 1, 0)]
    newcombe = []
    wald = []
    for a, b, c, d in tables:
        n = a + b + c + d
        for level in LEVELS:
            est, lo, hi = newcombe_paired(a, b, c, d, level)
            newcombe.append({"a": a, "b": b, "c": c, "d": d, "level": level, "estimate": est, "lower": lo, "upper": hi})
            z = stats.norm.isf((1 - level) / 2)
            delta = (b - c) / n
            se = math.sqrt(((b + c) / n - delta ** 2) / n)
            wald.append({"b": b, "c": c, "n": n, "level": level, "estimate": delta, "se": se,
                         "lower": delta - z * se, "upper": delta + z * se})
    return newcombe, wald


def clustered_vectors():
    rng = np.random.default_rng(7)
    out = []
    for n_clusters, size in [(5, 4), (12, 3), (40, 6)]:
        effects = rng.normal(0, 0.3, n_clusters)
        d, clusters = [], []
        for g in range(n_clusters):
            k = int(rng.integers(1, size + 1))
            for _ in range(k):
                d.append(float(np.clip(np.round(effects[g] + rng.normal(0, 0.3)), -1, 1)))
                clusters.append(f"c{g}")
        darr = np.array(d)
        resid = darr - darr.mean()
        sums = [resid[np.array(clusters) == key].sum() for key in sorted(set(clusters))]
        se = math.sqrt(np.sum(np.square(sums))) / len(darr)
        out.append({"d": d, "clusters": clusters, "mean": f(darr.mean()), "se": se})
    return out


def paired_mean_vectors():
    rng = np.random.default_rng(11)
    out = []
    for n in [2, 7, 30]:
        base = np.round(rng.uniform(0, 1, n) * 3) / 3
        cand = np.round(rng.uniform(0, 1, n) * 3) / 3
        d = cand - base
        se = f(np.std(d, ddof=1) / math.sqrt(n))
        for level in LEVELS:
            z = stats.norm.isf((1 - level) / 2)
            out.append({"baseline": base.tolist(), "candidate": cand.tolist(), "level": level,
                        "estimate": f(d.mean()), "se": se, "lower": f(d.mean() - z * se), "upper": f(d.mean() + z * se)})
    return out


# --------------------------------------------------------------------------- design effect
def df_rule(units, informative):
    """G - 1, capped at the units that hold an event minus one (README 'How gates are decided')."""
    if informative == 0:
        return max(1, units - 1)
    return max(1, min(units - 1, informative - 1))


def cr1_variance_of_mean(values, clusters):
    """CR1 sandwich variance of the mean: G/(G-1) * sum over units of (sum of residuals)^2 / n^2."""
    values = np.asarray(values, dtype=float)
    resid = values - values.mean()
    units = {}
    for i, key in enumerate(clusters):
        unit = f"#{i}" if key is None else f"={key}"
        units[unit] = units.get(unit, 0.0) + resid[i]
    g = len(units)
    return g, (g / (g - 1)) * sum(v * v for v in units.values()) / len(values) ** 2


def informative_units(clusters, flags):
    return len({(f"#{i}" if key is None else f"={key}") for i, (key, hit) in enumerate(zip(clusters, flags)) if hit})


def paired_design_effect(baseline, candidate, clusters, level):
    """Newcombe on the fractional paired table deflated by the CR1 design effect, t critical value."""
    x = np.asarray(baseline, dtype=float)
    y = np.asarray(candidate, dtype=float)
    n = len(x)
    d = y - x
    a = float(np.minimum(x, y).sum())
    b = float(np.clip(d, 0, None).sum())
    c = float(np.clip(-d, 0, None).sum())
    rest = n - a - b - c
    estimate = (b - c) / n
    table_var = max(0.0, (b + c) / n - estimate ** 2) / n
    units, robust = cr1_variance_of_mean(d, clusters)
    deff = max(1.0, robust / table_var) if table_var > 0 else 1.0
    df = df_rule(units, informative_units(clusters, d != 0))
    z = stats.t.ppf(1 - (1 - level) / 2, df)
    _, lower, upper = newcombe_paired_z(a / deff, b / deff, c / deff, rest / deff, z)
    return {"baseline": x.tolist(), "candidate": y.tolist(), "clusters": clusters, "level": level,
            "estimate": estimate, "design_effect": deff, "df": df, "lower": lower, "upper": upper}


def clustered_rate(events, clusters, level):
    """Wilson on design-effect-deflated counts for 0/1 events with shared clusters, t critical value."""
    e = np.asarray(events, dtype=float)
    n = len(e)
    p = e.mean()
    units, robust = cr1_variance_of_mean(e, clusters)
    model = p * (1 - p) / n
    deff = max(1.0, robust / model) if model > 0 else 1.0
    df = df_rule(units, informative_units(clusters, e > 0))
    z = stats.t.ppf(1 - (1 - level) / 2, df)
    lower, upper = wilson(e.sum() / deff, n / deff, z)
    return {"events": e.tolist(), "clusters": clusters, "level": level, "estimate": p, "design_effect": deff,
            "df": df, "lower": max(0.0, lower) if e.sum() > 0 else 0.0, "upper": min(1.0, upper)}


def design_effect_vectors():
    rng = np.random.default_rng(13)
    paired, rates = [], []
    for n_clusters, affected in [(6, 0.5), (15, 0.3), (40, 0.3), (120, 0.2)]:
        base, cand, clusters, events = [], [], [], []
        for g in range(n_clusters):
            hot = rng.uniform() < affected
            for _ in range(int(rng.integers(1, 6))):
                u = rng.uniform()
                new_fail = u < (0.4 if hot else 0.03)
                fixed = not new_fail and u > 0.97
                base.append(1.0 if fixed else float(rng.uniform() < 0.08))
                cand.append(1.0 if new_fail else (0.0 if fixed else base[-1]))
                clusters.append(f"s{g}")
                events.append(1.0 if (hot and rng.uniform() < 0.5) or rng.uniform() < 0.02 else 0.0)
        for level in (0.9, 0.8):
            paired.append(paired_design_effect(base, cand, clusters, level))
            rates.append(clustered_rate(events, clusters, level))
    # Averaged repeats (thirds), no clusters; and one run with no discordance at all.
    for n in (2, 9, 60):
        base = (np.round(rng.uniform(0, 1, n) * 3) / 3).tolist()
        cand = (np.round(rng.uniform(0, 1, n) * 3) / 3).tolist()
        paired.append(paired_design_effect(base, cand, [None] * n, 0.9))
    same = [0.0] * 20 + [1.0] * 4
    paired.append(paired_design_effect(same, same, [f"s{i // 3}" for i in range(24)], 0.9))
    return paired, rates


# --------------------------------------------------------------------------- quantiles
def quantile_vectors():
    rng = np.random.default_rng(3)
    samples = [[5.0], [1.0, 2.0], [3.0, 1.0, 2.0, 10.0], rng.lognormal(5, 1, 37).round(3).tolist(),
               rng.integers(0, 5, 20).astype(float).tolist()]
    out = []
    for values in samples:
        for p in [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1]:
            out.append({"values": values, "p": p, "value": f(np.percentile(values, 100 * p))})
    return out


def harrell_davis_vectors():
    """scipy.stats.mstats.hdquantiles (Harrell & Davis 1982) on small and skewed samples."""
    from scipy.stats.mstats import hdquantiles
    rng = np.random.default_rng(17)
    samples = [[3.0, 1.0, 2.0], rng.lognormal(6, 0.6, 40).round(3).tolist(), rng.lognormal(5, 1.2, 250).round(2).tolist(),
               rng.integers(0, 4, 30).astype(float).tolist()]
    out = []
    for values in samples:
        for p in [0.05, 0.5, 0.9, 0.95, 0.99]:
            out.append({"values": values, "p": p, "value": f(hdquantiles(np.asarray(values), prob=[p])[0])})
    return out


# --------------------------------------------------------------------------- power
def power_vectors():
    za = lambda alpha, sides: stats.norm.isf(alpha / sides)
    out = {"documented": [
        # STATISTICS.md: 1-point regression at 90% success, 80% power, alpha = 0.05 (two-sided z).
        {"kind": "unpaired", "p": 0.9, "delta": 0.01, "alpha": 0.05, "power": 0.8, "sides": 2, "n": 14750},
        {"kind": "paired", "p": 0.9, "delta": 0.01, "rho": 0.5, "alpha": 0.05, "power": 0.8, "sides": 2, "n": 7390},
        {"kind": "paired", "p": 0.9, "delta": 0.01, "rho": 0.8, "alpha": 0.05, "power": 0.8, "sides": 2, "n": 2970},
        {"kind": "discordant", "psi": 0.02, "delta": 0.01, "alpha": 0.05, "power": 0.8, "sides": 2, "n": 1570},
        {"kind": "discordant", "psi": 0.10, "delta": 0.01, "alpha": 0.05, "power": 0.8, "sides": 2, "n": 7850},
    ], "exact": [], "statsmodels_unpaired": []}
    for var_d, delta, alpha, power, sides in [(0.09, 0.01, 0.05, 0.8, 1), (0.1879, 0.01, 0.05, 0.8, 2),
                                              (0.02, 0.005, 0.025, 0.9, 1), (4.0, 0.5, 0.1, 0.8, 1)]:
        z = za(alpha, sides) + stats.norm.ppf(power)
        out["exact"].append({"kind": "variance", "var": var_d, "delta": delta, "alpha": alpha, "power": power,
                             "sides": sides, "n": math.ceil(z * z * var_d / delta ** 2)})
    for psi, delta, alpha, power, sides in [(0.02, 0.01, 0.05, 0.8, 2), (0.1, 0.02, 0.05, 0.9, 1)]:
        root = za(alpha, sides) * math.sqrt(psi) + stats.norm.ppf(power) * math.sqrt(psi - delta ** 2)
        out["exact"].append({"kind": "discordant", "psi": psi, "delta": delta, "alpha": alpha, "power": power,
                             "sides": sides, "n": math.ceil(root * root / delta ** 2)})
    for p, delta, alpha, power in [(0.9, 0.01, 0.05, 0.8), (0.5, 0.05, 0.05, 0.9), (0.98, 0.02, 0.05, 0.8)]:
        # statsmodels uses the pooled null variance for z_alpha, so it is a loose (< 1%) cross-check.
        n = samplesize_proportions_2indep_onetail(-delta, p, power, alpha=alpha, alternative="two-sided")
        out["statsmodels_unpaired"].append({"p": p, "delta": delta, "alpha": alpha, "power": power, "sides": 2, "n": f(n)})
    return out


# --------------------------------------------------------------------------- bootstrap
def bootstrap_vectors():
    """P95 and mean ratios on a fixed lognormal sample, scipy.stats.bootstrap percentile intervals with
    many resamples; the Monte-Carlo SD of each endpoint at the TS test's replicate count is estimated by
    repeating a numpy bootstrap, so the test's tolerance is principled rather than guessed."""
    rng = np.random.default_rng(20260402)
    n = 300
    base = rng.lognormal(mean=6.0, sigma=0.6, size=n)
    # Correlated candidate: same prompts, ~8% slower with its own noise.
    cand = base * np.exp(rng.normal(0.08, 0.25, size=n))
    base = np.round(base, 3)
    cand = np.round(cand, 3)
    cand_unpaired = np.round(rng.lognormal(mean=6.05, sigma=0.65, size=250), 3)
    level = 0.9
    ts_replicates = 4000
    ref_resamples = 100_000

    def p95_ratio(b, c, axis=-1):
        return np.percentile(c, 95, axis=axis) / np.percentile(b, 95, axis=axis)

    def mean_ratio(b, c, axis=-1):
        return np.mean(c, axis=axis) / np.mean(b, axis=axis)

    out = []
    for name, stat, statistic, paired, c in [
        ("paired-p95", p95_ratio, {"quantile": 0.95}, True, cand),
        ("paired-mean", mean_ratio, "mean", True, cand),
        ("unpaired-p95", p95_ratio, {"quantile": 0.95}, False, cand_unpaired),
        ("unpaired-mean", mean_ratio, "mean", False, cand_unpaired),
    ]:
        res = stats.bootstrap((base, c), stat, n_resamples=ref_resamples, paired=paired, vectorized=True,
                              confidence_level=level, method="percentile", random_state=np.random.default_rng(1),
                              batch=5000)
        # Monte-Carlo SD of the endpoints with ts_replicates resamples (numpy bootstrap repeated).
        ends = []
        mc_rng = np.random.default_rng(99)
        for _ in range(30):
            if paired:
                idx = mc_rng.integers(0, n, size=(ts_replicates, n))
                reps = stat(base[idx], c[idx])
            else:
                ib = mc_rng.integers(0, n, size=(ts_replicates, n))
                ic = mc_rng.integers(0, len(c), size=(ts_replicates, len(c)))
                reps = stat(base[ib], c[ic])
            alpha = (1 - level) / 2
            ends.append(np.percentile(reps, [100 * alpha, 100 * (1 - alpha)]))
        ends = np.array(ends)
        out.append({
            "name": name, "paired": paired, "statistic": statistic, "level": level,
            "baseline": base.tolist(), "candidate": c.tolist(),
            "estimate": f(stat(base, c)),
            "lower": f(res.confidence_interval.low), "upper": f(res.confidence_interval.high),
            "reference_resamples": ref_resamples, "ts_replicates": ts_replicates,
            "mc_sd_lower": f(ends[:, 0].std(ddof=1)), "mc_sd_upper": f(ends[:, 1].std(ddof=1)),
        })
    return out


def bootstrap_t_mean_ratio(base, cand, idx, level):
    """Paired bootstrap-t on log(mean c / mean b) with the delta-method SE, written in numpy: the pivots
    (theta* - theta) / se* over the resamples idx, the interval theta - t*_{1-a/2} se .. theta - t*_{a/2} se."""
    def moments(b, c):
        n = b.shape[-1]
        mb, mc = b.mean(axis=-1), c.mean(axis=-1)
        vbb = b.var(axis=-1, ddof=1)
        vcc = c.var(axis=-1, ddof=1)
        vbc = ((b - mb[..., None]) * (c - mc[..., None])).sum(axis=-1) / (n - 1)
        se = np.sqrt(np.maximum(0, (vcc / mc ** 2 + vbb / mb ** 2 - 2 * vbc / (mb * mc)) / n))
        return np.log(mc / mb), se
    theta, se = moments(base[None, :], cand[None, :])
    theta, se = theta[0], se[0]
    reps_theta, reps_se = moments(base[idx], cand[idx])
    pivots = (reps_theta - theta) / reps_se
    alpha = (1 - level) / 2
    t_lo, t_hi = np.percentile(pivots, [100 * alpha, 100 * (1 - alpha)])
    return math.exp(theta - t_hi * se), math.exp(theta - t_lo * se)


def bootstrap_t_vectors():
    """A heavy-tailed paired cost sample; the reference interval from 100k resamples, and the Monte-Carlo SD
    of each endpoint at the TS test's replicate count from 30 repeats."""
    rng = np.random.default_rng(20261207)
    n = 120
    shared = rng.normal(np.log(0.002), 0.9, n)
    base = np.round(np.exp(shared + rng.normal(0, 0.5, n)), 8)
    cand = np.round(1.05 * np.exp(shared + rng.normal(0, 0.5, n)), 8)
    level = 0.9
    ts_replicates = 4000
    ref_resamples = 100_000
    ref_rng = np.random.default_rng(5)
    pivots_lo, pivots_hi = [], []
    lower, upper = bootstrap_t_mean_ratio(base, cand, ref_rng.integers(0, n, size=(ref_resamples, n)), level)
    mc_rng = np.random.default_rng(6)
    for _ in range(30):
        lo, hi = bootstrap_t_mean_ratio(base, cand, mc_rng.integers(0, n, size=(ts_replicates, n)), level)
        pivots_lo.append(lo)
        pivots_hi.append(hi)
    return {"baseline": base.tolist(), "candidate": cand.tolist(), "level": level,
            "estimate": f(cand.mean() / base.mean()), "lower": lower, "upper": upper,
            "reference_resamples": ref_resamples, "ts_replicates": ts_replicates,
            "mc_sd_lower": f(np.std(pivots_lo, ddof=1)), "mc_sd_upper": f(np.std(pivots_hi, ddof=1))}


# --------------------------------------------------------------------------- incomplete beta, Student t
# scipy 1.10 computes these with three different libraries of different precision: scipy.special.betainc
# and betaincinv are Cephes, scipy.stats.t.cdf and t.ppf are cdflib (stdtr, stdtrit), scipy.stats.beta.cdf,
# ppf and isf are Boost. Cephes's betainc loses up to ~1e-9 relative once a or b reaches ~1e5 (its
# prefactor is a difference of log-gammas), its betaincinv fails outright for some large-parameter tails,
# and cdflib's t.ppf is only good to ~5e-9. So every case also carries a 60-digit value from mpmath
# (continued fraction below, on the exact binary inputs). Boost and cdflib values must agree with it
# (a gross difference would be a bug on one side), and the largest difference of each routine is printed.
MP_DPS = 60


def mp_beta_tails(x, a, b):
    """(I_x(a, b), 1 - I_x(a, b)) in 60-digit arithmetic; x, a, b are taken as exact binary values."""
    with mp.workdps(MP_DPS):
        x, a, b = mp.mpf(x), mp.mpf(a), mp.mpf(b)
        if x == 0:
            return mp.mpf(0), mp.mpf(1)
        if x == 1:
            return mp.mpf(1), mp.mpf(0)
        y = 1 - x
        front = mp.exp(a * mp.log(x) + b * mp.log(y) - mp.log(mp.beta(a, b)))
        if x < (a + 1) / (a + b + 2):
            lower = front * mp_beta_fraction(x, a, b) / a
            return lower, 1 - lower
        upper = front * mp_beta_fraction(y, b, a) / b
        return 1 - upper, upper


def mp_beta_fraction(x, a, b):
    """Numerical Recipes' continued fraction for I_x(a, b) (modified Lentz), run at MP_DPS digits."""
    tiny = mp.mpf(10) ** -(2 * MP_DPS)
    eps = mp.mpf(10) ** -(MP_DPS - 5)
    c, d = mp.mpf(1), 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1_000_000):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + num * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c
            c = c if abs(c) > tiny else tiny
            h *= c * d
        if abs(c * d - 1) < eps:
            return h
    sys.exit(f"mp_beta_fraction did not converge for x={x}, a={a}, b={b}")


def mp_root(fn, start, low=-mp.inf, high=mp.inf):
    """Root of fn at MP_DPS digits, bracketed around start (a double from scipy, already close) within
    the open domain (low, high), then narrowed by regula falsi (Illinois) to 1e-40 relative."""
    with mp.workdps(MP_DPS):
        start = mp.mpf(start)
        for rel in (1e-8, 1e-6, 1e-3, 1e-1, 0.5):
            lo = max(start - rel * abs(start), (low + start) / 2 if low > -mp.inf else -mp.inf)
            hi = min(start + rel * abs(start), (high + start) / 2 if high < mp.inf else mp.inf)
            flo, fhi = fn(lo), fn(hi)
            if flo * fhi < 0:
                break
        else:
            sys.exit(f"mp_root: no sign change around {start}")
        side = 0
        for _ in range(500):
            mid = (lo * fhi - hi * flo) / (fhi - flo)
            fmid = fn(mid)
            if fmid == 0 or abs(hi - lo) < mp.mpf(10) ** -40 * abs(mid):
                return mid
            if fmid * fhi < 0:
                lo, flo = hi, fhi
                side = 0
            else:
                if side == 1:
                    flo /= 2
                side = 1
            hi, fhi = mid, fmid
        sys.exit(f"mp_root: no convergence around {start}")


def mp_t_cdf(t, df):
    with mp.workdps(MP_DPS):
        t, df = mp.mpf(t), mp.mpf(df)
        if t == 0:
            return mp.mpf(1) / 2
        tail = mp_beta_tails(df / (df + t * t), df / 2, mp.mpf(1) / 2)[0] / 2
        return tail if t < 0 else 1 - tail


SCIPY_ERRORS = {}


def check_close(what, got, exact, rel=1e-9):
    """Two independent implementations must agree (a gross difference is a bug in one of them); the
    largest relative difference per scipy routine is printed, as the tests' tolerances quote them."""
    with mp.workdps(MP_DPS):
        err = float(abs(got - exact) / abs(exact)) if exact != 0 else float(abs(got))
    key = what.split("(")[0]
    SCIPY_ERRORS[key] = max(SCIPY_ERRORS.get(key, 0.0), err)
    if err > rel:
        sys.exit(f"{what}: {got} differs from the mpmath value {exact} by more than {rel} relative")


def incomplete_beta_vectors():
    pairs = [(0.5, 0.5), (0.5, 3.5), (1, 1), (2.5, 0.5), (3, 7), (10, 0.5), (10, 50), (0.1, 10), (100, 200),
             (1000, 1000), (1e5, 2e5), (5e5, 0.5), (1, 1e6), (3, 1e6), (5e5, 5e5)]
    xs = [1e-10, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9999]
    cdf, ppf = [], []
    for a, b in pairs:
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        # Fixed points plus points around the mean, where large a and b make the fraction work hardest.
        near = [mean + k * sd for k in (-10, -3, -1, 0, 1, 3, 10)]
        for x in sorted(set(xs + [float(v) for v in near if 0 < v < 1])):
            lower = mp_beta_tails(x, a, b)[0]
            if not 1e-300 < lower < 1:
                continue
            boost = f(stats.beta.cdf(x, a, b))
            check_close(f"scipy.stats.beta.cdf({x}, {a}, {b})", boost, lower)
            cephes = f(special.betainc(a, b, x))
            check_close(f"scipy.special.betainc({a}, {b}, {x})", cephes, lower, math.inf)
            cdf.append({"a": a, "b": b, "x": x, "mpmath": float(lower), "scipy_beta_cdf": boost, "scipy_betainc": cephes})
        for p in [1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-5, 1 - 1e-10]:
            boost = f(stats.beta.ppf(p, a, b))
            if not 1e-300 < boost < 1:
                continue
            exact = mp_root(lambda v, a=a, b=b, p=p: mp_beta_tails(v, a, b)[0] - p, boost, 0, 1)
            check_close(f"scipy.stats.beta.ppf({p}, {a}, {b})", boost, exact)
            cephes = f(special.betaincinv(a, b, p))
            check_close(f"scipy.special.betaincinv({a}, {b}, {p})", cephes, exact, math.inf)
            ppf.append({"a": a, "b": b, "p": p, "mpmath": float(exact), "scipy_beta_ppf": boost, "scipy_betaincinv": cephes})
    return cdf, ppf


T_DFS = [1, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 30, 100, 1000, 1e4, 1e6]


def student_t_vectors():
    cdf, ppf = [], []
    for df in T_DFS:
        for t in [-1e10, -1e4, -100, -37.5, -10, -5, -3, -2, -1.7, -1, -0.5, -0.1, -1e-5, 0, 1e-8, 0.3, 1,
                  1.75, 2, 4, 8, 50, 1e3]:
            exact = mp_t_cdf(t, df)
            if not exact > 1e-300:
                continue
            sp = f(stats.t.cdf(t, df))
            check_close(f"scipy.stats.t.cdf({t}, {df})", sp, exact, 1e-8)
            cdf.append({"df": df, "t": t, "mpmath": float(exact), "scipy": sp})
        for p in [1e-10, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.975,
                  0.99, 0.999, 1 - 1e-6, 1 - 1e-10]:
            sp = f(stats.t.ppf(p, df))
            exact = mp.mpf(0) if p == 0.5 else mp_root(lambda v, df=df, p=p: mp_t_cdf(v, df) - p, sp)
            if p != 0.5:
                check_close(f"scipy.stats.t.ppf({p}, {df})", sp, exact, 1e-8)
            ppf.append({"df": df, "p": p, "mpmath": float(exact), "scipy": sp})
    # Far tails scipy does not reach (cdflib returns 0 for the cdf and stops at -1e100 for the ppf).
    far = []
    for df, t in [(1, -1e200), (1, -1e100), (1.5, -1e150), (2, -1e100), (3, -1e80)]:
        far.append({"df": df, "t": t, "cdf": float(mp_t_cdf(t, df))})
    # Closed forms, independent of the continued fraction: df = 1 is Cauchy, df = 2 has
    # t = (2p - 1)/sqrt(2p(1 - p)), and for df = 7 the cdf is a finite trigonometric sum.
    closed = []
    with mp.workdps(MP_DPS):
        def cdf7(t):
            th = mp.atan(t / mp.sqrt(7))
            c = mp.cos(th)
            return mp.mpf(1) / 2 + (th + mp.sin(th) * (c + 2 * c ** 3 / 3 + 8 * c ** 5 / 15)) / mp.pi
        for p in [1e-6, 0.025, 0.95, 0.975, 0.999]:
            q = mp.mpf(p)
            closed.append({"df": 1, "p": p, "t": float(mp.tan(mp.pi * (q - mp.mpf(1) / 2)))})
            closed.append({"df": 2, "p": p, "t": float((2 * q - 1) / mp.sqrt(2 * q * (1 - q)))})
            t7 = mp.findroot(lambda v: cdf7(v) - q, stats.t.ppf(p, 7))
            check_close(f"t_7 closed form(p={p})", float(t7), mp_root(lambda v: mp_t_cdf(v, 7) - q, float(t7)), 1e-15)
            closed.append({"df": 7, "p": p, "t": float(t7)})
    return cdf, ppf, far, closed


# --------------------------------------------------------------------------- Clopper-Pearson
def clopper_pearson_vectors():
    """statsmodels proportion_confint(method="beta") (Boost beta.ppf / isf underneath) and the one-sided
    upper bound scipy.stats.beta.ppf(conf, x + 1, n - x), each with the 60-digit beta quantile."""
    def exact_quantile(p, a, b, near, tail=0):
        """x with I_x(a, b) = p (tail=0), or with 1 - I_x(a, b) = p (tail=1)."""
        return float(mp_root(lambda t: mp_beta_tails(t, a, b)[tail] - p, near, 0, 1))

    two_sided, upper = [], []
    for x, n in [(0, 1), (1, 1), (0, 10), (3, 10), (10, 10), (1, 50), (45, 50), (0, 300), (17, 300), (290, 300),
                 (4500, 5000), (5, 1_000_000), (500_000, 1_000_000), (999_999, 1_000_000)]:
        for level in LEVELS + [0.999]:
            alpha = 1 - level
            lo, hi = proportion_confint(x, n, alpha=alpha, method="beta")
            lo, hi = f(lo), f(hi)
            # statsmodels gives the upper bound by its right tail, beta.isf(alpha/2, ...), so 1 - alpha/2 is
            # never rounded; the exact value is solved the same way.
            exact_lo = 0.0 if x == 0 else exact_quantile(alpha / 2, x, n - x + 1, lo)
            exact_hi = 1.0 if x == n else exact_quantile(alpha / 2, x + 1, n - x, hi, tail=1)
            check_close(f"proportion_confint(beta, lower {x}/{n}@{level})", lo, exact_lo)
            check_close(f"proportion_confint(beta, upper {x}/{n}@{level})", hi, exact_hi)
            two_sided.append({"x": x, "n": n, "level": level, "lower": lo, "upper": hi,
                              "mpmath_lower": exact_lo, "mpmath_upper": exact_hi})
        for conf in [0.8, 0.9, 0.95, 0.99, 0.999]:
            u = 1.0 if x == n else f(stats.beta.ppf(conf, x + 1, n - x))
            exact = 1.0 if x == n else exact_quantile(conf, x + 1, n - x, u)
            check_close(f"scipy.stats.beta.ppf({conf}, {x + 1}, {n - x})", u, exact)
            if x == 0:
                with mp.workdps(MP_DPS):
                    closed = 1 - (1 - mp.mpf(conf)) ** (mp.mpf(1) / n)
                check_close(f"beta quantile at x = 0 vs its closed form(conf={conf}, n={n})", exact, closed, 1e-15)
            upper.append({"x": x, "n": n, "confidence": conf, "upper": u, "mpmath": exact})
    return two_sided, upper

def main():
    normal_cdf, normal_ppf = normal_vectors()
    binom_pmf, binom_cdf = binomial_vectors()
    newcombe, wald = paired_vectors()
    betainc, betaincinv = incomplete_beta_vectors()
    t_cdf, t_ppf, t_far, t_closed = student_t_vectors()
    cp_two_sided, cp_upper = clopper_pearson_vectors()
    paired_deff, rate_deff = design_effect_vectors()
    doc = {
        "_comment": "Generated by scripts/reference/make-stats-vectors.py; do not edit by hand.",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__, "mpmath": mp.__version__},
        "normal_cdf": normal_cdf,
        "normal_ppf": normal_ppf,
        "binom_pmf": binom_pmf,
        "binom_cdf": binom_cdf,
        "mcnemar": mcnemar_vectors(),
        "wilson": wilson_vectors(),
        "newcombe_unpaired": newcombe_unpaired_vectors(),
        "newcombe_paired": newcombe,
        "newcombe_paired_published": PUBLISHED_PAIRED,
        "paired_wald": wald,
        "clustered_se": clustered_vectors(),
        "paired_mean": paired_mean_vectors(),
        "quantiles": quantile_vectors(),
        "harrell_davis": harrell_davis_vectors(),
        "power": power_vectors(),
        "bootstrap": bootstrap_vectors(),
        "betainc": betainc,
        "betaincinv": betaincinv,
        "t_cdf": t_cdf,
        "t_ppf": t_ppf,
        "t_far_tail": t_far,
        "t_ppf_closed_form": t_closed,
        "clopper_pearson": cp_two_sided,
        "clopper_pearson_upper": cp_upper,
        "paired_design_effect": paired_deff,
        "bootstrap_t": bootstrap_t_vectors(),
        "clustered_rate": rate_deff,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, sort_keys=True, allow_nan=False)
        fh.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")
    for key, err in sorted(SCIPY_ERRORS.items()):
        print(f"  largest relative difference from mpmath: {key} {err:.1e}")


if __name__ == "__main__":
    main()
