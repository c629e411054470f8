"""Calendar arithmetic for the time-expression normaliser: TIMEX3 values and DateWindows of calendar units.

Weeks are ISO weeks (Monday–Sunday, value YYYY-Www). Seasons follow the northern meteorological seasons
(spring Mar–May, summer Jun–Aug, fall Sep–Nov, winter Dec–Feb, the winter of YYYY starting in December of YYYY).
Modifiers START / MID / END narrow a window to its first, middle or last third (for a year: Jan–Apr, May–Aug,
Sep–Dec; for a month: days 1–10, 11–20, 21–end), because that is how news uses "early", "mid-" and "late".
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from dateline.records import DateWindow

MIN_YEAR, MAX_YEAR = 1, 9999
SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def clamp_year(year: int) -> int:
    return min(max(year, MIN_YEAR), MAX_YEAR)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def add_days(d: dt.date, n: int) -> dt.date:
    try:
        return d + dt.timedelta(days=n)
    except OverflowError:
        return dt.date.max if n > 0 else dt.date.min


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return clamp_year(idx // 12), idx % 12 + 1


def day_window(d: dt.date) -> DateWindow:
    return DateWindow(d.isoformat(), "day", d, d)


def month_window(year: int, month: int) -> DateWindow:
    year = clamp_year(year)
    return DateWindow(f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1), month_end(year, month))


def year_window(year: int) -> DateWindow:
    year = clamp_year(year)
    return DateWindow(f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))


def quarter_window(year: int, q: int) -> DateWindow:
    year = clamp_year(year)
    first = 3 * (q - 1) + 1
    return DateWindow(f"{year:04d}-Q{q}", "quarter", dt.date(year, first, 1), month_end(year, first + 2))


def half_window(year: int, h: int) -> DateWindow:
    year = clamp_year(year)
    first = 1 if h == 1 else 7
    return DateWindow(f"{year:04d}-H{h}", "approximate", dt.date(year, first, 1), month_end(year, first + 5))


def season_window(year: int, season: str) -> DateWindow:
    year = clamp_year(year)
    a, b = SEASONS[season]
    end_year = year + 1 if b < a and year < MAX_YEAR else year
    return DateWindow(f"{year:04d}-{season}", "approximate", dt.date(year, a, 1), month_end(end_year, b))


def decade_window(decade: int) -> DateWindow:
    """`decade` is the first three digits: 199 → the 1990s."""
    first = clamp_year(decade * 10)
    return DateWindow(f"{decade:03d}", "approximate", dt.date(first, 1, 1), dt.date(clamp_year(first + 9), 12, 31))


def century_window(century: int) -> DateWindow:
    """`century` is the first two digits: 19 → 1900–1999 (the 20th century)."""
    first = clamp_year(century * 100)
    return DateWindow(f"{century:02d}", "approximate", dt.date(first, 1, 1), dt.date(clamp_year(first + 99), 12, 31))


def week_window(d: dt.date) -> DateWindow:
    iso_year, iso_week, weekday = d.isocalendar()
    monday = add_days(d, -(weekday - 1))
    return DateWindow(f"{iso_year:04d}-W{iso_week:02d}", "week", monday, add_days(monday, 6))


def weekend_window(d: dt.date) -> DateWindow:
    w = week_window(d)
    return DateWindow(f"{w.value}-WE", "approximate", add_days(w.earliest, 5), w.latest)


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def with_mod(window: DateWindow, mod: str | None) -> DateWindow:
    """Narrow a window for START/MID/END (thirds); other mods keep the window."""
    if mod not in ("START", "MID", "END") or window.width_days < 3:
        return window
    e, l = window.earliest, window.latest
    if window.granularity == "year" and e.year == l.year:
        months = {"START": (1, 4), "MID": (5, 8), "END": (9, 12)}[mod]
        return DateWindow(window.value, window.granularity, dt.date(e.year, months[0], 1),
                          month_end(e.year, months[1]), window.estimated)
    if window.granularity == "month" and (e.year, e.month) == (l.year, l.month):
        days = {"START": (1, 10), "MID": (11, 20), "END": (21, l.day)}[mod]
        return DateWindow(window.value, window.granularity, e.replace(day=days[0]), e.replace(day=days[1]),
                          window.estimated)
    span = window.width_days
    third = span // 3
    if mod == "START":
        a, b = window.earliest, add_days(window.earliest, third - 1)
    elif mod == "MID":
        a, b = add_days(window.earliest, third), add_days(window.earliest, span - third - 1)
    else:
        a, b = add_days(window.latest, -(third - 1)), window.latest
    return DateWindow(window.value, window.granularity, a, b, window.estimated)


def approx_window(earliest: dt.date, latest: dt.date) -> DateWindow:
    if latest < earliest:
        earliest, latest = latest, earliest
    return DateWindow(None, "approximate", earliest, latest)


# A TIMEX3 value as this tagger writes it (and as TimeML allows): dates with X placeholders, weeks, quarters,
# halves, seasons, weekends, parts of day and clock times, durations, and the three reference tokens.
_DATE_PART = (
    r"(?:[0-9X]{2}|[0-9X]{3}|[0-9X]{4}"
    r"(?:-(?:[0-9X]{2}(?:-[0-9X]{2})?|W[0-9X]{2}(?:-(?:[1-7X]|WE))?|Q[1-4X]|H[12X]|SP|SU|FA|WI))?)"
)
_TIME_PART = r"(?:T(?:MO|AF|EV|NI|DT|[0-2X][0-9X](?::[0-5X][0-9X](?::[0-5X][0-9X])?)?))"
_DURATION = r"P(?:(?:[0-9]+(?:\.[0-9]+)?|X)[YMWDLCEQH])+(?:T(?:(?:[0-9]+|X)[HMS])+)?|PT(?:(?:[0-9]+|X)[HMS])+"
TIMEX3_VALUE = re.compile(
    rf"^(?:{_DATE_PART}{_TIME_PART}?|XXXX-WXX-[1-7](?:{_TIME_PART})?|{_DURATION}|PRESENT_REF|PAST_REF|FUTURE_REF)$"
)


def is_valid_value(value: str) -> bool:
    return bool(TIMEX3_VALUE.match(value))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    """The n-th `weekday` (0 = Monday) of a month; n = -1 is the last. None outside the calendar."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if n > 0:
        first = dt.date(year, month, 1)
        d = add_days(first, (weekday - first.weekday()) % 7 + 7 * (n - 1))
    else:
        last = month_end(year, month)
        d = add_days(last, -((last.weekday() - weekday) % 7))
    return d if d.month == month else None


def easter(year: int) -> dt.date | None:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian computus."""
    if not (1583 <= year <= MAX_YEAR):
        return None
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


# Holidays whose day moves with the year (US federal and Christian): how to find them in a given year.
# Election Day is the Tuesday after the first Monday of November; Thanksgiving the fourth Thursday of November.
def floating_holiday(name: str, year: int) -> dt.date | None:
    rules = {
        "thanksgiving": (11, 3, 4), "memorial day": (5, 0, -1), "labor day": (9, 0, 1),
        "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3), "mother's day": (5, 6, 2),
        "father's day": (6, 6, 3), "columbus day": (10, 0, 2),
    }
    if name in rules:
        month, weekday, n = rules[name]
        return nth_weekday(year, month, weekday, n)
    if name == "election day":
        first_monday = nth_weekday(year, 11, 0, 1)
        return add_days(first_monday, 1) if first_monday else None
    offsets = {"easter": 0, "easter sunday": 0, "easter monday": 1, "good friday": -2, "palm sunday": -7}
    if name in offsets:
        e = easter(year)
        return add_days(e, offsets[name]) if e else None
    return None
