"""`canonical.resolve_entities` (made fast) equals the straightforward version it replaced
(`canonical_reference.py`) on random piles built to hit every branch: keys with several labels and surfaces,
acronyms defined for one or several long forms, initials, surnames, spelling variants, bylines, roles."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from canonical_reference import reference_resolve_entities
from dateline.canonical import resolve_entities
from dateline.records import Analysis, Article, DateWindow, Mention, PubDate, Role

_NAMES = {
    "PERSON": ["Kim Jong Un", "Kim Jong-un", "Kim", "Jong Un", "Sergei Shoigu", "Sergey Shoigu", "Shoigu",
               "George W. Bush", "George Bush", "Laura Bush", "Bush", "Putin", "Vladimir Putin", "Vladimir V. Putin",
               "Lavrov", "Kim Seung-yeon", "Jane Doe"],
    "GPE": ["North Korea", "Russia", "Pyongyang", "Kremlin", "U.S."],
    "ORG": ["United Nations", "UN", "U.N. Security Council", "UNSC", "the European Union", "European Union", "EU",
            "IAEA", "International Atomic Energy Agency", "NATO", "Korean Central News Agency", "KCNA",
            "Kim Foundation", "the agency"],
}
_LABELS = ["PERSON", "GPE", "ORG", "NORP", "LOC"]
_AUTHORS = [None, "By Kim Seung-yeon", "Jane Doe and John Roe", "Reuters", "Sergei Shoigu", "by Anna Lee, Bo Park"]


def _pile(rng: random.Random, n_articles: int) -> tuple[list[Article], list[Analysis]]:
    articles, analyses = [], []
    for i in range(n_articles):
        aid = f"a{i}"
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(30))
        pub = rng.choice([None, PubDate(DateWindow(day.isoformat(), "day", day, day), "t"),
                          PubDate(DateWindow(day.isoformat(), "day", day, day, estimated=True), "t")])
        articles.append(Article(id=aid, origin=aid, source_file=None, fmt="text", raw="", text="", title=None, url=None,
                                outlet=None, author=rng.choice(_AUTHORS), language="en", language_score=None,
                                pub_date=pub))
        mentions, keys = [], []
        for j in range(rng.randrange(16)):
            if keys and rng.random() < 0.4:  # the same key again: label counts decide between two labels
                kind, key = rng.choice(keys)
            else:
                kind = rng.choice(list(_NAMES))
                key = rng.choice(_NAMES[kind])
            label = kind if rng.random() < 0.8 else rng.choice(_LABELS)  # some keys get two labels
            text = rng.choice([key, key, key.upper(), "".join(w[0] for w in key.split() if w[0].isupper()) or key,
                               "the agency", "The Agency", key + "\n", f"  {key} ", rng.choice(_NAMES["ORG"])])
            mentions.append(Mention(j, j + 1, text, label, 0, None if rng.random() < 0.05 else key))
            keys.append((kind, key))
        roles = tuple(Role(rng.choice([k for _, k in keys] + ["nobody"]),
                           rng.choice(["minister", "Leader", "leader", "spokesman"]),
                           rng.choice([None, day, day - dt.timedelta(days=3)]), 0)
                      for _ in range(rng.randrange(3)) if keys)
        if rng.random() < 0.95:  # some articles have no analysis
            analyses.append(Analysis(article_id=aid, sentences=(), mentions=tuple(mentions), roles=roles))
    return articles, analyses


@pytest.mark.parametrize("seed", range(40))
def test_resolution_equals_the_reference(seed):
    rng = random.Random(seed)
    articles, analyses = _pile(rng, rng.choice([1, 3, 10, 40, 120]))
    got, want = resolve_entities(articles, analyses), reference_resolve_entities(articles, analyses)
    assert got.entities == want.entities
    assert list(got.index.items()) == list(want.index.items())


def test_random_piles_reach_the_rare_paths():
    """The equality above only checks what the piles reach: keys with a second label, acronyms and initials that
    merge, surnames that join a full name, byline-only people."""
    hits: set[str] = set()
    for seed in range(40):
        rng = random.Random(seed)
        articles, analyses = _pile(rng, rng.choice([1, 3, 10, 40, 120]))
        res = resolve_entities(articles, analyses)
        ids: dict[str, set] = {}
        for (_, key), eid in res.index.items():
            ids.setdefault(key, set()).add(eid)
        if any(len({m.label for m in an.mentions if m.key == m2.key}) > 1 for an in analyses for m2 in an.mentions):
            hits.add("two labels")
        for short, long in (("UNSC", "U.N. Security Council"), ("UN", "United Nations"), ("Shoigu", "Sergei Shoigu"),
                            ("Bush", "George Bush")):
            if ids.get(short, set()) & ids.get(long, set()):
                hits.add(f"{short} joins {long}")
        if any(e.name in ("Anna Lee", "Bo Park") for e in res.entities):
            hits.add("byline only")
        if any(len(e.roles) > 1 for e in res.entities):
            hits.add("several roles")
    assert hits == {"two labels", "UNSC joins U.N. Security Council", "UN joins United Nations",
                    "Shoigu joins Sergei Shoigu", "Bush joins George Bush", "byline only", "several roles"}
