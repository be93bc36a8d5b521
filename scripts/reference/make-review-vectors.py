#!/usr/bin/python3
"""Reference vectors for the blind-review statistics (shared/stats/preference.ts, shared/stats/agreement.ts).

How to rerun (from the repository root; Debian's python3-scipy, python3-statsmodels, python3-numpy, python3-mpmath):

    apt-get install -y python3-scipy python3-statsmodels python3-numpy python3-mpmath   # once
    /usr/bin/python3 scripts/reference/make-review-vectors.py

It rewrites fixtures/stats/review-reference-vectors.json (deterministic: fixed seeds, sorted keys), which
shared/stats/review-reference-vectors.test.ts checks the TypeScript against. Never edit the JSON by hand.

Sources:
- Preference, tie and both-bad rates with one vote per case: statsmodels proportion_confint(method='wilson').
  With several reviewers on a case, the design-effect Wilson interval clustered by case is the reference
  implementation of scripts/reference/make-stats-vectors.py (clustered_rate), reused here, not rewritten.
- Cohen's kappa: statsmodels.stats.inter_rater.cohens_kappa (kappa, std_kappa = the Fleiss-Cohen-Everitt 1969
  large-sample SE, kappa_low/kappa_upp at 95 %; other levels as kappa -/+ norm.isf(alpha/2) * std_kappa), tables
  built from raw ratings by inter_rater.to_table. A published example (the `irr` package's three-category table,
  kappa 0.429) is checked before anything is written.
- Fleiss' kappa: statsmodels fleiss_kappa on tables from aggregate_raters when every case has the same number of
  ratings. With unequal numbers (which statsmodels refuses) the generalisation described in agreement.ts is
  written out below with numpy and checked to equal statsmodels on the equal-count tables. The bootstrap interval
  is a numpy percentile bootstrap over cases with 100,000 resamples; the Monte-Carlo SD of each endpoint at the
  TypeScript test's replicate count is estimated by repeating a numpy bootstrap, so the test's tolerance is
  principled rather than guessed.
"""

import importlib.util
import json
import math
import os
import platform

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa, to_table
from statsmodels.stats.proportion import proportion_confint

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fixtures", "stats", "review-reference-vectors.json")
CHOICES = ["baseline", "candidate", "tie", "both_bad"]
LEVELS = [0.95, 0.9, 0.8]


def load_stats_reference():
    spec = importlib.util.spec_from_file_location("make_stats_vectors", os.path.join(ROOT, "scripts", "reference", "make-stats-vectors.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STATS_REF = load_stats_reference()


def f(x):
    return float(np.asarray(x))


# --------------------------------------------------------------------------- preference
def simulate_votes(rng, cases, reviewers_per_case, probs):
    """Votes on `cases` cases; each case has a latent leaning, so reviewers of one case agree more than chance."""
    votes = []
    for c in range(cases):
        lean = rng.dirichlet(np.asarray(probs) * 4)
        k = int(reviewers_per_case if isinstance(reviewers_per_case, int) else rng.integers(*reviewers_per_case))
        for _ in range(k):
            votes.append({"case": f"case-{c:03d}", "choice": CHOICES[int(rng.choice(4, p=lean))]})
    return votes


def rate(votes, is_event, level):
    n = len(votes)
    if n == 0:
        return None
    events = [1.0 if is_event(v) else 0.0 for v in votes]
    clusters = [v["case"] for v in votes]
    clustered = len(set(clusters)) < n
    if not clustered:
        lo, hi = proportion_confint(sum(events), n, alpha=1 - level, method="wilson")
        return {"estimate": sum(events) / n, "lower": f(lo), "upper": f(hi), "design_effect": 1.0, "clustered": False}
    if len(set(clusters)) < 2:
        return {"estimate": sum(events) / n, "lower": None, "upper": None, "design_effect": 1.0, "clustered": True}
    r = STATS_REF.clustered_rate(events, clusters, level)
    return {"estimate": r["estimate"], "lower": r["lower"], "upper": r["upper"], "design_effect": r["design_effect"], "clustered": True}


def preference_vectors():
    rng = np.random.default_rng(1515)
    sets = [
        ("one reviewer, 40 cases", simulate_votes(rng, 40, 1, [0.3, 0.4, 0.2, 0.1])),
        ("one reviewer, 10 cases", simulate_votes(rng, 10, 1, [0.2, 0.5, 0.2, 0.1])),
        ("one reviewer, 300 cases, candidate rarely preferred", simulate_votes(rng, 300, 1, [0.7, 0.05, 0.2, 0.05])),
        ("three reviewers per case, 25 cases", simulate_votes(rng, 25, 3, [0.3, 0.4, 0.2, 0.1])),
        ("two to four reviewers per case, 60 cases", simulate_votes(rng, 60, (2, 5), [0.25, 0.35, 0.3, 0.1])),
        ("two reviewers per case, 8 cases", simulate_votes(rng, 8, 2, [0.3, 0.3, 0.3, 0.1])),
        ("only ties", [{"case": f"case-{i}", "choice": "tie"} for i in range(6)]),
        ("every vote on one case", [{"case": "case-1", "choice": c} for c in ["candidate", "baseline", "candidate", "tie"]]),
    ]
    out = []
    for name, votes in sets:
        for level in [0.95, 0.9]:
            decisive = [v for v in votes if v["choice"] in ("baseline", "candidate")]
            out.append({
                "name": name, "level": level, "votes": votes,
                "counts": {c: sum(1 for v in votes if v["choice"] == c) for c in CHOICES},
                "candidate_preference": rate(decisive, lambda v: v["choice"] == "candidate", level),
                "tie_rate": rate(votes, lambda v: v["choice"] in ("tie", "both_bad"), level),
                "both_bad_rate": rate(votes, lambda v: v["choice"] == "both_bad", level),
            })
    return out


# --------------------------------------------------------------------------- Cohen's kappa
def cohen_record(table, level, source):
    res = cohens_kappa(np.asarray(table, dtype=float))
    z = stats.norm.isf((1 - level) / 2)
    lower, upper = res.kappa - z * res.std_kappa, res.kappa + z * res.std_kappa
    if level == 0.95:
        assert abs(lower - res.kappa_low) < 1e-6 and abs(upper - res.kappa_upp) < 1e-6, (lower, res.kappa_low)
    return {"source": source, "table": np.asarray(table).astype(int).tolist(), "level": level, "kappa": f(res.kappa),
            "se": f(res.std_kappa), "se_null": f(res.std_kappa0), "lower": f(lower), "upper": f(upper)}


def cohen_vectors():
    published = [[53, 5, 2], [11, 14, 5], [1, 6, 3]]
    k = cohens_kappa(np.asarray(published, dtype=float)).kappa
    assert round(k, 3) == 0.429, k  # the irr package's kappa2 example (Subjects = 100, Kappa = 0.429)
    tables = [("irr kappa2 example", published)]
    rng = np.random.default_rng(1969)
    labelled = []
    for n, agree in [(12, 0.7), (40, 0.5), (150, 0.8), (500, 0.3), (25, 0.95)]:
        truth = rng.choice(4, size=n, p=[0.35, 0.35, 0.2, 0.1])
        a = np.where(rng.uniform(size=n) < agree, truth, rng.choice(4, size=n))
        b = np.where(rng.uniform(size=n) < agree, truth, rng.choice(4, size=n))
        table, _ = to_table(np.column_stack([a, b]), bins=np.arange(5) - 0.5)
        tables.append((f"simulated n={n} agree={agree}", table))
        labelled.append({"first": [CHOICES[i] for i in a], "second": [CHOICES[i] for i in b], "level": 0.95,
                         **{k: v for k, v in cohen_record(table, 0.95, "labels").items() if k in ("kappa", "se", "lower", "upper")}})
    # Edge tables: perfect agreement (SE 0), systematic disagreement (negative kappa), a category one rater never used.
    tables += [("perfect agreement", [[5, 0, 0], [0, 3, 0], [0, 0, 2]]), ("always disagree", [[0, 6], [4, 0]]),
               ("unused category", [[4, 2, 0, 0], [1, 5, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]])]
    out = [cohen_record(t, level, name) for name, t in tables for level in LEVELS]
    return out, labelled


# --------------------------------------------------------------------------- Fleiss' kappa
def fleiss_general(counts):
    """Fleiss' kappa with each case's own number of ratings (cases with < 2 ratings left out); see agreement.ts."""
    counts = np.asarray(counts, dtype=float)
    counts = counts[counts.sum(1) >= 2]
    n_i = counts.sum(1)
    p_i = (counts * (counts - 1)).sum(1) / (n_i * (n_i - 1))
    p_j = counts.sum(0) / n_i.sum()
    pe = (p_j ** 2).sum()
    return (p_i.mean() - pe) / (1 - pe), p_i.mean(), pe


def fleiss_boot(counts, idx):
    """Replicate kappas for resample index rows idx (nan where every rating fell in one category)."""
    counts = np.asarray(counts, dtype=float)
    n_i = counts.sum(1)
    p_i = (counts * (counts - 1)).sum(1) / (n_i * (n_i - 1))
    t = counts[idx].sum(1)  # replicates x categories
    pe = ((t / t.sum(1, keepdims=True)) ** 2).sum(1)
    pbar = p_i[idx].mean(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.where(1 - pe < 1e-12, np.nan, (pbar - pe) / (1 - pe))
    return k


def fleiss_vectors():
    rng = np.random.default_rng(1971)
    out = []
    ts_replicates = 2000
    ref_resamples = 100_000
    specs = [("4 raters, 30 cases", 30, 4, 0.6, False), ("3 raters, 12 cases", 12, 3, 0.8, False),
             ("6 raters, 80 cases", 80, 6, 0.4, False), ("2 to 5 ratings per case, 50 cases", 50, 5, 0.6, True),
             ("2 or 3 ratings per case, 9 cases", 9, 3, 0.7, True)]
    for name, n, raters, agree, unequal in specs:
        truth = rng.choice(4, size=n, p=[0.3, 0.4, 0.2, 0.1])
        data = np.where(rng.uniform(size=(n, raters)) < agree, truth[:, None], rng.choice(4, size=(n, raters)))
        counts, _ = aggregate_raters(data, n_cat=4)
        if unequal:
            # Drop some ratings: each case keeps 2..raters of them.
            keep = rng.integers(2, raters + 1, size=n)
            counts = np.zeros((n, 4), dtype=int)
            for i in range(n):
                for c in data[i, : keep[i]]:
                    counts[i, c] += 1
        kappa, po, pe = fleiss_general(counts)
        if not unequal:
            sm = fleiss_kappa(counts, method="fleiss")
            assert abs(sm - kappa) < 1e-12, (name, sm, kappa)
            statsmodels_kappa = f(sm)
        else:
            statsmodels_kappa = None
        level = 0.95
        alpha = (1 - level) / 2
        boot_rng = np.random.default_rng(7)
        reps = np.concatenate([fleiss_boot(counts, boot_rng.integers(0, n, size=(10_000, n))) for _ in range(ref_resamples // 10_000)])
        reps = reps[~np.isnan(reps)]
        lower, upper = np.percentile(reps, [100 * alpha, 100 * (1 - alpha)])
        mc_rng = np.random.default_rng(99)
        ends = []
        for _ in range(40):
            r = fleiss_boot(counts, mc_rng.integers(0, n, size=(ts_replicates, n)))
            r = r[~np.isnan(r)]
            ends.append(np.percentile(r, [100 * alpha, 100 * (1 - alpha)]))
        ends = np.array(ends)
        out.append({"name": name, "counts": np.asarray(counts).astype(int).tolist(), "unequal": unequal, "level": level,
                    "kappa": f(kappa), "statsmodels_kappa": statsmodels_kappa, "observed_agreement": f(po), "chance_agreement": f(pe),
                    "lower": f(lower), "upper": f(upper), "reference_resamples": ref_resamples, "ts_replicates": ts_replicates,
                    "mc_sd_lower": f(ends[:, 0].std(ddof=1)), "mc_sd_upper": f(ends[:, 1].std(ddof=1))})
    return out


def fleiss_raw_vectors():
    """Raw ratings (cases x raters) through aggregate_raters and fleiss_kappa, for the label-level entry point."""
    rng = np.random.default_rng(3)
    out = []
    for n, raters in [(15, 3), (40, 4)]:
        truth = rng.choice(4, size=n)
        data = np.where(rng.uniform(size=(n, raters)) < 0.6, truth[:, None], rng.choice(4, size=(n, raters)))
        counts, _ = aggregate_raters(data, n_cat=4)
        out.append({"ratings": [[CHOICES[c] for c in row] for row in data.tolist()], "kappa": f(fleiss_kappa(counts, method="fleiss"))})
    return out


def main():
    cohen, cohen_labels = cohen_vectors()
    doc = {
        "_comment": "Generated by scripts/reference/make-review-vectors.py; do not edit by hand.",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__},
        "preference": preference_vectors(),
        "cohen": cohen,
        "cohen_labels": cohen_labels,
        "fleiss": fleiss_vectors(),
        "fleiss_raw": fleiss_raw_vectors(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, sort_keys=True, allow_nan=False)
        fh.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
