"""Ranking timeline entries and choosing the default view.

A pile of a few hundred articles yields thousands of candidate entries; a reader wants the few dozen that matter.
Salience rewards what editors reward: many independent outlets and many articles reporting the happening, articles
that put it in their lead, explicit dates (a time expression, a day rather than a month), a real event rather than
a remark; it discounts background, dates guessed from the publication day and vague windows. The default view
(entries flagged `key`) takes the most salient entries of each story up to a budget that grows with the square root
of the story's size, at most `per_day` per day so that one busy day cannot fill the view. Every entry stays in the
timeline; `key` only marks the ones shown first.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.records import Entry

KEY_FLAG = "key"


@dataclass(frozen=True)
class RankOptions:
    key_min: int = 3  # the default view of a small story still shows this many entries
    key_max: int = 40  # ... and of a huge one at most this many
    key_per_sqrt_article: float = 3.0  # budget = this × √(articles of the story), within [key_min, key_max]
    per_day: int = 2  # key entries per start day
    max_width_days: int = 31  # entries dated more vaguely than this never make the default view
    max_approximate_days: int = 3  # ... nor approximate windows ("recently") wider than this
    # Past `key_min`, an entry needs this share of the story's top salience: a big story's budget must not be filled
    # with its long tail of single-article remarks (haiti, tuned: key date precision .663 -> .737; iraq, unseen: .80
    # either way — its tail is never that thin).
    min_share_of_top: float = 0.33


@dataclass(frozen=True)
class EntryEvidence:
    """What an entry rests on, counted once per article (copies excluded) and once per outlet."""

    independent: int  # distinct independent outlets
    articles: int  # distinct original articles citing it with a date (own time expression or publication day)
    lead_articles: int  # of these, articles that report it in their lead
    dated_articles: int  # articles that date it with a time expression of their own
    width_days: int
    day: bool
    strong_event: bool
    flags: frozenset[str]
    undated_articles: int = 0  # further articles whose undated sentences joined it (weaker support)


def salience(ev: EntryEvidence) -> float:
    s = (1.0 * ev.independent
         + 1.0 * math.log2(1 + ev.articles)
         + 0.25 * math.log2(1 + ev.undated_articles)
         + 0.75 * math.log2(1 + ev.lead_articles)
         + 0.5 * math.log2(1 + ev.dated_articles)
         + (1.0 if ev.day else 0.0)  # a reader can place a day; "in April" less so
         + (0.5 if ev.strong_event else 0.0))
    if ev.width_days > 31:  # "this year", "the first half": true of everything, places nothing
        s -= 1.0 + math.log2(ev.width_days / 31)
    if "background" in ev.flags:
        s -= 1.0
    if "pubdate_fallback" in ev.flags:
        s -= 0.5
    if ev.flags & {"denied", "conditional"}:
        s -= 0.25
    if "planned" in ev.flags:  # a plan is news, but what happened comes first
        s -= 0.5
    return round(s, 3)


def key_budget(n_articles: int, options: RankOptions = RankOptions()) -> int:
    """How many entries the default view of a story of `n_articles` (original) articles shows."""
    want = math.ceil(options.key_per_sqrt_article * math.sqrt(max(0, n_articles)))
    return max(options.key_min, min(options.key_max, want))


def select_key(entries: Sequence[Entry], *, n_articles: int, options: RankOptions = RankOptions()) -> set[str]:
    """Ids of the entries of one story that the default view shows."""
    budget = key_budget(n_articles, options)
    per_day: Counter = Counter()
    chosen: set[str] = set()
    eligible = [e for e in entries if _placeable(e, options)]
    floor = options.min_share_of_top * max((e.salience for e in eligible), default=0.0)
    for e in sorted(eligible, key=lambda e: (-e.salience, e.date.earliest, e.id)):
        if len(chosen) >= budget:
            break
        if len(chosen) >= options.key_min and e.salience < floor:
            break
        if per_day[e.date.earliest] >= options.per_day:
            continue
        per_day[e.date.earliest] += 1
        chosen.add(e.id)
    return chosen


def _placeable(e: Entry, options: RankOptions) -> bool:
    """Whether a reader can place the entry in time: not "this year", not "recently"."""
    if e.date.width_days > options.max_width_days:
        return False
    return not (e.date.granularity == "approximate" and e.date.width_days > options.max_approximate_days)
