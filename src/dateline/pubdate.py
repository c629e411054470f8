"""Publication date of one article, with the evidence it rests on. Never the clock.

Order of evidence:
1. `raw.date_hint` — what the input itself states (seed header, HTML metadata, JSONL field, feed item): exact day.
1b. A page date stamp left in the text ("Thu Apr 22, 2010 7:30 pm EDT", "Published 12 June 2024"): exact day.
2. The dateline's month/day ("SEOUL, Oct. 26 (Yonhap) --"): with its own year if it has one, else with the year
   the content implies — the article reports things that already happened, so its date is the first occurrence
   of that month/day on or after the latest fully dated thing it mentions ("Sept. 23, 2023" → Oct. 26, 2023).
3. A content-only estimate: the article is on or after the latest dated thing it mentions; the window runs from
   there to the end of the following year (news reports recent events; the bound is explicit in the evidence).
   `estimated=True`. The story stage narrows this window with the story's dated articles.
4. None.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from dateline.records import Cleaned, DateWindow, PubDate, RawArticle

PUBDATE_VERSION = "pubdate@1"

# How far past the latest dated mention an undated article may be, in years after that mention's year. Measured on
# the T17 tune topics (bpoil, finan, h1n1): one year for day/month mentions lost coverage on held-out topics without
# much gain in width, so every granularity gets two.
CONTENT_WINDOW_YEARS = {"day": 2, "month": 2, "year": 2}

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_M = (r"(?P<{name}>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
      r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_YEAR = r"(?P<{name}>(?:19|20)\d\d)(?!\d|,\d)"

# Month names of other languages (genitive forms where the language uses them in dates), for day-month-year dates:
# "26 octobre 2023", "26. Oktober 2023", "26 de octubre de 2023", "26 октября 2023", "26 жовтня 2023".
_FOREIGN_MONTHS = {
    1: "janvier januar jänner enero gennaio janeiro januari stycznia января січня",
    2: "février fevrier februar febrero febbraio fevereiro februari lutego февраля лютого",
    3: "mars märz marzo março maart marca marca марта березня",
    4: "avril abril aprile april kwietnia апреля квітня",
    5: "mai mayo maggio maio mei maja мая травня",
    6: "juin juni junio giugno junho czerwca июня червня",
    7: "juillet juli julio luglio julho lipca июля липня",
    8: "août aout august agosto augustus sierpnia августа серпня",
    9: "septembre september septiembre settembre setembro września сентября вересня",
    10: "octobre oktober octubre ottobre outubro october października октября жовтня",
    11: "novembre november noviembre novembre novembro listopada ноября листопада",
    12: "décembre decembre dezember diciembre dicembre dezembro december grudnia декабря грудня",
}
_FOREIGN_MONTH_NUMBER = {name: number for number, names in _FOREIGN_MONTHS.items() for name in names.split()}
_FOREIGN_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<d>\d{1,2})\.?\s+(?:de\s+)?(?P<m>" + "|".join(sorted(_FOREIGN_MONTH_NUMBER, key=len, reverse=True))
    + r")\s+(?:de\s+|del\s+)?" + _YEAR.format(name="y"), re.I)
# Numeric day-month-year as most of Europe writes it, and the CJK form.
_DOTTED_DATE = re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)\b")
_CJK_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")

# Explicit dates in running text. Order matters: full dates before month-year before bare years.
_MONTH_DAY_YEAR = re.compile(r"\b" + _M.format(name="m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\s?,?\s+"
                             + _YEAR.format(name="y"))
_DAY_MONTH_YEAR = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _M.format(name="m") + r",?\s+"
                             + _YEAR.format(name="y"))
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_MONTH_YEAR = re.compile(r"\b" + _M.format(name="m") + r",?\s+(?:of\s+)?" + _YEAR.format(name="y"))
_BARE_YEAR = re.compile(r"(?<![\w$€£.,/-])" + _YEAR.format(name="y") + r"(?![\w%-])")
# Years that look forward rather than back ("by 2030", "until 2025", "2024 election" is fine): skipped as evidence.
_FORWARD_CUE = re.compile(r"\b(?:by|until|till|through|before|next|to|targets?|targeted|plans?\s+for|due\s+in|"
                          r"expected\s+in|scheduled\s+for|no\s+later\s+than|will|would|could|plans?\s+to|"
                          r"expects?\s+to|set\s+to|is\s+due)\s+(?:[^\W\d]+\s+){0,3}$", re.I)
# How far back the forward-cue search looks (same sentence only: the cue pattern stops at sentence ends).
_FORWARD_LOOKBACK = 60


# Page date stamps: a full date next to a clock time ("Thu Apr 22, 2010 7:30 pm EDT", "14:35, 26.10.2023") or after
# a publication label ("Published 12 June 2024", "Опубліковано 26.10.2023"). Only looked for in the first
# STAMP_HEAD_CHARS characters, or on short lines within the first STAMP_SHORT_LINE_CHARS: a time inside a body
# sentence is an event time, and dated lines in the tail are mostly related-article lists.
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?))?"
# A byline's clock time before the date, with its zone and weekday between: "Fergus Walsh | 14:07 PM, Monday, 1 June
# 2009", "- 18:00 UK time, Saturday, 25 April 2009". Only at the line's start or after a "|" or dash: "at 10:30 a.m.
# Tuesday, June 9" in a sentence is an event's time, and "rose 1.25 Monday, June 1" no time at all.
_BYLINE_CLOCK = re.compile(r"(?:^|[|\u2013\u2014-])\s*\d{1,2}:\d{2}(?:\s*[aApP]\.?[mM]\.?)?(?:\s+[A-Z]{2,4}(?:\s+time)?)?"
                           r"\s*,\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*,?\s*$")
_STAMP_LABEL = re.compile(
    r"\b(?:published|updated|posted|publication date|first published|last updated|veröffentlicht|aktualisiert|"
    r"stand|publié|mis à jour|publicado|actualizado|pubblicato|опубліковано|оновлено|дата публікації|"
    r"опубликовано|обновлено|дата публикации)\b\s*(?:on|am|le|el|il)?\s*[:：]?\s*$", re.I)
STAMP_HEAD_CHARS = 400
STAMP_SHORT_LINE_CHARS = 1500


def text_timestamp(text: str) -> tuple[dt.date, str] | None:
    """The first page date stamp in `text` (see above): (day, the stamp text)."""
    offset = 0
    for line in text.split("\n"):
        if offset > STAMP_SHORT_LINE_CHARS:
            break  # further down, dated lines belong to related-article lists more often than to this article
        short = len(line.split()) <= 14
        if offset > STAMP_HEAD_CHARS and not short:
            offset += len(line) + 1
            continue
        limit = len(line) if short else max(0, STAMP_HEAD_CHARS - offset)
        for mention in _day_mentions(line):
            if mention.start > limit:
                break
            before = line[max(0, mention.start - 40):mention.start]
            after = line[mention.start + len(mention.text):mention.start + len(mention.text) + 16]
            if re.match(r"^\s*(?:,\s*)?(?:at\s+)?" + _CLOCK, after, re.I) or re.search(_CLOCK + r"\s*,?\s*$", before) \
                    or _BYLINE_CLOCK.search(line, 0, mention.start) \
                    or _STAMP_LABEL.search(before):
                return mention.earliest, mention.text
        offset += len(line) + 1
    return None


def _day_mentions(line: str) -> list[DateMention]:
    return [m for m in date_mentions(line, skip_planned=False) if m.granularity == "day"]


@dataclass(frozen=True)
class DateMention:
    """An explicit calendar mention in the text: `earliest`/`latest` are the real days it covers."""

    text: str
    start: int
    earliest: dt.date
    latest: dt.date
    granularity: str  # day | month | year


def _month(token: str) -> int | None:
    return _MONTHS.get(token.lower().rstrip("."))


def date_mentions(text: str, *, skip_planned: bool = True) -> tuple[DateMention, ...]:
    """Explicit dates with a year in `text` (full dates, month-year, bare years), not overlapping, in text order.

    With `skip_planned`, dates right after a forward-looking cue ("by 2030", "will resume in March 2011") are left
    out: they say nothing about when the article was written."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for pattern, granularity in ((_MONTH_DAY_YEAR, "day"), (_DAY_MONTH_YEAR, "day"), (_ISO, "day"),
                                 (_FOREIGN_DAY_MONTH_YEAR, "day"), (_DOTTED_DATE, "day"), (_CJK_DATE, "day"),
                                 (_MONTH_YEAR, "month"), (_BARE_YEAR, "year")):
        for m in pattern.finditer(text):
            if not free(m.start(), m.end()):
                continue
            year = int(m["y"])
            try:
                if granularity == "day":
                    month = int(m["m"]) if m["m"].isdigit() else (
                        _month(m["m"]) or _FOREIGN_MONTH_NUMBER.get(m["m"].lower()))
                    day = dt.date(year, month, int(m["d"]))
                    earliest = latest = day
                elif granularity == "month":
                    month = _month(m["m"])
                    earliest = dt.date(year, month, 1)
                    latest = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
                else:
                    earliest, latest = dt.date(year, 1, 1), dt.date(year, 12, 31)
                if skip_planned and _FORWARD_CUE.search(text[max(0, m.start() - _FORWARD_LOOKBACK):m.start()]):
                    taken.append((m.start(), m.end()))  # a planned date: neither evidence nor a bare year inside
                    continue
            except (TypeError, ValueError):
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.group(0), m.start(), earliest, latest, granularity))
    return tuple(sorted(found, key=lambda x: x.start))


def parse_hint(hint: str) -> DateWindow | None:
    """A date hint as a window: ISO day (or datetime) → day, 'YYYY-MM' → month, 'YYYY' → year, RFC 2822 → day."""
    text = hint.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if m:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return DateWindow(day.isoformat(), "day", day, day)
        m = re.match(r"^(\d{4})-(\d{2})$", text)
        if m:
            year, month = int(m[1]), int(m[2])
            first = dt.date(year, month, 1)
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            return DateWindow(f"{year:04d}-{month:02d}", "month", first, last)
        m = re.match(r"^(\d{4})$", text)
        if m:
            year = int(m[1])
            return DateWindow(f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    except ValueError:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    day = parsed.date()
    return DateWindow(day.isoformat(), "day", day, day)


# A page date a few days after the dateline's day (wire copy printed the next day, an "updated" stamp) still
# belongs to the dateline's year.
DATELINE_SLACK_DAYS = 7
# A full date at most this many days before the dateline's day confirms the inferred year.
RECENT_SUPPORT_DAYS = 62


def year_for_month_day(month: int, day: int, mentions: tuple[DateMention, ...]) -> tuple[int, DateMention] | None:
    """The year of an article dated month/day, from the latest full date or month it mentions.

    The article comes on or after what it reports: the mention's year when month/day falls on or after it (or at
    most DATELINE_SLACK_DAYS before it), else the next year. Bare years are not used: on T17 (tune topics) they
    gave wrong exact days (background years like "1988", plans like "2014"); those articles get a content
    estimate instead.
    """
    best: tuple[int, DateMention] | None = None
    for mention in mentions:
        if mention.granularity not in ("day", "month"):
            continue
        year = mention.earliest.year
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if (mention.earliest - candidate).days > DATELINE_SLACK_DAYS:
            year += 1
        if best is None or year > best[0]:
            best = (year, mention)
    return best


def content_window(mentions: tuple[DateMention, ...]) -> tuple[DateWindow, DateMention] | None:
    """An estimated window for an undated article: from the latest dated mention to the end of the next year."""
    if not mentions:
        return None
    latest = max(mentions, key=lambda x: (x.earliest, x.latest))
    end = dt.date(latest.latest.year + CONTENT_WINDOW_YEARS[latest.granularity], 12, 31)
    return DateWindow(None, "approximate", latest.earliest, end, estimated=True), latest


def publication_date(raw: RawArticle, cleaned: Cleaned) -> PubDate | None:
    """The article's publication date and its evidence (see the module docstring for the order). A date the input
    states that cannot be read ("pub_date": "not-a-date") is named in the evidence of the date found instead."""
    if raw.date_hint:
        window = parse_hint(raw.date_hint)
        if window is not None:
            return PubDate(window, f"hint:{raw.date_hint_source or 'input'}")
        found = _date_from_text(raw, cleaned)
        unread = f"unreadable {raw.date_hint_source or 'input'} date {raw.date_hint[:40]!r}"
        return PubDate(found.window, f"{found.evidence}; {unread}") if found is not None else None
    return _date_from_text(raw, cleaned)


def _date_from_text(raw: RawArticle, cleaned: Cleaned) -> PubDate | None:
    """The publication date from the text alone: a page stamp, the dateline, else the content."""
    stamp = text_timestamp(raw.text)
    if stamp is not None:
        day, stamp_text = stamp
        return PubDate(DateWindow(day.isoformat(), "day", day, day), f"text-timestamp ({stamp_text!r})")
    mentions = date_mentions(cleaned.text)
    dateline = cleaned.dateline
    if dateline is not None and dateline.month and dateline.day:
        if dateline.year:
            try:
                day = dt.date(dateline.year, dateline.month, dateline.day)
                return PubDate(DateWindow(day.isoformat(), "day", day, day), "dateline")
            except ValueError:
                pass
        inferred = year_for_month_day(dateline.month, dateline.day, mentions)
        if inferred is not None:
            year, mention = inferred
            try:
                day = dt.date(year, dateline.month, dateline.day)
            except ValueError:  # Feb. 29 in a non-leap year
                day = None
            if day is not None:
                # The year is only as sure as its support: a full date shortly before the dateline is news the
                # article reports; a month or an older date may be background ("Sept. 11, 2001"), so the day is
                # then marked estimated and later stages do not anchor on it.
                recent = mention.granularity == "day" and 0 <= (day - mention.earliest).days <= RECENT_SUPPORT_DAYS
                return PubDate(DateWindow(day.isoformat(), "day", day, day, estimated=not recent),
                               f"dateline+content-year ({mention.text!r})")
    estimate = content_window(mentions)
    if estimate is not None:
        window, mention = estimate
        years = CONTENT_WINDOW_YEARS[mention.granularity]
        return PubDate(window, f"content-estimate: on/after latest dated mention {mention.text!r}, "
                               f"within {years} year(s) after it")
    return None
