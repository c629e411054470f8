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
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return from_jsonable(args[0], data) if len(args) == 1 else data
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(args[0], x) for x in data)
        return tuple(from_jsonable(a, x) for a, x in zip(args, data))
    if origin in (list, typing.List):
        (arg,) = typing.get_args(tp)
        return [from_jsonable(arg, x) for x in data]
    if origin in (dict, typing.Dict):
        _, varg = typing.get_args(tp)
        return {k: from_jsonable(varg, v) for k, v in data.items()}
    if tp is dt.date:
        return dt.date.fromisoformat(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {f.name: from_jsonable(hints[f.name], data[f.name]) for f in dataclasses.fields(tp) if f.name in data}
        return tp(**kwargs)
    if tp is float and isinstance(data, int):
        return float(data)
    return data
