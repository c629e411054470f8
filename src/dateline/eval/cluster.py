"""Story-clustering benchmark: mix the T17 dev topics into one pile and recover them (B-cubed precision/recall/F1).

Every non-empty article of the chosen topics goes into one pile (optionally a random sample per topic); the gold
story of an article is its topic. T17 topics are broad (bpoil covers the spill, BP's finances, the moratorium...),
so splitting a topic costs recall just as merging two costs precision.
"""
from __future__ import annotations

import dataclasses
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from dateline.cluster import StoryOptions, cluster_stories
from dateline.dedupe import find_duplicates
from dateline.eval.story_data import TOPICS, load_t17


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item → cluster label) against gold (item → class)."""
    items = list(gold)
    pred_groups: dict[str, list[str]] = {}
    gold_groups: dict[str, list[str]] = {}
    for i in items:
        pred_groups.setdefault(predicted[i], []).append(i)
        gold_groups.setdefault(gold[i], []).append(i)
    p = r = 0.0
    for i in items:
        same_pred = pred_groups[predicted[i]]
        same_gold = gold_groups[gold[i]]
        correct = sum(1 for j in same_pred if gold[j] == gold[i])
        p += correct / len(same_pred)
        r += correct / len(same_gold)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(t17_dir: Path, *, topics: Sequence[str] = TOPICS, per_topic: int | None = None, seed: int = 17,
             options: StoryOptions = StoryOptions()) -> dict:
    rng = random.Random(seed)
    pile = []
    gold = {}
    for topic in topics:
        arts = list(load_t17(t17_dir, topic))
        if per_topic and len(arts) > per_topic:
            arts = rng.sample(arts, per_topic)
        for a in arts:
            gold[a.id] = topic
        pile += arts
    duplicates = find_duplicates(pile)
    stories = cluster_stories(pile, duplicates=duplicates, options=options)
    predicted = {aid: s.id for s in stories for aid in s.article_ids}
    p, r, f = bcubed(gold, predicted)
    sizes = sorted((len(s.article_ids) for s in stories), reverse=True)
    purity = [
        {"size": len(s.article_ids), "topics": dict(Counter(gold[a] for a in s.article_ids).most_common(3))}
        for s in stories[:8]
    ]
    return {"bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4), "bcubed_f1": round(f, 4),
            "articles": len(pile), "stories": len(stories), "story_sizes": sizes[:20], "largest": purity,
            "singletons": sum(1 for x in sizes if x == 1), "per_topic": per_topic, "seed": seed,
            "options": dataclasses.asdict(options)}
