"""Unit tests of patterns fixed after inspecting TimeBank + AQUAINT-dev errors (round 3); hand-made sentences."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract import timex_calendar as cal
from dateline.extract.timex import tag

D = dt.date


def one(text: str, dct: dt.date | None, phrase: str):
    found = [t for t in tag(text, dct) if t.text == phrase]
    assert found, f"{phrase!r} not tagged in {text!r}: {[t.text for t in tag(text, dct)]}"
    return found[0]


def texts(text: str, dct: dt.date | None) -> list[str]:
    return [t.text for t in tag(text, dct)]


# --- floating holidays ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, dct, phrase, value",
    [
        ("The boat was spotted on Thanksgiving Day by a fisherman.", D(2000, 1, 7), "Thanksgiving Day", "1999-11-25"),
        ("Turkey sales peak before Thanksgiving.", D(2023, 11, 1), "Thanksgiving", "2023-11-23"),
        ("Ads will run until Election Day.", D(1998, 10, 26), "Election Day", "1998-11-03"),
        ("The shops closed on Good Friday.", D(2024, 4, 10), "Good Friday", "2024-03-29"),
        ("Crowds gathered at Easter.", D(2024, 4, 10), "Easter", "2024-03-31"),
        ("The strike began on Labor Day.", D(2023, 9, 20), "Labor Day", "2023-09-04"),
        ("Parades marked Memorial Day 2019.", D(2024, 4, 10), "Memorial Day 2019", "2019-05-27"),
        ("Offices close on Martin Luther King Jr. Day.", D(2024, 1, 2), "Martin Luther King Jr. Day", "2024-01-15"),
    ],
)
def test_floating_holidays(text, dct, phrase, value) -> None:
    t = one(text, dct, phrase)
    assert (t.type, t.value) == ("DATE", value)
    assert t.window.earliest == t.window.latest == D.fromisoformat(value)


@pytest.mark.parametrize("text", ["The ship sailed to Easter Island.", "Eastern Airlines cut flights.",
                                  "Troops moved into eastern Europe and the New Year began."])
def test_easter_lookalikes_are_not_holidays(text) -> None:
    assert not any("aster" in t for t in texts(text, D(2024, 4, 10)))


def test_floating_holiday_without_dct_is_underspecified() -> None:
    t = one("They met on Thanksgiving.", None, "Thanksgiving")
    assert t.value == "XXXX-XX-XX" and t.window is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1583, max_value=9998))
def test_floating_holiday_rules_hold_every_year(year: int) -> None:
    thanks = cal.floating_holiday("thanksgiving", year)
    assert thanks.month == 11 and thanks.weekday() == 3 and 22 <= thanks.day <= 28
    election = cal.floating_holiday("election day", year)
    assert election.month == 11 and election.weekday() == 1 and 2 <= election.day <= 8
    memorial = cal.floating_holiday("memorial day", year)
    assert memorial.month == 5 and memorial.weekday() == 0 and memorial.day >= 25
    easter = cal.easter(year)
    assert easter.weekday() == 6 and D(year, 3, 22) <= easter <= D(year, 4, 25)
    assert cal.floating_holiday("good friday", year) == easter - dt.timedelta(days=2)


# --- midday, "last Oct. 23", "next March 3" -----------------------------------------------------------------------

def test_midday_is_noon() -> None:
    t = one("The suspect is to appear before a judge at midday, officials said.", D(1999, 10, 8), "midday")
    assert (t.type, t.value) == ("TIME", "1999-10-08T12:00")


def test_last_month_day_is_a_day_not_last_month() -> None:
    t = one("The doctor was killed last Oct. 23 in his kitchen.", D(1999, 4, 19), "Oct. 23")
    assert t.value == "1998-10-23"
    assert "last Oct." not in texts("The doctor was killed last Oct. 23 in his kitchen.", D(1999, 4, 19))


def test_last_month_alone_is_still_last_month() -> None:
    assert one("Prices fell last March, analysts said.", D(1999, 4, 19), "last March").value == "1998-03"


def test_next_month_day_is_ahead() -> None:
    assert one("The firm reported losses and holds a vote next March 3.", D(1999, 4, 19), "March 3").value == \
        "2000-03-03"


# --- weekdays: earliest-time and deadline cues, "was about to" -----------------------------------------------------

MONDAY = D(2000, 4, 3)


@pytest.mark.parametrize("cue", ["as soon as", "as early as", "no earlier than"])
def test_as_soon_as_weekday_is_ahead(cue) -> None:
    # the reporting verb is past and nearer than any plan; the cue alone says the day has not come yet
    t = one(f"The team could leave {cue} Tuesday, the coach said.", MONDAY, "Tuesday")
    assert t.value == "2000-04-04"


def test_deadline_weekday_takes_the_nearer_one() -> None:
    t = one("The agency gave the family until 9 a.m. Tuesday to sign the papers.", MONDAY, "9 a.m. Tuesday")
    assert t.value == "2000-04-04T09:00"
    t = one("The agency had given the family until Saturday, and they signed.", MONDAY, "Saturday")
    assert t.value == "2000-04-01"


def test_unmarked_past_weekday_is_unchanged() -> None:
    assert one("Rebels fled the town on Tuesday, witnesses said.", MONDAY, "Tuesday").value == "2000-03-28"


def test_was_about_to_is_a_past_moment() -> None:
    t = one("Police arrested him early on Thursday as he was about to board a plane.", D(1999, 10, 8), "Thursday")
    assert t.value == "1999-10-07"
    t = one("The minister is about to leave for talks on Thursday.", D(1999, 10, 8), "Thursday")
    assert t.value == "1999-10-14"


# --- names and generic uses that are not time expressions ----------------------------------------------------------

def test_a_capitalised_unit_mid_sentence_is_a_title() -> None:
    assert texts("She told NBC's '48 Hours' about the case.", D(2000, 4, 3)) == []
    assert one("The talks lasted 48 hours.", D(2000, 4, 3), "48 hours").value == "PT48H"


def test_daily_before_a_name_is_a_newspaper() -> None:
    assert texts("The party daily Pravda praised the plan.", D(2000, 4, 3)) == []
    assert one("The paper appears daily, officials said.", D(2000, 4, 3), "daily").value == "P1D"
    assert one("Buses run daily Monday through Friday.", D(2000, 4, 3), "daily").value == "P1D"


@pytest.mark.parametrize("text", ["Phones are everywhere in today's world.", "Tablets are for today's children.",
                                  "She trains the leaders of tomorrow."])
def test_today_and_tomorrow_as_an_age_are_not_days(text) -> None:
    assert texts(text, D(2000, 4, 3)) == []


@pytest.mark.parametrize("text, phrase, value", [("Today's vote was delayed.", "Today", "2000-04-03"),
                                                 ("The results of today were poor.", "today", "2000-04-03"),
                                                 ("The vote of tomorrow's session is open.", "tomorrow", "2000-04-04")])
def test_today_and_tomorrow_as_days_stay(text, phrase, value) -> None:
    assert one(text, D(2000, 4, 3), phrase).value == value


def test_possessive_weekday_is_placed_by_the_verb_on_its_left() -> None:
    friday = D(1989, 10, 27)
    t = one("The move follows Tuesday's offer by the bank, which is prepared to raise it.", friday, "Tuesday")
    assert t.value == "1989-10-24"
    assert one("The minister will attend Tuesday's summit.", friday, "Tuesday").value == "1989-10-31"


def test_noun_of_intention_with_infinitive_marks_a_later_event() -> None:
    text = "The bank announced an agreement to buy the insurer in January."
    assert one(text, D(1989, 11, 2), "January").value == "1990-01"
    assert one("The bank bought the insurer in January.", D(1989, 11, 2), "January").value == "1989-01"


# --- "Now," opening a sentence is a discourse marker ------------------------------------------------------------

@pytest.mark.parametrize(
    "text, tagged",
    [
        ("Losses mounted. Now, following asset sales, the company is profitable.", False),
        ('Iraq was ready. "Now, he says, it looks like the West wanted war.', False),
        ("Losses mounted. Now officials are investigating the unit.", True),
        ("Losses mounted, and now, officials say, the unit is profitable.", True),
        ("It is profitable right now, officials say.", True),
    ],
)
def test_sentence_opening_now_with_comma_is_not_a_timex(text: str, tagged: bool) -> None:
    assert any(t.value == "PRESENT_REF" for t in tag(text, D(1989, 10, 30))) == tagged


@pytest.mark.parametrize(
    "text, type_, value",
    [
        ("It was one of the events of the past century.", "DURATION", "P100Y"),
        ("Over the last century, the town grew.", "DURATION", "P100Y"),  # was read as a "4th" century: "03"
        ("In the previous century the town was small.", "DATE", "18"),
        ("It was the biggest merger of the 20th century.", "DATE", "19"),
    ],
)
def test_the_past_century_is_a_span_like_the_past_decade(text: str, type_: str, value: str) -> None:
    found = [t for t in tag(text, D(1989, 11, 1)) if "century" in t.text]
    assert [(t.type, t.value) for t in found] == [(type_, value)]
