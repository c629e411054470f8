"""Property tests: the tagger never crashes, writes valid TIMEX3 values and ordered windows, for any text and date."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.timex import tag
from dateline.extract.timex_calendar import is_valid_value

WORDS = [
    "Thursday", "Monday", "last", "next", "this", "week", "month", "year", "ago", "earlier", "later", "the",
    "December", "May", "30", "2", "2023", "1999", "mid-", "late", "early", "quarter", "third", "summer", "fall",
    "every", "days", "three", "24", "years", "recently", "now", "will", "said", "on", "in", "and", ",", ".",
    "Sept.", "p.m.", "noon", "'90s", "the 1990s", "fiscal", "preceding", "following", "of", "a", "few", "Q3",
    "yesterday", "tomorrow", "tonight", "morning", "weekend", "century", "21st", "Christmas", "between",
    "Thanksgiving", "Easter", "Election Day", "Good Friday", "midday", "as soon as", "until", "soon", "Oct. 23",
]
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
texts = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join))


def _check(text: str, dct: dt.date | None) -> None:
    for t in tag(text, dct):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert is_valid_value(t.value), t
        if t.window is not None:
            assert t.window.earliest <= t.window.latest, t
            assert t.window.granularity in ("day", "week", "month", "quarter", "year", "approximate")


@settings(max_examples=300, deadline=None)
@given(texts, st.one_of(st.none(), dates))
def test_never_crashes_and_values_are_valid(text: str, dct: dt.date | None) -> None:
    _check(text, dct)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join), dates)
def test_calendar_extremes(text: str, dct: dt.date) -> None:
    _check(text, dct)


def test_expressions_do_not_overlap() -> None:
    text = "On Thursday, December 30, 2023, three days ago and last week, every Monday since the 1990s."
    spans = sorted((t.start, t.end) for t in tag(text, dt.date(2024, 1, 9)))
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(dates.filter(lambda d: dt.date(2, 1, 1) < d < dt.date(9998, 1, 1)))
def test_weekday_tables_for_every_weekday_of_the_reference_date(dct: dt.date) -> None:
    for i, name in enumerate(WEEKDAYS, start=1):
        (past,) = [t for t in tag(f"The ministers met on {name}.", dct) if t.text == name]
        (plan,) = [t for t in tag(f"The ministers will meet on {name}.", dct) if t.text == name]
        p = dt.date.fromisoformat(past.value)
        f = dt.date.fromisoformat(plan.value)
        assert p.isoweekday() == i and f.isoweekday() == i
        assert 0 <= (dct - p).days <= 6, (dct, name, past)
        assert 0 <= (f - dct).days <= 6, (dct, name, plan)
        assert past.window.earliest == past.window.latest == p


def test_weekday_table_exhaustive_for_one_week() -> None:
    # the reference date runs through all seven weekdays; the same weekday is the reference date itself
    for k in range(7):
        dct = dt.date(2024, 1, 8) + dt.timedelta(days=k)
        for i, name in enumerate(WEEKDAYS, start=1):
            past = [t for t in tag(f"They met on {name}.", dct) if t.text == name][0]
            plan = [t for t in tag(f"They will meet on {name}.", dct) if t.text == name][0]
            back = (dct.isoweekday() - i) % 7
            ahead = (i - dct.isoweekday()) % 7
            assert past.value == (dct - dt.timedelta(days=back)).isoformat()
            assert plan.value == (dct + dt.timedelta(days=ahead)).isoformat()
