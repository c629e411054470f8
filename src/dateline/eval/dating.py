"""Dating benchmark: hide the publication dates of a fifth of the T17 dev articles and estimate them back.

Each topic is one story (so the measure is the dating, not the clustering). The hidden articles keep their text;
their time expressions are tagged without a reference date (`timex.tag(text, None)`), exactly as the pipeline does
for undated input, and `timeline.estimate_pub_dates` estimates a window from them and from the topic's dated
articles. Reported: how often the true date falls inside the window (coverage), the median window width in days,
and how many hidden articles got no window at all (counted as misses).
"""
from __future__ import annotations

import dataclasses
import random
import statistics
from collections.abc import Sequence
from pathlib import Path

from dateline.eval.story_data import TOPICS, load_t17
from dateline.records import Analysis, PubDate, Story
from dateline.story_dating import DatingOptions
from dateline.timeline import estimate_pub_dates


def evaluate(t17_dir: Path, *, topics: Sequence[str] = TOPICS, hidden_share: float = 0.2, seed: int = 17,
             max_hidden_per_topic: int | None = None, options: DatingOptions = DatingOptions()) -> dict:
    from dateline.extract.timex import tag

    rng = random.Random(seed)
    covered = total = missing = 0
    widths: list[int] = []
    per_topic = {}
    for topic in topics:
        arts = list(load_t17(t17_dir, topic))
        k = int(len(arts) * hidden_share)
        if max_hidden_per_topic:
            k = min(k, max_hidden_per_topic)
        hidden = set(a.id for a in rng.sample(arts, k))
        truth = {a.id: a.pub_date.window.earliest for a in arts if a.id in hidden}
        pile = [dataclasses.replace(a, pub_date=None) if a.id in hidden else a for a in arts]
        by_id = {a.id: a for a in pile}
        analyses = {aid: Analysis(aid, (), tag(by_id[aid].text, None)) for aid in hidden}
        est = estimate_pub_dates([Story(topic, topic, tuple(by_id))], by_id, analyses, options=options)
        t_cov = 0
        for aid, day in truth.items():
            total += 1
            if aid not in est:
                missing += 1
                continue
            w = est[aid][0]
            widths.append(w.width_days)
            if w.earliest <= day <= w.latest:
                covered += 1
                t_cov += 1
        per_topic[topic] = {"hidden": len(truth), "covered": t_cov}
    return {"coverage": round(covered / total, 4) if total else 0.0,
            "median_width_days": statistics.median(widths) if widths else None,
            "hidden": total, "no_window": missing, "per_topic": per_topic, "seed": seed,
            "options": dataclasses.asdict(options)}
