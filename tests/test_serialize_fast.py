"""The generated per-class converters of dateline.serialize give exactly what the plain generic conversion gives
(kept here as the reference), including the cases the generated code hands back to the generic path: fields
missing from stored data, extra keys, ints in float fields, records that hold themselves."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import typing
from typing import Any, Optional

from hypothesis import given, strategies as st

from dateline import records
from dateline.serialize import from_jsonable, to_jsonable


# -- the reference: the generic conversion, one isinstance chain / one type inspection per value ---------------------
def ref_to(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: ref_to(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [ref_to(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): ref_to(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def ref_from(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is __import__("types").UnionType:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return ref_from(args[0], data) if len(args) == 1 else data
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(ref_from(args[0], x) for x in data)
        return tuple(ref_from(a, x) for a, x in zip(args, data))
    if origin is list:
        return [ref_from(typing.get_args(tp)[0], x) for x in data]
    if origin is dict:
        return {k: ref_from(typing.get_args(tp)[1], v) for k, v in data.items()}
    if tp is dt.date:
        return dt.date.fromisoformat(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, vars(records))
        return tp(**{f.name: ref_from(hints[f.name], data[f.name]) for f in dataclasses.fields(tp) if f.name in data})
    if tp is float:
        return float(data) if isinstance(data, int) else data
    return data


# -- strategies ---------------------------------------------------------------------------------------------------
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
text = st.text(max_size=12)
small = st.integers(-5, 99)
windows = st.builds(lambda a, b, g, e: records.DateWindow(None, g, min(a, b), max(a, b), e),
                    dates, dates, st.sampled_from(records.GRANULARITIES), st.booleans())
mentions = st.builds(records.Mention, small, small, text, text, small, st.none() | text)
roles = st.builds(records.Role, text, text, st.none() | dates, small)
quantities = st.builds(records.Quantity, text, st.none() | st.floats(allow_nan=False) | st.integers(-9, 9),
                       st.none() | text, small, small)
analyses = st.builds(
    records.Analysis, text,
    st.lists(st.builds(records.Sentence, small, small, small, text, text), max_size=3).map(tuple),
    timexes=st.lists(st.builds(records.TimeExpr, small, small, text, text, text, st.none() | windows,
                               st.none() | text, st.none() | text), max_size=3).map(tuple),
    mentions=st.lists(mentions, max_size=3).map(tuple),
    roles=st.lists(roles, max_size=2).map(tuple),
    events=st.lists(st.builds(records.Event, small, text, text, st.none() | text,
                              quantities=st.lists(quantities, max_size=2).map(tuple),
                              timex=st.lists(small, max_size=2).map(tuple)), max_size=2).map(tuple),
    quotes=st.lists(st.builds(records.Quote, small, small, text, st.none() | text, st.none() | text, st.booleans(),
                              small), max_size=2).map(tuple),
    versions=st.lists(st.tuples(text, text), max_size=2).map(tuple),
)


def _drop_and_add(data: Any, draw, depth: int = 0) -> Any:
    """Stored data as older or newer versions wrote it: some keys missing, some unknown keys added."""
    if isinstance(data, dict):
        out = {k: _drop_and_add(v, draw, depth + 1) for k, v in data.items()
               if not draw(st.integers(0, 5)) == 0}
        if draw(st.booleans()):
            out["unknown_field"] = [1, "x"]
        return out
    if isinstance(data, list):
        return [_drop_and_add(x, draw, depth + 1) for x in data]
    return data


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (1 == 1.0, but a float field must hold a float)."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b or (a != a and b != b)


@given(analyses)
def test_encoding_matches_the_reference(analysis):
    assert json.dumps(to_jsonable(analysis)) == json.dumps(ref_to(analysis))
    assert to_jsonable(analysis.mentions) == ref_to(analysis.mentions)


@given(analyses)
def test_decoding_matches_the_reference(analysis):
    data = json.loads(json.dumps(to_jsonable(analysis)))
    assert _same(from_jsonable(records.Analysis, data), ref_from(records.Analysis, data))
    assert from_jsonable(records.Analysis, data) == analysis  # equal: an int in a float field comes back a float


@given(analyses, st.data())
def test_decoding_incomplete_or_extended_data_matches_the_reference(analysis, draw):
    data = _drop_and_add(json.loads(json.dumps(to_jsonable(analysis))), draw.draw)
    try:
        want = ref_from(records.Analysis, data)
    except (TypeError, KeyError) as exc:  # a required field missing: both must fail the same way
        try:
            from_jsonable(records.Analysis, data)
        except type(exc):
            return
        raise AssertionError("decoded data the reference rejects")
    assert _same(from_jsonable(records.Analysis, data), want)


def test_missing_fields_take_their_defaults_and_ints_become_floats():
    m = from_jsonable(records.Mention, {"start": 1, "end": 2, "text": "x", "label": "ORG", "sentence": 0})
    assert m == records.Mention(1, 2, "x", "ORG", 0) and m.key is None
    a = from_jsonable(records.Analysis, {"article_id": "a", "sentences": [], "extra": 1})
    assert a == records.Analysis("a", ()) and a.versions == ()
    q = from_jsonable(records.Quantity, {"text": "3", "value": 3, "unit": None, "start": 0, "end": 1})
    assert type(q.value) is float and q.value == 3.0
    assert from_jsonable(tuple[tuple[str, str], ...], [["a", "b", "c"]]) == (("a", "b"),)
    assert from_jsonable(Optional[records.Role], None) is None
    assert from_jsonable(records.Role, {"entity_key": "k", "role": "r", "as_of": "2020-02-03", "sentence": 1}).as_of \
        == dt.date(2020, 2, 3)


class Colour(enum.IntEnum):
    RED = 1


def test_encoding_of_other_values_matches_the_reference():
    values = [{1: (dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4))}, [Colour.RED, True, None, 1.5],
              records.Mention, {"k": records.Span("x", 1, 2)}, ("a", ["b", ("c",)])]
    for v in values:
        assert to_jsonable(v) == ref_to(v)
    assert to_jsonable(records.Mention) is records.Mention


@dataclasses.dataclass(frozen=True)
class Node:
    value: int
    next: Any = None


# a record that holds itself: its hint can only be set once the class exists
Node.__annotations__["next"] = Optional[Node]


def test_a_record_that_holds_itself_round_trips():
    chain = Node(1, Node(2, Node(3)))
    assert to_jsonable(chain) == {"value": 1, "next": {"value": 2, "next": {"value": 3, "next": None}}}
    assert from_jsonable(Node, to_jsonable(chain)) == chain
