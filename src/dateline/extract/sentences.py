"""Fast rule-based sentence splitter for news text.

Each line of the cleaned text is a paragraph: a sentence never crosses a newline. Inside a line a sentence ends at
`.`, `!` or `?` (plus any closing quotes/brackets) followed by space and a likely sentence start, unless the word
before the full stop is an abbreviation ("Oct.", "Gen.", "Mr."), an initial ("N. Korea", "John F. Kennedy") or a
dotted acronym ("U.S.") followed by a word that does not usually begin a sentence. Penn-Treebank tokenised text
(" . " with spaces, `` '' quotes) splits the same way.

Spans of kind "caption" or "headline" give the sentences they overlap that kind.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from dateline.records import Sentence, Span

VERSION = "sentences@1"

# Words that end with a full stop without ending a sentence (lower-cased, without the dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr gov sen rep rev fr st sr jr mt ft pres supt insp det
    hon amb sec gen brig atty ald dept univ assn bros corp inc ltd co plc no nos vol vs v etc al approx est fig
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ave blvd rd hwy sq pp op cf ca
    """.split()
)
# Abbreviations that are normally followed by a name or a number, so a capital after them never starts a sentence.
NEVER_FINAL = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr gov sen rep rev fr st mt pres supt insp det hon amb "
    "brig atty no nos vol vs v jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Words that often start a sentence: after "U.S." or "Inc." they make the full stop a boundary.
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i you this that these those there his her its their our but and so yet however
    in on at after before when while if as for with meanwhile also still since although though officials
    mr mrs ms dr some many most no one both all other another earlier later then now today yesterday
    """.split()
)

_CANDIDATE = re.compile(r"[.!?]+(?:\s*(?:['\"\u201d\u2019)\]]|''|-RRB-))*(?=\s+)")
_NEXT_START = re.compile(r"\s+(?:``|[\"'\u201c\u2018(\[]|-LRB-)?\s*([A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-']*)\s?$")
_NEXT_WORD = re.compile(r"\s+(?:``|[\"'\u201c\u2018(\[])?\s*([A-Za-z]+)")


def _is_boundary(line: str, dot: int, end: int) -> bool:
    """`dot` is where the terminal punctuation starts, `end` where the candidate (incl. closing quotes) ends."""
    nxt = _NEXT_START.match(line, end)
    if nxt is None:
        return False
    if line[dot] in "!?":
        return True
    if line[dot : dot + 3] == "...":
        return nxt.group(1).isupper()
    before = _WORD_BEFORE.search(line, 0, dot)
    if before is None or (dot > 0 and line[dot - 1] == " "):
        return True  # "word ." (PTB) or punctuation before the stop: a plain boundary
    word = before.group(1)
    low = word.lower().rstrip(".")
    next_word_m = _NEXT_WORD.match(line, end)
    next_word = next_word_m.group(1).lower() if next_word_m else ""
    if nxt.group(1).isdigit():
        # "Sept. 23", "No. 5": a number after an abbreviation continues the sentence.
        return low not in ABBREVIATIONS
    if len(word) == 1 and word.isupper():
        return False  # an initial: "N. Korea", "John F. Kennedy"
    if "." in word.rstrip("."):
        # Dotted acronym "U.S." / "U.N.": a boundary only before a usual sentence starter.
        return next_word in SENTENCE_STARTERS
    if low in NEVER_FINAL:
        return False
    if low in ABBREVIATIONS:
        return next_word in SENTENCE_STARTERS
    return True


def _split_line(line: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(line):
        if _is_boundary(line, m.start(), m.end()):
            pieces.append((start, m.end()))
            start = m.end()
    pieces.append((start, len(line)))
    return pieces


def _kind_at(start: int, end: int, spans: Sequence[Span]) -> str:
    for span in spans:
        if span.kind in ("caption", "headline") and span.start < end and start < span.end:
            return span.kind
    return "body"


def split_sentences(text: str, *, spans: Sequence[Span] = ()) -> tuple[Sentence, ...]:
    """Split cleaned text into sentences with exact offsets (text[s.start:s.end] == s.text)."""
    out: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        for a, b in _split_line(line):
            seg = line[a:b]
            lead = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            if not seg:
                continue
            start = offset + a + lead
            end = start + len(seg)
            out.append(Sentence(len(out), start, end, seg, _kind_at(start, end, spans)))
        offset += len(line) + 1
    return tuple(out)


def sentence_at(sentences: Sequence[Sentence], offset: int) -> int | None:
    """Index of the sentence containing `offset` (binary search over start offsets)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= offset < sentences[lo].end:
        return lo
    return None
