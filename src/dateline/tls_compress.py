"""Sentence compression for timeline summaries: cut what a dated timeline entry never says.

A timeline entry sits under its date, so the day words of a news report ("on Tuesday", "yesterday", "late Thursday
evening", "on April 22") say nothing there; nor do wire tags ("-LRB- Reuters -RRB-") and the openers that tie a
sentence to the one before it in its article ("However ,", "In a statement ,", "-- "). Under ROUGE the day words
only cost precision. Attribution tails (", officials said on Tuesday .") are left alone: timelines do name who said
what ("The Coast Guard says ..."), and cutting the tails lowered recall more than it raised precision on the tuned
topics. Each rule is a regular expression over PTB-tokenised text (one space between tokens); nothing is cut when
too short a sentence would remain.
"""
from __future__ import annotations

import re

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)")
# "Monday", "Thursday evening", "yesterday", "last night", "April 22", "22 April 2010", "April 22 , 2010"
_DAY = (rf"(?:{_WEEKDAY}{_PART}|yesterday{_PART}|today|tonight|last night|this (?:morning|afternoon|evening)"
        rf"|{_MONTH} [0-3]?\d(?: , (?:19|20)\d\d)?|[0-3]?\d {_MONTH}(?: (?:19|20)\d\d)?)")
# Day expressions that only say when, at the start: "On Monday ,", "Late Thursday evening", "Also Friday ,",
# "Earlier on Monday ,", "Yesterday ,".
_LEAD_DAY = re.compile(
    rf"^(?:(?:Also|Later|Earlier|Late|Early|And|But)\s+)?(?:(?:on|late|early)\s+)?{_DAY}\s*(?:,\s*)?(?=\S)",
    re.IGNORECASE,
)
# Discourse openers that tie a sentence to the one before it in the article.
_LEAD_OPENER = re.compile(
    r"^(?:--\s+|-\s+|(?:However|Meanwhile|Also|In addition|Separately|Still|Earlier|Later|But|And|"
    r"In a (?:written |brief )?statement|In a news release|At the same briefing)\s*,\s+)(?=\S)"
)
# Inside the sentence, a day with "on", "late", "early" or alone ("BP vowed Monday to pay", "sank on Thursday").
# After "by", "until", "since", "through", "from", "next", "last" or "as soon as" the day is content (a deadline,
# a span), and a possessive ("Tuesday 's vote") is a name; both are left alone.
_INLINE_DAY = re.compile(
    rf"(?<!\bby)(?<!\buntil)(?<!\bsince)(?<!\bthrough)(?<!\bfrom)(?<!\bnext)(?<!\blast)(?<!\bas)(?<!\bthis)"
    rf"(?<!\blate)(?<!\bearly)(?<!\bon)"
    rf"\s+(?:(?:later|earlier|late|early) )?(?:on )?"
    rf"(?:{_WEEKDAY}{_PART}|yesterday{_PART}|last night|this (?:morning|afternoon|evening))(?!\s+'s)(?=\s)"
)
_INLINE_DATE = re.compile(
    rf"\s+on (?:{_WEEKDAY} (?:, )?)?(?:{_MONTH} [0-3]?\d(?: , (?:19|20)\d\d)?|[0-3]?\d {_MONTH}(?: (?:19|20)\d\d)?)(?=\s)"
)
# A wire tag left inside the sentence: "-LRB- Reuters -RRB-".
_WIRE_TAG = re.compile(r"\s+-LRB-\s+(?:Reuters|AP|AFP|CNN|BBC)\s+-RRB-(?=\s|$)")
_SPACES = re.compile(r"\s+")
_COMMAS = re.compile(r"(?:\s+,)+(?=\s+[,.])|^\s*,\s*")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", _COMMAS.sub("", text)).strip()


def compress(text: str, *, min_tokens: int = 6) -> str:
    """The sentence without day words, wire tags and openers; unchanged when less than `min_tokens` tokens would
    remain."""
    out = _LEAD_OPENER.sub("", text, count=1)
    out = _LEAD_DAY.sub("", out, count=1)
    out = _LEAD_OPENER.sub("", out, count=1)  # "On Monday , however , ..." is rare; "-- On Monday , ..." is not
    out = _WIRE_TAG.sub("", out)
    out = _INLINE_DATE.sub("", out)  # first, so that "on Saturday 1 May 2010" goes as a whole
    out = _INLINE_DAY.sub("", out)
    out = _capitalise(_tidy(out))
    return out if out.count(" ") + 1 >= min_tokens else text
