"""Placing a new article's items into a big story's kept event clustering (`timeline.place_events`) and when a
long-lived process does it instead of clustering the story whole (`warm.StoryCaches.clusters`), issue #8."""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from dateline import timeline
from dateline.records import DateWindow, Sentence
from dateline.timeline import Item, TimelineOptions, cluster_events, event_clustering, place_events
from dateline.warm import StoryCaches

OPTIONS = TimelineOptions()
TOPICS = [  # words and entities of a few happenings; items drawn from one of them report it
    ({"explos", "rig", "fire", "crew", "missing"}, {"e:deepwater", "e:bp"}),
    ({"spill", "oil", "slick", "coast", "boom"}, {"e:louisiana", "e:coast-guard"}),
    ({"hear", "testif", "senat", "committe", "execut"}, {"e:senate", "e:hayward"}),
    ({"cap", "well", "seal", "pressur", "test"}, {"e:bp", "e:allen"}),
    ({"fund", "escrow", "claim", "billion", "compens"}, {"e:white-house", "e:feinberg"}),
]
FILLER = ["said", "report", "offici", "tuesday", "week", "compani", "state", "peopl", "time", "work"]


def _item(article: str, k: int, topic: int, day: dt.date, *, how: str = "timex", rng: random.Random) -> Item:
    words, entities = TOPICS[topic]
    stems = frozenset(rng.sample(sorted(words), 4) + rng.sample(FILLER, 3))
    text = " ".join(sorted(stems))
    window = DateWindow(day.isoformat(), "day", day, day) if how != "none" else None
    return Item(article_id=article, sentence=Sentence(k, k * 100, k * 100 + len(text), text), window=window,
                time_expression=day.strftime("%B %d") if how == "timex" else None, how=how, stems=stems,
                entities=frozenset(rng.sample(sorted(entities), 2)), event_types=frozenset({"incident"}),
                modalities=frozenset({"reported"}), pub=DateWindow(None, "day", day, day + dt.timedelta(days=1)))


def _article(name: str, seed: int, n: int = 6) -> list[Item]:
    rng = random.Random(seed)
    out = []
    for k in range(n):
        topic = rng.randrange(len(TOPICS))
        day = dt.date(2010, 4, 20) + dt.timedelta(days=topic * 10 + rng.randrange(2))
        out.append(_item(name, k, topic, day, how=rng.choice(["timex", "timex", "pubdate", "none"]), rng=rng))
    return out


def _mates(clusters) -> dict:
    """Each item (by article and sentence) → the set of its cluster-mates."""
    out = {}
    for c in clusters:
        keys = frozenset((i.article_id, i.sentence.start, i.how) for i in c.items)
        for key in keys:
            out[key] = keys
    return out


def test_event_clustering_is_cluster_events():
    items = [i for a in range(12) for i in _article(f"a{a}", a)]
    assert [c.items for c in event_clustering(items, options=OPTIONS).clusters] == \
        [c.items for c in cluster_events(items, options=OPTIONS)]


def test_placing_keeps_old_items_and_leaves_the_old_state_alone():
    old_items = [i for a in range(12) for i in _article(f"a{a}", a)]
    state = event_clustering(old_items, options=OPTIONS)
    before = [list(c.items) for c in state.clusters]
    new = _article("new", 99)
    placed = place_events(state, new, options=OPTIONS)
    assert [c.items for c in state.clusters] == before  # the kept state is as it was (copied before a change)
    assert len(placed.ranked) == len(old_items) + len(new) and placed.base == state.base
    old_mates, new_mates = _mates(state.clusters), _mates(placed.clusters)
    for key, mates in old_mates.items():  # an old item keeps its old cluster-mates (new ones may join them)
        assert {m for m in new_mates[key] if m[0] != "new"} == mates
    # every new dated item is in a cluster; clusters nothing joined are the very same objects
    placed_keys = {(i.article_id, i.sentence.start, i.how) for c in placed.clusters for i in c.items}
    assert all((i.article_id, i.sentence.start, i.how) in placed_keys for i in new if i.how != "none")
    touched = {k for k, c in enumerate(placed.clusters[:len(state.clusters)]) if c is not state.clusters[k]}
    assert all(any(i.article_id == "new" for i in placed.clusters[k].items) for k in touched)


def test_a_repeated_report_joins_its_happening_and_a_new_one_founds_its_own():
    rng = random.Random(5)
    old = [_item(f"a{a}", 0, a % 3, dt.date(2010, 5, 1) + dt.timedelta(days=20 * (a % 3)), rng=rng)
           for a in range(9)]
    state = event_clustering(old, options=OPTIONS)
    target = next(c for c in state.clusters if c.items[0].window.earliest == dt.date(2010, 5, 21))
    same = Item(**{**target.items[0].__dict__, "article_id": "new"})  # the same sentence in another article
    other = _item("new", 1, 4, dt.date(2010, 7, 9), rng=rng)
    placed = place_events(state, [same, other], options=OPTIONS)
    home = next(c for c in placed.clusters if same in c.items)
    assert {i.article_id for i in home.items} >= {i.article_id for i in target.items}
    assert [c.items for c in placed.clusters if other in c.items] == [[other]]
    assert len(placed.clusters) == len(state.clusters) + 1


def test_placing_nothing_changes_nothing_and_the_order_given_does_not_matter():
    items = [i for a in range(8) for i in _article(f"a{a}", a)]
    state = event_clustering(items, options=OPTIONS)
    assert [c.items for c in place_events(state, [], options=OPTIONS).clusters] == [c.items for c in state.clusters]
    new = _article("n1", 41) + _article("n2", 42)
    forward = place_events(state, new, options=OPTIONS)
    backward = place_events(state, new[::-1], options=OPTIONS)
    assert [c.items for c in forward.clusters] == [c.items for c in backward.clusters]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=8), st.integers(0, 10_000))
def test_placed_items_all_land_once(seeds, new_seed):
    """Whatever the story: every old item stays in its cluster, every new dated item lands in exactly one cluster,
    and undated items join at most one."""
    old = [i for k, s in enumerate(seeds) for i in _article(f"a{k}", s)]
    state = event_clustering(old, options=OPTIONS)
    new = _article("new", new_seed)
    placed = place_events(state, new, options=OPTIONS)
    count = {}
    for c in placed.clusters:
        for i in c.items:
            count[id(i)] = count.get(id(i), 0) + 1
    assert all(n == 1 for n in count.values())
    assert all(count.get(id(i)) == 1 for i in old if i.how != "none")
    assert all(count.get(id(i)) == 1 for i in new if i.how != "none")
    assert all((count.get(id(i)) == 1) == (state.cluster_of[k] >= 0) for k, i in enumerate(state.ranked)
               if i.how == "none")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=10), st.lists(st.integers(0, 9), max_size=4),
       st.integers(0, 10_000))
def test_taking_articles_back_and_placing_them_again_never_breaks_a_cluster(seeds, withdrawn, new_seed):
    """Whatever the story and whichever articles are taken back (a founder whose undated followers stay behind
    included): every live cluster has a dated item (its window), every withdrawn item is gone, every dated item
    placed again lands once, and a second round works on the result."""
    old = [i for k, s in enumerate(seeds) for i in _article(f"a{k}", s)]
    state = event_clustering(old, options=OPTIONS)
    for round_seed in (new_seed, new_seed + 1):
        gone = {f"a{k}" for k in withdrawn if k < len(seeds)}
        out, orphans = timeline.withdraw_events(state, gone)
        assert not any(i.article_id in gone for c in timeline.live_clusters(out) for i in c.items)
        again = [dataclasses.replace(i) for i in old if i.article_id in gone] + _article(f"n{round_seed}", round_seed)
        state = place_events(out, again + orphans, options=OPTIONS)
        count: dict[int, int] = {}
        for c in timeline.live_clusters(state):
            assert any(i.window is not None for i in c.items)
            c.window()
            for i in c.items:
                count[id(i)] = count.get(id(i), 0) + 1
        assert all(n == 1 for n in count.values())
        assert all(count.get(id(i)) == 1 for i in again if i.how != "none")
        old = [i for c in timeline.live_clusters(state) for i in c.items]


# -- when a long-lived process places instead of clustering whole ---------------------------------------------
def _per_article(n: int, seed: int = 0) -> list[tuple[str, list[Item]]]:
    return [(f"a{k}", _article(f"a{k}", seed * 1000 + k)) for k in range(n)]


def _whole(per_article) -> list[list[Item]]:
    return [c.items for c in cluster_events([i for _, its in per_article for i in its], options=OPTIONS)]


def test_a_small_story_is_always_clustered_whole():
    caches = StoryCaches()
    story = _per_article(10)
    for n in (8, 9, 10):
        assert [c.items for c in caches.clusters("s", story[:n], options=OPTIONS)] == _whole(story[:n])
    assert caches.event_runs == {"whole": 3, "placed": 0, "replaced": 0, "same": 0}


def test_a_big_story_places_new_articles_until_it_has_grown_enough():
    options = TimelineOptions(online_min_items=20, online_growth=0.25)
    caches = StoryCaches()
    story = _per_article(12)
    first = caches.clusters("s", story[:8], options=options)
    assert [c.items for c in first] == _whole(story[:8])
    again = caches.clusters("s", story[:8], options=options)
    assert again is first  # nothing new: the kept clusters
    placed = caches.clusters("s", story[:9], options=options)
    assert caches.event_runs == {"whole": 1, "placed": 1, "replaced": 0, "same": 1}
    old_mates = _mates(first)
    new_mates = _mates(placed)
    assert all({m for m in new_mates[k] if m[0] != "a8"} == v for k, v in old_mates.items())
    caches.clusters("s", story[:10], options=options)  # 10 articles: 25 % more items than the 8 it was made from
    assert caches.event_runs["placed"] == 2
    grown = caches.clusters("s", story[:11], options=options)  # more than 25 %: clustered whole again
    assert caches.event_runs["whole"] == 2 and [c.items for c in grown] == _whole(story[:11])


def test_a_changed_old_article_is_taken_back_and_placed_again_a_changed_option_clusters_whole():
    options = TimelineOptions(online_min_items=20, online_growth=0.5)
    caches = StoryCaches()
    story = _per_article(10)
    first = caches.clusters("s", story[:9], options=options)
    # a9 is new; a3's items are equal but not the objects clustered (its estimated window moved, say)
    changed = [(aid, [dataclasses.replace(i) for i in its] if aid == "a3" else its) for aid, its in story]
    placed = caches.clusters("s", changed, options=options)
    assert caches.event_runs == {"whole": 1, "placed": 1, "replaced": 1, "same": 0}
    held = {id(i) for c in placed for i in c.items}
    assert not any(id(i) in held for i in dict(story)["a3"])  # the old objects are gone...
    assert all(id(i) in held for i in dict(changed)["a3"] if i.how != "none")  # ... the new ones placed
    assert all(c.items for c in placed)  # no cluster left empty
    old_mates, new_mates = _mates(first), _mates(placed)
    untouched = {k for k in old_mates if k[0] != "a3"}
    # the other articles' items keep their mates, but for a3's and a9's
    assert all({m for m in new_mates[k] if m[0] not in ("a3", "a9")} == {m for m in old_mates[k] if m[0] != "a3"}
               for k in untouched)
    caches.clusters("s", changed, options=timeline.TimelineOptions(online_min_items=20, online_growth=0.5, join=0.3))
    assert caches.event_runs["whole"] == 2  # other options: clustered whole
    caches.clusters("s", changed, options=options)
    assert caches.event_runs["whole"] == 3
    gone = changed[1:]  # an article left the story (it became a copy of another, say): its items are taken back
    after = caches.clusters("s", gone, options=options)
    assert caches.event_runs["whole"] == 3 and caches.event_runs["replaced"] == 2
    assert not any(i.article_id == "a0" for c in after for i in c.items)


def test_withdrawing_an_article_leaves_the_state_alone_and_drops_emptied_clusters():
    items = [i for a in range(12) for i in _article(f"a{a}", a)]
    state = event_clustering(items, options=OPTIONS)
    before = [list(c.items) for c in state.clusters]
    out, orphans = timeline.withdraw_events(state, {"a0", "a1"})
    assert [c.items for c in state.clusters] == before  # kept state untouched
    live = timeline.live_clusters(out)
    assert all(c.items for c in live)
    assert not any(i.article_id in ("a0", "a1") for c in live for i in c.items)
    assert sum(len(c.items) for c in live) + len(orphans) == sum(len(b) for b in before) - sum(
        1 for b in before for i in b if i.article_id in ("a0", "a1"))
    assert all(i.window is None for i in orphans)  # undated ones whose cluster lost every dated item
    assert all(any(i.window is not None for i in c.items) for c in live)
    assert all(key[0] not in ("a0", "a1") for key in out.where)
    assert all(out.cluster_of[k] == -1 for k, i in enumerate(out.ranked) if i.article_id in ("a0", "a1"))
    # placing them back makes every dated item a member again
    back = place_events(out, [i for i in items if i.article_id in ("a0", "a1")] + orphans, options=OPTIONS)
    held = {id(i) for c in timeline.live_clusters(back) for i in c.items}
    assert all(id(i) in held for i in items if i.how != "none")
    assert timeline.live_clusters(state) is state.clusters


# -- the date checks' facts, kept across adds ---------------------------------------------------------------
def _reported(article: str, day: dt.date, person: str) -> tuple[Item, "timeline.Analysis"]:
    from dateline.records import Analysis, Event, Mention

    text = f"{person} resigned on {day:%B} {day.day} after the vote."
    sentence = Sentence(0, 0, len(text), text)
    analysis = Analysis(article, (sentence,), mentions=(Mention(0, len(person), person, "PERSON", 0),),
                        events=(Event(0, "resigned", "resignation"),))
    window = DateWindow(day.isoformat(), "day", day, day)
    item = Item(article_id=article, sentence=sentence, window=window, time_expression=f"{day:%B} {day.day}",
                how="timex", stems=frozenset({"resign", "vote"}), entities=frozenset({"e:" + person}),
                event_types=frozenset({"resignation"}), modalities=frozenset({"reported"}))
    return item, analysis


def test_date_check_facts_kept_across_calls_give_the_same_conflicts():
    """`ItemFacts` kept by a long-lived process (per item, per cluster, per pair of clusters) gives the conflicts a
    fresh one gives, after the clusters changed too, and forgets clusters that are gone."""
    a, an_a = _reported("a", dt.date(2024, 6, 18), "Ann Vale")
    b, an_b = _reported("b", dt.date(2024, 6, 19), "Ann Vale")
    c, an_c = _reported("c", dt.date(2024, 6, 20), "Bo Reed")
    analyses = {"a": an_a, "b": an_b, "c": an_c}
    clusters = [timeline._Cluster([a]), timeline._Cluster([b]), timeline._Cluster([c])]
    # (what the check reads of an entry: its id and date)
    entries = [SimpleNamespace(id=f"e{k}", date=cl.items[0].window) for k, cl in enumerate(clusters)]
    fresh = timeline.same_happening_date_conflicts(entries, clusters, analyses)
    assert len(fresh) == 1 and set(fresh[0].article_ids) == {"a", "b"}  # (the case is not empty)
    facts = timeline.ItemFacts()
    assert timeline.same_happening_date_conflicts(entries, clusters, analyses, facts=facts) == fresh
    assert timeline.same_happening_date_conflicts(entries, clusters, analyses, facts=facts) == fresh
    fewer = [clusters[0], clusters[2]]
    fewer_entries = [entries[0], entries[2]]
    assert timeline.same_happening_date_conflicts(fewer_entries, fewer, analyses, facts=facts) == []
    assert all(k[0] != id(clusters[1]) and k[1] != id(clusters[1]) for k in facts._pairs)
