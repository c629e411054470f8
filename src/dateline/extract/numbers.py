"""Quantities with units: "over 1,000 containers", "around 47 countries", "$2.5 billion", "30 percent".

Rule-based over the sentence text: an optional approximation word ("over", "around", "at least", …), a number in
digits or words (with "million"/"billion" scales), and the noun that follows as the unit (a few words may
intervene: "1,000 containers of equipment" → unit "containers"). Years, days of the month and clock times are not
quantities; spans that overlap a time expression are dropped by the caller's `exclude`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from dateline.records import Quantity

VERSION = "numbers@1"

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}
VAGUE = {"dozens": None, "hundreds": None, "thousands": None, "millions": None, "scores": None, "several": None}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_APPROX = r"(?:(?:more|fewer|less)\s+than|at\s+least|at\s+most|up\s+to|as\s+many\s+as|nearly|almost|about|around|" \
    r"roughly|approximately|some|over|under|just\s+over|just\s+under|an\s+estimated|estimated|upwards\s+of)"
_WORDNUM = "|".join(sorted(set(WORD_NUMBERS) | set(VAGUE), key=len, reverse=True))
_NUMBER = rf"(?:[$\u20ac\u00a3]\s?)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{_WORDNUM})(?:[\s-](?:{_WORDNUM}))?)"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion)|\s?(?:bn|m)\b)?"
_UNIT = r"(?:\s*(%|percent|per\s+cent)|(?:\s+(?:of\s+)?(?:[a-z][\w-]*\s+){0,2}?([a-z][a-z-]{2,}s|people|barrels|" \
    r"tonnes|tons|gallons|dollars|euros|pounds|percent|km|miles|kilometres|kilometers|metres|meters|feet)))"
_QUANTITY = re.compile(
    rf"(?<![\w.,:])(?:(?P<approx>{_APPROX})\s+)?(?P<num>{_NUMBER}){_SCALE}(?:{_UNIT})?(?![\w])",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$")
_MONTH_AFTER = re.compile(rf"\s*(?:{MONTHS})\b")
_CLOCK_AFTER = re.compile(r"\s*(?:a\.?m\.?|p\.?m\.?|gmt|utc|:\d|(?:st|nd|rd|th)\b)")
_NOT_UNITS = frozenset(
    "years days weeks months hours minutes seconds times ones others those these things".split()
)


# Compiled once: `_value` runs for every figure of every sentence of a story, and looking a pattern up in the re
# module's cache for each scale word and figure was most of its cost.
_SCALE_WORDS = tuple((re.compile(rf"\b{word}\b"), mult) for word, mult in SCALES.items())
_PARTS = re.compile(r"[\s-]+")
_PERCENT = re.compile(r"(%|percent|per\s+cent)", re.I)


def _value(num: str, scale_text: str) -> float | None:
    num = num.strip().lower().lstrip("$\u20ac\u00a3").strip()
    if num in VAGUE:
        return None
    parts = _PARTS.split(num)
    if all(p in WORD_NUMBERS for p in parts):
        val = 0.0
        for p in parts:
            n = WORD_NUMBERS[p]
            val = val * n if n in (100, 1000) and val else val + n
    else:
        try:
            val = float(num.replace(",", ""))
        except ValueError:
            return None
    scale_text = scale_text.lower()
    for pattern, mult in _SCALE_WORDS:
        if pattern.search(scale_text):
            val *= mult
            break
    return val


def find_quantities(text: str, start: int, end: int, *, exclude: Sequence[tuple[int, int]] = ()) -> tuple[Quantity, ...]:
    """Quantities in text[start:end] (offsets stay article offsets). `exclude`: spans of time expressions."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text, start, end):
        s, e = m.start(), m.end()
        num = m.group("num")
        unit = (m.group(len(m.groups()) - 1) or m.group(len(m.groups())) or "").lower() or None
        unit_pct = _PERCENT.search(m.group(0))
        if unit_pct:
            unit = "percent"
        elif unit is None and num[:1] in "$\u20ac\u00a3":
            unit = {"$": "dollars", "\u20ac": "euros", "\u00a3": "pounds"}[num[0]]
        if any(s < xe and xs < e for xs, xe in exclude):
            continue
        if num.isdigit() and 1800 <= int(num) <= 2100:
            continue  # a year ("2006 resolutions")
        before = text[max(start, s - 12) : s].lower()
        after = text[e : e + 12].lower()
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            continue  # "June 19", "19 June"
        if _CLOCK_AFTER.match(after):
            continue
        if unit in _NOT_UNITS:
            continue  # durations belong to time expressions
        if unit is None and num.lower() in WORD_NUMBERS and not m.group("approx"):
            continue  # a bare "one" is a pronoun more often than a quantity
        # Only the words after the number scale it: "four thousand" is already 4,000 from its own words.
        value = _value(num, text[m.end("num") : e])
        if unit is None and value is None:
            continue
        out.append(Quantity(text[s:e], value, unit, s, e))
    return tuple(out)
