"""Dating benchmark: hide the publication dates of a fifth of the T17 dev articles and estimate them back.

Each topic is one story (so the measure is the dating, not the clustering). The hidden articles keep their text;
their time expressions are tagged without a reference date (`timex.tag(text, None)`), exactly as the pipeline does
for undated input, and `story_dating.estimate_pub_dates` estimates a window from them and from the topic's dated
articles. Reported: how often the true date falls inside the window (coverage), the median window width in days,
and how many hidden articles got no window at all (counted as misses) — for all topics, for the topics the dating
was tuned on (TUNE_TOPICS) and for the unseen rest, and for the hidden articles without a page date stamp in their
text (`pubdate.text_timestamp`; the pipeline dates stamped articles itself, so those are the realistic case).

No leakage: the hidden articles' dates are removed before estimation, the story lists its articles by id (the
corpus file is sorted by date), and T17 ids carry no date.
"""
from __future__ import annotations

import dataclasses
import math
import random
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path

from dateline.eval.story_data import TOPICS, load_t17
from dateline.pubdate import text_timestamp
from dateline.records import Analysis, Story
from dateline.story_dating import DatingOptions
from dateline.story_dating import estimate_pub_dates

# The likelihood tables were measured, the weights and mass fitted (benchmarks/fit_dating.py) on these only.
TUNE_TOPICS = ("bpoil", "finan", "h1n1")


def _quantile(values: Sequence[int], q: float) -> float | None:
    """The q-quantile of the window widths (nearest rank: a width some window really has)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def summary(rows: Sequence[tuple[bool, int | None]]) -> dict:
    widths = [w for _, w in rows if w is not None]
    covered = sum(1 for c, _ in rows if c)
    return {"hidden": len(rows), "coverage": round(covered / len(rows), 4) if rows else 0.0,
            "median_width_days": statistics.median(widths) if widths else None,
            "width_le_3": round(sum(1 for w in widths if w <= 3) / len(rows), 4) if rows else 0.0,
            **{f"width_p{q}": _quantile(widths, q / 100) for q in (25, 75, 90)},
            "no_window": sum(1 for _, w in rows if w is None)}


def evaluate(t17_dir: Path, *, topics: Sequence[str] = TOPICS, hidden_share: float = 0.2, seed: int = 17,
             max_hidden_per_topic: int | None = None, options: DatingOptions = DatingOptions(),
             tag: Callable | None = None, rows_out: dict[str, list] | None = None) -> dict:
    """`tag` defaults to `dateline.extract.timex.tag` (injectable to reuse tags across runs). `rows_out`, when
    given, gets this draw's (covered, width) rows appended under "all", "tuned" and "unseen" (to pool draws)."""
    if tag is None:
        from dateline.extract.timex import tag

    rng = random.Random(seed)
    rows: dict[str, list[tuple[str, bool, int | None, bool]]] = {}
    for topic in topics:
        arts = list(load_t17(t17_dir, topic))
        k = int(len(arts) * hidden_share)
        if max_hidden_per_topic:
            k = min(k, max_hidden_per_topic)
        hidden = set(a.id for a in rng.sample(arts, k))
        truth = {a.id: a.pub_date.window.earliest for a in arts if a.id in hidden}
        pile = [dataclasses.replace(a, pub_date=None) if a.id in hidden else a for a in arts]
        by_id = {a.id: a for a in pile}
        analyses = {aid: Analysis(aid, (), tag(by_id[aid].text, None)) for aid in sorted(hidden)}
        est = estimate_pub_dates([Story(topic, topic, tuple(sorted(by_id)))], by_id, analyses, options=options)
        rows[topic] = []
        for aid, day in sorted(truth.items()):
            stamped = text_timestamp(by_id[aid].text) is not None
            if aid not in est:
                rows[topic].append((aid, False, None, stamped))
                continue
            w = est[aid][0]
            rows[topic].append((aid, w.earliest <= day <= w.latest, w.width_days, stamped))

    def pick(names, stamp_free=False):
        return [(c, w) for t in names for _, c, w, s in rows[t] if not (stamp_free and s)]

    tuned = [t for t in topics if t in TUNE_TOPICS]
    unseen = [t for t in topics if t not in TUNE_TOPICS]
    if rows_out is not None:
        for split, names in (("all", topics), ("tuned", tuned), ("unseen", unseen)):
            rows_out.setdefault(split, []).extend(pick(names))
    out = summary(pick(topics))
    out.update({
        "tuned_topics": {"topics": tuned, **summary(pick(tuned))},
        "unseen_topics": {"topics": unseen, **summary(pick(unseen))},
        "no_text_stamp": {"all": summary(pick(topics, True)), "tuned": summary(pick(tuned, True)),
                          "unseen": summary(pick(unseen, True))},
        "per_topic": {t: summary(pick([t])) for t in topics},
        "seed": seed, "max_hidden_per_topic": max_hidden_per_topic,
        "options": dataclasses.asdict(options)})
    return out
