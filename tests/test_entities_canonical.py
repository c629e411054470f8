"""Cross-article canonicalisation on hand-made analyses (no model)."""
from __future__ import annotations

import datetime as dt

from dateline.canonical import byline_names, entity_index, merge_entities, resolve_entities
from dateline.records import Analysis, Article, DateWindow, Mention, PubDate, Role


def art(aid: str, author: str | None = None, day: dt.date | None = dt.date(2023, 9, 3)) -> Article:
    pub = PubDate(DateWindow(day.isoformat(), "day", day, day), "t") if day else None
    return Article(id=aid, origin=aid, source_file=None, fmt="text", raw="", text="", title=None, url=None,
                   outlet=None, author=author, language="en", language_score=None, pub_date=pub)


def an(aid: str, mentions: list[tuple[str, str, str]], roles: list[Role] = ()) -> Analysis:
    ms = tuple(Mention(i, i + 1, text, label, 0, key) for i, (text, label, key) in enumerate(mentions))
    return Analysis(article_id=aid, sentences=(), mentions=ms, roles=tuple(roles))


def by_alias(entities, alias):
    return [e for e in entities if alias in e.aliases]


def test_spelling_variants_and_lone_surnames_merge_but_people_stay_distinct():
    articles = [art("a"), art("b"), art("c")]
    analyses = [
        an("a", [("Sergei Shoigu", "PERSON", "Sergei Shoigu"), ("Sergey Lavrov", "PERSON", "Sergey Lavrov")],
           [Role("Sergei Shoigu", "Russian Defense Minister", dt.date(2023, 9, 3), 0)]),
        an("b", [("Sergey Shoigu", "PERSON", "Sergey Shoigu"), ("Kim Jong-un", "PERSON", "Kim Jong-un")]),
        an("c", [("Shoigu", "PERSON", "Shoigu"), ("Kim Jong Un", "PERSON", "Kim Jong Un"),
                 ("Kim Seung-yeon", "PERSON", "Kim Seung-yeon")]),
    ]
    ents = merge_entities(articles, analyses)
    shoigu = by_alias(ents, "Shoigu")
    assert len(shoigu) == 1 and {"Sergei Shoigu", "Sergey Shoigu"} <= set(shoigu[0].aliases)
    assert shoigu[0].roles[0].role == "Russian Defense Minister"
    assert shoigu[0].roles[0].as_of == dt.date(2023, 9, 3)
    assert by_alias(ents, "Sergey Lavrov")[0].id != shoigu[0].id
    kim = by_alias(ents, "Kim Jong Un")[0]
    assert "Kim Jong-un" in kim.aliases and "Kim Seung-yeon" not in kim.aliases


def test_ambiguous_surname_stays_apart_unless_one_name_dominates():
    articles = [art("a"), art("b")]
    analyses = [
        an("a", [("George Bush", "PERSON", "George Bush"), ("Laura Bush", "PERSON", "Laura Bush")]),
        an("b", [("Bush", "PERSON", "Bush")]),
    ]
    ents = merge_entities(articles, analyses)
    assert len(by_alias(ents, "Bush")) == 1 and by_alias(ents, "Bush")[0].name == "Bush"


def test_acronyms_join_their_long_form_and_index_covers_every_key():
    articles = [art("a"), art("b")]
    analyses = [
        an("a", [("U.N. Security Council", "ORG", "U.N. Security Council"), ("UNSC", "ORG", "U.N. Security Council")]),
        an("b", [("UNSC", "ORG", "UNSC"), ("United Nations", "ORG", "United Nations"), ("UN", "ORG", "UN")]),
    ]
    res = resolve_entities(articles, analyses)
    council = by_alias(res.entities, "U.N. Security Council")[0]
    assert res.entity_for("b", "UNSC") == council.id
    assert res.entity_for("b", "UN") == by_alias(res.entities, "United Nations")[0].id
    assert set(entity_index(articles, analyses)) == {("a", "U.N. Security Council"), ("b", "UNSC"),
                                                     ("b", "United Nations"), ("b", "UN")}


def test_byline_author_without_a_mention_is_an_entity():
    articles = [art("a", author="Kim Seung-yeon")]
    ents = merge_entities(articles, [an("a", [("Kim Jong-un", "PERSON", "Kim Jong-un")])])
    author = by_alias(ents, "Kim Seung-yeon")
    assert author and author[0].type == "PERSON" and author[0].roles[0].role.startswith("reporter")
    assert byline_names("By Jane Doe and John Roe") == ["Jane Doe", "John Roe"]
    assert byline_names("Reuters") == []


def test_one_type_per_name_across_the_pile_and_legal_suffixes():
    """A name NER typed differently in different articles is one entity of the type most mentions give it (QA
    bridge story: the city "Kessler" was a person, a place and an organisation; "Halvorsen Construction" a person
    and two organisations)."""
    articles = [art(a) for a in "abcd"]
    analyses = [
        an("a", [("Kessler", "GPE", "Kessler"), ("Kessler", "GPE", "Kessler"),
                 ("Halvorsen Construction Co.", "ORG", "Halvorsen Construction Co")]),
        an("b", [("Kessler", "PERSON", "Kessler"), ("Halvorsen Construction", "PERSON", "Halvorsen Construction")]),
        an("c", [("Kessler", "ORG", "Kessler"), ("Kessler", "GPE", "Kessler"),
                 ("Halvorsen Construction", "ORG", "Halvorsen Construction")]),
        an("d", [("Halvorsen Construction", "ORG", "Halvorsen Construction")]),
    ]
    res = resolve_entities(articles, analyses)
    kessler = by_alias(res.entities, "Kessler")
    assert [(e.type, e.mention_count) for e in kessler] == [("GPE", 5)]
    assert {res.index[(a, "Kessler")] for a in "abc"} == {kessler[0].id}
    company = by_alias(res.entities, "Halvorsen Construction")
    assert len(company) == 1 and company[0].type == "ORG" and company[0].name == "Halvorsen Construction"
    assert "Halvorsen Construction Co." in company[0].aliases


def test_acronym_spelling_a_function_word_joins_its_long_form():
    """"ODOT" is Ohio Department Of Transportation: the initials may or may not spell "of"."""
    articles = [art("a"), art("b")]
    analyses = [
        an("a", [("Ohio Department of Transportation", "ORG", "Ohio Department of Transportation")]),
        an("b", [("ODOT", "ORG", "ODOT"), ("ODOT", "ORG", "ODOT")]),
    ]
    ents = merge_entities(articles, analyses)
    odot = by_alias(ents, "ODOT")
    assert len(odot) == 1 and "Ohio Department of Transportation" in odot[0].aliases and odot[0].mention_count == 3


def test_a_lone_name_shared_by_a_company_and_a_person_joins_only_a_dominant_one():
    articles = [art(a) for a in "abc"]
    analyses = [
        an("a", [("Halvorsen Construction", "ORG", "Halvorsen Construction")] * 2
           + [("Greg Halvorsen", "PERSON", "Greg Halvorsen")] * 2),
        an("b", [("Halvorsen", "PERSON", "Halvorsen")]),  # the company or its chief executive: nobody can tell
        an("c", [("Ford Motor Co.", "ORG", "Ford Motor Co")] * 3 + [("Ford", "PERSON", "Ford")]),
    ]
    res = resolve_entities(articles, analyses)
    lone = res.index[("b", "Halvorsen")]
    assert lone not in {res.index[("a", "Halvorsen Construction")], res.index[("a", "Greg Halvorsen")]}
    assert res.index[("c", "Ford")] == res.index[("c", "Ford Motor Co")]  # no person Ford: the company
