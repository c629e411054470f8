"""Records ⇄ JSON-able data, driven by the dataclasses' own type hints.

One generic converter instead of a to_dict/from_dict pair per record: the store, the process pool and the
distributed engine all move records through it, so a field added to a record needs no serialisation code.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from typing import Any

from dateline import records


def to_jsonable(obj: Any) -> Any:
    """Dataclasses → dicts, tuples → lists, dates → ISO strings; everything else as is."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(records))


def from_jsonable(tp: Any, data: Any) -> Any:
    """Inverse of to_jsonable for the type `tp` (a record class or a typing expression)."""
    return _converter(tp)(data)


@functools.lru_cache(maxsize=None)
def _converter(tp: Any):
    """A function data → value for `tp`, built once per type: inspecting the type hints for every value made
    loading analyses from the store slower than computing some of them."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = _converter(args[0]) if len(args) == 1 else (lambda data: data)
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            return lambda data: None if data is None else tuple(item(x) for x in data)
        items = tuple(_converter(a) for a in args)
        return lambda data: None if data is None else tuple(f(x) for f, x in zip(items, data))
    if origin in (list, typing.List):
        (arg,) = typing.get_args(tp)
        item = _converter(arg)
        return lambda data: None if data is None else [item(x) for x in data]
    if origin in (dict, typing.Dict):
        _, varg = typing.get_args(tp)
        value = _converter(varg)
        return lambda data: None if data is None else {k: value(v) for k, v in data.items()}
    if tp is dt.date:
        return lambda data: None if data is None else dt.date.fromisoformat(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        fields = [(f.name, _converter_ref(hints[f.name])) for f in dataclasses.fields(tp)]

        def record(data):
            if data is None:
                return None
            return tp(**{name: conv()(data[name]) for name, conv in fields if name in data})
        return record
    if tp is float:
        return lambda data: float(data) if isinstance(data, int) else data
    return lambda data: data


def _converter_ref(tp: Any):
    """Deferred lookup, so that records referring to themselves (or to one another) do not recurse at build time."""
    cell: list = []

    def get():
        if not cell:
            cell.append(_converter(tp))
        return cell[0]
    return get
