"""Generic record ⇄ JSON conversion: every record survives a round trip through JSON text."""
from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, strategies as st

from dateline import records
from dateline.serialize import from_jsonable, to_jsonable

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
windows = st.builds(
    lambda a, b, g, e: records.DateWindow(None, g, min(a, b), max(a, b), e),
    dates, dates, st.sampled_from(records.GRANULARITIES), st.booleans(),
)
text = st.text(max_size=30)
timexes = st.builds(records.TimeExpr, st.integers(0, 99), st.integers(0, 99), text, text, text,
                    st.none() | windows, st.none() | text, st.none() | text)
events = st.builds(records.Event, st.integers(0, 9), text, text, st.none() | text, st.none() | text,
                   quantities=st.tuples(st.builds(records.Quantity, text, st.none() | st.floats(allow_nan=False),
                                                  st.none() | text, st.integers(), st.integers())),
                   timex=st.tuples(st.integers(0, 5)))
analyses = st.builds(
    records.Analysis, text,
    st.lists(st.builds(records.Sentence, st.integers(0, 9), st.integers(), st.integers(), text), max_size=3).map(tuple),
    timexes=st.lists(timexes, max_size=3).map(tuple),
    events=st.lists(events, max_size=2).map(tuple),
    versions=st.lists(st.tuples(text, text), max_size=2).map(tuple),
)


@given(analyses)
def test_analysis_round_trip(analysis):
    assert from_jsonable(records.Analysis, json.loads(json.dumps(to_jsonable(analysis)))) == analysis


@given(windows)
def test_window_round_trip(window):
    assert from_jsonable(records.DateWindow, to_jsonable(window)) == window
