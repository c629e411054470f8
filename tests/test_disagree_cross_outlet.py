"""Disagreements across outlets: a denial against the earlier report it denies, and conflicting figures.

Hand-made articles (one sentence per line); the fictional names mean nothing outside these tests.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.disagree import (CLAIM_DENIAL, StoryArticle, conflicting_numbers, count_interval, denial_vs_reports,
                               denied_words, unit_class)
from story_helpers import analysis, article

D = dt.date(2025, 3, 3)


def member(aid: str, text: str, outlet: str, day: dt.date | None, *, copies: tuple[str, ...] = ()) -> StoryArticle:
    art = article(aid, text, day=day, outlet=outlet)
    return StoryArticle(art, analysis(art), "outlet:" + outlet.lower(), outlet,
                        day.toordinal() if day else None, copies)


REPORT = member("r1", "A surveyor warned in May that deep fissures had opened in the Marlow viaduct piers, "
                      "according to a letter seen by the Gazette.\nThe letter went to Tarn Builders.", "Gazette", D)
DENIAL = member("d1", "Tarn Builders on Friday denied that it had ever received a warning about fissures in the "
                      "viaduct piers, a day after a newspaper reported it.\nThe viaduct stays closed.", "Wire",
                D + dt.timedelta(days=1), copies=("d1-copy",))


def test_a_denial_is_paired_with_the_other_outlets_earlier_report():
    found = denial_vs_reports([REPORT, DENIAL])
    assert len(found) == 1
    d = found[0]
    assert d.kind == "denial"
    assert d.article_ids == ("r1", "d1", "d1-copy")  # the report, the denial and the denial's copy
    assert d.citations[0].sentence.startswith("A surveyor warned")
    assert d.citations[1].sentence.startswith("Tarn Builders on Friday denied")
    assert "reported by Gazette" in d.description


def test_a_report_published_after_the_denial_is_not_what_was_denied():
    late = member("r1", REPORT.article.text, "Gazette", D + dt.timedelta(days=5))
    assert denial_vs_reports([late, DENIAL]) == []


def test_the_same_outlet_never_disputes_itself():
    same = member("r1", REPORT.article.text, "Wire", D)
    assert denial_vs_reports([same, DENIAL]) == []


def test_unrelated_sentences_are_no_report():
    other = member("o1", "Heavy rain closed three schools in the valley on Monday.\nBuses ran late.", "Gazette", D)
    assert denial_vs_reports([other, DENIAL]) == []


@pytest.mark.parametrize("text", [
    "The ministry denied that troops had crossed the border.",
    "Critics say the tower was built without permits, which the firm denies.",
    "The company repeated that it never received the memo.",
    "Officials refuted the claims on Monday.",
])
def test_denial_forms(text):
    assert CLAIM_DENIAL.search(text)


@pytest.mark.parametrize("text", [
    "The court dismissed the case.",
    "We have not seen this virus before.",
    "His offer of help was not better received.",
    "The board rejected the offer.",
])
def test_decisions_and_plain_negations_are_not_denials(text):
    assert not CLAIM_DENIAL.search(text)


def test_denied_words_are_the_denied_clause():
    text = "Tarn Builders on Friday denied that it had ever received a warning about fissures, a day after a report."
    words = denied_words(text, CLAIM_DENIAL.search(text))
    assert {"warn", "fissur"} <= words and "report" not in words
    text = "Critics say the tower was built without permits, which the firm denies."
    assert "permit" in denied_words(text, CLAIM_DENIAL.search(text))


FIG_A = member("a", "About 4,200 residents of Elm Ford and Caddow were told to leave their homes.", "Wire", D)
FIG_B = member("b", "Around 2,800 people left Elm Ford and Caddow on Thursday, the council said.", "Daily",
               D + dt.timedelta(days=1))


def test_conflicting_counts_of_the_same_thing_across_outlets():
    found = conflicting_numbers([FIG_A, FIG_B])
    assert [d.kind for d in found] == ["conflicting_numbers"]
    assert set(found[0].article_ids) == {"a", "b"}
    assert {c.sentence for c in found[0].citations} == {FIG_A.article.text, FIG_B.article.text}


def test_figures_that_agree_within_their_approximation_are_no_conflict():
    close = member("b", "Around 4,000 people left Elm Ford and Caddow on Thursday.", "Daily", D)
    assert conflicting_numbers([FIG_A, close]) == []


def test_counts_far_apart_in_time_or_from_one_outlet_or_about_other_things_are_no_conflict():
    late = member("b", FIG_B.article.text, "Daily", D + dt.timedelta(days=20))
    same_outlet = member("b", FIG_B.article.text, "Wire", D)
    other_thing = member("b", "Around 2,800 people attended the music festival in Lindow.", "Daily", D)
    change = member("b", "The number who left Elm Ford and Caddow rose to 2,800 people.", "Daily", D)
    for b in (late, same_outlet, other_thing, change):
        assert conflicting_numbers([FIG_A, b]) == []


def test_a_rate_is_not_compared_with_a_total_nor_a_conversion_with_its_figure():
    rate = member("a", "Some 5,000 barrels of oil a day leak from the Kell well.", "Wire", D)
    total = member("b", "Some 60,000 barrels of oil have leaked from the Kell well.", "Daily", D)
    assert conflicting_numbers([rate, total]) == []
    conv = member("b", "The Kell well lies about 40 miles (64 km) off the coast of Dunmore.", "Daily", D)
    conv2 = member("a", "The Kell well lies 40 miles off the coast of Dunmore.", "Wire", D)
    assert conflicting_numbers([conv, conv2]) == []


def test_unit_classes():
    assert unit_class("residents") == unit_class("people") == unit_class("villagers") == "people"
    assert unit_class("barrels") == "barrel"
    assert unit_class(None) is None


@given(st.floats(min_value=1, max_value=1e12, allow_nan=False),
       st.sampled_from(["", "about ", "more than ", "up to ", "nearly ", "at least "]))
def test_count_interval_contains_the_figure(value, prefix):
    low, high = count_interval(f"{prefix}{value:g} people", value)
    assert low <= value <= high
