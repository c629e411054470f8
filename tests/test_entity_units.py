"""`dateline add` resolves entities from the pile's stored units (`canonical.entity_units`) plus the new articles
instead of over every (article, key) again: the entities must be those of `resolve_entities` (and of the reference
it replaced) over the whole pile, the index entries of the articles asked for the same, whatever the pile and
wherever it was cut; the store's units are used only while the rows they were made from are unchanged."""
from __future__ import annotations

import dataclasses
import json
import random

from hypothesis import given, settings, strategies as st

from canonical_reference import reference_resolve_entities
from dateline.canonical import (add_to_units, article_key_groups, article_key_kinds, entity_units, resolve_entities,
                                resolve_units)
from dateline.records import Analysis, Mention
from dateline.store import open_store
from dateline.store.db import ENTITY_UNITS_DOC, _entity_key_labels, _entity_keys_json
from test_canonical_equivalence import _pile


def _kinds(articles, analyses) -> dict:
    by_id = {a.id: a for a in articles}
    return {an.article_id: article_key_kinds(by_id[an.article_id].author,
                                             [(m.key, m.label, 1) for m in an.mentions if m.key]) for an in analyses}


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 10**9), size=st.sampled_from([1, 3, 10, 40, 120]), cut=st.floats(0, 1),
       asked=st.floats(0, 1))
def test_units_of_a_pile_plus_new_articles_resolve_as_the_whole_pile(seed, size, cut, asked):
    articles, analyses = _pile(random.Random(seed), size)
    by_id = {a.id: a for a in articles}
    k = int(cut * len(analyses))
    units = json.loads(json.dumps(entity_units(articles, analyses[:k])))  # as stored
    add_to_units(units, [g for n, an in enumerate(analyses[k:], k)
                         for g in article_key_groups(by_id[an.article_id], an, n)])
    assert units == entity_units(articles, analyses)  # one pile, one text: however it was built up
    wanted = {aid: kinds for aid, kinds in _kinds(articles, analyses).items() if random.Random(aid).random() < asked}
    got = resolve_units(units, wanted)
    for want in (resolve_entities(articles, analyses), reference_resolve_entities(articles, analyses)):
        assert got.entities == want.entities
        assert got.index == {key: eid for key, eid in want.index.items() if key[0] in wanted}


def _article(aid: str, author: str | None, keys: list[tuple[str, str]]):
    article = dataclasses.replace(_pile(random.Random(0), 1)[0][0], id=aid, origin=aid, author=author)
    return article, Analysis(aid, (), mentions=tuple(Mention(j, j + 1, key, label, 0, key)
                                                     for j, (key, label) in enumerate(keys)), roles=())


def test_a_new_article_changes_merges_and_the_order_of_first_occurrences():
    """Decisions the new article flips, and an order that needs the phases: a byline-only "Kim Jong-un" of the
    first article comes, in `resolve_entities`' numbering, after the mention key "Kim Jong Un" of a later one,
    so the group's first spelling (whose tokens decide that "Kim Un" joins it) is the later article's."""
    pile = [_article("a0", "By Kim Jong-un", [("Shoigu", "PERSON"), ("Sergei Shoigu", "PERSON")]),
            _article("a1", None, [("Kim Jong Un", "PERSON"), ("Kim Un", "PERSON")]),
            _article("a2", None, [("Andrei Shoigu", "PERSON"), ("U.N. Security Council", "ORG"),
                                  ("UNSC", "ORG")])]
    articles, analyses = [a for a, _ in pile], [an for _, an in pile]
    analyses[2] = dataclasses.replace(analyses[2], mentions=analyses[2].mentions + (
        Mention(9, 10, "UNSC", "ORG", 0, "U.N. Security Council"),))
    before = resolve_units(entity_units(articles, analyses[:2]), _kinds(articles, analyses[:2]))
    units = json.loads(json.dumps(entity_units(articles, analyses[:2])))
    add_to_units(units, article_key_groups(articles[2], analyses[2], 2))
    after = resolve_units(units, _kinds(articles, analyses))
    want = resolve_entities(articles, analyses)
    assert after.entities == want.entities and after.index == want.index
    assert before.index[("a0", "Shoigu")] == before.index[("a0", "Sergei Shoigu")]  # the one Shoigu...
    assert after.index[("a0", "Shoigu")] != after.index[("a0", "Sergei Shoigu")]  # ...is ambiguous now
    assert after.index[("a2", "UNSC")] == after.index[("a2", "U.N. Security Council")]  # defined
    assert after.index[("a1", "Kim Un")] == after.index[("a1", "Kim Jong Un")] == after.index[("a0", "Kim Jong-un")]


def test_key_kinds_read_from_a_stored_row_match_the_key_groups():
    articles, analyses = _pile(random.Random(11), 40)
    by_id = {a.id: a for a in articles}
    for n, an in enumerate(analyses):
        groups = article_key_groups(by_id[an.article_id], an, n)
        kinds = article_key_kinds(by_id[an.article_id].author, _entity_key_labels(_entity_keys_json(an)))
        assert kinds == {g.key: g.kind for g in groups}


def test_the_store_folds_new_articles_into_its_units_and_redoes_them_when_rows_change(tmp_path):
    articles, analyses = _pile(random.Random(5), 60)
    analysed = {an.article_id for an in analyses}
    articles = [a for a in articles if a.id in analysed]
    half = len(articles) // 2
    ids = [a.id for a in articles]
    with open_store(tmp_path / "s.db") as store:
        store.add_articles(articles[:half])
        store.save_analyses(analyses[:half])
        first = store.entity_resolution(ids[:3])
        assert first.entities == resolve_entities(*store.entity_views()).entities
        assert store.timeline_document(name=ENTITY_UNITS_DOC)["articles"] == half
        store.add_articles(articles[half:])
        store.save_analyses(analyses[half:])
        got = store.entity_resolution(ids)
        want = resolve_entities(*store.entity_views())
        assert got.entities == want.entities and got.index == want.index
        units = store.timeline_document(name=ENTITY_UNITS_DOC)
        assert units["articles"] == len(articles)
        # the kept units are what is read: spoilt ones (digest unchanged) show in the result...
        spoilt = units | {"counts": [c + 100 for c in units["counts"]]}
        store.save_document(spoilt, name=ENTITY_UNITS_DOC)
        assert store.entity_resolution([]).entities != want.entities
        # ...until a row they were made from changes: then they are made again from every row
        changed = dataclasses.replace(analyses[0], mentions=analyses[0].mentions + (
            Mention(0, 1, "NATO", "ORG", 0, "NATO"),))
        store.save_analyses([changed])
        got = store.entity_resolution(ids)
        want = resolve_entities(*store.entity_views())
        assert got.entities == want.entities and got.index == want.index
        assert store.timeline_document(name=ENTITY_UNITS_DOC)["counts"] != spoilt["counts"]


def test_a_key_first_given_by_a_byline_moves_up_when_a_later_article_names_it():
    """A unit's first occurrence is the earliest over every article: "Kim Jong-un", a byline only in a0 (numbered
    after every mention key), is mentioned in a1, before "Kim Jong Un" of a2: its spelling leads the group, whose
    two tokens ("kim", "jongun") then do not take "Kim Un" in."""
    pile = [_article("a0", "By Kim Jong-un", [("Seoul", "GPE")]),
            _article("a1", None, [("Kim Jong-un", "PERSON")]),
            _article("a2", None, [("Kim Jong Un", "PERSON"), ("Kim Un", "PERSON")])]
    articles, analyses = [a for a, _ in pile], [an for _, an in pile]
    units = json.loads(json.dumps(entity_units(articles, analyses[:1])))
    add_to_units(units, [g for n in (1, 2) for g in article_key_groups(articles[n], analyses[n], n)])
    got = resolve_units(units, _kinds(articles, analyses))
    want = resolve_entities(articles, analyses)
    assert got.entities == want.entities and got.index == want.index
    assert got.index[("a2", "Kim Un")] != got.index[("a2", "Kim Jong Un")] == got.index[("a1", "Kim Jong-un")]


def test_kinds_kept_across_calls_are_reused_only_for_the_same_row(tmp_path):
    """A side process keeps each article's key kinds between adds (`UnitRows.kinds_of(memo=)`): the same kinds as
    worked out afresh, and a changed row (author or entity keys) is worked out again."""
    from dateline.canonical import unit_entities, unit_index, unit_numbers

    articles, analyses = _pile(random.Random(9), 40)
    analysed = {an.article_id for an in analyses}
    articles = [a for a in articles if a.id in analysed]
    ids = [a.id for a in articles]
    memo: dict = {}
    with open_store(tmp_path / "s.db") as store:
        store.add_articles(articles)
        store.save_analyses(analyses)
        store.entity_resolution([])  # saves the units: every row is then an old one, read through the memo
        rows = store.unit_rows()
        assert rows.start == len(ids)
        plain = rows.kinds_of(ids)
        assert rows.kinds_of(ids, memo=memo) == plain and set(memo) == set(ids)
        assert rows.kinds_of(ids, memo=memo) == plain  # (from the memo this time)
        entities, eid_of = unit_entities(rows.units)
        assert unit_index(rows.units, eid_of, plain, numbers=unit_numbers(rows.units)) == unit_index(
            rows.units, eid_of, plain)
        # a stale memo entry (another author) is not trusted
        author, data, kinds = memo[ids[0]]
        memo[ids[0]] = ("Somebody Else", data, {"Wrong": "PERSON"})
        assert rows.kinds_of(ids, memo=memo) == plain
        memo[ids[0]] = (author, data + " ", {"Wrong": "PERSON"})
        assert rows.kinds_of(ids, memo=memo) == plain
