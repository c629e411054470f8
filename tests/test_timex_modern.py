"""Unit tests of patterns fixed after inspecting the modern-news dev set (hand-made sentences, 2015-2026 style).

The dev set itself (written and annotated for this project, TimeML-style) lives outside the repo's tests; these
sentences are new ones of the same shapes.
"""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.extract.timex import tag

D = dt.date


def value(text: str, dct: dt.date, phrase: str) -> str:
    found = [t for t in tag(text, dct) if t.text == phrase]
    assert found, f"{phrase!r} not tagged in {text!r}: {[t.text for t in tag(text, dct)]}"
    return found[0].value


@pytest.mark.parametrize("text, dct, phrase, expected", [
    # an attribution tail's reporting verb dates the saying, not the plan reported
    ("The president will begin consultations with party leaders on Wednesday, his office said.", D(2024, 6, 10),
     "Wednesday", "2024-06-12"),
    ("The ministry will publish the figures on Friday, officials told reporters.", D(2025, 3, 10), "Friday",
     "2025-03-14"),
    # ... while a past clause before the tail stays past
    ("The talks collapsed on Wednesday, the union said.", D(2024, 6, 10), "Wednesday", "2024-06-05"),
])
def test_attribution_tail_does_not_set_the_tense(text, dct, phrase, expected) -> None:
    assert value(text, dct, phrase) == expected


@pytest.mark.parametrize("text, dct, phrase, expected", [
    ("The package funds federal agencies through Sept. 30.", D(2024, 1, 20), "Sept. 30", "2024-09-30"),
    ("Lawmakers hope to finish the work before the Oct. 1 deadline.", D(2024, 1, 20), "Oct. 1", "2024-10-01"),
    ("The offer stays open until March 15.", D(2025, 11, 2), "March 15", "2026-03-15"),
    # a past clause leaves the nearest occurrence
    ("The company missed the Oct. 1 deadline.", D(2024, 1, 20), "Oct. 1", "2023-10-01"),
    ("The strike lasted until Sept. 30.", D(2024, 1, 20), "Sept. 30", "2023-09-30"),
])
def test_a_deadline_in_a_clause_without_a_past_verb_is_still_to_come(text, dct, phrase, expected) -> None:
    assert value(text, dct, phrase) == expected


@pytest.mark.parametrize("text, dct, phrase, expected", [
    ("She will file a bill when the Legislature reconvenes in January.", D(2017, 6, 27), "January", "2018-01"),
    ("The club plays in the continental cup, which begins in September.", D(2025, 2, 12), "September", "2025-09"),
    # a present-tense state further away places nothing: the past verb next to the month does
    ("The fund began raising its stake in July, and holds 14.6% of the shares.", D(1989, 10, 30), "July",
     "1989-07"),
])
def test_a_scheduled_present_next_to_a_month_announces_it(text, dct, phrase, expected) -> None:
    assert value(text, dct, phrase) == expected


def test_the_previous_year_in_a_comparison_counts_from_the_year_it_compares_with() -> None:
    text = "Prosecutors filed 11 such cases in 2015, up from four in the previous year."
    assert value(text, D(2017, 6, 27), "the previous year") == "2014"
    # alone, or with the year in an earlier sentence, it is the DCT's previous year
    assert value("Sales fell in the previous year.", D(2017, 6, 27), "the previous year") == "2016"
    text = "Reports surfaced as early as 2022. Later, in the preceding year, the envoy told the UN."
    assert value(text, D(2024, 1, 9), "the preceding year") == "2023"


@pytest.mark.parametrize("text, phrase, ttype, expected", [
    ("It was the worst drought of the past quarter century.", "the past quarter century", "DURATION", "P25Y"),
    ("Prices have doubled over a quarter-century.", "a quarter-century", "DURATION", "P25Y"),
    ("The style peaked in the mid-20th century.", "the mid-20th century", "DATE", "19"),
    ("The bridge dates from the late 19th century.", "the late 19th century", "DATE", "18"),
])
def test_quarter_centuries_and_centuries_with_a_mod(text, phrase, ttype, expected) -> None:
    found = [t for t in tag(text, D(2021, 9, 1)) if t.text == phrase]
    assert found and found[0].type == ttype and found[0].value == expected
    assert not [t for t in tag(text, D(2021, 9, 1)) if t.text.endswith("quarter")]


@pytest.mark.parametrize("text, dct, phrase, expected", [
    ("The warning is in force from 00:01 Monday until 23:59 Tuesday.", D(2022, 7, 17), "00:01 Monday",
     "2022-07-18T00:01"),
    ("The warning is in force from 00:01 Monday until 23:59 Tuesday.", D(2022, 7, 17), "23:59 Tuesday",
     "2022-07-19T23:59"),
    ("Trading opened at 08:30 GMT.", D(2022, 7, 17), "08:30 GMT", "2022-07-17T08:30"),
    # a past clause keeps a "from" weekday in the past
    ("Schools were closed from Monday to Wednesday.", D(2022, 7, 17), "Monday", "2022-07-11"),
    ("The FDA had originally been due to rule in September.", D(2020, 12, 18), "September", "2020-09"),
    ("Traders are pricing the next rate cut no earlier than September.", D(2025, 2, 14), "September", "2025-09"),
])
def test_clock_times_ranges_and_overtaken_plans(text, dct, phrase, expected) -> None:
    assert value(text, dct, phrase) == expected


def test_a_score_is_not_a_clock_time() -> None:
    assert not [t for t in tag("The score was 3:45 on Monday.", D(2022, 7, 17)) if t.text.startswith("3:45")]


@pytest.mark.parametrize("text, phrase, expected", [
    ("Trains run five days a week.", "five days a week", "P1W"),
    ("Take the pill twice a day.", "twice a day", "P1D"),
    ("The board meets three times a year.", "three times a year", "P1Y"),
])
def test_a_frequency_is_part_of_its_set(text, phrase, expected) -> None:
    found = [t for t in tag(text, D(2022, 7, 17)) if t.text == phrase]
    assert found and found[0].type == "SET" and found[0].value == expected


def test_a_span_before_ago_is_not_a_frequency() -> None:
    found = {t.text: t for t in tag("He spent two days a week ago.", D(2022, 7, 17))}
    assert "a week ago" in found and found["two days"].type == "DURATION"


def test_seasons_of_a_relative_year() -> None:
    text = "Talks began in the spring of last year and resumed in spring this year."
    assert value(text, D(2024, 1, 3), "the spring of last year") == "2023-SP"
    assert value(text, D(2024, 1, 3), "spring this year") == "2024-SP"
