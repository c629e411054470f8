"""A lexical tense detector: does the clause around a time expression talk about the past or about plans?

Fast by design (regexes, no parser): the time-expression tagger calls it for every weekday, bare month and
quarter it has to place before or after the reference date. The marker nearest to the expression wins, because
news sentences mix tenses ("X said on Thursday it will vote next month"): the reporting verb sits next to the
reporting date, the future auxiliary next to the planned one.
"""
from __future__ import annotations

import re

PAST, FUTURE, PRESENT, UNKNOWN = "past", "future", "present", "unknown"

# Present-tense verbs of scheduled events: in news, "X meets Y on Monday" announces a coming event (a past one is
# reported in the past tense). Reporting verbs ("says") are left out: they say nothing about the event's time.
_SCHEDULED_PRESENT = re.compile(
    r"\b(?:meets|begins|opens|starts|resumes|arrives|leaves|visits|holds|hosts|plays|faces|travels|returns|votes|"
    r"heads|convenes|kicks\s+off|takes\s+office|goes\s+on\s+trial|ends|closes|launches|departs|gathers|"
    r"meet|begin|resume|arrive|convene|travel)\b",
    re.IGNORECASE,
)

_FUTURE = re.compile(
    r"\b(?:(?:will|would|shall|to)\s+(?:not\s+)?(?:be|have\s+been)\s+[a-z]+(?:ed|en)|will|won't|wo n't|shall|'ll|"
    r"(?:is|are|am|was|were|be|being)\s+(?:going|due|set|scheduled|expected|slated|planned|poised|likely|about)\s+to|"
    r"(?:is|are|was|were)\s+(?:scheduled|slated|planned|expected|due)|to\s+be\s+completed|"
    r"(?:scheduled|slated|planned|set)\s+for|"
    r"(?:is|are)\s+to\s+(?!have\b)|(?<!had been )(?:set|due|scheduled|slated|expected|poised)\s+to|plans?\s+to|planning\s+to|intends?\s+to|intending\s+to|aims?\s+to|hopes?\s+to|vows?\s+to|"
    r"to\s+be\s+(?:held|signed|released|launched|published|announced|voted|decided|made)|"
    r"upcoming|next|coming|tomorrow|would)\b",
    re.IGNORECASE,
)

_IRREGULAR_PAST = (
    "said|was|were|had|did|made|came|went|told|took|gave|met|saw|found|left|held|led|sold|bought|fell|rose|won|"
    "lost|began|became|brought|thought|felt|kept|paid|sent|spent|struck|stood|wrote|spoke|broke|chose|drove|ate|"
    "flew|grew|knew|threw|hit|cut|put|set|shot|fought|caught|taught|sought|built|meant|heard|ran|sat|woke|wore|"
    "hung|dug|slid|stole|swore|tore|overtook|undertook|withdrew|forgot|got|shut|spread|quit|beat|bore|ago|last|"
    "yesterday|earlier|previously"
)
_PAST = re.compile(
    rf"\b(?:{_IRREGULAR_PAST}|[a-z]{{2,}}(?:ed|ied))\b|\b(?:has|have)\s+(?:been|[a-z]+ed)\b",
    re.IGNORECASE,
)
# Words ending in -ed that are not past tense verbs (or are adjectives that say nothing about time).
_NOT_PAST = frozenset(
    "need indeed hundred speed seed bed red feed proceed exceed succeed shed bred united based limited related "
    "interested concerned advanced detailed armed talented unprecedented unemployed alleged so-called biased "
    "supposed sacred wicked naked rugged kindred wed fled".split()
)


def tense_near(sentence: str, start: int, end: int) -> str:
    """Tense of the clause around [start, end) in `sentence` (offsets into it): past, future or unknown.

    The nearest marker wins; a future marker that overlaps a past-looking word ("is scheduled") masks it.
    """
    return tense_and_distance(sentence, start, end)[0]


def tense_and_distance(sentence: str, start: int, end: int) -> tuple[str, int]:
    """`tense_near` plus the distance in characters to the deciding marker (large: a weak signal)."""
    best_dist = 10**9
    best = UNKNOWN
    future_spans = []
    for m in _FUTURE.finditer(sentence):
        if start <= m.start() < end:
            continue  # the expression's own words ("next Friday") are handled by the grammar
        future_spans.append((m.start(), m.end()))
        dist = _distance(m.start(), m.end(), start, end)
        if dist < best_dist:
            best_dist, best = dist, FUTURE
    for m in _SCHEDULED_PRESENT.finditer(sentence):
        if start <= m.start() < end:
            continue
        dist = _distance(m.start(), m.end(), start, end)
        if dist < best_dist:
            best_dist, best = dist, PRESENT
    for m in _PAST.finditer(sentence):
        if start <= m.start() < end:
            continue
        word = m.group(0).lower()
        if word in _NOT_PAST:
            continue
        if any(a <= m.start() < b for a, b in future_spans):
            continue
        dist = _distance(m.start(), m.end(), start, end)
        if dist < best_dist:
            best_dist, best = dist, PAST
    return best, best_dist


def future_before(sentence: str, start: int) -> bool:
    """Whether a future marker occurs in the sentence before offset `start` ("will double ... by August")."""
    return any(m.start() < start for m in _FUTURE.finditer(sentence, 0, start))


def _distance(a: int, b: int, start: int, end: int) -> int:
    if b <= start:
        return start - b
    if a >= end:
        return a - end
    return 0
