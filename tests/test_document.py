"""The JSON document: publication-date outliers are flagged, estimated dates marked."""
from __future__ import annotations

import datetime as dt

from dateline.document import build_document, pub_date_outliers
from dateline.records import Article, DateWindow, PubDate, Story, Timeline


def art(i: int, day: dt.date | None, *, estimated: bool = False) -> Article:
    pub = PubDate(DateWindow(day.isoformat(), "day", day, day, estimated), "header") if day else None
    return Article(id=f"a{i}", origin=f"{i}.txt", source_file=f"{i}.txt", fmt="text", raw="x", text="x", title=None,
                   url=None, outlet=None, author=None, language="en", language_score=1.0, pub_date=pub)


def test_a_far_off_date_in_a_story_is_flagged_and_a_long_story_is_not():
    days = [dt.date(2024, 1, d) for d in (2, 5, 9, 12)] + [dt.date(1900, 3, 1), dt.date(2150, 3, 1)]
    articles = [art(i, d) for i, d in enumerate(days)]
    story = Story("s", None, tuple(a.id for a in articles))
    assert pub_date_outliers(articles, [story]) == {"a4", "a5"}
    yearly = [art(i, dt.date(2005, 1, 1) + dt.timedelta(days=30 * i)) for i in range(12)]
    assert pub_date_outliers(yearly, [Story("y", None, tuple(a.id for a in yearly))]) == set()


def test_document_articles_carry_flags():
    articles = [art(i, dt.date(2024, 1, 2 + i)) for i in range(3)] + [art(9, dt.date(1900, 1, 1)), art(7, None)]
    est = DateWindow(None, "approximate", dt.date(2024, 1, 2), dt.date(2024, 1, 9), True)
    timeline = Timeline(stories=(Story("s", None, tuple(a.id for a in articles)),), entities=(), entries=(),
                        disagreements=(), pub_dates=(("a7", est),))
    doc = build_document(timeline, articles, generated_by="test")
    flags = {a["id"]: a["flags"] for a in doc["articles"]}
    assert flags["a9"] == ["pub_date_outlier"] and flags["a7"] == ["estimated_date"] and flags["a0"] == []


def test_an_estimated_date_says_what_it_rests_on():
    articles = [art(i, dt.date(2024, 1, 2 + i)) for i in range(3)] + [art(7, None), art(8, None)]
    est = DateWindow(None, "approximate", dt.date(2024, 1, 2), dt.date(2024, 1, 4), True)
    why = "81 % of the evidence (dates in the lead, similar dated articles)"
    timeline = Timeline(stories=(Story("s", None, tuple(a.id for a in articles)),), entities=(), entries=(),
                        disagreements=(), pub_dates=(("a7", est), ("a8", est)), pub_date_reasons=(("a7", why),))
    evidence = {a["id"]: a["pub_date_evidence"] for a in build_document(timeline, articles, generated_by="t")["articles"]}
    assert evidence["a7"] == "story-estimate: " + why and evidence["a8"] == "story-estimate"
    assert evidence["a0"] == "header"
