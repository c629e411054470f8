"""Quantities with units."""
from __future__ import annotations

from dateline.extract.numbers import find_quantities


def q(text: str, exclude=()):
    return [(x.text, x.value, x.unit) for x in find_quantities(text, 0, len(text), exclude=exclude)]


def test_approximate_counts_with_units():
    assert q("Pyongyang had sent over 1,000 containers of military equipment") == [("over 1,000 containers", 1000.0, "containers")]
    assert q("ministers representing around 47 countries such as") == [("around 47 countries", 47.0, "countries")]


def test_money_percent_scale_and_words():
    assert q("it cost $2.5 billion, 30 percent more") == [("$2.5 billion", 2.5e9, "dollars"), ("30 percent", 30.0, "percent")]
    assert q("three countries urged") == [("three countries", 3.0, "countries")]
    assert q("Dozens of countries joined") == [("Dozens of countries", None, "countries")]


def test_years_dates_times_and_durations_are_not_quantities():
    assert q("resolutions dating back to 2006 and June 19") == []
    assert q("at 16:53 local time for the first time in 24 years") == []


def test_exclude_spans_of_time_expressions():
    text = "about 5,000 barrels a day"
    assert q(text, exclude=[(6, 11)]) == []
    assert q(text) == [("about 5,000 barrels", 5000.0, "barrels")]


def test_spelled_out_scale_words_are_counted_once():
    from dateline.extract.numbers import find_quantities

    for text, value in [("four thousand people fled", 4000.0), ("three hundred soldiers", 300.0),
                        ("about 4 million barrels", 4e6), ("Around 2,800 people left", 2800.0)]:
        (q,) = find_quantities(text, 0, len(text))
        assert q.value == value, text
