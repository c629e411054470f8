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
    return _encoder(type(obj))(obj)


# Values of these types are their own JSON form: encoders test for them inline rather than calling to_jsonable.
_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.lru_cache(maxsize=None)
def _encoder(cls: type):
    """The function obj → JSON-able data for objects of class `cls`, chosen once per class rather than by a chain
    of isinstance tests per value (the analysis workers spent much of their time there). Memoised per class: the
    choice depends on nothing but the class (a dataclass's fields are fixed when the class is made)."""
    if dataclasses.is_dataclass(cls):
        return _record_encoder(cls)
    if issubclass(cls, (tuple, list)):
        return lambda obj: [x if x.__class__ in _PLAIN else to_jsonable(x) for x in obj]
    if issubclass(cls, dict):
        return lambda obj: {str(k): v if v.__class__ in _PLAIN else to_jsonable(v) for k, v in obj.items()}
    if issubclass(cls, dt.date):
        return cls.isoformat
    return _IDENTITY


def _record_encoder(cls: type):
    """Generated code for one record class: a dict display with a key per field, in field order."""
    names = [f.name for f in dataclasses.fields(cls)]
    reads = "".join(f"    v{k} = obj.{name}\n" for k, name in enumerate(names))
    items = ", ".join(f"{name!r}: v{k} if v{k}.__class__ in _PLAIN else _to(v{k})" for k, name in enumerate(names))
    source = f"def record(obj):\n{reads}    return {{{items}}}\n"
    env = {"_PLAIN": _PLAIN, "_to": to_jsonable}
    exec(compile(source, f"<dateline.serialize encoder {cls.__qualname__}>", "exec"), env)
    return env["record"]


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(records))


def from_jsonable(tp: Any, data: Any) -> Any:
    """Inverse of to_jsonable for the type `tp` (a record class or a typing expression)."""
    return _converter(tp)(data)


@functools.lru_cache(maxsize=None)
def _converter(tp: Any):
    """A function data → value for `tp`, built once per type: inspecting the type hints for every value made
    loading analyses from the store slower than computing some of them. Memoised per type (lru_cache): the
    function depends on nothing but `tp` and the record classes' hints, which do not change while the process runs.

    Every converter maps None to None, and `_IDENTITY` marks the ones that return their input unchanged, so that a
    containing converter can leave them out instead of calling a function per value."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        # X | None is X's converter itself: every converter already maps None to None
        return _converter(args[0]) if len(args) == 1 else _IDENTITY
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            if item is _IDENTITY:
                return lambda data: None if data is None else tuple(data)
            return lambda data: None if data is None else tuple([item(x) for x in data])
        items = tuple(_converter(a) for a in args)
        if all(f is _IDENTITY for f in items):
            # zip, as the general case: a longer list is cut to the tuple's length
            n = len(items)
            return lambda data: None if data is None else tuple(data[:n])
        return lambda data: None if data is None else tuple(f(x) for f, x in zip(items, data))
    if origin in (list, typing.List):
        (arg,) = typing.get_args(tp)
        item = _converter(arg)
        if item is _IDENTITY:
            return lambda data: None if data is None else list(data)
        return lambda data: None if data is None else [item(x) for x in data]
    if origin in (dict, typing.Dict):
        _, varg = typing.get_args(tp)
        value = _converter(varg)
        return lambda data: None if data is None else {k: value(v) for k, v in data.items()}
    if tp is dt.date:
        return lambda data: None if data is None else dt.date.fromisoformat(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _record_converter(tp)
    if tp is float:
        return lambda data: float(data) if isinstance(data, int) else data
    return _IDENTITY


def _IDENTITY(data: Any) -> Any:
    return data


def _record_converter(tp: type):
    """The converter of one record class: generated code that reads each field by name and calls the class with
    positional arguments, since the generic loop (a deferred lookup, a membership test and a keyword per field)
    was most of the cost of loading analyses. A dict that lacks a field (written before the field existed) takes
    the generic path, which leaves the field to its default; keys that are not fields are ignored by both."""
    fields = dataclasses.fields(tp)
    hints = _hints(tp)
    refs = [(f.name, _converter_ref(hints[f.name])) for f in fields]

    def generic(data):
        if data is None:
            return None
        return tp(**{name: conv()(data[name]) for name, conv in refs if name in data})

    if any(not f.init or f.kw_only for f in fields) or _in_cycle(tp):
        return generic  # positional arguments would not match __init__; self-reference needs the deferred lookup
    env: dict[str, Any] = {"_cls": tp, "_generic": generic}
    args = []
    for k, f in enumerate(fields):
        conv = _converter(hints[f.name])
        if conv is _IDENTITY:
            args.append(f"data[{f.name!r}]")
        else:
            env[f"_c{k}"] = conv
            args.append(f"_c{k}(data[{f.name!r}])")
    # a KeyError anywhere inside (a missing field here or in a nested record) reruns the generic path, which
    # gives the same value (converters are pure) or raises the same error
    source = ("def record(data):\n"
              "    if data is None:\n"
              "        return None\n"
              "    try:\n"
              f"        return _cls({', '.join(args)})\n"
              "    except KeyError:\n"
              "        return _generic(data)\n")
    exec(compile(source, f"<dateline.serialize record {tp.__qualname__}>", "exec"), env)
    return env["record"]


def _in_cycle(cls: type) -> bool:
    """Whether `cls` can be reached again from its own fields' types (a record that holds itself, or records that
    hold one another): building its converter eagerly would then never end."""
    seen: set = set()
    todo = [hint for hint in _hints(cls).values()]
    while todo:
        tp = todo.pop()
        if tp is cls:
            return True
        todo.extend(typing.get_args(tp))
        if isinstance(tp, type) and dataclasses.is_dataclass(tp) and tp not in seen:
            seen.add(tp)
            todo.extend(_hints(tp).values())
    return False


def _converter_ref(tp: Any):
    """Deferred lookup, so that records referring to themselves (or to one another) do not recurse at build time."""
    cell: list = []

    def get():
        if not cell:
            cell.append(_converter(tp))
        return cell[0]
    return get
