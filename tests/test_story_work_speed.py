"""The faster forms of the per-story work give what the plain forms gave (H4: CPU per article, same output)."""
from __future__ import annotations

import math
import random

from dateline import disagree
from dateline.disagree import (_LOW, _WORD, SentenceMemo, comments_start, content_words, light_stem,
                               predicate_words)
from dateline.prose import dateline_end
from dateline.timeline import _top_candidates


def _top_candidates_plain(shared, n, cluster_of):
    """The definition `_top_candidates` keeps: a stable sort by (-weight, cluster) of `shared`'s keys."""
    return sorted(shared, key=lambda k: (-shared[k], cluster_of[k]))[:n]


def test_top_candidates_matches_the_stable_sort_with_ties():
    """Given the dict's weights in another order, `_top_candidates` picks the candidates of the plain form's first
    n that pass, ties at the n-th place broken by cluster and then by the dict's order."""
    import numpy as np

    rng = random.Random(7)
    for _ in range(2000):
        size = rng.randint(0, 120)
        keys = rng.sample(range(400), size)
        # few distinct weights and clusters: many ties across the n-th place, where the dict order decides
        shared = {k: rng.choice([0.5, 1.25, 2.0, 3.75]) * rng.randint(1, 3) for k in keys}
        cluster_of = [rng.randrange(rng.choice([2, 6, 40])) for _ in range(400)]
        passing = {k for k in keys if rng.random() < rng.choice([0.05, 0.5, 1.0])}
        n = rng.randint(1, 50)
        expected = sorted(k for k in _top_candidates_plain(shared, n, cluster_of) if k in passing)
        given = rng.sample(keys, size)  # the dict's keys in another order
        dict_place = {k: p for p, k in enumerate(shared)}
        weights = np.array([shared[k] for k in given], dtype=float)
        passes = np.array([k in passing for k in given], dtype=bool)
        chosen = _top_candidates(weights, passes, lambda positions: np.array([cluster_of[given[p]] for p in positions]),
                                 n, lambda positions: sorted(positions, key=lambda p: dict_place[given[p]]))
        assert sorted(given[p] for p in np.flatnonzero(chosen)) == expected


def test_shared_weights_are_the_dict_sums():
    """`_Pairs` gives, for each item and each item before it, the weight they share summed as the plain form's
    walk summed it (in the item's sorted token order), to the last bit: weights chosen so that order shows."""
    from dateline.timeline import _Pairs

    rng = random.Random(11)
    words = [f"w{k}" for k in range(25)]
    weight = {w: rng.choice([0.1, 0.2, 0.3, 1e-3, 7.7, 1 / 3, 2 ** 0.5]) * rng.random() for w in words}
    for _ in range(20):
        count = rng.randint(1, 90)
        tokens_of = [sorted(rng.sample(words, rng.randint(0, 10))) for _ in range(count)]
        sides = [(frozenset(t), frozenset(), 1.0, 0.0, frozenset(), 0.0, 0.0) for t in tokens_of]
        pairs = _Pairs(_FakeItems(tokens_of), tokens_of, weight.__getitem__, sides, -math.inf,
                       block=rng.choice([1, 7, 512]))
        for i in range(count):
            row = pairs.row(i)
            got = {} if row is None else dict(zip(row[0].tolist(), row[1].tolist()))
            expected = {}
            for tok in tokens_of[i]:  # the plain walk: tokens in order, postings in item order
                for k in range(i):
                    if tok in tokens_of[k]:
                        expected[k] = expected.get(k, 0.0) + weight[tok]
            assert got == expected
            assert all(type(v) is float for v in got.values())


class _FakeItems(list):
    """Stand-ins for items with only words (the split of the bound reads `stems` and `entities`)."""

    def __init__(self, tokens_of):
        from types import SimpleNamespace
        super().__init__(SimpleNamespace(stems=frozenset(t), entities=frozenset()) for t in tokens_of)


SENTENCES = [
    "BRANNOCK, Jan 21 (Northline) - The company denied that it had received any warning about the cracks.",
    "They said they were warned about the warnings, which were issued months earlier.",
    "Officials confirmed that 1,200 residents were evacuated from the villages on Monday.",
    "",
    "A a an it of",
]


def test_content_and_predicate_words_are_the_plain_definitions():
    for text in SENTENCES:
        words = _WORD.findall(text[dateline_end(text):])
        assert content_words(text) == frozenset(light_stem(w) for w in words if w.lower() not in _LOW)
        assert predicate_words(text) == frozenset(light_stem(w) for w in words
                                                  if w[0].islower() and w.lower() not in _LOW)
    assert "warn" in predicate_words(SENTENCES[1]) and "they" not in content_words(SENTENCES[1])


def test_sentence_memo_gives_what_the_functions_give():
    memo = SentenceMemo()
    article = "Body text here. At 18:55 29th Apr 2009 , ceedee99 wrote : rubbish."
    for _ in range(2):  # the second time from the memo
        assert memo.comments_start(article) == comments_start(article) < len(article)
        for text in SENTENCES:
            assert memo.predicate_words(text) == predicate_words(text)
            assert memo.content_words(text) == content_words(text)


def test_idf_counts_documents():
    idf = disagree._idf([frozenset({"a", "b"}), frozenset({"a"}), frozenset({"c", "a"})])
    assert idf == {"a": 1.0, "b": math.log(2.0) + 1.0, "c": math.log(2.0) + 1.0}


def test_items_carry_their_content_offset_and_best_item_reads_it():
    import dataclasses
    import datetime as dt

    from dateline.timeline import TimelineOptions, _best_item, _Cluster, sentence_items
    from story_helpers import analysis, article, day, event, timex

    d = dt.date(2023, 10, 26)
    text = ("SEOUL, Oct. 26 (Yonhap) -- South Korea on Thursday condemned North Korea over arms shipments.\n"
            "Japan on Thursday condemned the shipments too, officials said at a briefing in Tokyo.\n")
    art = article("a", text, day=d, outlet="Yonhap")
    an = analysis(art, names={"South Korea": "GPE", "North Korea": "GPE", "Japan": "GPE"},
                  timexes=[timex(text, "Thursday", "2023-10-26", day(d), anchor="dct")],
                  events=[event(0, "condemned", "condemn"), event(1, "condemned", "condemn")])
    items = sentence_items(art, an, pub=day(d), entity_of=lambda s, e: frozenset(), options=TimelineOptions())
    assert items and all(i.content == dateline_end(i.sentence.text) for i in items)
    assert items[0].content > 0  # the Yonhap dateline
    # an item made without the offset (as tests and callers may) scores the same
    plain = [dataclasses.replace(i, content=None) for i in items]
    assert _best_item(_Cluster(items)).sentence == _best_item(_Cluster(plain)).sentence


def _claim_denial_plain(text):
    """`claim_denial` without its letter pre-check: the two patterns and their exceptions only."""
    for pattern in (disagree.CLAIM_DENIAL, disagree.DISMISSED_CLAIM):
        for m in pattern.finditer(text):
            if not disagree._PASSIVE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                return None if disagree._NO_DENIAL.search(text) else m
    return None


def test_claim_denial_pre_check_never_hides_a_denial():
    rng = random.Random(11)
    words = ("Denied DENIES refuted Rebutted dismissed rejects MOCKED ridiculed derided scoffed at brushed off "
             "said SAYS insisted maintained repeated added stated told reporters it he they never NOT didn't n't "
             "had has ever received knew that the claims reports speculation rumours talk a US claim access "
             "plan , . ; ? \u017fays Den\u0130ed").split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(4000)]
    texts += ["The company denied that it knew.", "He said it had never received the memo.",
              "They dismissed speculation that talks failed.", "Officials met on Monday."]
    found = 0
    for text in texts:
        expected = _claim_denial_plain(text)
        got = disagree.claim_denial(text)
        assert (got and (got.span(), got.re)) == (expected and (expected.span(), expected.re)), text
        found += expected is not None
    assert found > 100  # the sample exercises both patterns, not only the sentences the pre-check rules out


def _random_items(rng):
    """Items of a made-up story: few words, entities and days, so that items share much and many similarities
    lie near the join thresholds; some words common enough to go unindexed."""
    import datetime as dt

    from dateline.records import DateWindow, Sentence
    from dateline.timeline import Item

    words = [f"word{k}" for k in range(30)]
    ents = [f"Q{k}" for k in range(10)] + ["m:he"]
    base = dt.date(2010, 3, 1)
    items = []
    for a in range(rng.randint(5, 30)):
        pub_day = base + dt.timedelta(days=rng.randint(0, 8))
        pub = DateWindow(pub_day.isoformat(), "day", pub_day, pub_day)
        for s in range(rng.randint(1, 8)):
            how = rng.choice(["timex", "timex", "pubdate", "none", "unanchored"])
            day = base + dt.timedelta(days=rng.randint(0, 10))
            window = {"timex": DateWindow(day.isoformat(), "day", day, day),
                      "unanchored": DateWindow(None, "approximate", day - dt.timedelta(days=30), day, True),
                      "pubdate": pub, "none": None}[how]
            text = f"sentence {s} of article {a}"
            items.append(Item(
                f"a{a}", Sentence(s, s * 100, s * 100 + len(text), text), window, "then" if how == "timex" else None,
                how, frozenset(rng.sample(words[:rng.randint(8, 30)], rng.randint(0, 8))),
                frozenset(rng.sample(ents, rng.randint(0, 3))),
                frozenset(rng.sample(["attack", "meeting", "statement", "arrest"], rng.randint(0, 2))),
                frozenset(rng.sample(["reported", "planned", "denied"], rng.randint(0, 1))), pub=pub,
                speakers=frozenset(rng.sample(["he", "the minister"], rng.randint(0, 1)))))
    return items


def test_cluster_events_similarity_bound_changes_no_cluster(monkeypatch):
    """The bound that spares exact comparisons gives the clusters that comparing every candidate gives (an
    infinite margin turns the bound off)."""
    import dataclasses

    from dateline import timeline
    from dateline.timeline import TimelineOptions, cluster_events

    def signature(clusters):
        return [([(i.article_id, i.sentence.index, i.how) for i in c.items], c.conflict) for c in clusters]

    rng = random.Random(5)
    for _ in range(60):
        items = _random_items(rng)
        # small stories: make words common (unindexed) early, so the bound's common-weight term matters
        options = dataclasses.replace(TimelineOptions(), common_df_min=rng.randint(2, 12),
                                      candidates=rng.randint(2, 40), join=rng.choice([0.1, 0.22, 0.3]))
        bounded = signature(cluster_events(items, options=options))
        monkeypatch.setattr(timeline, "_BOUND_MARGIN", math.inf)
        exact = signature(cluster_events(items, options=options))
        monkeypatch.setattr(timeline, "_BOUND_MARGIN", 1e-9)
        assert bounded == exact


def test_letter_pre_checks_of_comments_and_confirmations_change_nothing():
    """`comments_start` and `confirming` with their letter pre-checks against the plain patterns."""
    rng = random.Random(3)
    words = ["At 18:55 29th Apr 2009 , ceedee99 WROTE :", "Posted by : name |", "June 7", "posted", "wrote",
             "confirmed", "Confirms", "VERIFIED", "verify", "proof", "Evidence", "have been completed",
             "were delivered", "has been completed", "denied", "rejects", "no", "not", "the minister", "said", ".",
             ",", "\u017fays", "caf\u00e9", "\u212a"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 25))) for _ in range(4000)]
    hits = 0
    for text in texts:
        m = disagree.COMMENT_MARKER.search(text)
        plain_start = len(text) if m is None else max(
            text.rfind("\n", 0, m.start()) + 1, text.rfind(". ", 0, m.start()) + 2 if ". " in text[:m.start()] else 0)
        assert comments_start(text) == plain_start, text
        plain_confirming = bool(disagree.CONFIRM.search(text)) and not disagree.DENIAL.search(text)
        assert disagree.confirming(text) == plain_confirming, text
        hits += (m is not None) + plain_confirming
    assert hits > 1000


def test_mostly_planned_is_the_per_sentence_modality_count():
    """`_mostly_planned` (sets of sentence keys) says what the plain form says: per sentence, the union of its
    items' modalities, "planned" also when an item is dated after its article; planned and not reported in more
    than half of the sentences."""
    import dataclasses

    from dateline.timeline import _Cluster, _mostly_planned

    def plain(items) -> bool:
        sentences: dict = {}
        for i in items:
            ahead = i.window is not None and i.pub is not None and i.window.earliest > i.pub.latest
            sentences.setdefault((i.article_id, i.sentence.start), set()).update(
                i.modalities | ({"planned"} if ahead else set()))
        planned = sum(1 for m in sentences.values() if "planned" in m and "reported" not in m)
        return planned * 2 > len(sentences)

    rng = random.Random(11)
    seen = set()
    for _ in range(300):
        items = _random_items(rng)
        for _ in range(5):
            picked = rng.sample(items, rng.randint(1, min(12, len(items))))
            # two items of one sentence, one of them reported: the sentence is not planned
            picked += [dataclasses.replace(picked[0], modalities=frozenset({"reported"}))] * rng.randint(0, 1)
            got = _mostly_planned(_Cluster(picked))
            assert got == plain(picked)
            seen.add(got)
    assert seen == {True, False}
