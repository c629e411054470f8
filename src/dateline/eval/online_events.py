"""How far placing new articles into a big story's kept event clustering drifts from clustering the story whole.

`dateline watch` places a new article's sentence items into the kept clustering of a story of
`TimelineOptions.online_min_items` items or more (`timeline.place_events`, `warm.StoryCaches.clusters`) instead of
clustering the story again, until the story has grown by `online_growth`. This measures the price on the largest
story of a pile of analysed articles: its originals in publication order, the last K held back and the rest
clustered whole (the kept clustering), the K placed one at a time, and the result compared with clustering all of
them whole:

- `b3_f1`, `changed_share`: B-cubed F1 of co-membership over all items, and the share of items whose set of
  cluster-mates differs;
- `placed_b3_f1`, `placed_changed_share`: the same over the placed items only;
- `recompute_b3_f1`, `recompute_changed_share`: the exact recompute's own drift, the old items' clusters when the
  story is clustered whole without the K against with them (what clustering whole again changes anyway, and what
  placement, which leaves the old items where they were, cannot follow);
- seconds: clustering whole, and placing one article (median, max).

`replacement_drift` measures the other thing a watching process does to a kept clustering: an old article whose
items changed (an undated article's estimated window moved) is taken back and placed again
(`timeline.withdraw_events`): K old articles drawn at random (seeded) are withdrawn from the whole clustering one
at a time and their items placed again, and the result is compared with clustering whole (`b3_f1`,
`changed_share`, and over the re-placed items only).

Library code: no printing; benchmarks/bench_online_events.py prints and writes the JSON.
"""
from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from dateline.records import Analysis, Article
from dateline.timeline import (Item, TimelineOptions, _story_task, build_story_timeline, cluster_events,
                               event_clustering, live_clusters, place_events, withdraw_events)
from dateline.warm import StoryCaches


class _Recorder(StoryCaches):
    """Story caches that keep the items a story's event clustering was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.per_article: list[tuple[str, list[Item]]] = []

    def clusters(self, story_id, per_article, *, options):
        self.per_article = list(per_article)
        return cluster_events([i for _, its in per_article for i in its], options=options)


def largest_story_items(articles: Sequence[Article], analyses: Mapping[str, Analysis], *,
                        options: TimelineOptions = TimelineOptions()) -> tuple[str, list[tuple[str, list[Item]]]]:
    """The id of the pile's largest story and its originals' sentence items, as the story stage makes them
    (publication windows, re-tagged undated members, resolved entities). Only that story's work is run."""
    recorder = _Recorder()
    target: dict[str, str] = {}

    def only_the_largest(fn, works: Iterable) -> list:
        out = []
        for work in works:  # largest story first
            target.setdefault("id", work.story.id)
            if work.story.id == target["id"] and work.part in ("all", "events"):
                _story_task(work, caches=recorder)
            out.append([] if work.part == "text" else ([], [], 0) if work.part == "events" else ([], []))
        return out

    build_story_timeline(articles, analyses, options=options, map_stories=only_the_largest)
    return target["id"], recorder.per_article


def _key(i: Item) -> tuple:
    return (i.article_id, i.sentence.start, i.how, i.time_expression, i.window)


def _labels(clusters) -> dict[tuple, int]:
    return {_key(i): n for n, c in enumerate(clusters) for i in c.items}


def b_cubed(a: Mapping[tuple, int], b: Mapping[tuple, int], keys: Sequence[tuple]) -> tuple[float, float]:
    """B-cubed F1 of two clusterings' co-membership over `keys`, and the share of keys whose cluster-mates (among
    `keys`) differ."""
    ga, gb = defaultdict(set), defaultdict(set)
    for k in keys:
        ga[a[k]].add(k)
        gb[b[k]].add(k)
    p = r = 0.0
    changed = 0
    for k in keys:
        x, y = ga[a[k]], gb[b[k]]
        inter = len(x & y)
        p += inter / len(y)
        r += inter / len(x)
        changed += x != y
    if not keys:
        return 1.0, 0.0
    p, r = p / len(keys), r / len(keys)
    return 2 * p * r / (p + r), changed / len(keys)


def placement_drift(per_article: Sequence[tuple[str, list[Item]]], held_back: Sequence[int], *,
                    options: TimelineOptions = TimelineOptions()) -> dict:
    """For each K in `held_back`: the story without its K latest dated originals clustered whole, the K placed one
    at a time in publication order, compared with the whole story clustered whole (module docstring)."""
    items_of = {aid: its for aid, its in per_article if its}
    pub = {aid: its[0].pub.latest if its[0].pub is not None else None for aid, its in items_of.items()}
    dated = sorted((aid for aid in items_of if pub[aid] is not None), key=lambda aid: (pub[aid], aid))
    everything = [i for its in items_of.values() for i in its]
    start = time.process_time()
    whole = cluster_events(everything, options=options)
    whole_s = time.process_time() - start
    reference = _labels(whole)
    out = {"articles": len(items_of), "items": len(everything), "clusters": len(whole),
           "cluster_whole_cpu_s": round(whole_s, 2), "runs": []}
    for k in held_back:
        tail = dated[-k:] if k else []
        held = set(tail)
        base = [i for aid, its in items_of.items() if aid not in held for i in its]
        state = event_clustering(base, options=options)
        seconds = []
        for aid in tail:
            start = time.process_time()
            state = place_events(state, items_of[aid], options=options)
            seconds.append(time.process_time() - start)
        placed = _labels(state.clusters)
        keys = [key for key in reference if key in placed]
        f1, changed = b_cubed(placed, reference, keys)
        new_keys = [key for key in keys if key[0] in held]
        new_f1, new_changed = b_cubed(placed, reference, new_keys)
        base_labels = _labels(cluster_events(base, options=options))
        old_keys = [key for key in reference if key in base_labels]
        drift, drift_changed = b_cubed(base_labels, reference, old_keys)
        out["runs"].append({
            "placed_articles": len(tail), "placed_items": sum(len(items_of[a]) for a in tail),
            "growth": round(sum(len(items_of[a]) for a in tail) / max(1, len(base)), 4),
            "b3_f1": round(f1, 4), "changed_share": round(changed, 4),
            "placed_b3_f1": round(new_f1, 4), "placed_changed_share": round(new_changed, 4),
            "recompute_b3_f1": round(drift, 4), "recompute_changed_share": round(drift_changed, 4),
            "clusters": len(state.clusters),
            "place_cpu_s_median": round(statistics.median(seconds), 3) if seconds else None,
            "place_cpu_s_max": round(max(seconds), 3) if seconds else None})
    return out


def replacement_drift(per_article: Sequence[tuple[str, list[Item]]], counts: Sequence[int], *, seed: int = 8,
                      options: TimelineOptions = TimelineOptions()) -> dict:
    """For each K in `counts`: K old articles (seeded draw) taken back from the story clustered whole and placed
    again one at a time, compared with clustering whole (module docstring)."""
    import random

    items_of = {aid: its for aid, its in per_article if its}
    everything = [i for its in items_of.values() for i in its]
    reference = _labels(cluster_events(everything, options=options))
    whole = event_clustering(everything, options=options)
    out = {"articles": len(items_of), "items": len(everything), "seed": seed, "runs": []}
    for k in counts:
        chosen = random.Random(seed + k).sample(sorted(items_of), min(k, len(items_of)))
        state, seconds = whole, []
        for aid in chosen:
            start = time.process_time()
            state, orphans = withdraw_events(state, [aid])
            state = place_events(state, items_of[aid] + orphans, options=options)
            seconds.append(time.process_time() - start)
        again = _labels(live_clusters(state))
        keys = [key for key in reference if key in again]
        f1, changed = b_cubed(again, reference, keys)
        moved = [key for key in keys if key[0] in set(chosen)]
        moved_f1, moved_changed = b_cubed(again, reference, moved)
        out["runs"].append({
            "replaced_articles": len(chosen), "replaced_items": sum(len(items_of[a]) for a in chosen),
            "b3_f1": round(f1, 4), "changed_share": round(changed, 4),
            "replaced_b3_f1": round(moved_f1, 4), "replaced_changed_share": round(moved_changed, 4),
            "replace_cpu_s_median": round(statistics.median(seconds), 3) if seconds else None,
            "replace_cpu_s_max": round(max(seconds), 3) if seconds else None})
    return out
