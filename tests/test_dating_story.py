import datetime as dt

from hypothesis import given, strategies as st

from dateline.records import DateWindow, TimeExpr
from dateline.story_dating import estimate_window, retag
from story_helpers import analysis, article, timex

UNDATED = ("Weapons were used against the city on December 30 and January 2.\n"
           "Reports had surfaced as early as 2022.\n")
STORY = [dt.date(2023, 9, 3), dt.date(2023, 10, 26), dt.date(2024, 6, 24)]


def _undated():
    art = article("u", UNDATED)
    tx = [timex(UNDATED, "December 30", "XXXX-12-30", None, anchor="dct"),
          timex(UNDATED, "January 2", "XXXX-01-02", None, anchor="dct"),
          timex(UNDATED, "2022", "2022", DateWindow("2022", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31)))]
    return art, analysis(art, timexes=tx)


def test_year_of_month_day_mentions_comes_from_the_story_and_window_follows_the_latest_event():
    art, an = _undated()
    w, why = estimate_window(art, an, STORY)
    assert w.estimated and w.earliest == dt.date(2024, 1, 2)
    assert dt.date(2024, 1, 1) <= w.earliest <= dt.date(2024, 1, 9) <= w.latest <= dt.date(2024, 1, 31)


def test_story_in_an_earlier_year_moves_the_estimate():
    art, an = _undated()
    w, _ = estimate_window(art, an, [d.replace(year=d.year - 1) for d in STORY])
    assert w.earliest == dt.date(2023, 1, 2)


def test_without_dated_mentions_the_window_spans_the_most_similar_dated_articles():
    art = article("u", "No dates here at all.\n")
    w, _ = estimate_window(art, analysis(art), STORY, similar_dates=[dt.date(2023, 10, 26), dt.date(2023, 10, 27)])
    assert (w.earliest, w.latest) == (dt.date(2023, 10, 25), dt.date(2023, 10, 28))
    assert estimate_window(art, analysis(art), [], similar_dates=[]) is None


def _fake_tag(text, dct, *, sentences=None):
    i = text.index("Wednesday")
    days_ahead = (2 - dct.weekday()) % 7 or 7
    d = dct + dt.timedelta(days=days_ahead)
    return (TimeExpr(i, i + 9, "Wednesday", "DATE", d.isoformat(), DateWindow(d.isoformat(), "day", d, d)),)


@given(st.integers(min_value=0, max_value=20))
def test_retag_takes_the_union_over_the_window_and_marks_estimated(width):
    text = "They meet on Wednesday.\n"
    start = dt.date(2024, 1, 2)
    w = DateWindow(None, "approximate", start, start + dt.timedelta(days=width), True)
    (t,) = retag(text, (), w, _fake_tag)
    assert t.window.estimated
    assert t.window.earliest == _fake_tag(text, w.earliest)[0].window.earliest
    assert t.window.latest == _fake_tag(text, w.latest)[0].window.latest
