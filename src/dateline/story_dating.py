"""Dating undated articles from their own content and from the dated articles of their story.

An undated article still says when things happened, only without a year ("December 30 and January 2") or relative
to a day we do not know ("on Wednesday", "last month"). Every candidate publication day P of a search range is
tried: each underspecified month-day or month mention resolves to its most recent occurrence on or before P (news
reports the past), and P is scored by how tightly the resolved mentions bunch (events reported together happen
together), how long after the latest of them P falls (news is fresh) and how far P lies from the story's dated
articles. The best P fixes the year; the window then runs from the latest reported event to `fresh_days` after it.
Without such mentions, the window is spanned by the publication dates of the most similar dated articles.

Everything returned here is `estimated=True`; the story stage re-tags the article's time expressions against the
window (`retag`) and flags what it derives from them `estimated_date`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dateline.records import Analysis, Article, DateWindow, Sentence, TimeExpr

_MONTH_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_MONTH = re.compile(r"^XXXX-(\d\d)$")


@dataclass(frozen=True)
class DatingOptions:
    fresh_days: int = 14  # an article reports events at most this long after the latest one it dates
    neighbours: int = 3  # dated articles that span the window when the text gives no dates
    neighbour_slack: int = 1  # days added on both sides of the neighbours' span
    story_weight: float = 0.5  # cost per day of distance from the story's dated span
    bunch_weight: float = 1.0  # cost per day of spread between the resolved mentions
    fresh_weight: float = 0.2  # cost per day between the latest resolved mention and P


def is_dated(article: Article) -> bool:
    """Whether the article has a real publication day (not an estimate, not a wide window)."""
    pd = article.pub_date
    return pd is not None and not pd.window.estimated and pd.window.granularity == "day"


def _month_days(timexes: Sequence[TimeExpr]) -> list[tuple[int, int | None]]:
    out = []
    for t in timexes:
        if t.anchor == "planned":
            continue
        m = _MONTH_DAY.match(t.value)
        if m:
            out.append((int(m.group(1)), int(m.group(2))))
            continue
        m = _MONTH.match(t.value)
        if m:
            out.append((int(m.group(1)), None))
    return [(mo, d) for mo, d in out if 1 <= mo <= 12 and (d is None or 1 <= d <= 31)]


def _latest_on_or_before(month: int, day: int | None, p: dt.date) -> dt.date | None:
    """The most recent day (month start for month-only mentions) with that month/day on or before p."""
    for year in (p.year, p.year - 1):
        try:
            d = dt.date(year, month, day or 1)
        except ValueError:
            continue
        if d <= p:
            return d
    return None


def _absolute_floor(timexes: Sequence[TimeExpr]) -> dt.date | None:
    """The publication day is no earlier than the start of any absolute past date the article mentions."""
    starts = [t.window.earliest for t in timexes
              if t.window is not None and t.anchor == "absolute" and t.type == "DATE"]
    return max(starts) if starts else None


def estimate_window(article: Article, analysis: Analysis | None, story_dates: Sequence[dt.date], *,
                    similar_dates: Sequence[dt.date] = (), options: DatingOptions = DatingOptions()
                    ) -> tuple[DateWindow, str] | None:
    """(estimated publication window, reason) for an undated article, or None when nothing bounds it.

    `story_dates` are the publication days of the story's dated articles; `similar_dates` those of its most similar
    dated articles, most similar first.
    """
    timexes = analysis.timexes if analysis else ()
    mentions = _month_days(timexes)
    floor = _absolute_floor(timexes)
    if mentions and story_dates:
        lo_story, hi_story = min(story_dates), max(story_dates)
        start = lo_story - dt.timedelta(days=400)
        if floor and floor > start:
            start = floor
        end = hi_story + dt.timedelta(days=400)
        best: tuple[float, dt.date, dt.date] | None = None
        p = start
        while p <= end:
            resolved = [_latest_on_or_before(mo, d, p) for mo, d in mentions]
            if all(resolved):
                first, last = min(resolved), max(resolved)
                story_gap = max(0, (lo_story - p).days, (p - hi_story).days)
                cost = (options.bunch_weight * (last - first).days + options.fresh_weight * (p - last).days
                        + options.story_weight * story_gap)
                if best is None or cost < best[0]:
                    best = (cost, p, last)
            p += dt.timedelta(days=1)
        if best is not None:
            last = best[2]
            lo = last if floor is None else max(last, floor)
            hi = lo + dt.timedelta(days=options.fresh_days)
            return (DateWindow(None, "approximate", lo, hi, True),
                    f"after its latest dated event {last.isoformat()}, year from the story")
    near = sorted(similar_dates[: options.neighbours])
    if near:
        lo = near[0] - dt.timedelta(days=options.neighbour_slack)
        hi = near[-1] + dt.timedelta(days=options.neighbour_slack)
        if floor and floor > lo:
            lo = min(floor, hi)
        return DateWindow(None, "approximate", lo, hi, True), "between the most similar dated articles"
    return None


def retag(text: str, sentences: Sequence[Sentence], window: DateWindow,
          tag: Callable[..., tuple[TimeExpr, ...]]) -> tuple[TimeExpr, ...]:
    """The article's time expressions resolved against an estimated publication window.

    Tagged twice, against the first and the last day of the window; an expression whose resolution depends on the
    exact day gets the union of both windows (and approximate granularity when they differ). Every window is
    marked estimated.
    """
    early = tag(text, window.earliest, sentences=sentences)
    late = {(t.start, t.end): t for t in tag(text, window.latest, sentences=sentences)}
    out = []
    for t in early:
        other = late.get((t.start, t.end))
        w = t.window
        if w is None:
            out.append(t)
            continue
        if other is not None and other.window is not None and other.window != w:
            lo, hi = min(w.earliest, other.window.earliest), max(w.latest, other.window.latest)
            w = DateWindow(None, "approximate", lo, hi, True)
        else:
            w = DateWindow(w.value, w.granularity, w.earliest, w.latest, True)
        out.append(TimeExpr(t.start, t.end, t.text, t.type, t.value, w, t.mod, t.anchor))
    return tuple(out)
