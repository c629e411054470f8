"""Which dated sentences can carry a date conflict: calendar days stated outright, once, for what happened."""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.records import DateWindow, Sentence
from dateline.timeline import Item, firm_day

D = dt.date(2010, 1, 14)


def _item(text: str, expr: str, *, modalities=frozenset(), granularity="day") -> Item:
    return Item("a", Sentence(0, 0, len(text), text), DateWindow(D.isoformat(), granularity, D, D), expr, "timex",
                frozenset(), frozenset(), frozenset(), frozenset(modalities))


@pytest.mark.parametrize("text,expr", [
    ("On June 18, Putin visited North Korea.", "June 18"),
    ("The first ship docked at the port on 16 January.", "16 January"),
])
def test_a_calendar_day_stated_outright_is_firm(text, expr):
    assert firm_day(_item(text, expr))


@pytest.mark.parametrize("text,expr,kw", [
    ("The minister arrived on Thursday.", "Thursday", {}),  # a weekday, resolved by us
    ("Posted by: kray | September 24, 2008 6:14 PM | Report abuse He should debate.", "September 24, 2008", {}),
    ("The leaders met on April 16 and 17 in Paris.", "April 16", {}),  # two days named
    ("Talks will open on June 16.", "June 16", {"modalities": {"planned"}}),
    ("The talks opened in January.", "January", {"granularity": "month"}),
])
def test_weekdays_stamps_spans_plans_and_months_are_not(text, expr, kw):
    assert not firm_day(_item(text, expr, **kw))
