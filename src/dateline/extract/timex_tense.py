"""A lexical tense detector: does the clause around a time expression talk about the past or about plans?

Fast by design (regexes, no parser): the time-expression tagger calls it for every weekday, bare month and
quarter it has to place before or after the reference date. The marker nearest to the expression wins, because
news sentences mix tenses ("X said on Thursday it will vote next month"): the reporting verb sits next to the
reporting date, the future auxiliary next to the planned one.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

PAST, FUTURE, PRESENT, UNKNOWN = "past", "future", "present", "unknown"

# before a base form: an infinitive or a verb group whose tense is the auxiliary's, not a scheduled present. Not
# after "was to" (a plan: "the board was to meet on Monday") nor after could/may/... ("the pipe could arrive on
# Wednesday" still announces it)
_NOT_FINITE_BEFORE = re.compile(
    r"(?:(?<!\bwas\s)(?<!\bwere\s)\bto|\bwill|\bwould|\bshall|\bdid|\bdoes|\bdo|\bnot|n't)\s+$", re.IGNORECASE)

# Present-tense verbs of scheduled events: in news, "X meets Y on Monday" announces a coming event (a past one is
# reported in the past tense). Reporting verbs ("says") are left out: they say nothing about the event's time.
_SCHEDULED_PRESENT = re.compile(
    r"\b(?:meets|begins|opens|starts|resumes|arrives|leaves|visits|holds|hosts|plays|faces|travels|returns|votes|"
    r"heads|convenes|kicks\s+off|takes\s+office|goes\s+on\s+trial|ends|closes|launches|departs|gathers|"
    r"meet|begin|resume|arrive|convene|travel|go(?:es)?\s+to\s+the\s+polls|takes?\s+place|flies|sets\s+off|"
    r"gets\s+under\s+way|wraps\s+up|concludes|reconvenes|premieres|debuts|"
    # "the vote is Thursday": a present copula right before a day announces it
    r"(?:is|are)(?=\s+(?:on\s+)?(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b))\b",
    re.IGNORECASE,
)

_FUTURE = re.compile(
    r"\b(?:(?:will|would|shall|to)\s+(?:not\s+)?(?:be|have\s+been)\s+[a-z]+|will|won't|wo n't|shall|'ll|"
    r"(?:is|are|am|be|being)\s+(?:going|due|set|scheduled|expected|slated|planned|poised|likely|about)\s+to|"
    # "was about to be deported" is the moment of a past narrative, not a plan ("was" then counts as past)
    r"(?:was|were)\s+(?:going|due|set|scheduled|expected|slated|planned|poised|likely)\s+to|"
    r"(?:is|are|was|were)\s+(?:scheduled|slated|planned|expected|due)|to\s+be\s+completed|"
    r"(?:scheduled|slated|planned|set)\s+for|"
    r"(?:is|are)\s+to\s+(?!have\b)|(?<!had been )(?:set|due|scheduled|slated|expected|poised)\s+to|"
    r"plans?\s+to|planning\s+to|intends?\s+to|intending\s+to|aims?\s+to|hopes?\s+to|vows?\s+to|"
    r"to\s+be\s+(?:held|signed|released|launched|published|announced|voted|decided|made)|"
    r"upcoming|next|coming|tomorrow|would|"
    # a scheduling verb with its object and the date it was set for: the date lies after the scheduling ("Obama
    # scheduled his third visit to the Gulf on Friday"). Only with a determiner after the verb: a participle
    # ("a memorial service planned at the university for Saturday was canceled") says nothing of the date
    r"(?:re)?(?:scheduled|planned)\s+(?:a|an|the|his|her|its|their|our)\s+(?:[a-z'-]+\s+){1,5}?(?:on|for)(?=\s))\b"
    # tokenised text (the T17 and PTB style) splits the clitic off: "they 'll play" (\b cannot precede the quote)
    r"|(?<=\s)'ll\b",
    re.IGNORECASE,
)
# A past verb of intention or agreement with its infinitive: the event it governs lies after it ("agreed to buy the
# line in February" written in October is next February's purchase). It points forward only for what follows it;
# for a date before it, it is no marker at all: "On Friday, the government planned to pay" (the day the intention
# was stated) and "will meet Obama on Wednesday prepared to offer concessions" (a participle) are told apart by
# the other markers of the clause.
_INTENT = re.compile(
    r"\b(?:agreed|decided|voted|offered|promised|pledged|vowed|proposed|planned|intended|hoped|aimed|threatened|"
    r"prepared|moved|sought|wanted|asked|urged|ordered|told|invited|agreement|deal|pact|proposal|decision|"
    # the word between may be a particle or object ("asked BP to"), not a day: "vowed Friday to hunt" is a vow
    # made on Friday, not a plan for it
    r"commitment|pledge|promise|intention|bid|offer)\s+"
    r"(?:(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight)\b)[a-z]+\s+)?to\s+"
    r"(?!(?:the|a|an|his|her|its|their|our|this|that|these|those|be|have|date)\b)(?-i:[a-z]{2,})\b",
    re.IGNORECASE,
)
INTENT = "intent"  # a marker's tense: FUTURE for what follows it, ignored for what precedes it
# "the proposed merger", "a still unspecified date": a participle after a determiner or degree word is an
# adjective, not a past-tense verb
_ADJECTIVE_BEFORE = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|my|your|this|that|these|those|still|newly|so|very|widely|highly|much|"
    r"most|more|less|well|fully|once|long|any|no|some|each|every)\s+$",
    re.IGNORECASE,
)

# "be"/"being"/a present "is" (with an adverb between) before a participle: "to be completed", "could be delayed",
# "being held", "before the bill is published in October" -- passives whose tense is that of the auxiliary
_BE_BEFORE = re.compile(r"\b(?:be|being|is|are|am)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)

_IRREGULAR_PAST = (
    "said|was|were|had|did|made|came|went|told|took|gave|met|saw|found|left|held|led|sold|bought|fell|rose|won|"
    "lost|began|became|brought|thought|felt|kept|paid|sent|spent|struck|stood|wrote|spoke|broke|chose|drove|ate|"
    "flew|grew|knew|threw|hit|cut|put|set|shot|fought|caught|taught|sought|built|meant|heard|ran|sat|woke|wore|"
    "hung|dug|slid|stole|swore|tore|overtook|undertook|withdrew|forgot|got|shut|spread|quit|beat|bore|ago|"
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
    return find_markers(sentence).nearest(start, end)


@dataclass(frozen=True)
class Markers:
    """The tense markers of a stretch of text, sorted by start: (start, end, tense), absolute offsets."""

    items: tuple[tuple[int, int, str], ...]
    starts: tuple[int, ...]

    def nearest(self, start: int, end: int, *, span: int = 10**9, text: str | None = None) -> tuple[str, int]:
        """The tense of the marker nearest to [start, end) (ignoring markers inside it) and its distance.

        With `text`, a marker across a clause break (comma, semicolon, colon, bracket, dash, that/and/but) counts as
        `CLAUSE_PENALTY` characters further: "talks, which started on Monday, will last" — "started" is Monday's
        verb, not "will".
        """
        lo = bisect.bisect_left(self.starts, start - span)
        hi = bisect.bisect_right(self.starts, end + span)
        best, best_dist = UNKNOWN, 10**9
        # walk outwards from the expression: the first marker found on each side is the nearest on that side
        mid = bisect.bisect_left(self.starts, start, lo, hi)
        for i in range(mid - 1, lo - 1, -1):
            a, b, tense = self.items[i]
            if start <= a < end:
                continue
            dist = _distance(a, b, start, end)
            if text is not None and dist < best_dist and _CLAUSE_BREAK.search(text, b, start):
                dist += CLAUSE_PENALTY
            if dist < best_dist:
                best, best_dist = (FUTURE if tense == INTENT else tense), dist
            if start - a > best_dist + 60:  # markers are < 60 characters long: none further left is nearer
                break
        for i in range(mid, hi):
            a, b, tense = self.items[i]
            if start <= a < end or tense == INTENT:
                continue  # an intention verb after the date says nothing of it (see _INTENT)
            if text is not None and _ATTRIBUTION_VERB.fullmatch(text, a, b) and _ATTRIBUTION_BREAK.search(text, end, a):
                continue  # "will begin talks on Wednesday, his office said": the attribution's verb dates the
                # saying, not what was said
            dist = _distance(a, b, start, end)
            if text is not None and dist < best_dist and _CLAUSE_BREAK.search(text, end, a):
                dist += CLAUSE_PENALTY
            if dist < best_dist:
                best, best_dist = tense, dist
            if a >= end:  # the first marker on the right is the nearest there (breaks only add to later ones)
                break
        return best, best_dist

    def tense_before(self, start: int, *, span: int = 10**9) -> str:
        """The tense of the nearest marker that starts before `start` (within `span`), else unknown."""
        lo = bisect.bisect_left(self.starts, start - span)
        hi = bisect.bisect_left(self.starts, start)
        if hi <= lo:
            return UNKNOWN
        return FUTURE if self.items[hi - 1][2] == INTENT else self.items[hi - 1][2]

    def future_before(self, start: int, *, span: int = 10**9) -> bool:
        lo = bisect.bisect_left(self.starts, start - span)
        hi = bisect.bisect_left(self.starts, start)
        return any(self.items[i][2] in (FUTURE, INTENT) for i in range(lo, hi))


CLAUSE_PENALTY = 20
_HAD_BEEN_BEFORE = re.compile(r"\bhad\s+(?:[a-z]+ly\s+)?been\s+$", re.IGNORECASE)
# reporting verbs; after a comma on the right of a date they are an attribution tail ("…, officials said")
_ATTRIBUTION_VERB = re.compile(
    r"(?:said|told|added|announced|reported|stated|explained|noted|insisted|warned|confirmed|wrote|"
    r"tweeted|posted|declared|acknowledged|argued|cautioned|predicted|estimated)", re.IGNORECASE)
_ATTRIBUTION_BREAK = re.compile(r"[,;]")
# a complementiser or a conjunction opens a new clause too: in "said at a news conference Thursday that he will
# run" and "arrived on Friday and will meet Reno on Saturday", "will" is the next clause's verb, not Thursday's or
# Friday's
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014]|\s--?\s|\b(?:that|and|but)\b")


def find_markers(text: str, a: int = 0, b: int | None = None) -> Markers:
    """All tense markers in text[a:b] (offsets into `text`); a future phrase masks past-looking words inside it."""
    b = len(text) if b is None else b
    items: list[tuple[int, int, str]] = []
    future_spans = []
    for rx, tense in ((_FUTURE, FUTURE), (_INTENT, INTENT)):
        for m in rx.finditer(text, a, b):
            future_spans.append((m.start(), m.end()))
            if tense == FUTURE and _HAD_BEEN_BEFORE.search(text, max(a, m.start() - 30), m.start()):
                # "the FDA had originally been due to rule in September": a plan of the past, overtaken
                items.append((m.start(), m.end(), PAST))
                continue
            items.append((m.start(), m.end(), tense))
    future_spans.sort()
    for m in _SCHEDULED_PRESENT.finditer(text, a, b):
        if _NOT_FINITE_BEFORE.search(text, max(a, m.start() - 12), m.start()):
            continue  # "the first official to arrive in Haiti, on Saturday", "did not meet": no present tense
        items.append((m.start(), m.end(), PRESENT))
    fi = 0
    for m in _PAST.finditer(text, a, b):
        word = m.group(0).lower()
        if word in _NOT_PAST:
            continue
        if word.endswith("ed") and " " not in word and _ADJECTIVE_BEFORE.search(text, max(a, m.start() - 12),
                                                                               m.start()):
            continue
        if " " not in word and _BE_BEFORE.search(text, max(a, m.start() - 20), m.start()):
            continue  # "are expected to be finished in August", "is published in October": a passive, no past
        while fi < len(future_spans) and future_spans[fi][1] <= m.start():
            fi += 1
        if fi < len(future_spans) and future_spans[fi][0] <= m.start() < future_spans[fi][1]:
            continue
        items.append((m.start(), m.end(), PAST))
    items.sort()
    return Markers(tuple(items), tuple(i[0] for i in items))


def future_before(sentence: str, start: int) -> bool:
    """Whether a future marker occurs in the sentence before offset `start` ("will double ... by August")."""
    return find_markers(sentence, 0, start).future_before(start)


def _distance(a: int, b: int, start: int, end: int) -> int:
    if b <= start:
        return start - b
    if a >= end:
        return a - end
    return 0
