"""TempEval-3 Task A evaluation of the time-expression tagger (extraction + normalisation).

Reading: a `.tml` file is TimeML XML. The scored text is the *tag-stripped TEXT*: the content of `<TEXT>` with every
tag removed and XML entities decoded, every other character kept (the leading/trailing newlines too) — exactly
`''.join(ElementTree.parse(f).getroot().find('.//TEXT').itertext())`. Gold TIMEX3 offsets index that string.
The document creation time (DCT) is the TIMEX3 with `functionInDocument="CREATION_TIME"` (in `<DCT>`); its first ten
characters give the reference date. It is never scored.

Scoring (the TempEval-3 definitions, micro-averaged over all documents):

- strict match: system and gold extents identical (same start and end).
- relaxed match: the extents share at least one character; pairs are one-to-one (each gold and each system timex is
  used at most once; within a document the pairs with the largest overlap are taken first).
- P = matched / system timexes, R = matched / gold timexes, F1 = 2PR/(P+R) — separately for strict and relaxed.
- type accuracy = relaxed-matched pairs whose `type` agrees (case-insensitive) / relaxed-matched pairs;
  value accuracy likewise with `value` compared exactly after stripping surrounding whitespace.
- type F1 = relaxed F1 × type accuracy; value F1 = relaxed F1 × value accuracy (the TempEval-3 ranking figure).

Writing (`write_tml`): a copy of the input file whose TEXT holds the tag-stripped text with the system's TIMEX3 tags
inline (tid t1…, type, value, mod when set); everything before `<TEXT>` (DOCID, DCT element, …) is copied as it is;
the gold annotation layers after TEXT (TLINKs etc. that point at gold ids) are dropped.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from dateline.errors import InputError
from dateline.records import TimeExpr


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True)
class TmlDoc:
    name: str
    path: Path
    dct: dt.date
    text: str
    timexes: tuple[GoldTimex, ...]


@dataclass(frozen=True)
class Span:
    """What the scorer needs of a system or gold timex."""

    start: int
    end: int
    type: str
    value: str


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Scores:
    documents: int
    gold: int
    system: int
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    type_f1: float
    value_f1: float

    def to_json(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Mismatch:
    """One error for inspection: a missed gold, a spurious system timex or a relaxed pair that disagrees."""

    doc: str
    kind: str  # missed | spurious | type | value | extent
    gold: Span | None
    system: Span | None
    text: str


@dataclass(frozen=True)
class DocResult:
    counts: Counts
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)


_CREATION = "CREATION_TIME"


def read_tml(path: Path) -> TmlDoc:
    """Parse one TimeML file into its tag-stripped text, DCT and gold TIMEX3s (offsets into that text)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise InputError(f"cannot read TimeML: {err}", code="E009", origin=str(path)) from err
    dct = None
    for el in root.iter("TIMEX3"):
        if el.get("functionInDocument") == _CREATION and el.get("value"):
            dct = _parse_dct(el.get("value", ""))
            break
    text_el = root.find(".//TEXT")
    if text_el is None or dct is None:
        raise InputError("TimeML file has no TEXT or no CREATION_TIME", code="E007", origin=str(path))
    parts: list[str] = []
    golds: list[GoldTimex] = []

    def walk(el: ET.Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            start = sum(map(len, parts))
            walk(child)
            end = sum(map(len, parts))
            if child.tag == "TIMEX3" and child.get("functionInDocument") != _CREATION:
                golds.append(
                    GoldTimex(start, end, "".join(child.itertext()), child.get("type", ""), child.get("value", ""),
                              child.get("mod"))
                )
            if child.tail:
                parts.append(child.tail)

    walk(text_el)
    text = "".join(parts)
    return TmlDoc(path.name, path, dct, text, tuple(sorted(golds, key=lambda g: (g.start, g.end))))


def _parse_dct(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_dir(directory: Path) -> list[TmlDoc]:
    """Every .tml under `directory` (recursive), sorted by path."""
    paths = sorted(Path(directory).rglob("*.tml"))
    if not paths:
        raise InputError("no .tml files found", code="E001", origin=str(directory))
    return [read_tml(p) for p in paths]


def score_document(gold: Sequence[Span], system: Sequence[Span], *, doc: str = "", text: str = "") -> DocResult:
    """Count strict/relaxed matches and type/value agreement for one document (see module docstring)."""
    c = Counts(gold=len(gold), system=len(system))
    gold_extents = {(g.start, g.end) for g in gold}
    c.strict = sum(1 for s in {(s.start, s.end) for s in system} if s in gold_extents)
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                candidates.append((-overlap, gi, si))
    candidates.sort()
    used_g: dict[int, int] = {}
    used_s: set[int] = set()
    for _neg, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g[gi] = si
        used_s.add(si)
    mismatches: list[Mismatch] = []
    for gi, si in sorted(used_g.items()):
        g, s = gold[gi], system[si]
        c.relaxed += 1
        type_ok = g.type.strip().lower() == s.type.strip().lower()
        value_ok = g.value.strip() == s.value.strip()
        c.type_ok += type_ok
        c.value_ok += value_ok
        if not value_ok:
            mismatches.append(Mismatch(doc, "value", g, s, text[g.start:g.end]))
        elif not type_ok:
            mismatches.append(Mismatch(doc, "type", g, s, text[g.start:g.end]))
        if (g.start, g.end) != (s.start, s.end):
            mismatches.append(Mismatch(doc, "extent", g, s, f"{text[g.start:g.end]!r} vs {text[s.start:s.end]!r}"))
    for gi, g in enumerate(gold):
        if gi not in used_g:
            mismatches.append(Mismatch(doc, "missed", g, None, text[g.start:g.end]))
    for si, s in enumerate(system):
        if si not in used_s:
            mismatches.append(Mismatch(doc, "spurious", None, s, text[s.start:s.end]))
    return DocResult(c, tuple(mismatches))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise(counts: Counts, *, documents: int) -> Scores:
    sp, sr = _ratio(counts.strict, counts.system), _ratio(counts.strict, counts.gold)
    rp, rr = _ratio(counts.relaxed, counts.system), _ratio(counts.relaxed, counts.gold)
    rf = _f1(rp, rr)
    ta, va = _ratio(counts.type_ok, counts.relaxed), _ratio(counts.value_ok, counts.relaxed)
    return Scores(documents, counts.gold, counts.system, sp, sr, _f1(sp, sr), rp, rr, rf, ta, va, rf * ta, rf * va)


def _span(t: GoldTimex | TimeExpr) -> Span:
    return Span(t.start, t.end, t.type, t.value)


Tagger = Callable[[str, dt.date], Sequence[TimeExpr]]


def evaluate(docs: Iterable[TmlDoc], tagger: Tagger) -> tuple[Scores, list[Mismatch], dict[str, tuple[TimeExpr, ...]]]:
    """Run `tagger(text, dct)` on every document and score it. Returns scores, all mismatches and the outputs."""
    total = Counts()
    mismatches: list[Mismatch] = []
    outputs: dict[str, tuple[TimeExpr, ...]] = {}
    n = 0
    for doc in docs:
        n += 1
        system = tuple(tagger(doc.text, doc.dct))
        outputs[str(doc.path)] = system
        res = score_document([_span(g) for g in doc.timexes], [_span(s) for s in system], doc=doc.name, text=doc.text)
        total.add(res.counts)
        mismatches.extend(res.mismatches)
    return summarise(total, documents=n), mismatches, outputs


_TEXT_OPEN = re.compile(r"<TEXT>")


def tagged_tml(doc: TmlDoc, timexes: Sequence[TimeExpr]) -> str:
    """The input file with TEXT replaced by the tag-stripped text plus the system's inline TIMEX3 tags."""
    raw = doc.path.read_text(encoding="utf-8")
    m = _TEXT_OPEN.search(raw)
    head = raw[: m.end()] if m else "<TimeML>\n<TEXT>"
    out: list[str] = [head]
    pos = 0
    tid = 0
    for t in sorted(timexes, key=lambda t: (t.start, t.end)):
        if t.start < pos or t.end > len(doc.text) or t.start >= t.end:
            continue  # overlapping or out-of-range spans cannot be written inline
        tid += 1
        out.append(escape(doc.text[pos:t.start]))
        attrs = f'tid="t{tid}" type={quoteattr(t.type)} value={quoteattr(t.value)}'
        if t.mod:
            attrs += f" mod={quoteattr(t.mod)}"
        out.append(f"<TIMEX3 {attrs}>{escape(doc.text[t.start:t.end])}</TIMEX3>")
        pos = t.end
    out.append(escape(doc.text[pos:]))
    out.append("</TEXT>\n\n</TimeML>\n")
    return "".join(out)


def write_tml(doc: TmlDoc, timexes: Sequence[TimeExpr], out_dir: Path, *, relative_to: Path) -> Path:
    """Write `tagged_tml` under out_dir, keeping the file's path relative to the scored folder."""
    try:
        rel = doc.path.relative_to(relative_to)
    except ValueError:
        rel = Path(doc.path.name)
    target = Path(out_dir) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(tagged_tml(doc, timexes), encoding="utf-8")
    return target
