"""Refit the dating weights (story_dating.FITTED_WEIGHTS) and the window mass on the tune topics only.

Every tune-topic article is hidden once (in folds of a fifth of its topic, at most 60, the rest dated, as in the
benchmark) and scored over its candidate days by `story_dating.day_features`; the weights of a conditional logit
over the days (the true day against all candidates, topics weighed alike) are fitted by maximum likelihood (L-BFGS,
weights kept >= 0). The score is then sharpened by TEMPERATURES and the mass bisected to the least one whose
shortest windows cover TARGET of the tune articles (topic-balanced). haiti and iraq are never read here.

Usage: .venv/bin/python benchmarks/fit_dating.py [--windows-only] [option=value ...]   (DatingOptions overrides to try
shapes; --windows-only keeps the shipped weights and only sweeps the two-tier window's day_share and mass;
prints the constants to paste into story_dating.py; DATING_TAG_CACHE=FILE.pkl reuses {text: tags} between tries)
Measured 2026-11-23: mass 0.9952, topic-balanced coverage 0.941, median width 27 days on the tune folds.
Measured 2026-12-06 (with the story's anniversaries): mass 0.9950, coverage 0.942, median width 24 days (28 without
them, same script); per evidence class at that mass: stamp 1.000 / 1 day, lead .887 / 3, weekday .944 / 38, body
.922 / 68, none .939 / 250. A mass per class does not help: the best masses per class, chosen in-sample, narrow the
pooled median by at most two days at the same pooled coverage (10 vs 11 days at .943, 7 vs 9 at .922; `class_report`),
and chosen on two tune topics and tried on the third they did worse than the global mass (median 28 days at .935
topic-balanced coverage against 25 at .939; measured before the anniversaries, by a one-off script); a temperature per
class fitted by likelihood stays within 0.8-1.1 of the global one (stamped articles aside) and changed nothing. The width is set by how little the weekday-only and dateless articles say, not by the calibration.
Measured 2026-12-07 (photo captions no longer lead dates; refit): single mass 0.9946, coverage 0.941, median width 22.
The two-tier window (`day_window_report`, now shipped): day_share 0.75 and mass 0.9999 cover 0.920 of the tune
articles with 53.4 % of the windows 3 days long (median 3 days); day_share 0.7 covers 0.904 with 56.5 %. With the
weights before the refit the same rule gave 0.917 / 53.4 % (0.924 / 52.5 % with captions and old weights). Per
evidence class at day_share 0.75 (three-day share, its coverage): lead .90 / .883, weekday .56 / .819, body .36 /
.753, none .15 / .476 (close copies alone); thresholds per class gained under two points of three-day share in a
leave-one-topic-out trial (a one-off script, before the refit), so one threshold is kept.
Then byline stamps with the clock first ("14:07 PM, Monday, 1 June 2009") and "Credit:" caption lines: 0.923 / 53.6 %. Captions narrowed to caption phrasing and sentences (review), a stamp's one-day window kept, and
refit: single mass 0.9947 (coverage 0.941, median 21 days); two-tier day_share 0.75 / mass 0.9999: 0.915 / 55.2 %,
chosen over the weights before the refit (0.923 / 53.6 %) by the DAY_TARGET rule. The stamp's weight (2.79 then,
32.8 before) is loosely determined: the fit starts from the shipped weights and stamped articles are pinned.
Refit 2026-12-07 after the QA of undated articles (announced days "plan", "N weeks ago" "ago", dates in subordinate
clauses "recalled", the story's features held a week past its newest dated day): single mass 0.9944 (coverage
0.940, median 21 days); two-tier day_share 0.7 / mass 0.9999 cover 0.911 with 56.7 % three-day windows (0.75:
0.925 / 54.0 %), so day_share is 0.7 now, by the DAY_TARGET rule.
"""
from __future__ import annotations

import dataclasses
import itertools
import os
import random
import statistics
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from dateline.eval.dating import TUNE_TOPICS
from dateline.eval.story_data import load_t17
from dateline.story_dating import (FEATURES, DatingOptions, day_features, evidence, shortest_window, story_evidence,
                                   window_of)

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared")).resolve()
TARGET = 0.94  # tune coverage aimed at, a margin above the 90 % goal (the benchmark's 60-a-topic sample varies)
FOLDS = 5
TEMPERATURES = (0.5,)  # a sharper score (weights / 0.5) gives narrower windows at the same coverage: tried 0.4-1.0
MAX_HIDDEN = 60  # the benchmark's --max-hidden


def evidence_class(ev) -> str:
    """The strongest kind of day evidence an article's own text holds (for the per-class report)."""
    if ev.stamp:
        return "stamp"
    if ev.head_days or ev.head_month_days:
        return "lead"
    if ev.past_weekdays:
        return "weekday"
    if ev.body_days or ev.body_month_days or ev.recalled_days or ev.recalled_month_days:
        return "body"
    return "none"


CLASSES = ("stamp", "lead", "weekday", "body", "none")


def examples(t17: Path, options: DatingOptions, tag) -> list[tuple[str, np.ndarray, np.ndarray, int, str]]:
    """(topic, candidate days, features [days x FEATURES], index of the true day or -1, evidence class) per hidden
    article."""
    out = []
    for topic in TUNE_TOPICS:
        arts = list(load_t17(t17, topic))
        order = list(range(len(arts)))
        random.Random(topic).shuffle(order)
        size = min(len(arts) // FOLDS, MAX_HIDDEN)  # as many hidden at once as the benchmark hides
        folds = -(-len(arts) // size)
        for fold in range(folds):
            hidden = {arts[i].id for i in order[fold::folds]}
            pile = [dataclasses.replace(a, pub_date=None) if a.id in hidden else a for a in arts]
            context = story_evidence(pile, options=options)
            for a in arts:
                if a.id not in hidden:
                    continue
                ev = evidence(a.text, tag(a.text, None))
                got = day_features(ev, context[a.id], options=options)
                if got is None:
                    continue
                p, feats, _ = got
                truth = a.pub_date.window.earliest.toordinal()
                i = int(truth - p[0]) if p[0] <= truth <= p[-1] else -1
                out.append((topic, p, np.stack([feats[f] for f in FEATURES], axis=1), i, evidence_class(ev)))
    return out


def _topic_weights(rows) -> dict[str, float]:
    """Every topic counts the same (as in the benchmark, which hides up to 60 articles of each)."""
    counts = {t: sum(1 for r in rows if r[0] == t) for t in {r[0] for r in rows}}
    return {t: len(rows) / (len(counts) * c) for t, c in counts.items()}


def fit(rows, start: np.ndarray) -> np.ndarray:
    tw = _topic_weights(rows)
    usable = [(x, i, tw[t]) for t, _, x, i, _ in rows if i >= 0]

    def loss(w):
        total, grad = 0.0, np.zeros_like(w)
        for x, i, k in usable:
            s = x @ w
            m = s.max()
            e = np.exp(s - m)
            z = e.sum()
            total -= k * (s[i] - m - np.log(z))
            grad -= k * (x[i] - (e @ x) / z)
        return total / len(usable), grad / len(usable)

    res = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0.0, 20.0)] * len(start))
    return res.x


def coverage(got) -> float:
    """Topic-balanced share of the hidden articles whose true day lies in their window."""
    tw = _topic_weights(got)
    return sum(tw[t] * c for t, c, _ in got) / len(got)


def median_width(got) -> float:
    """Topic-balanced median window width (days)."""
    tw = _topic_weights(got)
    ordered = sorted((x, tw[t]) for t, _, x in got)
    half, acc = sum(k for _, k in ordered) / 2, 0.0
    for x, k in ordered:
        acc += k
        if acc >= half:
            return x
    return 0.0


def windows(rows, w, mass, temperature=1.0):
    got = []
    for topic, p, x, i, _ in rows:
        s = (x @ w) / temperature
        lo, hi = shortest_window(p, np.exp(s - s.max()), mass)
        got.append((topic, i >= 0 and lo <= p[i] <= hi, hi - lo + 1))
    return got


DAY_TARGET = 0.91  # tune coverage aimed at by the two-tier window (a margin above the 90 % goal, as TARGET)
DAY_SHARES = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
WIDE_MASSES = (0.995, 0.999, 0.9995, 0.9999)


def two_tier(rows, w, day_share: float, mass: float, days: int = 3):
    """(topic, covered, width) per article under `story_dating.window_of`'s rule (dense stories): the densest run of
    `days` days when it holds `day_share` of the score, else the shortest run holding `mass`."""
    options = dataclasses.replace(DatingOptions(), day_share=day_share, mass=mass, day_span=days)
    got = []
    for topic, p, x, i, _ in rows:
        s = x @ w
        lo, hi, _share = window_of(p, np.exp(s - s.max()), sparse=False, options=options)
        got.append((topic, i >= 0 and lo <= p[i] <= hi, hi - lo + 1))
    return got


def day_window_report(rows, w) -> tuple[float, float] | None:
    """Sweep the two-tier window's (day_share, mass) and return the pair with the most windows of <= 3 days
    (topic-balanced) among those covering DAY_TARGET of the tune articles."""
    best = None
    for day_share in DAY_SHARES:
        for mass in WIDE_MASSES:
            got = two_tier(rows, w, day_share, mass)
            tw = _topic_weights(got)
            narrow = sum(tw[t] for t, _, x in got if x <= 3) / len(got)
            cov = coverage(got)
            print(f"day_share {day_share:<5} mass {mass:<7} coverage {cov:.3f}  width<=3 {narrow:.3f}  "
                  f"median width {median_width(got)}")
            if cov >= DAY_TARGET and (best is None or (narrow, cov) > best[0]):
                best = ((narrow, cov), day_share, mass)
    if best is None:
        print("no (day_share, mass) reaches DAY_TARGET")
        return None
    print(f"paste: day_share = {best[1]}, mass = {best[2]}  (width<=3 {best[0][0]:.3f}, coverage {best[0][1]:.3f})")
    return best[1], best[2]


def _options(args: list[str]) -> DatingOptions:
    """DatingOptions with `name=value` overrides from the command line (to try shapes before refitting)."""
    changes = {}
    for arg in args:
        name, value = arg.split("=", 1)
        changes[name] = type(getattr(DatingOptions(), name))(value)
    return dataclasses.replace(DatingOptions(), **changes)


def main(args: list[str]) -> int:
    from dateline.extract.timex import tag
    if os.environ.get("DATING_TAG_CACHE"):  # a pickle {text: tags} to skip re-tagging between tries
        import pickle
        cache = pickle.loads(Path(os.environ["DATING_TAG_CACHE"]).read_bytes())
        real = tag
        tag = lambda text, dct: cache[text] if text in cache else real(text, dct)  # noqa: E731
    windows_only = "--windows-only" in args  # keep the shipped weights, choose only the window rule
    options = _options([a for a in args if a != "--windows-only"])
    rows = examples(SHARED / "bench" / "t17", options, tag)
    if windows_only:
        day_window_report(rows, np.array(options.weights, dtype=float))
        return 0
    w = fit(rows, np.array(options.weights, dtype=float))
    print("FITTED_WEIGHTS = (" + ", ".join(f"{v:.3g}" for v in w) + ")  # " + " ".join(FEATURES))
    chosen = None
    for mass in (0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99):
        got = windows(rows, w, mass)
        cov, med = coverage(got), median_width(got)
        per = {t: (round(sum(c for u, c, _ in got if u == t) / max(1, sum(1 for u, _, _ in got if u == t)), 3),
                   statistics.median([x for u, _, x in got if u == t] or [0])) for t in TUNE_TOPICS}
        print(f"mass {mass:.2f}: coverage {cov:.3f}, median width {med}  {per}")
        if chosen is None and cov >= TARGET:
            chosen = mass
    print(f"mass = {chosen}")
    for temperature in TEMPERATURES:  # a sharper or flatter score at the same coverage?
        lo, hi = 0.5, 0.99999  # coverage grows with the mass: bisect for the least mass reaching TARGET
        for _ in range(12):
            mid = (lo + hi) / 2
            got = windows(rows, w, mid, temperature)
            if coverage(got) >= TARGET:
                hi = mid
            else:
                lo = mid
        got = windows(rows, w, hi, temperature)
        print(f"temperature {temperature}: mass {hi:.5f} coverage {coverage(got):.3f} "
              f"median width {median_width(got)}")
        print("  paste: FITTED_WEIGHTS = (" + ", ".join(f"{v / temperature:.3g}" for v in w) + f"), mass = {hi:.4f}")
        class_report(rows, got, w, temperature, hi)
        day_window_report(rows, w / temperature)
    return 0


CLASS_MASSES = (0.9, 0.95, 0.98, 0.99, 0.995, 0.998, 0.999, 0.9995)


def class_report(rows, got, w, temperature, mass) -> None:
    """Coverage and width per evidence class at the chosen mass, and whether a mass per class could do better: the
    best masses per class (in-sample, every combination of CLASS_MASSES; stamped articles are pinned at any mass)
    against one global mass, by pooled median width at the same pooled coverage."""
    for c in CLASSES:
        sub = [g for r, g in zip(rows, got) if r[4] == c]
        if sub:
            print(f"  {c:<8} {len(sub):>4} articles: coverage {sum(g[1] for g in sub) / len(sub):.3f}, "
                  f"median width {statistics.median(g[2] for g in sub)}")
    per = {}  # class -> per mass: (covered, widths)
    for c in CLASSES:
        sub = [r for r in rows if r[4] == c]
        per[c] = [(sum(g[1] for g in windows(sub, w, m, temperature)), [g[2] for g in windows(sub, w, m, temperature)])
                  for m in CLASS_MASSES]
    n = len(rows)
    for j, m in enumerate(CLASS_MASSES):
        cov = sum(per[c][j][0] for c in CLASSES) / n
        width = statistics.median(x for c in CLASSES for x in per[c][j][1])
        best = None
        for combo in itertools.product(range(len(CLASS_MASSES)), repeat=len(CLASSES) - 1):
            picks = (0,) + combo  # the stamp class is pinned at any mass
            c_cov = sum(per[c][k][0] for c, k in zip(CLASSES, picks)) / n
            if c_cov < cov:
                continue
            c_width = statistics.median(x for c, k in zip(CLASSES, picks) for x in per[c][k][1])
            if best is None or c_width < best[0]:
                best = (c_width, c_cov, picks)
        print(f"  global mass {m}: pooled coverage {cov:.3f}, median width {width}; best masses per class "
              f"{dict(zip(CLASSES, (CLASS_MASSES[k] for k in best[2])))}: coverage {best[1]:.3f}, "
              f"median width {best[0]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
