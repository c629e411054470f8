"""Day-level date mentions for timeline summarisation.

A small stand-in recogniser for the expressions that matter most to TLS: explicit calendar dates ("April 20",
"20 April 2010", "Jan. 12 , 2010", "2010-04-20"), weekday names ("on Tuesday", "next Monday") and deictic days
("yesterday", "today", "last night", "tomorrow"), resolved against the article's publication date. Only expressions
that denote one real day are returned; months, years and durations are not day mentions.

`dateline.extract.timex.tag` (owned by the timex area) is used instead when it is importable and the caller asks
for it; see `day_mentions`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:\s*,?\s*(?P<year>(?:19|20)\d\d))?"
_YEAR2 = r"(?:\s*,?\s*(?P<year2>(?:19|20)\d\d))?"
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY}(?![\d:.,]\d){_YEAR}|{_DAY2}\s+{_MONTH2}{_YEAR2})\b"
    r"|\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
)
_WEEKDAY = re.compile(
    r"\b(?:(?P<modifier>last|next|this|on|since|until|by|from|earlier|late|early)\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?P<part>\s+(?:morning|afternoon|evening|night))?"
)
_DEICTIC = re.compile(
    r"\b(?P<word>yesterday|today|tonight|tomorrow|this morning|this afternoon|this evening|last night)\b",
    re.IGNORECASE,
)
# "Sept. 11 attacks", "the July 4 holiday": a calendar date used as the name of an event or an anniversary.
_EVENT_NAME = re.compile(r"^\s*(?:,\s*)?(?:attacks?|anniversary|holiday|celebrations?|terrorist|-style)\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|'ll|wo n't|shall|is to|are to|plans? to|expected to|scheduled|due to)\b")


@dataclass(frozen=True)
class DayMention:
    """A day a sentence refers to; `explicit` marks calendar dates (weekdays and deictic words are relative)."""

    date: dt.date
    start: int
    end: int
    explicit: bool


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, dct: dt.date) -> dt.date | None:
    """A month-day without a year: the candidate year that puts it closest to the publication date."""
    best = None
    for year in (dct.year - 1, dct.year, dct.year + 1):
        date = _safe_date(year, month, day)
        if date is not None and (best is None or abs((date - dct).days) < abs((best - dct).days)):
            best = date
    return best


def _weekday_date(weekday: int, modifier: str | None, sentence: str, dct: dt.date) -> dt.date:
    back = (dct.weekday() - weekday) % 7
    ahead = (weekday - dct.weekday()) % 7
    if modifier == "next" or (modifier != "last" and _FUTURE.search(sentence)):
        return dct + dt.timedelta(days=ahead or 7 if modifier == "next" else ahead)
    if modifier == "last" and back == 0:
        return dct - dt.timedelta(days=7)
    return dct - dt.timedelta(days=back)


def _deictic_date(word: str, dct: dt.date) -> dt.date:
    word = word.lower()
    if word in ("yesterday", "last night"):
        return dct - dt.timedelta(days=1)
    if word == "tomorrow":
        return dct + dt.timedelta(days=1)
    return dct


def regex_day_mentions(sentence: str, dct: dt.date | None) -> tuple[DayMention, ...]:
    """Day mentions in one sentence, resolved against the publication date `dct` (relative ones need it)."""
    found: list[DayMention] = []
    taken: list[tuple[int, int]] = []
    for match in _DATE.finditer(sentence):
        if match.group("iso"):
            date = _safe_date(*(int(part) for part in match.group("iso").split("-")))
        else:
            month_word = (match.group("month") or match.group("month2")).rstrip(".").lower()
            day = int(match.group("day") or match.group("day2"))
            year = match.group("year") or match.group("year2")
            month = MONTHS[month_word]
            if month_word == "may" and match.group("month") and not year and day > 31:
                continue
            if year:
                date = _safe_date(int(year), month, day)
            elif dct is not None:
                date = _nearest_year(month, day, dct)
            else:
                date = None
        if date is not None and not _EVENT_NAME.match(sentence[match.end():]):
            found.append(DayMention(date, match.start(), match.end(), True))
            taken.append((match.start(), match.end()))
    if dct is not None:
        for match in _WEEKDAY.finditer(sentence):
            if any(s <= match.start("weekday") < e for s, e in taken):
                continue
            date = _weekday_date(WEEKDAYS[match.group("weekday").lower()], match.group("modifier"), sentence, dct)
            found.append(DayMention(date, match.start(), match.end(), False))
        for match in _DEICTIC.finditer(sentence):
            found.append(DayMention(_deictic_date(match.group("word"), dct), match.start(), match.end(), False))
    found.sort(key=lambda m: m.start)
    return tuple(found)
