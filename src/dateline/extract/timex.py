"""Time expressions: recognise them in English news and normalise them to TIMEX3 values and windows of real days.

`tag(text, dct)` runs the compiled regex grammar of `timex_grammar` in small windows around keyword anchors, keeps
the longest non-overlapping matches and normalises each against the document creation time (DCT, the publication
date). TIMEX3 types DATE, TIME, DURATION and SET; values as TimeML writes them ("2023-10-26", "2023-W35",
"2023-Q3", "2023-SU", "199", "P24Y", "XXXX-WXX-1", "PAST_REF"); mods START/MID/END/APPROX/BEFORE/…; `anchor`
says how a value was resolved: absolute, dct, dct-past, planned, narrative.

Placing what has no year (`_placement`, `_choose`, `timex_tense`):
- a weekday goes to the latest such day on or before the DCT for past or unmarked clauses, to the first on or after
  it for plans (will, plans to, intend to, is expected/scheduled to, is to, and scheduled present tense: "meets
  Monday"). "on Thursday" in an article of Thursday 2023-10-26 is that day; "intend to bring this issue … on
  Wednesday" written on Tuesday 2024-01-09 is 2024-01-10. "last Friday" / "next Friday" skip the DCT's own day.
  "as soon as / as early as Tuesday" is the coming one; a deadline ("until 9 a.m. Tuesday") the nearer one; a
  possessive day ("follows Tuesday's declaration") only looks at the verb on its left, since the day names an event.
- holidays: fixed ones (Christmas, July Fourth, ...) as a day-month; floating ones (Thanksgiving, Election Day,
  Easter, Good Friday, Memorial/Labor/Columbus Day, ...) computed for the neighbouring years and placed the same way.
- a day-month or a month takes the occurrence nearest to the DCT, unless the clause's tense points the other way
  and the occurrence on that side is close enough (days: half a year, ten months if the tense marker is next to the
  date; months: ten months; an unmarked month leans to the past within eight months). "since March" is past;
  deadlines ("until", "by", "payable", "effective", "extended to") ignore a past reporting verb. So "December 30 and
  January 2" (past) written on 2024-01-09 are 2023-12-30 and 2024-01-02. "last February" is last year's February.
- the tense of a clause is lexical (no parser, for speed): the tense marker nearest to the expression wins, within
  250 characters of the same sentence; a future phrase masks the participle inside it ("is scheduled"); a marker
  across a comma or bracket counts as further away ("talks, which started on Monday, will last"); a participle
  after a determiner is an adjective ("a still unspecified date"); a past verb of agreement or intention with its
  infinitive ("agreed to buy … in February") marks a later event for what follows it, and nothing for a date
  before it ("On Friday, the government planned to pay": the day it was stated, unmarked, so a past weekday).
- "on the 15th" is the 15th of the narrative's month, else of the month around the DCT that the tense picks; "Nov.
  15 to 18" gives "18" its own DATE.

Reference points: "last/next/this week|month|year", "a year ago", "earlier this month", "the preceding year" count
from the DCT. "the following year", "the same month", "the next day", "three days later", "a day earlier", "that
morning" count from the narrative reference — the last resolved date of this or the previous sentence — else from
the DCT; but "three days later" with no such reference, and "a few days later" always, are the span (DURATION
"three days", extent without "later") as TimeML reads them, not a date after the DCT that a past-tense story cannot
mean. In quarterly reports "a year ago", "year-earlier", "the same period last year" take the quarter last
named within three sentences ("third-quarter profit rose from $4 million a year ago" → the previous year's Q3).

With `dct=None` every DCT-relative expression stays underspecified (value "XXXX-12-30", "XXXX-WXX-4", "XXXX-XX",
window None, anchor "dct") so a later stage can re-tag (`tag` again, or `resolve`) once it has estimated the
publication date. Absolute dates keep their values and windows.

Windows. Every DATE/TIME that denotes days gets a DateWindow: calendar units give their exact days (ISO weeks
Monday–Sunday, quarters, months, years; halves and seasons, the latter meteorological, northern hemisphere, with
granularity "approximate"; decades and centuries "approximate"); the compounds "year-end", "quarter-end",
"month-end" are the unit's last day. START/MID/END ("early", "mid-", "late", "the end
of") narrow a year to Jan–Apr / May–Aug / Sep–Dec and a month to days 1–10 / 11–20 / 21–end. Vague references get
approximate windows (granularity "approximate", value PAST_REF/FUTURE_REF/PRESENT_REF), wide enough to contain what
news usually means by them and narrow enough to order events on a timeline:

- "recently", "lately": the 30 days up to the DCT; "(in) recent days" 10 days; "recent weeks" 6 weeks; "recent
  months" 6 months; "recent years" 3 years; "the past" 5 years.
- "days ago" (no number): 2–10 days before the DCT; "weeks ago": 1–8 weeks; "months ago": 1–12 months; "years ago":
  1–10 years ("a few / several days ago" the same). A number gives the unit itself ("three weeks ago" → that ISO
  week); "about / nearly three weeks ago" keeps that week with mod APPROX; "more than / at least" give BEFORE /
  ON_OR_BEFORE.
- "days later" / "weeks later" (no number): 2–10 days / 1–8 weeks after the narrative reference; with no dated
  reference nearby the story is still in the past, so the 14 days (or the vague span, if longer) before the DCT.
  "came days after X": X lies before the clause's own date, so the window is the 14 days (weeks: 8 weeks, months: a
  year) ending at this sentence's date, else at the DCT.
- "in the near future", "in the coming weeks/months/years": 30 days / 6 weeks / 6 months / 3 years after the DCT;
  "in the long term" 5 years.
- "earlier this week|month|year": from the unit's first day to the DCT; "later this …": from the DCT to its end.
- "now", "currently", "at present", the adjective "current" (PRESENT_REF): the DCT itself.
- "for the week" / "the week's": the ISO week of the narrative day.
- "the past year": value the previous calendar year (TimeBank's convention), window the twelve months up to the DCT
  (approximate), which is what the phrase means on a timeline.

Durations (P3D, PXY, PT4H) and sets (XXXX-WXX-1, P1M) have no window. "N days after <event>" is a DURATION (the
span, extent without "after"), as in TimeML; so are ranges ("two to three weeks": PXW), halves ("a year and a
half": P1Y6M, "half an hour": PT30M) and "over the years" (PXY). Frequency adverbs take the value of their "every
<unit>" paraphrase ("annually" = "each year" = P1Y).

Extents follow TimeML 1.2.1: "the" is part of the expression, but signals and possessives are not ("within a year",
"only six months", "its fourth quarter"), nor the article of a prenominal adjective ("the third-quarter results",
"the year-earlier results").
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.extract import timex_calendar as cal
from dateline.extract.timex_grammar import (
    M,
    CAPITALISED_CLASSES,
    QCODE_TOKEN,
    RULE_ANCHORS,
    TOKEN,
    WORD_CLASSES,
    WINDOW_AFTER,
    WINDOW_BEFORE,
    HOLIDAYS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    RULES,
    SEASON_CODES,
    SENTENCE_BREAK,
    UNITS,
    WEEKDAYS,
)
from dateline.extract.timex_tense import FUTURE, PAST, PRESENT, UNKNOWN, Markers, find_markers
from dateline.records import DateWindow, Sentence, TimeExpr

TIMEX_VERSION = "timex@1"

__all__ = ["TIMEX_VERSION", "tag", "resolve", "clause_tenses"]

_RULE_ORDER = {name: i for i, (name, _rx) in enumerate(RULES)}


@dataclass(frozen=True)
class _Norm:
    type: str
    value: str
    window: DateWindow | None = None
    mod: str | None = None
    anchor: str | None = None


@dataclass
class _Ctx:
    """What a normaliser may look at: the DCT, the text around the match, and the narrative reference."""

    text: str
    dct: dt.date | None
    sent_start: int
    sent_end: int
    narrative: DateWindow | None
    narrative_pos: int
    prev_sentence_start: int
    quarter: DateWindow | None = None  # the last quarter mentioned within the previous three sentences
    marker_cache: dict | None = None  # sentence start → Markers, shared by all expressions of one text

    def tense(self, start: int, end: int) -> str:
        return self.tense_strength(start, end)[0]

    def tense_strength(self, start: int, end: int) -> tuple[str, bool]:
        """The tense and whether it is strong (its marker within a few words of the expression)."""
        # at most _TENSE_SPAN characters each side: news clauses are shorter, and it keeps run-on "sentences"
        # (tables, lists without punctuation) from making the tagger quadratic
        tense, dist = self.markers().nearest(start, end, span=_TENSE_SPAN, text=self.text)
        return tense, dist <= _STRONG_TENSE_CHARS

    def markers(self) -> Markers:
        cache = self.marker_cache if self.marker_cache is not None else {}
        found = cache.get(self.sent_start)
        if found is None:
            found = cache[self.sent_start] = find_markers(self.text, self.sent_start, self.sent_end)
        return found

    def before(self, start: int, n: int = 30) -> str:
        return self.text[max(self.sent_start, start - n):start]

    def after(self, end: int, n: int = 30) -> str:
        return self.text[end:min(self.sent_end, end + n)]

    def nearby_reference(self) -> DateWindow | None:
        """The narrative reference if it was set in this or the previous sentence."""
        if self.narrative is not None and self.narrative_pos >= self.prev_sentence_start:
            return self.narrative
        return None

    def nearby_quarter(self) -> DateWindow | None:
        return self.quarter


# --- public API ----------------------------------------------------------------------------------------------


def tag(
    text: str,
    dct: dt.date | None,
    *,
    sentences: Sequence[Sentence] | None = None,
    dct_estimated: bool = False,
) -> tuple[TimeExpr, ...]:
    """All time expressions in `text`, normalised against `dct` (None: leave DCT-relative values underspecified).

    `sentences` (offsets into `text`) bound the tense context; without them a regex splitter is used.
    `dct_estimated`: the DCT is an estimate (undated article), so every window resolved from it is marked
    `estimated=True`; windows of absolute dates are not.
    """
    if not text:
        return ()
    bounds = _sentence_bounds(text, sentences)
    starts = [a for a, _b in bounds]
    chosen = _select(_candidates(text))
    out: list[TimeExpr] = []
    narrative: DateWindow | None = None
    narrative_pos = -1
    quarter: DateWindow | None = None
    quarter_pos = -1
    marker_cache: dict = {}
    for start, end, rule, m in chosen:
        si = max(0, bisect.bisect_right(starts, start) - 1)
        s_start, s_end = bounds[si] if bounds else (0, len(text))
        prev_start = bounds[si - 1][0] if si > 0 else s_start
        quarter_reach = bounds[max(0, si - 3)][0] if bounds else 0
        ctx = _Ctx(text, dct, s_start, max(s_end, end), narrative, narrative_pos, prev_start,
                   quarter if quarter_pos >= quarter_reach else None, marker_cache)
        try:
            norm = _NORMALISERS[rule](m, ctx)
        except (ValueError, OverflowError, KeyError):
            norm = None
        if norm is None:
            continue
        if "x" in m.re.groupindex and m.group("x"):
            start, end = m.span("x")
        elif "x2" in m.re.groupindex and m.group("x2"):
            start, end = m.span("x2")  # the rule matched context words around the expression proper
        if rule == "duration" and m.group("det") and not m.group("rel") and "-" in text[m.end("n"):m.start("u")]:
            start = m.start("n")  # "the 10-day visit": the expression is "10-day"
        if rule == "quarter" and m.group("det") and m.group("ord") and _ADJECTIVAL.match(text, m.end("u")) and \
                text.startswith("-", m.end("ord")):
            start = m.start("rel") if m.group("rel") else m.start("ord")  # "the third-quarter results": the "the"
            # belongs to "results"
        if rule == "year_earlier" and _ADJECTIVAL.match(text, m.end()):
            start = m.start("w")  # "the year-earlier results": the article belongs to the noun
        if rule == "duration" and (m.group("rel") or "").lower() == "last" and \
                _VERB_LAST.search(text, max(0, m.start() - 12), m.start()):
            start = m.start("n")  # "the talks will last three days": the verb, not "the last three days"
        if rule == "ago" and norm.type == "DURATION":
            end = start + len(m.group(0)[: m.start("dir") - m.start()].rstrip())
        ws, we = _trim(text, start, end)
        if we <= ws:
            continue
        window = norm.window
        if dct_estimated and window is not None and norm.anchor != "absolute":
            window = dataclasses.replace(window, estimated=True)
        out.append(TimeExpr(ws, we, text[ws:we], norm.type, norm.value, window, norm.mod, norm.anchor))
        if rule == "full_date" and norm.window is not None and norm.window.granularity == "day":
            extra = _range_end_day(text, we, norm, window, chosen)
            if extra is not None:
                out.append(extra)
        if norm.window is not None and norm.type == "DATE" and _is_half(norm.window) and norm.anchor != "narrative":
            quarter, quarter_pos = norm.window, start  # "the first half ... the same period of last year"
        if _RESETS_PERIOD.match(text, ws, we):
            # "For the nine months, ... a year earlier": the year-to-date period is now the one compared, so neither
            # the quarter named before it nor a quarter as narrative reference says what "a year earlier" is
            quarter = None
            if narrative is not None and _is_period(narrative):
                narrative = None
        if norm.window is not None and norm.type in ("DATE", "TIME") and norm.window.granularity != "approximate":
            narrative, narrative_pos = norm.window, start
            if _is_period(norm.window) and (norm.anchor != "narrative" or norm.window == quarter):
                quarter, quarter_pos = norm.window, start  # a reference back to the same quarter keeps it current
    return tuple(out)


# report periods other than quarters and halves: after them, "a year earlier" compares that period, not the quarter
_RESETS_PERIOD = re.compile(
    r"(?:the\s+)?(?:first\s+)?(?:nine|six|three|eight|ten|eleven|twelve|9|6|3|12)\s+months\b|"
    r"(?:the\s+)?(?:fiscal\s+)?year\b(?!-)", re.IGNORECASE)


_RANGE_END = re.compile(
    r"\s*(?:to|through|until|till|and|-|\u2013)\s*(?P<d>[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
    r"(?!\s*(?:%|percent|[ap]\.?m\b|cents?\b|dollars?\b|[a-z]+\s+(?:of|in)\b|(?:million|billion|people|points?|"
    r"years?|months?|weeks?|days?|hours?)\b))",
    re.IGNORECASE,
)


def _range_end_day(text: str, pos: int, norm: _Norm, window: DateWindow | None,
                   chosen: Sequence[tuple[int, int, str, re.Match[str]]]) -> TimeExpr | None:
    """"Nov. 15 to 18": the day that ends a range of days in the same month, as its own DATE."""
    m = _RANGE_END.match(text, pos)
    if m is None or window is None:
        return None
    a, b = m.span("d")
    if any(s < b and a < e for s, e, _r, _m in chosen):
        return None
    first = window.earliest
    d = cal.safe_date(first.year, first.month, int(m.group("d")))
    if d is None or d <= first:
        return None
    w = dataclasses.replace(cal.day_window(d), estimated=window.estimated)
    value = d.isoformat() if norm.value[:4].isdigit() else f"XXXX-{d.month:02d}-{d.day:02d}"
    return TimeExpr(a, b, text[a:b], "DATE", value, w if norm.value[:4].isdigit() else None, None, norm.anchor)


_VERB_LAST = re.compile(r"\b(?:will|would|could|can|may|might|should|must|to|not|n't|did|does|do)\s+$",
                        re.IGNORECASE)
_ADJECTIVAL = re.compile(r"\s+(?!of\b|ended\b|ending\b|end\b|and\b|or\b|to\b|in\b|on\b|for\b|that\b|when\b|was\b|"
                         r"were\b|is\b|will\b|has\b|had\b|as\b|at\b|with\b|from\b|by\b|compared\b|a\b)(?-i:[a-z])")


def resolve(expr: TimeExpr, text: str, dct: dt.date) -> TimeExpr:
    """Re-normalise one expression of `text` once the DCT is known (the story stage estimates undated articles)."""
    for t in tag(text, dct):
        if (t.start, t.end) == (expr.start, expr.end):
            return t
    return expr


def clause_tenses(text: str, spans: Sequence[tuple[int, int]], *,
                  sentences: Sequence[Sentence] | None = None) -> tuple[str, ...]:
    """For each (start, end) time expression of `text`: "past" when its clause reports it, "future" when it
    announces it, else "unknown" — decided as `tag` decides where a yearless day or a weekday falls against a DCT
    (`_placement`, `_weekday_window`: "since"/"last"/"ago" before it, "next"/"as soon as", the nearest tense marker
    of the clause, a scheduled present "meets Monday", a deadline only with a future marker). For a caller that
    tagged without a DCT and must tell the days an article reports from those it announces (the dating of undated
    articles: it was written after the one, before the other)."""
    if not text:
        return tuple(UNKNOWN for _ in spans)
    bounds = _sentence_bounds(text, sentences)
    starts = [a for a, _b in bounds]
    cache: dict = {}
    out = []
    for start, end in spans:
        si = max(0, bisect.bisect_right(starts, start) - 1)
        s_start, s_end = bounds[si] if bounds else (0, len(text))
        ctx = _Ctx(text, None, s_start, max(s_end, end), None, -1, s_start, None, cache)
        before = ctx.before(start, 30)
        if _PAST_CUE.search(before):
            out.append(PAST)
            continue
        if _NEXT_CUE.search(before) or _EARLIEST_CUE.search(before):
            out.append(FUTURE)
            continue
        tense = ctx.tense(start, end)
        if _POSSESSIVE.match(text, end):  # "Tuesday's declaration": only the verb on its left places it
            tense = ctx.markers().tense_before(start, span=_TENSE_SPAN)
        if _DEADLINE_CUE.search(before):  # a deadline's clause may be past while the deadline is not
            planned = tense in (FUTURE, PRESENT) or ctx.markers().future_before(start, span=_TENSE_SPAN)
            out.append(FUTURE if planned else UNKNOWN)
            continue
        out.append(FUTURE if tense in (FUTURE, PRESENT) else PAST if tense == PAST else UNKNOWN)
    return tuple(out)


# --- recognition ---------------------------------------------------------------------------------------------


def _sentence_bounds(text: str, sentences: Sequence[Sentence] | None) -> list[tuple[int, int]]:
    if sentences:
        return sorted((s.start, s.end) for s in sentences)
    bounds = []
    pos = 0
    for m in SENTENCE_BREAK.finditer(text):
        if text[m.start() - 1:m.start()] == "." and _ABBREV_END.search(text, max(0, m.start() - 12), m.start()):
            continue  # "p.m. Saturday", "Sept. 23", "Mr. Kim": an abbreviation, not the end of a sentence
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(text)))
    return bounds


_ABBREV_END = re.compile(
    r"(?:\b(?:[ap]\.m|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mon|Tues?|Wed|Thu|Thurs|Fri|Sat|Sun|Mr|Mrs|Ms|"
    r"Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Prof|Rev|Inc|Corp|Co|Ltd|No|Nos|vs|U\.S|U\.N|U\.K|E\.U)|"
    r"(?<![A-Za-z])[A-Z])\.$"
)


def _candidates(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    hits: dict[str, list[tuple[int, int]]] = {}
    for m in TOKEN.finditer(text):
        word = m.group()
        if word[0].isdigit():
            hits.setdefault("DIGIT", []).append(m.span())
            continue
        low = word.lower()
        classes = WORD_CLASSES.get(low)
        if classes:
            span = m.span()
            for cls in classes:
                hits.setdefault(cls, []).append(span)
        if word[0].isupper():
            cls = CAPITALISED_CLASSES.get(low)
            if cls:
                hits.setdefault(cls, []).append(m.span())
            elif len(word) == 2 and QCODE_TOKEN.fullmatch(word):
                hits.setdefault("QCODE", []).append(m.span())
    found = []
    n = len(text)
    for name, rx in RULES:
        classes = RULE_ANCHORS[name]
        if len(classes) == 1:
            (only,) = classes
            spans = hits.get(only, [])
        else:
            spans = sorted(s for cls in classes for s in hits.get(cls, ()))
        if not spans:
            continue
        accept = _ACCEPT.get(name)
        for a, b in _merge_windows(spans, n):
            for m in rx.finditer(text, a, b):
                if m.end() <= m.start():
                    continue
                if accept is not None and not accept(m, text):
                    continue
                found.append((m.start(), m.end(), name, m))
    return found


def _merge_windows(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in spans:
        a, b = max(0, s - WINDOW_BEFORE), min(n, e + WINDOW_AFTER)
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _select(cands: list[tuple[int, int, str, re.Match[str]]]) -> list[tuple[int, int, str, re.Match[str]]]:
    """Longest match first, then the earliest, then the rule listed first; no overlaps."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], _RULE_ORDER[c[2]]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in cands:
        i = bisect.bisect_left(taken, (c[0], c[1]))
        if i > 0 and taken[i - 1][1] > c[0]:
            continue
        if i < len(taken) and taken[i][0] < c[1]:
            continue
        taken.insert(i, (c[0], c[1]))
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])
    return chosen


# prepositions and signals ("within a year", "only six months") and possessives ("its fourth quarter") are not part
# of a TIMEX3 extent (TimeML 1.2.1: the determiner "the" is, a possessive determiner is not)
_TRIM_LEAD = re.compile(r"^(?:over|on|at|in|within|only|its|their|his|her|our|my|your)\s+"
                        r"(?!least\b|most\b|the\s+least\b)", re.IGNORECASE)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    s = text[start:end]
    m = _TRIM_LEAD.match(s)
    if m and len(s) > m.end():
        start += m.end()
        s = s[m.end():]
    stripped = s.rstrip(" ,.;:-'’\n\t")
    if s.endswith(".") and re.search(r"(?:[ap]\.m|\b[A-Z][a-z]{2,3})\.$", s):
        stripped = s.rstrip(" ,;:\n\t")  # keep the period of "p.m." and "Sept."
    return start, start + len(stripped)


_PREP_BEFORE = re.compile(
    r"(?:\b(?:in|on|since|until|till|by|from|to|through|during|of|last|next|this|early|late|mid|before|after|"
    r"between|and|or|since|for|until|around|about|as|that|the|each|every|until|till|late|early|mid-)\s*|[-,(]\s*)$",
    re.IGNORECASE,
)


_NAME_HYPHEN_BEFORE = re.compile(r"\b(?-i:([A-Z][a-z]+))-$")


def _accept_month(m: re.Match[str], text: str) -> bool:
    word = m.group("m")
    if word[:1].isupper() and (h := _NAME_HYPHEN_BEFORE.search(text, max(0, m.start() - 20), m.start())) \
            and h.group(1).lower().rstrip(".") not in MONTHS:
        return False  # "Carl-August Fleischauer": part of a hyphenated name ("July-August" is a range)
    if word in ("May", "March") and not m.group("rel") and not m.group("mod"):
        # "May" and "March" are also a modal and a verb: want a preposition before or a number after.
        before = text[max(0, m.start() - 12):m.start()]
        after = text[m.end():m.end() + 6]
        return bool(_PREP_BEFORE.search(before) or re.match(r"\s*,?\s*[0-9]", after))
    return True


def _accept_duration(m: re.Match[str], text: str) -> bool:
    n = m.group("n").lower()
    unit = m.group("u").lower()
    if re.match(r"[\s-]+old\b", text[m.end():m.end() + 6]) or m.group(0).lower().endswith("-old"):
        return False  # an age ("52 years old", "a 136-year-old house")
    if n in ("a", "an", "some", "many") and not (m.group("dm") or m.group("rel") or m.group("det")):
        before = text[max(0, m.start() - 20):m.start()]
        if unit.startswith("second") or unit.startswith("quarter"):
            return False
        return bool(re.search(r"\b(?:for|over|within|in|than|after|take|took|takes|spent|spend|lasted|lasts|"
                              r"nearly|about|almost)\s+$", before, re.IGNORECASE))
    if unit.startswith("quarter") and not m.group("rel") and not m.group("det"):
        return False  # "two quarters" of a pie chart; "the past two quarters" is fine
    if unit.startswith("second") and n in ("a", "an"):
        return False
    if m.group("u")[0].isupper() and n[0].isdigit() and not _at_sentence_start(text, m.start()):
        return False  # a title in the middle of a sentence ("on CBS's '60 Minutes'"), not a span of time
    return True


def _at_sentence_start(text: str, pos: int) -> bool:
    return re.search(r"(?:^|[.!?:]\s+|\n\s*)[\"'“‘(]*$", text[max(0, pos - 6):pos]) is not None


_TITLE_AFTER = re.compile(r"\s+(?-i:[A-Z][a-z]+)")


def _accept_set(m: re.Match[str], text: str) -> bool:
    q = (m.group("q") or "").lower()
    adv = m.group("adv")
    if adv and (after := _TITLE_AFTER.match(text, m.end())) is not None:
        # "the party daily Granma": a newspaper, not a frequency (a weekday or month after it still is one)
        word = after.group(0).strip().lower()
        if word not in WEEKDAYS and word not in MONTHS:
            return False
    if q == "a" and m.group("freq"):
        return True  # "twice a day", "five days a week"
    if q == "a":
        before = text[max(0, m.start() - 25):m.start()]
        return bool(re.search(r"(?:[0-9%]|\b(?:million|billion|cents?|dollars?|times|once|twice|share|tons?|"
                              r"barrels?|people|units)\b)\s*$", before, re.IGNORECASE))
    if q == "per":
        return True
    return True


_FALL_NOUN_AFTER = re.compile(r"\s+(?:of|in)\b", re.IGNORECASE)


def _accept_season(m: re.Match[str], text: str) -> bool:
    if m.group("y"):
        return True
    pre = re.sub(r"\s+", " ", (m.group("pre") or "").lower()).strip()
    if pre == "the" and m.group("s").lower() == "fall" and _FALL_NOUN_AFTER.match(text, m.end()):
        return False  # "the fall of the Berlin Wall", "the fall in prices": a collapse or a drop, not autumn
    if m.group("s")[0].isupper() and _TITLE_AFTER.match(text, m.end()):
        return False  # "the Winter Olympics", "the Winter Soldier investigation": part of a name
    if pre:
        return True
    before = text[max(0, m.start() - 10):m.start()]
    return m.group("s").lower() != "fall" and bool(re.search(r"\b(?:in|during|since|until|by|through)\s+$", before,
                                                              re.IGNORECASE))


def _accept_year(m: re.Match[str], text: str) -> bool:
    if m.group("mod") or m.group("fy"):
        return True
    y = int(m.group("y"))
    after = text[m.end():m.end() + 16].lower()
    before = text[max(0, m.start() - 3):m.start()]
    if re.match(r"\s*(?:people|persons|troops|soldiers|workers|members|jobs|units|cars|acres|feet|meters|miles|"
                r"km|kilometers|tons|votes|students|shares|pages|words)\b", after):
        return False
    if before.endswith("No") or before.endswith("#"):
        return False
    if y % 100 < 60 and y // 100 < 24 and _CLOCK_ZONE.match(text, m.end()):
        return False  # "as of 1700 BST", "from 0830 to 1730 GMT": a 24-hour clock time, not a year
    return 1600 <= y <= 2099


# A time zone or clock word right after a four-digit number makes it a 24-hour time ("1700 BST", "2000 hrs").
_CLOCK_ZONE = re.compile(r"\s*(?:GMT|BST|UTC|CET|CEST|EET|EEST|[ECMP][SD]T|IST|JST|AE[SD]T|Z\b|"
                         r"(?i:hrs\b|hours\b|h\b|local\s+time))")


def _accept_century(m: re.Match[str], text: str) -> bool:
    o = m.group("o").lower()
    if o in ("last", "final"):
        return False  # ORDINALS reads them as a fourth quarter; "the last century" is relative (rel_unit)
    return o in ORDINALS or bool(re.fullmatch(r"[0-9]{1,2}(?:st|nd|rd|th)", o))


def _accept_quarter(m: re.Match[str], text: str) -> bool:
    if text.startswith("-to-", m.end()):
        return False  # "quarter-to-quarter comparison"
    if m.group("ord") or m.group("py") or m.group("y2") or m.group("y3") or (m.group("rel") or "").strip():
        return True
    return bool((m.group("det") or "").strip().lower() in ("the", "this", "last", "next", "that"))


def _accept_weekday(m: re.Match[str], text: str) -> bool:
    wd = m.group("wd")
    if wd.endswith(".") and len(wd) <= 5:
        # "Sun." / "Sat." may be an abbreviation in a byline: want a date or a preposition around it
        before = text[max(0, m.start() - 6):m.start()]
        return bool(re.search(r"\b(?:on|by|until|since)\s+$", before, re.IGNORECASE))
    return True


def _accept_bare_plural(m: re.Match[str], text: str) -> bool:
    before = text[max(0, m.start() - 8):m.start()]
    return bool(re.search(r"\b(?:for|over|within|in|after|than|take|took|takes|taken|lasted|lasts)\s+$", before,
                          re.IGNORECASE))


def _accept_the_year(m: re.Match[str], text: str) -> bool:
    return bool(m.group("pre") or m.group("post"))


def _accept_spoken_year(m: re.Match[str], text: str) -> bool:
    if m.group(0).lower().startswith("the year") or m.group("b"):
        return True
    before = text[max(0, m.start() - 8):m.start()]
    return bool(re.search(r"\b(?:in|since|by|of|until|till|before|after)\s+$", before, re.IGNORECASE))


def _accept_rel_unit(m: re.Match[str], text: str) -> bool:
    return not m.group("u")[0].isupper()  # "This Week" with a capital W is a title (a TV show), not a date


_CAPITALISED_WORD_BEFORE = re.compile(r"(?-i:[A-Z][A-Za-z0-9&'-]*)\s+$")


def _accept_deictic(m: re.Match[str], text: str) -> bool:
    """"USA Today", "This is VOA Today": a capitalised "Today"/"Tonight" right after a capitalised word (no
    punctuation between) is a name, not the day."""
    w = m.group("w")
    low = w.lower()
    if low in ("today", "tomorrow") and not m.group("mod"):
        # "today's world", "the leaders of tomorrow": the present or future age in general, not a day
        if low == "today" and _GENERIC_AGE_AFTER.match(text, m.end()):
            return False
        if _OF_BEFORE.search(text, max(0, m.start() - 12), m.start()) and not re.match(r"'s\b", text[m.end():]):
            return False
    if m.group("mod") or not w[:1].isupper() or " " in w:
        return True
    return _CAPITALISED_WORD_BEFORE.search(text, max(0, m.start() - 30), m.start()) is None


_GENERIC_AGE_AFTER = re.compile(
    r"(?:'s|’s)\s+(?:world|society|youth|young|generation|children|kids|teenagers|students|economy|culture|"
    r"modern|personal|global|high-tech|fast-paced|politics|media|families|women|men|consumers)\b", re.IGNORECASE)
_OF_BEFORE = re.compile(r"\b(?:people|leaders|world|technology|technologies|cars|city|cities|jobs|workers|"
                        r"school|schools|industry|industries|stars)\s+of\s+$", re.IGNORECASE)


_COMMA_AFTER = re.compile(r"\s*,")


def _accept_ref(m: re.Match[str], text: str) -> bool:
    # a sentence that opens with "Now," uses it as a discourse marker ("Now, he says, it looks like ...": a turn in
    # the argument, not the time of speaking); TimeBank and AQUAINT-dev leave all of these untagged, while an
    # opening "Now" without the comma ("Now officials are investigating") is tagged
    if m.group(0).lower() != "now" or not _at_sentence_start(text, m.start()):
        return True
    return _COMMA_AFTER.match(text, m.end()) is None


_ACCEPT = {
    "ref": _accept_ref,
    "deictic": _accept_deictic,
    "the_year": _accept_the_year,
    "spoken_year": _accept_spoken_year,
    "rel_unit": _accept_rel_unit,
    "bare_plural": _accept_bare_plural,
    "month": _accept_month,
    "month_year": lambda m, t: True,
    "duration": _accept_duration,
    "set": _accept_set,
    "season": _accept_season,
    "year": _accept_year,
    "century": _accept_century,
    "quarter": _accept_quarter,
    "weekday": _accept_weekday,
}

# --- normalisation helpers --------------------------------------------------------------------------------------

_MOD_WORDS = (
    ("first half", "START"), ("second half", "END"), ("latter", "END"), ("later part", "END"),
    ("early part", "START"), ("beginning", "START"), ("start", "START"), ("dawn", "START"), ("early", "START"),
    ("mid", "MID"), ("middle", "MID"), ("end", "END"), ("close", "END"), ("late", "END"), ("turn", "END"),
    ("rest", "END"), ("remainder", "END"),
)


def _mod_of(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower()
    for word, mod in _MOD_WORDS:
        if word in t:
            return mod
    return None


def _number(word: str) -> int | float | None:
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    half = w.endswith(" and a half") or w.endswith(" 1/2")
    if half:
        w = w.rsplit(" and a half", 1)[0] if w.endswith("and a half") else w[: -len(" 1/2")]
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", w):
        n: int | float = float(w) if "." in w else int(w)
    else:
        parts = re.split(r"[- ]", w)
        if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
            n = NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
        elif w in NUMBER_WORDS:
            n = NUMBER_WORDS[w]
        else:
            return None
    return n + 0.5 if half else n


def _duration_value(n: int | float | None, unit: str) -> str:
    """TIMEX3 duration for n units (None: unknown number → X)."""
    code = UNITS[unit]
    if code == "WE":
        code = "D"
        n = None if n is None else n * 2
    if code == "DE":
        code, n = "Y", (None if n is None else n * 10)
    elif code == "CE":
        code, n = "Y", (None if n is None else n * 100)
    time_unit = code in ("H", "S") or (code == "M" and unit == "minute")
    if n is None:
        return f"PTX{code}" if time_unit else f"PX{code}"
    if isinstance(n, float) and not n.is_integer() and time_unit and code in ("H", "M"):
        whole, rest = int(n), round((n - int(n)) * 60)
        sub = "M" if code == "H" else "S"
        return f"PT{whole}{code}{rest}{sub}" if whole else f"PT{rest}{sub}"
    if isinstance(n, float) and not n.is_integer():
        # halves: move to the next smaller unit where TIMEX3 has one
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}
        if code in smaller and not time_unit:
            sub, k = smaller[code]
            whole = int(n)
            rest = round((n - whole) * k)
            if sub == "H":
                return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
            return f"P{whole}{code}{rest}{sub}" if whole else f"P{rest}{sub}"
        n = round(n)
    n = int(n)
    return f"PT{n}{code}" if time_unit else f"P{n}{code}"


def _unit_name(u: str) -> str:
    u = u.lower()
    if u.startswith("centur"):
        return "century"
    return u[:-1] if u.endswith("s") else u


_DUR_MODS = {
    "more than": "MORE_THAN", "over": "MORE_THAN", "just over": "MORE_THAN", "well over": "MORE_THAN",
    "upwards of": "MORE_THAN", "at least": "EQUAL_OR_MORE", "a full": "EQUAL_OR_MORE", "fully": "EQUAL_OR_MORE",
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "just under": "LESS_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "fewer than": "LESS_THAN", "barely": "LESS_THAN", "close to": "LESS_THAN",
    "the better part of": "LESS_THAN", "about": "APPROX", "around": "APPROX", "roughly": "APPROX",
    "approximately": "APPROX", "some": "APPROX", "up to": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "as many as": "EQUAL_OR_LESS",
    "as much as": "EQUAL_OR_LESS", "as long as": "EQUAL_OR_LESS", "only": None,
}


def _dur_mod(dm: str | None) -> str | None:
    if not dm:
        return None
    return _DUR_MODS.get(re.sub(r"\s+", " ", dm.lower().strip()))


def _shift_window(w: DateWindow, unit: str, n: int) -> DateWindow:
    """The same calendar unit as `w`, n units later (n < 0: earlier)."""
    d = w.earliest
    if w.granularity == "day":
        return cal.day_window(cal.add_days(d, n))
    if w.granularity == "week":
        return cal.week_window(cal.add_days(d, 7 * n))
    if w.granularity == "month":
        y, mo = cal.shift_month(d.year, d.month, n)
        return cal.month_window(y, mo)
    if w.granularity == "quarter":
        q = cal.quarter_of(d)
        idx = d.year * 4 + (q - 1) + n
        return cal.quarter_window(idx // 4, idx % 4 + 1)
    return cal.year_window(d.year + n)


def _is_half(w: DateWindow) -> bool:
    return bool(w.value) and len(w.value) == 7 and w.value[4:6] == "-H"


def _is_period(w: DateWindow) -> bool:
    """A quarter or a half: the report periods "a year ago" and "the same period" refer back to."""
    return w.granularity == "quarter" or _is_half(w)


def _period_in_year(period: DateWindow, year: int) -> DateWindow:
    if _is_half(period):
        return cal.half_window(year, int(period.value[-1]))
    return cal.quarter_window(year, cal.quarter_of(period.earliest))


def _period_year_before(period: DateWindow) -> DateWindow:
    return _period_in_year(period, period.earliest.year - 1)


def _unit_window(d: dt.date, unit: str) -> DateWindow:
    if unit == "day":
        return cal.day_window(d)
    if unit == "week":
        return cal.week_window(d)
    if unit == "weekend":
        return cal.weekend_window(d)
    if unit == "month":
        return cal.month_window(d.year, d.month)
    if unit == "quarter":
        return cal.quarter_window(d.year, cal.quarter_of(d))
    if unit == "decade":
        return cal.decade_window(d.year // 10)
    if unit == "century":
        return cal.century_window(d.year // 100)
    return cal.year_window(d.year)


def _shift_date(d: dt.date, unit: str, n: int) -> dt.date:
    if unit in ("day", "night"):
        return cal.add_days(d, n)
    if unit in ("week", "weekend"):
        return cal.add_days(d, 7 * n)
    if unit in ("month", "quarter"):
        k = n * (3 if unit == "quarter" else 1)
        y, mo = cal.shift_month(d.year, d.month, k)
        return cal.safe_date(y, mo, min(d.day, cal.month_end(y, mo).day)) or d
    factor = {"year": 1, "decade": 10, "century": 100}.get(unit, 1)
    y = cal.clamp_year(d.year + n * factor)
    return cal.safe_date(y, d.month, min(d.day, 28 if d.month == 2 else d.day)) or d


_UNDERSPEC = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
              "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX"}


def _window_norm(w: DateWindow, *, mod: str | None, anchor: str, type_: str = "DATE") -> _Norm:
    return _Norm(type_, w.value or "XXXX", cal.with_mod(w, mod), mod, anchor)


def _choose(cands: list[DateWindow], dct: dt.date, tense: str, *, reach: int = 183) -> DateWindow:
    """Pick among the same day/month/quarter in neighbouring years (see module docstring).

    The occurrence nearest to the DCT wins, unless the clause's tense points the other way and the occurrence on
    that side lies within `reach` days: "in December" said in March of a plan is next December; "Dec. 7" in a past
    clause written in late October is still this December (a date a year back would carry its year).
    """
    nearest = min(cands, key=lambda w: (_gap(w, dct), w.earliest > dct))
    if tense == PAST and nearest.earliest > dct:
        past = [w for w in cands if w.earliest <= dct]
        if past:
            alt = max(past, key=lambda w: w.earliest)
            if _gap(alt, dct) <= reach:
                return alt
    elif tense == FUTURE and nearest.latest < dct:
        fut = [w for w in cands if w.latest >= dct]
        if fut:
            alt = min(fut, key=lambda w: w.earliest)
            if _gap(alt, dct) <= reach:
                return alt
    return nearest


_STRONG_TENSE_CHARS = 12
_TENSE_SPAN = 250
_PAST_CUE = re.compile(r"\b(?:since|last|earlier\s+in|ago|ended|expired)\s+(?:early\s+|late\s+|mid-?)?$",
                       re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_EARLIEST_CUE = re.compile(r"\b(?:as\s+(?:soon|early)\s+as|no\s+(?:sooner|earlier)\s+than)\s+$", re.IGNORECASE)
_NEXT_CUE = re.compile(r"\b(?:next|this\s+coming)\s+$", re.IGNORECASE)
_DEADLINE_CUE = re.compile(
    r"\b(?:until|till|through|by|before|starting|beginning|"
    # "a payment due in August", "the offer expires on Nov. 30": the preposition does not make them less deadlines
    r"(?:effective|payable|expire|expires|expiring|due)(?:\s+(?:in|on|at))?|"
    r"extended\s+to|postponed\s+to|delayed\s+to|moved\s+to)\s+(?:early\s+|late\s+|mid-?|the\s+end\s+of\s+)?$",
    re.IGNORECASE,
)


# "in force from 00:01 Monday", "closed from May 3": the start of a stretch, still to come unless the clause is past
_FROM_CUE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_DEADLINE_AFTER = re.compile(r"\s+(?:deadline|cutoff|cut-off|target\s+date)\b", re.IGNORECASE)


def _placement(ctx: _Ctx, start: int, end: int, *, day: bool) -> tuple[str, int]:
    """Which side of the DCT a yearless date lies on (tense) and how far the tense may move it (days).

    "since March" is past; "until/by/payable/effective Dec. 7" name deadlines, which the clause's tense does not
    place, so the nearest occurrence wins. Otherwise the clause's tense decides within half a year for days (the
    reporting verb often governs the sentence, not the date) and within ~ten months for months; a month with no
    tense marker at all leans to the past, as news mostly reports what happened.
    """
    before = ctx.before(start, 30)
    if _PAST_CUE.search(before):
        return PAST, 366
    if _NEXT_CUE.search(before) or _EARLIEST_CUE.search(before):  # "no earlier than September"
        return FUTURE, 366
    tense, strong = ctx.tense_strength(start, end)
    if _DEADLINE_CUE.search(before) or _DEADLINE_AFTER.match(ctx.text, end):
        # a deadline's clause may be past ("was extended to Nov. 20") while the deadline is not: a past verb leaves
        # the nearest occurrence; a plan, or a clause with no past verb ("funds the agencies through Sept. 30",
        # "before the Oct. 1 deadline"), has a deadline still to come, as for weekdays
        planned = tense != PAST or ctx.markers().future_before(start, span=_TENSE_SPAN)
        return (FUTURE, 300) if planned else (UNKNOWN, 0)
    if _FROM_CUE.search(before) and tense != PAST:
        return FUTURE, 120  # only a near start: the range's end, placed on its own, must not land a year apart
    if tense == PRESENT:
        # a scheduled present right next to the date ("the Legislature reconvenes in January", "the cup begins in
        # September") announces it; further away it is often a state ("began raising its stake in July, and holds
        # 14.6%"), which places nothing
        tense = FUTURE if strong else UNKNOWN
    if day:
        return tense, (300 if strong else 183)
    if tense == UNKNOWN:
        return PAST, 240
    return tense, 300


def _gap(w: DateWindow, d: dt.date) -> int:
    if w.earliest <= d <= w.latest:
        return 0
    return (w.earliest - d).days if w.earliest > d else (d - w.latest).days


def _year_of(text: str, ctx: _Ctx) -> tuple[int | None, str]:
    """A year from an explicit 4-digit number or from "this/last/next/the preceding/the following year"."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if re.fullmatch(r"[0-9]{4}", t):
        return int(t), "absolute"
    if t.startswith(("nineteen", "two thousand")):
        return _spoken_year_value(t), "absolute"
    if re.fullmatch(r"[0-9]{2}", t):
        y = int(t)
        return (2000 + y if y < 50 else 1900 + y), "absolute"
    if t.startswith("the same") or t.startswith("that") or t.startswith("the following") or t == "the next year":
        ref = ctx.nearby_reference() or ctx.narrative
        offset = 0 if (t.startswith("the same") or t.startswith("that")) else 1
        if ref is not None:
            return ref.earliest.year + offset, "narrative"
        if ctx.dct is None:
            return None, "dct"
        return ctx.dct.year + offset, "dct"
    if ctx.dct is None:
        return None, "dct"
    y = ctx.dct.year
    if t.startswith("last") or "preceding" in t or "previous" in t or "prior" in t:
        return y - 1, "dct"
    if t.startswith("next"):
        return y + 1, "dct"
    return y, "dct"


# --- normalisers, one per rule -------------------------------------------------------------------------------


def _n_iso_date(m, ctx) -> _Norm | None:
    d = cal.safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _Norm("DATE", d.isoformat(), cal.day_window(d), None, "absolute") if d else None


def _n_slash_date(m, ctx) -> _Norm | None:
    y = int(m.group("y"))
    if y < 100:
        y += 2000 if y < 50 else 1900
    d = cal.safe_date(y, int(m.group("m")), int(m.group("d")))
    return _Norm("DATE", d.isoformat(), cal.day_window(d), None, "absolute") if d else None


def _day_month_candidates(month: int, day: int, years: Sequence[int]) -> list[DateWindow]:
    out = []
    for y in years:
        d = cal.safe_date(y, month, day)
        if d:
            out.append(cal.day_window(d))
    return out


def _n_full_date(m, ctx) -> _Norm | None:
    month = MONTHS[m.group("m1" if m.group("m1") else "m2").lower().rstrip(".")]
    day = _day_number(m.group("d1") or m.group("d2"))
    ytxt = m.group("y") or m.group("y2")
    if ytxt:
        y, _ = _year_of(ytxt, ctx)
        d = cal.safe_date(y, month, day)
        return _Norm("DATE", d.isoformat(), cal.day_window(d), None, "absolute") if d else None
    if cal.safe_date(2000, month, day) is None:
        return None
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}-{day:02d}", None, None, "dct")
    # a weekday next to the date picks the year in which they agree
    cands = _day_month_candidates(month, day, (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1))
    if m.group("wd"):
        wd = WEEKDAYS[m.group("wd").lower().rstrip(".")]
        agree = [w for w in cands if w.earliest.isoweekday() == wd]
        if agree:
            cands = agree
    tense, reach = _placement(ctx, m.start(), m.end(), day=True)
    w = _choose(cands, ctx.dct, tense, reach=reach)
    return _Norm("DATE", w.value, w, None, _anchor_of(tense))


def _day_number(word: str) -> int:
    """"21", "21st" or "twenty-first" → 21."""
    digits = re.match(r"[0-9]+", word)
    if digits:
        return int(digits.group(0))
    return ORDINALS[re.sub(r"[\s-]+", "-", word.lower())]


def _n_day_of_month(m, ctx) -> _Norm | None:
    day = _day_number(m.group("d"))
    ref = ctx.nearby_reference()
    if ref is not None and ref.granularity in ("day", "month"):
        base, anchor = ref.earliest, "narrative"
    elif ctx.dct is not None:
        base, anchor = ctx.dct, "dct"
    else:
        return _Norm("DATE", f"XXXX-XX-{day:02d}", None, None, "dct")
    cands = []
    for k in (-1, 0, 1):
        y, mo = cal.shift_month(base.year, base.month, k)
        d = cal.safe_date(y, mo, day)
        if d:
            cands.append(cal.day_window(d))
    if not cands:
        return None
    if anchor == "narrative":
        w = next((c for c in cands if (c.earliest.year, c.earliest.month) == (base.year, base.month)), cands[0])
    else:
        tense, reach = _placement(ctx, m.start("x"), m.end("x"), day=True)
        w = _choose(cands, ctx.dct, tense, reach=min(reach, 31))
        anchor = _anchor_of(tense)
    return _Norm("DATE", w.value, w, None, anchor)


def _anchor_of(tense: str) -> str:
    return {PAST: "dct-past", FUTURE: "planned"}.get(tense, "dct")


def _n_month_year(m, ctx) -> _Norm | None:
    month = MONTHS[m.group("m").lower().rstrip(".")]
    ytxt = m.group("y") or m.group("ry") or m.group("y2")
    y, anchor = _year_of(ytxt, ctx)
    mod = _mod_of(m.group("mod"))
    if y is None:
        return _Norm("DATE", f"XXXX-{month:02d}", None, mod, anchor)
    return _window_norm(cal.month_window(y, month), mod=mod, anchor=anchor)


def _n_month(m, ctx) -> _Norm | None:
    month = MONTHS[m.group("m").lower().rstrip(".")]
    mod = _mod_of(m.group("mod"))
    rel = (m.group("rel") or "").lower().split()
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}", None, mod, "dct")
    y = ctx.dct.year
    cands = [cal.month_window(yy, month) for yy in (y - 1, y, y + 1)]
    if rel[-1:] == ["past"]:  # "this past February": the latest one before the DCT's month
        prior = [w for w in cands if w.latest < ctx.dct] or cands[:1]
        w = max(prior, key=lambda w: w.earliest)
        anchor = "dct"
    elif rel and rel[0] in ("last", "past"):
        # "last April" is the latest April before the DCT's month, but not the month just past (that one would be
        # "last month"): "last February" written on March 1 is the previous year's
        py, pm = cal.shift_month(ctx.dct.year, ctx.dct.month, -1)
        prior = [w for w in cands if w.latest < ctx.dct and (w.earliest.year, w.earliest.month) != (py, pm)]
        w, anchor = max(prior or cands[:1], key=lambda w: w.earliest), "dct"
    elif rel and rel[0] in ("next", "coming") or rel[-1:] == ["coming"]:
        later = [w for w in cands if w.earliest > ctx.dct] or cands[-1:]
        w = min(later, key=lambda w: w.earliest)
        anchor = "dct"
    elif rel == ["this"]:
        w, anchor = cands[1], "dct"
    else:
        tense, reach = _placement(ctx, m.start(), m.end(), day=False)
        w = _choose(cands, ctx.dct, tense, reach=reach)
        anchor = _anchor_of(tense)
    return _window_norm(w, mod=mod, anchor=anchor)


def _n_year(m, ctx) -> _Norm | None:
    y = int(m.group("y"))
    mod = _mod_of(m.group("mod"))
    orl = (m.group("orl") or "").lower()
    if orl:
        mod = "ON_OR_AFTER" if ("later" in orl or "after" in orl or "beyond" in orl) else "ON_OR_BEFORE"
    return _window_norm(cal.year_window(y), mod=mod, anchor="absolute")


def _n_year_short(m, ctx) -> _Norm | None:
    y, _ = _year_of(m.group("y2"), ctx)
    return _window_norm(cal.year_window(y), mod=None, anchor="absolute")


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}


def _n_decade(m, ctx) -> _Norm | None:
    mod = _mod_of(m.group("mod"))
    if m.group("hf"):
        mod = "START" if m.group("hf").lower().lstrip("the \t\n").startswith("first") else "END"
    if m.group("c"):
        decade = int(m.group("c")) * 10 + int(m.group("d"))
    else:
        d = int(m.group("d2")) if m.group("d2") else _DECADE_WORDS[m.group("w").lower()]
        if m.group("w") and not m.group(0).lower().startswith(("the", "early", "mid", "late")):
            return None  # "in his forties" is an age
        century = 19 if d >= 3 or ctx.dct is None else ctx.dct.year // 100
        decade = century * 10 + d
    return _window_norm(cal.decade_window(decade), mod=mod, anchor="absolute")


def _n_century(m, ctx) -> _Norm | None:
    o = m.group("o").lower()
    digits = re.match(r"[0-9]+", o)
    n = ORDINALS.get(o) or (int(digits.group(0)) if digits else None)
    if not n or n > 21:
        return None  # "the turn-of-the century", "a Fox-Century": no ordinal century
    return _window_norm(cal.century_window(n - 1), mod=_mod_of(m.group("mod")), anchor="absolute")


_Q_RECENT = ("latest", "past", "previous", "prior", "most recent", "recent", "just-ended", "just ended", "last")


def _n_quarter(m, ctx) -> _Norm | None:
    unit = m.group("u").lower()
    rel = re.sub(r"[\s-]+", " ", (m.group("rel") or "").lower()).strip()
    det = (m.group("det") or "").strip().lower()
    ordw = (m.group("ord") or "").lower()
    n = ORDINALS.get(ordw) if ordw else None
    if unit == "half":
        if n is None or n > 2:
            if ordw in ("last", "final") or det in ("last",):
                n = 2
            else:
                return None
    elif n is not None and n > 4:
        return None
    ytxt = m.group("py") or m.group("y2") or m.group("y3")
    year_ago = "year earlier" in rel or "year ago" in rel or "comparable" in rel or bool(m.group("ago"))
    if ytxt:
        y, anchor = _year_of(ytxt, ctx)
        if y is None:
            return _Norm("DATE", f"XXXX-{'H' if unit == 'half' else 'Q'}{n or 'X'}", None, None, anchor)
        if n is None:
            return _Norm("DATE", f"{y:04d}-QX", None, None, anchor)
        w = cal.half_window(y, n) if unit == "half" else cal.quarter_window(y, n)
        return _Norm("DATE", w.value, w, None, anchor)
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{'H' if unit == 'half' else 'Q'}{n or 'X'}", None, None, "dct")
    dct = ctx.dct
    if unit == "half":
        cands = [cal.half_window(y, n) for y in (dct.year - 1, dct.year, dct.year + 1)]
        tense = ctx.tense(m.start(), m.end())
        w = _choose(cands, dct, tense)
        return _Norm("DATE", w.value, w, None, _anchor_of(tense))
    cur = cal.quarter_window(dct.year, cal.quarter_of(dct))
    if year_ago:
        ref = ctx.nearby_quarter()
        base = ref if ref is not None else _shift_window(cur, "quarter", -1)
        w = _period_year_before(base)
        return _Norm("DATE", w.value, w, None, "narrative" if ref is not None else "dct")
    ended = _QUARTER_ENDED.match(ctx.text, m.end()) if n is None and not year_ago else None
    if ended is not None and (w := _quarter_ending(ended, dct)) is not None:
        return _Norm("DATE", w.value, w, None, "dct")
    if n is None and det in ("the", "that") and not rel and (q := ctx.nearby_quarter()) is not None \
            and q.granularity == "quarter":
        return _Norm("DATE", q.value, q, None, "narrative")  # "the quarter", "that quarter": the one just named
    if n is None:
        if det in ("next",) or rel.startswith("next"):
            w = _shift_window(cur, "quarter", 1)
        elif det == "this" or "current" in rel:
            w = cur
        elif det == "last" or any(r in rel for r in _Q_RECENT) or det in ("the", "that"):
            if "same" in rel:
                ref = ctx.nearby_reference()
                if ref is not None and ref.granularity == "quarter":
                    return _Norm("DATE", ref.value, ref, None, "narrative")
            tense = ctx.tense(m.start(), m.end())
            w = cur if tense == FUTURE else _shift_window(cur, "quarter", -1)
        else:
            return None
        return _Norm("DATE", w.value, w, None, "dct")
    cands = [cal.quarter_window(y, n) for y in (dct.year - 1, dct.year, dct.year + 1)]
    tense = ctx.tense(m.start(), m.end())
    if tense == PAST:
        past = [w for w in cands if w.earliest <= dct]
        w = max(past, key=lambda w: w.earliest)
    elif "last" in rel or det == "last":
        w = max([w for w in cands if w.latest < dct], key=lambda w: w.earliest)
    else:
        # unknown or future: financial news speaks of the current year's quarters
        w = cands[1]
    return _Norm("DATE", w.value, w, None, _anchor_of(tense))


_QUARTER_ENDED = re.compile(
    rf"\s+(?:that\s+|which\s+)?(?:ended|ending|ends)\s+(?P<m>{M})\s+(?P<d>[0-9]{{1,2}})\b"
    rf"(?:,?\s+(?P<y>(?:1[5-9]|20)[0-9]{{2}})\b)?"
)


def _quarter_ending(m: re.Match[str], dct: dt.date) -> DateWindow | None:
    """"the quarter ended July 31": the calendar quarter that holds most of the three months ending that day
    (May–July → Q2), in the year given, else the latest such day on or before the DCT."""
    month = MONTHS[m.group("m").lower().rstrip(".")]
    if m.group("y"):
        year = int(m.group("y"))
    else:
        year = dct.year if (month, int(m.group("d"))) <= (dct.month, dct.day) else dct.year - 1
    y, mid = cal.shift_month(year, month, -1)
    return cal.quarter_window(y, (mid - 1) // 3 + 1)


def _n_q_code(m, ctx) -> _Norm | None:
    n = int(m.group("n"))
    h = m.group("h")
    if h == "H" and n > 2:
        return None
    if m.group("y"):
        y = int(m.group("y"))
    elif ctx.dct is not None:
        y = ctx.dct.year
    else:
        return _Norm("DATE", f"XXXX-{h}{n}", None, None, "dct")
    w = cal.half_window(y, n) if h == "H" else cal.quarter_window(y, n)
    return _Norm("DATE", w.value, w, None, "absolute" if m.group("y") else "dct")


def _n_season(m, ctx) -> _Norm | None:
    code = SEASON_CODES[m.group("s").lower()]
    pre = (m.group("pre") or "").lower()
    mod = _mod_of(pre.replace("this past", "").replace("past", ""))
    if m.group("y"):
        y, _ = _year_of(m.group("y"), ctx)
        if y is None:
            return None
        return _window_norm(cal.season_window(y, code), mod=mod, anchor="absolute")
    if m.group("ry"):
        y, anchor = _year_of(m.group("ry"), ctx)
        if y is None:
            return _Norm("DATE", f"XXXX-{code}", None, mod, anchor)
        return _window_norm(cal.season_window(y, code), mod=mod, anchor=anchor)
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{code}", None, mod, "dct")
    dct = ctx.dct
    # the season's year is the year it starts in; winter that started in December counts for that year
    cands = [cal.season_window(y, code) for y in (dct.year - 2, dct.year - 1, dct.year, dct.year + 1)]
    # "last summer" is the previous year's (the current year's, if any, is "this summer"); "next summer" likewise
    season_year = dct.year - 1 if code == "WI" and dct.month <= 2 else dct.year
    if re.search(r"\b(?:this\s+past)\b", pre):
        w = max([w for w in cands if w.latest < dct] or cands[:1], key=lambda w: w.earliest)
    elif re.search(r"\b(?:last|past)\b", pre):
        w = cal.season_window(season_year - 1, code)
    elif re.search(r"\b(?:next|coming)\b", pre):
        current = cal.season_window(season_year, code)
        w = current if current.earliest > dct else cal.season_window(season_year + 1, code)
    elif re.search(r"\bthis\b", pre):
        containing = [w for w in cands if w.earliest <= dct <= w.latest]
        w = containing[0] if containing else cal.season_window(dct.year, code)
    else:
        tense = ctx.tense(m.start(), m.end())
        w = _choose(cands, dct, tense)
    return _window_norm(w, mod=mod, anchor="dct")


def _n_rel_unit(m, ctx) -> _Norm | None:
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    unit = m.group("u").lower()
    mod = _mod_of(m.group("mod")) or ("APPROX" if m.group("os") else None)  # "the next year or so"
    rel = rel.replace("the ", "")
    if unit == "weekend":
        return _weekend(m, ctx, rel)
    past = ctx.tense(m.start(), m.end()) == PAST if rel == "next" else True
    if rel in ("following", "next") and m.group("rel").lower().startswith("the") and not (
            not past and _SPAN_SIGNAL_BEFORE.search(ctx.before(m.start(), 20))):
        # a date named far back only anchors a past narrative: "people believe that the next year will be better"
        ref = ctx.nearby_reference() or (ctx.narrative if past else None)
        if ref is not None:
            w = _shift_window(_unit_window(ref.earliest, unit), unit, 1) if unit in ("day", "week", "month",
                                                                                      "quarter", "year") else None
            if w is not None:
                return _window_norm(w, mod=mod, anchor="narrative")
    if (rel in ("previous", "prior", "preceding") and m.group("rel").lower().startswith("the")
            and unit in ("week", "month", "quarter", "year") and ctx.narrative is not None
            and ctx.sent_start <= ctx.narrative_pos < m.start()):
        # "11 cases in 2015, up from four in the previous year": a comparison inside one sentence counts from the
        # date it compares with (2014), not from the DCT. A date in an earlier sentence does not anchor it ("Reports
        # surfaced in 2022. In August of the preceding year, …" in a translated article means the DCT's last year)
        w = _shift_window(_unit_window(ctx.narrative.earliest, unit), unit, -1)
        return _window_norm(w, mod=mod, anchor="narrative")
    if rel in ("that", "that same"):
        # "that year", "that same month": the unit of a date named in this or the previous sentence
        ref = ctx.nearby_reference()
        if ref is None or unit not in ("week", "month", "year", "decade"):
            return None
        return _window_norm(_unit_window(ref.earliest, unit), mod=mod, anchor="narrative")
    if rel == "same":
        ref = ctx.nearby_reference() or ctx.narrative
        if ref is None:
            return None
        return _window_norm(_unit_window(ref.earliest, unit), mod=mod, anchor="narrative")
    offset = {"last": -1, "past": -1, "previous": -1, "prior": -1, "preceding": -1, "next": 1, "coming": 1,
              "following": 1, "this": 0, "current": 0, "latest": -1}.get(rel, 0)
    if ctx.dct is None:
        return _Norm("DATE", _UNDERSPEC[unit], None, mod, "dct")
    if unit == "decade":
        base = cal.decade_window(ctx.dct.year // 10 + offset)
        if rel in ("past", "last") and m.group("rel").lower().startswith("the"):
            return _Norm("DURATION", "P10Y", None, mod, "dct")
        return _window_norm(base, mod=mod, anchor="dct")
    if unit == "century":
        if rel in ("past", "last") and m.group("rel").lower().startswith("the"):
            return _Norm("DURATION", "P100Y", None, mod, "dct")  # "the past century": the span, as "the past decade"
        if ctx.dct.year // 100 + offset < 0:
            return None
        return _window_norm(cal.century_window(ctx.dct.year // 100 + offset), mod=mod, anchor="dct")
    if rel in ("past", "last") and m.group("rel").lower().startswith("the") and unit in ("week", "month"):
        # "the past week" / "the last month": the span up to now, a duration in TimeML
        return _Norm("DURATION", _duration_value(1, unit), None, mod, "dct")
    if rel in ("past", "last") and m.group("rel").lower().startswith("the") and unit == "year":
        # "over the past year": TimeBank writes the previous calendar year, but the days meant are the twelve
        # months up to the DCT, so the window is that (approximate) span
        span = cal.approx_window(_shift_date(ctx.dct, "year", -1), ctx.dct)
        return _Norm("DATE", f"{cal.clamp_year(ctx.dct.year - 1):04d}", span, mod, "dct")
    w = _shift_window(_unit_window(ctx.dct, unit), unit, offset)
    return _window_norm(w, mod=mod, anchor="dct")


# "over the next year or so", "within the next month": a span ahead of the DCT, not a unit after the narrative's
# date ("the next year, the EPA issued ..." keeps that reading; so does a past clause)
_SPAN_SIGNAL_BEFORE = re.compile(r"\b(?:in|within|over|during|for|through|throughout|into)\s+$", re.IGNORECASE)


def _weekend(m, ctx, rel: str) -> _Norm | None:
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-WXX-WE", None, None, "dct")
    dct = ctx.dct
    this_we = cal.weekend_window(dct)
    last_we = cal.weekend_window(cal.add_days(dct, -7))
    next_we = cal.weekend_window(cal.add_days(dct, 7))
    if rel in ("last", "past", "previous"):
        w = this_we if this_we.latest < dct else last_we
    elif rel in ("next", "coming", "following"):
        w = next_we if this_we.earliest <= dct else this_we
    else:
        tense = ctx.tense(m.start(), m.end())
        if tense == FUTURE:
            w = this_we if this_we.latest >= dct else next_we
        else:
            w = this_we if this_we.earliest <= dct else last_we
    return _Norm("DATE", w.value, w, None, "dct")


def _day_reference(ctx: _Ctx) -> tuple[DateWindow | None, str]:
    """The day the narrative is on: a day-level date of this or the previous sentence, else the DCT."""
    ref = ctx.nearby_reference()
    if ref is not None and ref.granularity == "day":
        return ref, "narrative"
    if ctx.dct is not None:
        return cal.day_window(ctx.dct), "dct"
    return None, "dct"


def _n_rel_day(m, ctx) -> _Norm | None:
    if m.group("ba"):
        rel = "previous" if m.group("ba").lower() == "before" else "next"
        unit = m.group("u2").lower()
    else:
        rel = (m.group("rel") or "same").lower()
        unit = m.group("u").lower()
    base, anchor = _day_reference(ctx)
    if (m.group("that") or m.group("ba")) and anchor != "narrative":
        return None  # "that day", "the day before" with nothing to point back to
    offset = {"next": 1, "following": 1, "previous": -1, "prior": -1, "preceding": -1}.get(rel, 0)
    if base is None:
        return _Norm("TIME" if unit != "day" else "DATE", "XXXX-XX-XX" + ("" if unit == "day" else
                     f"T{_TOD[unit]}"), None, None, anchor)
    w = cal.day_window(cal.add_days(base.earliest, offset))
    if unit == "day":
        return _Norm("DATE", w.value, w, None, anchor)
    return _Norm("TIME", f"{w.value}T{_TOD[unit]}", w, None, anchor)


def _n_part_of_day(m, ctx) -> _Norm | None:
    t = (m.group("t") or m.group("t2")).lower()
    if t == "day" and m.group("dd"):
        return None
    mod = {"mid": "MID", "mid-": "MID", "early": "START", "late": "END"}.get((m.group("mod") or "").lower().strip())
    if m.group("x2"):
        mod = "MID"
    base, anchor = _day_reference(ctx)
    if m.group("dd") and ctx.dct is not None:  # "mid-afternoon yesterday"
        base = cal.day_window(cal.add_days(ctx.dct, {"yesterday": -1, "tomorrow": 1}.get(m.group("dd").lower(), 0)))
        anchor = "dct"
    part = "12:00" if t == "day" else _TOD[t]  # "midday" is noon, not a vague part of the day
    if t == "day":
        mod = None
    if base is None:
        return _Norm("TIME", f"XXXX-XX-XXT{part}", None, mod, anchor)
    return _Norm("TIME", f"{base.value}T{part}", base, mod, anchor)


def _n_the_weekend(m, ctx) -> _Norm | None:
    return _weekend(m, ctx, "")


def _n_the_week(m, ctx) -> _Norm | None:
    """The week of the day the narrative is on (a dated day of this or the previous sentence, else the DCT)."""
    base, anchor = _day_reference(ctx)
    if base is None:
        return _Norm("DATE", "XXXX-WXX", None, None, anchor)
    w = cal.week_window(base.earliest)
    return _Norm("DATE", w.value, w, None, anchor)


def _n_the_years(m, ctx) -> _Norm | None:
    return _Norm("DURATION", _duration_value(None, _unit_name(m.group("u"))), None, None, None)


def _n_earlier_this(m, ctx) -> _Norm | None:
    unit = m.group("u").lower()
    word = m.group("w").lower()
    later = word == "later"
    mod = "END" if word in ("later", "late") else "START"
    if ctx.dct is None:
        return _Norm("DATE", _UNDERSPEC[unit], None, mod, "dct")
    w = _unit_window(ctx.dct, unit)
    if word in ("early", "late"):
        # "late in the year": the last third of the year, not from the DCT on; "in the" may point back to a date
        # named just before ("In 1995 ... late in the year")
        ref = ctx.nearby_reference() if " the " in m.group(0).lower() else None
        if ref is not None and ref.granularity in ("day", "week", "month", "quarter", "year"):
            return _window_norm(_unit_window(ref.earliest, unit), mod=mod, anchor="narrative")
        return _window_norm(w, mod=mod, anchor="dct")
    a, b = (ctx.dct, w.latest) if later else (w.earliest, ctx.dct)
    return _Norm("DATE", w.value or "XXXX", DateWindow(w.value, w.granularity, a, b), mod, "dct")


_VAGUE_SPANS = {  # unit → (nearest, farthest) distance in days for "days ago" etc.
    "second": (0, 0), "minute": (0, 0), "hour": (0, 1), "day": (2, 10), "night": (2, 10), "week": (7, 56),
    "month": (30, 365), "quarter": (90, 730), "year": (365, 3650), "decade": (3650, 36500),
    "century": (36500, 365000),
}


def _n_ago(m, ctx) -> _Norm | None:
    unit = _unit_name(m.group("u"))
    direction = re.sub(r"\s+", " ", m.group("dir").lower())
    n_txt = m.group("n")
    n = None if n_txt.lower() in ("a few", "few", "several", "many", "some", "numerous") else _number(n_txt)
    dm = _dur_mod(m.group("dm"))
    if direction == "since":
        return _Norm("DURATION", _duration_value(n, unit), None, dm, None)
    back = direction in ("ago", "earlier", "before", "back", "previously")
    q = ctx.nearby_quarter()
    if q is not None and unit == "year" and n == 1 and back and not dm:
        # "profit rose from $5 million a year ago" in a quarterly report: the same quarter a year before
        w = _period_year_before(q)
        return _Norm("DATE", w.value, w, None, "narrative")
    if direction in ("after", "before") and n is not None:
        # "90 days after their issue date": a span measured from an event, not a date
        return _Norm("DURATION", _duration_value(n, unit), None, dm, None)
    if direction == "later" and n is None:
        # "a few days later": TimeML's span PXD; a window 2-10 days after a reference would be too vague to date by
        return _Norm("DURATION", _duration_value(None, unit), None, dm, None)
    if direction in ("ago", "from now", "hence", "back"):
        ref_day, anchor = ctx.dct, "dct"
    else:
        ref = ctx.nearby_reference()
        if ref is not None and ref.granularity in ("day", "week", "month", "quarter", "year"):
            ref_day, anchor = ref.earliest, "narrative"
            if ref.granularity == "quarter" and unit == "year" and n == 1:
                w = _shift_window(ref, "quarter", -4 if back else 4)
                return _Norm("DATE", w.value, w, None, anchor)
        elif direction == "later":
            # "two weeks later" with no dated event before it: counting from the DCT would put a reported event
            # in the future; TimeML reads it as the span "two weeks" (extent without "later")
            return _Norm("DURATION", _duration_value(n, unit), None, dm, None)
        else:
            ref_day, anchor = ctx.dct, "dct"
    if ref_day is None:
        return _Norm("DATE", "PAST_REF" if back else "FUTURE_REF", None, None, anchor)
    sign = -1 if back else 1
    if n is None and direction in ("after", "before"):
        return _Norm("DURATION", _duration_value(None, unit), None, dm, None)
    if n is None:
        near, far = _VAGUE_SPANS[unit]
        a, b = cal.add_days(ref_day, sign * near), cal.add_days(ref_day, sign * far)
        return _Norm("DATE", "PAST_REF" if back else "FUTURE_REF", cal.approx_window(a, b), None, anchor)
    if unit in ("second", "minute", "hour"):
        return _Norm("DATE", ref_day.isoformat(), cal.day_window(ref_day), dm, anchor) if anchor == "dct" else \
            _Norm("DURATION", _duration_value(n, unit), None, dm, anchor)
    if isinstance(n, float) and not n.is_integer():
        days = {"day": 1, "night": 1, "week": 7, "month": 30, "quarter": 91, "year": 365, "decade": 3650,
                "century": 36500}[unit]
        target = cal.add_days(ref_day, sign * round(n * days))
        w = cal.month_window(target.year, target.month) if unit in ("year", "decade", "month") else \
            cal.day_window(target)
        return _Norm("DATE", w.value, w, dm or "APPROX", anchor)
    target = _shift_date(ref_day, unit, sign * int(n))
    gran = {"night": "day", "quarter": "quarter", "decade": "year", "century": "year"}.get(unit, unit)
    w = _unit_window(target, gran)
    if dm in ("APPROX", "LESS_THAN"):  # "nearly two years ago": about then
        return _Norm("DATE", w.value, w, "APPROX", anchor)
    if dm in ("MORE_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"):
        # "more than / at least ten years ago" lies before that date; "within two weeks from now", before it too
        further = dm != "EQUAL_OR_LESS"
        date_mod = {(True, True): "BEFORE", (True, False): "AFTER", (False, True): "AFTER", (False, False): "BEFORE"}[
            (back, further)]
        if dm == "EQUAL_OR_MORE" or dm == "EQUAL_OR_LESS":
            date_mod = "ON_OR_" + date_mod
        return _Norm("DATE", w.value, w, date_mod, anchor)
    return _Norm("DATE", w.value, w, dm, anchor)


def _n_bare_ago(m, ctx) -> _Norm | None:
    unit = _unit_name(m.group("u"))
    direction = m.group("dir").lower()
    back = direction in ("ago", "earlier", "before")
    if direction == "after":
        # "came days after X": the clause's date is the reference, X lies days before it, so the window ends at
        # the reference (a date of this sentence, else the DCT)
        ref = ctx.nearby_reference()
        end_day = ref.latest if ref is not None and ctx.narrative_pos >= ctx.sent_start else ctx.dct
        if end_day is None:
            return _Norm("DATE", "PAST_REF", None, None, "dct")
        near, far = _VAGUE_SPANS[unit]
        return _Norm("DATE", "PAST_REF", cal.approx_window(cal.add_days(end_day, -max(14, far)), end_day), None,
                     "narrative" if end_day != ctx.dct else "dct")
    ref = ctx.nearby_reference() if direction != "ago" else None
    if ref is not None:
        ref_day, anchor = (ref.earliest if back else ref.latest), "narrative"
    elif ctx.dct is None:
        return _Norm("DATE", "PAST_REF" if back or direction in ("after", "later") else "FUTURE_REF", None, None,
                     "dct")
    else:
        ref_day, anchor = ctx.dct, "dct"
        if not back:
            # "days after X" with no dated X: the events lie in the recent past of the article
            near, far = _VAGUE_SPANS[unit]
            a = cal.add_days(ctx.dct, -max(14, far))
            return _Norm("DATE", "PAST_REF", cal.approx_window(a, ctx.dct), None, anchor)
    near, far = _VAGUE_SPANS[unit]
    sign = -1 if back else 1
    a, b = cal.add_days(ref_day, sign * near), cal.add_days(ref_day, sign * far)
    return _Norm("DATE", "PAST_REF" if back else "FUTURE_REF", cal.approx_window(a, b), None, anchor)


def _n_year_earlier(m, ctx) -> _Norm | None:
    q = ctx.nearby_quarter()
    if q is not None:
        w = _period_year_before(q)
        return _Norm("DATE", w.value, w, None, "narrative")
    ref = ctx.nearby_reference()
    if ref is not None and ref.granularity in ("quarter", "month", "day", "year"):
        w = _shift_window(ref, ref.granularity, {"quarter": -4, "month": -12, "day": -365, "year": -1}
                          [ref.granularity])
        if ref.granularity == "day":
            w = cal.year_window(ref.earliest.year - 1)
        return _Norm("DATE", w.value, w, None, "narrative")
    if ctx.dct is None:
        return _Norm("DATE", "XXXX", None, None, "dct")
    w = cal.year_window(ctx.dct.year - 1)
    return _Norm("DATE", w.value, w, None, "dct")


def _n_year_period(m, ctx) -> _Norm | None:
    y = int(m.group("y"))
    q = ctx.nearby_quarter()
    if q is not None and m.group("u").lower() in ("period", "quarter"):
        w = _period_in_year(q, y)
        return _Norm("DATE", w.value, w, None, "narrative")
    return _window_norm(cal.year_window(y), mod=None, anchor="absolute")


def _n_the_year(m, ctx) -> _Norm | None:
    if m.group("post") and re.match(r"\s+(?:ended|ending|that|which)", m.group("post"), re.IGNORECASE):
        return _Norm("DURATION", "P1Y", None, None, None)  # "the year ended Sept. 30": a fiscal year's span
    if ctx.dct is None:
        return _Norm("DATE", "XXXX", None, None, "dct")
    return _window_norm(cal.year_window(ctx.dct.year), mod=None, anchor="dct")


def _n_unit_end(m, ctx) -> _Norm | None:
    unit = (m.group("u") or m.group("ye")).lower()
    mod = _mod_of(m.group("w")) if m.group("w") else "END"
    pre = (m.group("pre") or "").lower()
    if ctx.dct is None:
        return _Norm("DATE", _UNDERSPEC[unit], None, mod, "dct")
    w = _unit_window(ctx.dct, unit)
    if pre == "since" and mod == "END":
        w = _shift_window(w, unit, -1)  # "since year-end": the end of the previous year
    if m.group("ye"):
        # the compound "year-end" / "quarter-end" names the closing day (a books' date, a deadline: "by year-end"),
        # not the last third of the unit that "the end of the year" is; TimeBank values it so (1989-12-31)
        return _window_norm(cal.day_window(w.latest), mod=None, anchor="dct")
    return _window_norm(w, mod=mod, anchor="dct")


def _n_period(m, ctx) -> _Norm | None:
    rel = re.sub(r"[\s-]+", " ", m.group("rel").lower())
    year_ago = bool(m.group("ly")) or "year" in rel or rel == "comparable"
    q = ctx.nearby_quarter()
    if m.group("py"):  # "the same period of 1997": the quarter last named, in that year
        y = int(m.group("py"))
        w = _period_in_year(q, y) if q is not None else cal.year_window(y)
        return _Norm("DATE", w.value, w, None, "narrative" if q is not None else "absolute")
    if q is not None:
        w = _period_year_before(q) if year_ago else q
        return _Norm("DATE", w.value, w, None, "narrative")
    if year_ago and ctx.dct is not None:
        return _window_norm(cal.year_window(ctx.dct.year - 1), mod=None, anchor="dct")
    return None


_SPOKEN = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19}


def _spoken_year_value(t: str) -> int | None:
    t = re.sub(r"[\s-]+", " ", t.lower().strip())
    if t.startswith("nineteen "):
        rest = t[len("nineteen "):]
        n = _SPOKEN.get(rest) or _number(rest.replace(" ", "-"))
        return 1900 + int(n) if n is not None else None
    if t.startswith("two thousand"):
        rest = t[len("two thousand"):].replace(" and ", "").strip()
        return 2000 + (int(_number(rest)) if rest else 0)
    return None


def _n_spoken_year(m, ctx) -> _Norm | None:
    if m.group("b"):
        b = m.group("b").lower()
        n = _SPOKEN.get(b)
        if n is None:
            n = _number(re.sub(r"\s+", "-", b))
        if n is None:
            return None
        y = 1900 + int(n)
    else:
        y = 2000 + (int(_number(m.group("c"))) if m.group("c") else 0)
    return _window_norm(cal.year_window(y), mod=None, anchor="absolute")


def _n_duration(m, ctx) -> _Norm | None:
    unit = _unit_name(m.group("u"))
    n_txt = m.group("n")
    vague = n_txt.lower() in ("a few", "few", "several", "many", "some", "numerous")
    n = None if vague else _number(n_txt)
    if n is None and not vague:
        return None
    if m.group("n0"):
        if _number(m.group("n0")) is None:
            return None
        n, vague = None, True  # "two to three weeks", "the next 12 to 18 months": a range, TIMEX3 value PXW
    rel = (m.group("rel") or "").lower()
    mod = _dur_mod(m.group("dm"))
    if n == 1 and unit == "day" and n_txt.lower() == "one" and not rel and not m.group("det") and \
            re.search(r"\b(?:will|would|could|may|might|can|should|shall|hope\s+to|hopes\s+he|he|she|they|we|I)\s+$",
                      ctx.before(m.start(), 20)):
        return _Norm("DATE", "FUTURE_REF", None, None, "dct")  # "Islam will one day be ..."
    if m.group("os"):
        mod = "APPROX"
    if vague and rel in ("past", "last", "recent") and ctx.dct is not None:
        near, far = _VAGUE_SPANS[unit]
        return _Norm("DURATION", _duration_value(None, unit), None, mod, "dct")
    if unit == "quarter" and n is not None and not isinstance(n, float):
        return _Norm("DURATION", f"P{int(n) * 3}M" if rel not in ("past", "last") else f"P{int(n)}Q", None, mod,
                     None)
    return _Norm("DURATION", _duration_value(n, unit), None, mod, None)


def _n_half_duration(m, ctx) -> _Norm | None:
    if m.group("u2"):
        n = _number(m.group("n"))
        if n is None:
            return None
        return _Norm("DURATION", _duration_value(n + 0.5, _unit_name(m.group("u2"))), None, _dur_mod(m.group("dm2")),
                     None)
    unit = _unit_name(m.group("u"))
    mod = _dur_mod(m.group("dm"))
    if m.group("qc"):
        if unit != "century":
            return None  # "a quarter hour" is rare; "a quarter year" is a quarter
        return _Norm("DURATION", "P25Y", None, mod, None)
    value = {"century": "P50Y", "decade": "P5Y"}.get(unit) or _duration_value(0.5, unit)
    return _Norm("DURATION", value, None, mod, None)


def _n_bare_plural(m, ctx) -> _Norm | None:
    unit = _unit_name(m.group("u"))
    return _Norm("DURATION", _duration_value(None, unit), None, None, None)


_TOD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}


def _weekday_window(ctx: _Ctx, wd: int, rel: str, start: int, end: int) -> tuple[DateWindow, str]:
    dct = ctx.dct
    delta_back = (dct.isoweekday() - wd) % 7  # days back to the latest such weekday on or before the DCT
    past_day = cal.add_days(dct, -delta_back)
    next_day = cal.add_days(dct, (wd - dct.isoweekday()) % 7)
    if rel in ("last", "past", "this past"):
        d = past_day if delta_back else cal.add_days(dct, -7)
        return cal.day_window(d), "dct"
    if rel in ("next", "coming", "this coming"):
        d = next_day if next_day != dct else cal.add_days(dct, 7)
        return cal.day_window(d), "dct"
    tense = ctx.tense(start, end)
    if _POSSESSIVE.match(ctx.text, end):
        # "follows Tuesday's declaration by Ford, which is prepared to bid": the day names an event (a noun); only
        # the verb governing that noun phrase, on its left, places it
        tense = ctx.markers().tense_before(start, span=_TENSE_SPAN)
    if tense in (FUTURE, PRESENT):
        return cal.day_window(next_day), "planned"
    before = ctx.before(start, 30)
    if _EARLIEST_CUE.search(before):  # "as soon as Tuesday": a day not yet come
        return cal.day_window(next_day), "planned"
    if rel == "" and _FROM_CUE.search(before) and tense != PAST:
        return cal.day_window(next_day), "planned"
    if rel == "" and _DEADLINE_CUE.search(before):
        # "has given them until Tuesday": a deadline is not placed by a past reporting verb; the nearer Tuesday wins.
        # Without a past verb ("stays open until Tuesday", "none are expecting deliveries until Tuesday") the
        # deadline has not passed: the coming one
        if tense != PAST:
            return cal.day_window(next_day), "planned"
        d = next_day if (next_day - dct).days < delta_back else past_day
        return cal.day_window(d), "dct"
    if tense == PAST or rel == "":
        return cal.day_window(past_day), "dct-past" if tense == PAST else "dct"
    # "this Friday" without a tense marker: the one in the DCT's week
    monday = cal.add_days(dct, -(dct.isoweekday() - 1))
    return cal.day_window(cal.add_days(monday, wd - 1)), "dct"


def _n_weekday(m, ctx) -> _Norm | None:
    wd = WEEKDAYS[m.group("wd").lower().rstrip(".")]
    tod = (m.group("tod") or "").lower()
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    if m.group("pl"):
        return _Norm("SET", f"XXXX-WXX-{wd}" + (f"T{_TOD[tod]}" if tod else ""), None, None, None)
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get(rel)
    if mod:
        rel = ""
    if rel.startswith("the "):
        # "the previous Friday", "the following Monday": counted from the day the narrative is on
        base, anchor = _day_reference(ctx)
        if base is None:
            return _Norm("DATE", f"XXXX-WXX-{wd}", None, None, anchor)
        day = base.earliest
        if rel.split()[1] in ("following", "next"):
            d = cal.add_days(day, (wd - day.isoweekday()) % 7 or 7)
        else:
            d = cal.add_days(day, -((day.isoweekday() - wd) % 7 or 7))
        w = cal.day_window(d)
        if tod:
            return _Norm("TIME", f"{w.value}T{_TOD[tod]}", w, None, anchor)
        return _Norm("DATE", w.value, w, None, anchor)
    if ctx.dct is None:
        v = f"XXXX-WXX-{wd}"
        return _Norm("TIME" if tod else "DATE", v + (f"T{_TOD[tod]}" if tod else ""), None, mod, "dct")
    w, anchor = _weekday_window(ctx, wd, rel, m.start(), m.end())
    if tod:
        return _Norm("TIME", f"{w.value}T{_TOD[tod]}", w, mod, anchor)
    return _Norm("DATE", w.value, w, mod, anchor)


def _n_deictic(m, ctx) -> _Norm | None:
    w_txt = re.sub(r"\s+", " ", m.group("w").lower())
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get((m.group("mod") or "").lower())
    offset = 0
    tod = None
    if "before yesterday" in w_txt:
        offset = -2
    elif "after tomorrow" in w_txt:
        offset = 2
    elif w_txt.startswith("yesterday"):
        offset = -1
    elif w_txt.startswith("tomorrow"):
        offset = 1
    elif w_txt.startswith("last "):
        offset = -1
    if w_txt == "tonight":
        tod = "NI"
    elif w_txt == "overnight":
        tod = "NI"
        offset = -1
    elif " " in w_txt and w_txt.split()[-1] in _TOD and not w_txt.startswith(("day ", "the day ")):
        tod = _TOD[w_txt.split()[-1]]
        for word, md in (("early", "START"), ("earlier", "START"), ("late", "END"), ("later", "END")):
            if w_txt.startswith(word + " "):
                mod = md
    if ctx.dct is None:
        return _Norm("TIME" if tod else "DATE", "XXXX-XX-XX" + (f"T{tod}" if tod else ""), None, mod, "dct")
    d = cal.add_days(ctx.dct, offset)
    w = cal.day_window(d)
    if tod:
        return _Norm("TIME", f"{w.value}T{tod}", w, mod, "dct")
    return _Norm("DATE", w.value, w, mod, "dct")


def _n_clock(m, ctx) -> _Norm | None:
    if m.group("nm"):
        hh, mi = (12, 0) if m.group("nm").lower() in ("noon", "midday") else (24, 0)
    elif m.group("hh"):
        hh, mi = int(m.group("hh")), int(m.group("mm"))
    elif m.group("h24"):
        hh, mi = int(m.group("h24")), int(m.group("m24"))
    else:
        hh, mi = int(m.group("h")), int(m.group("mi") or 0)
        if hh > 12 or hh == 0:
            return None
        pm = m.group("ampm").lower().startswith("p")
        if pm and hh != 12:
            hh += 12
        elif not pm and hh == 12:
            hh = 0
    if hh > 24 or mi > 59:
        return None
    mod = "APPROX" if m.group("ap0") else None
    dd = (m.group("dd") or "").lower()
    if ctx.dct is None:
        return _Norm("TIME", f"XXXX-XX-XXT{hh:02d}:{mi:02d}", None, mod, "dct")
    if m.group("cm"):
        month = MONTHS[m.group("cm").lower().rstrip(".")]
        day = int(re.match(r"[0-9]+", m.group("cd")).group(0))
        cands = _day_month_candidates(month, day, (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1))
        if not cands:
            return None
        tense, reach = _placement(ctx, m.start(), m.end(), day=True)
        w, anchor = _choose(cands, ctx.dct, tense, reach=reach), _anchor_of(tense)
    elif m.group("dw"):
        wd = WEEKDAYS[m.group("dw").lower().rstrip(".")]
        w, anchor = _weekday_window(ctx, wd, "", m.start(), m.end())
    elif (later := _CLOCK_DAY_AFTER.match(ctx.text, m.end(), ctx.sent_end)) is not None:
        # "10:40 a.m. (0740 GMT) Friday": the day named right after the clock time
        wd = WEEKDAYS[later.group("wd").lower().rstrip(".")]
        w, anchor = _weekday_window(ctx, wd, "", m.start(), m.end())
    else:
        offset = {"yesterday": -1, "tomorrow": 1}.get(dd, 0)
        ref = ctx.nearby_reference()
        if not dd and ref is not None and ref.granularity == "day":
            w, anchor = ref, "narrative"
        else:
            w, anchor = cal.day_window(cal.add_days(ctx.dct, offset)), "dct"
    return _Norm("TIME", f"{w.value}T{hh:02d}:{mi:02d}", w, mod, anchor)


_CLOCK_DAY_AFTER = re.compile(
    r"\s*(?:\([^()]{1,25}\))?\s*,?\s*(?:on\s+|local\s+time\s+)?(?P<wd>(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday))\b",
    re.IGNORECASE,
)


def _n_ref(m, ctx) -> _Norm | None:
    dct = ctx.dct
    txt = re.sub(r"\s+", " ", m.group(0).lower())
    if m.group("present"):
        if "so far this year" in txt or txt == "to date":
            return None if txt == "to date" else _n_earlier_this_year(ctx)
        w = cal.approx_window(dct, dct) if dct else None
        return _Norm("DATE", "PRESENT_REF", w, None, "dct")
    if m.group("past"):
        days = 30
        for word, span in (("days", 10), ("weeks", 42), ("months", 183), ("quarters", 365), ("years", 3 * 365),
                           ("decades", 30 * 365), ("times", 365), ("the past", 5 * 365), ("previously", 5 * 365),
                           ("formerly", 5 * 365)):
            if word in txt:
                days = span
                break
        w = cal.approx_window(cal.add_days(dct, -days), dct) if dct else None
        return _Norm("DATE", "PAST_REF", w, None, "dct")
    days = 30
    for word, span in (("days", 10), ("weeks", 42), ("months", 183), ("years", 3 * 365), ("long", 5 * 365),
                       ("quarters", 365), ("decades", 30 * 365)):
        if word in txt:
            days = span
            break
    w = cal.approx_window(dct, cal.add_days(dct, days)) if dct else None
    return _Norm("DATE", "FUTURE_REF", w, None, "dct")


def _n_adj_ref(m, ctx) -> _Norm | None:
    """"current conditions": PRESENT_REF, the DCT."""
    dct = ctx.dct
    return _Norm("DATE", "PRESENT_REF", cal.approx_window(dct, dct) if dct else None, None, "dct")


def _n_earlier_this_year(ctx) -> _Norm:
    if ctx.dct is None:
        return _Norm("DATE", "XXXX", None, "START", "dct")
    w = cal.year_window(ctx.dct.year)
    return _Norm("DATE", w.value, DateWindow(w.value, "year", w.earliest, ctx.dct), None, "dct")


_SET_UNITS = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P1Q", "decade": "P10Y",
              "hour": "PT1H", "minute": "PT1M", "weekend": "XXXX-WXX-WE", "morning": "TMO", "night": "TNI",
              "evening": "TEV", "afternoon": "TAF", "summer": "XXXX-SU", "winter": "XXXX-WI", "spring": "XXXX-SP",
              "fall": "XXXX-FA", "autumn": "XXXX-FA"}
# "annually" is "every year": the same period value as "each year" / "a year" (TimeML SET value = the period)
_SET_ADV = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
            "yearly": "P1Y", "quarterly": "P1Q", "hourly": "PT1H", "nightly": "XXXX-XX-XXTNI", "biweekly": "P2W",
            "semiannually": "P6M", "bimonthly": "P2M", "year-round": "P1Y"}


def _n_set(m, ctx) -> _Norm | None:
    if m.group("adv"):
        return _Norm("SET", _SET_ADV[m.group("adv").lower()], None, None, None)
    u = m.group("u")
    other = "other" in m.group(0).lower()
    low = u.lower().rstrip(".")
    if low in WEEKDAYS and u[0].isupper():
        return _Norm("SET", f"XXXX-WXX-{WEEKDAYS[low]}", None, None, None)
    if low in MONTHS and u[0].isupper():
        return _Norm("SET", f"XXXX-{MONTHS[low]:02d}", None, None, None)
    v = _SET_UNITS.get(low)
    if v is None:
        return None
    if v.startswith("T"):
        v = "XXXX-XX-XX" + v
    if other and v.startswith("P"):
        v = v.replace("P1", "P2").replace("PT1", "PT2")
    return _Norm("SET", v, None, None, None)


def _holiday_key(text: str) -> str:
    """The floating-holiday name `timex_calendar.floating_holiday` knows for a matched spelling."""
    t = re.sub(r"\s+", " ", text.lower()).replace("labour", "labor").replace("presidents'", "presidents")
    if t.startswith("martin luther king"):
        return "martin luther king day"
    return "thanksgiving" if t.startswith("thanksgiving") else t


def _n_floating_holiday(key: str, m, ctx) -> _Norm | None:
    if m.group("y"):
        d = cal.floating_holiday(key, int(m.group("y")))
        return _Norm("DATE", d.isoformat(), cal.day_window(d), None, "absolute") if d else None
    if ctx.dct is None:
        return _Norm("DATE", "XXXX-XX-XX", None, None, "dct")
    days = [cal.floating_holiday(key, y) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)]
    cands = [cal.day_window(d) for d in days if d]
    if not cands:
        return None
    tense, reach = _placement(ctx, m.start(), m.end(), day=True)
    w = _choose(cands, ctx.dct, tense, reach=reach)
    return _Norm("DATE", w.value, w, None, _anchor_of(tense))


def _n_holiday(m, ctx) -> _Norm | None:
    norm = _n_holiday_day(m, ctx)
    if norm is None or not m.group("wk"):
        return norm
    unit = m.group("wk").lower()
    if norm.window is None:
        return _Norm("DATE", _UNDERSPEC[unit], None, None, norm.anchor)
    day = norm.window.earliest
    if unit == "weekend" and day.weekday() <= 1:
        day = cal.add_days(day, -3)  # "Memorial Day weekend": a Monday holiday ends the weekend before it
    w = _unit_window(day, unit)
    return _Norm("DATE", w.value, w, None, norm.anchor)


def _n_holiday_day(m, ctx) -> _Norm | None:
    name = re.sub(r"\s+", " ", m.group("h").lower())
    if name not in HOLIDAYS:
        return _n_floating_holiday(_holiday_key(name), m, ctx)
    month, day = HOLIDAYS[name]
    if m.group("y"):
        d = cal.safe_date(int(m.group("y")), month, day)
        return _Norm("DATE", d.isoformat(), cal.day_window(d), None, "absolute") if d else None
    if ctx.dct is None:
        return _Norm("DATE", f"XXXX-{month:02d}-{day:02d}", None, None, "dct")
    cands = _day_month_candidates(month, day, (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1))
    tense, reach = _placement(ctx, m.start(), m.end(), day=True)
    w = _choose(cands, ctx.dct, tense, reach=reach)
    return _Norm("DATE", w.value, w, None, _anchor_of(tense))


_NORMALISERS = {
    "iso_date": _n_iso_date,
    "slash_date": _n_slash_date,
    "full_date": _n_full_date,
    "month_year": _n_month_year,
    "day_of_month": _n_day_of_month,
    "month": _n_month,
    "year": _n_year,
    "year_short": _n_year_short,
    "decade": _n_decade,
    "century": _n_century,
    "quarter": _n_quarter,
    "q_code": _n_q_code,
    "season": _n_season,
    "rel_unit": _n_rel_unit,
    "earlier_this": _n_earlier_this,
    "the_weekend": _n_the_weekend,
    "the_week": _n_the_week,
    "the_years": _n_the_years,
    "rel_day": _n_rel_day,
    "part_of_day": _n_part_of_day,
    "ago": _n_ago,
    "bare_ago": _n_bare_ago,
    "year_earlier": _n_year_earlier,
    "duration": _n_duration,
    "year_period": _n_year_period,
    "the_year": _n_the_year,
    "unit_end": _n_unit_end,
    "period": _n_period,
    "spoken_year": _n_spoken_year,
    "bare_plural": _n_bare_plural,
    "half_duration": _n_half_duration,
    "weekday": _n_weekday,
    "deictic": _n_deictic,
    "clock": _n_clock,
    "ref": _n_ref,
    "set": _n_set,
    "holiday": _n_holiday,
    "adj_ref": _n_adj_ref,
}
