"""The cross-article story stage: articles + analyses → Timeline (stories, entries, disagreements, dates, copies).

Pure: no I/O, no clock. Steps, each in its own module:
1. near-duplicates and syndication (dedupe.py) — copies never count as corroboration;
2. story clustering (cluster.py);
3. publication windows for undated articles from their content and their story (story_dating.py), after which
   their time expressions are re-tagged against the window and everything derived is flagged `estimated_date`;
4. candidate items: one per dated time expression of a sentence, one for events that a clause boundary separates
   from the sentence's time expressions (dated to the recent past), one for same-day news without a time
   expression (dated by the publication day, flagged `pubdate_fallback`); other sentences only join entries;
5. event clustering across articles (same happening: overlapping words and entities, compatible dates; the same
   day-dated happening at different days is kept together and flagged `date_conflict`);
6. disagreements (disagree.py), flags, salience and summaries;
7. the default view: the most salient entries of each story are flagged `key` (ranking.py).
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np

from dateline.cluster import cluster_stories
from dateline.dedupe import find_duplicates, independent_count, normalised_words, source_key
from dateline.contradict import dates_of_one_happening, negations_vs_reports
from dateline.disagree import SentenceMemo, StoryArticle, conflicting_numbers, denial_vs_reports
from dateline.prose import clean_summary, dateline_end
from dateline.ranking import KEY_FLAG, EntryEvidence, RankOptions, salience, select_key
from dateline.canonical import most_common_key
from dateline.records import (Analysis, Article, Citation, DateWindow, Disagreement, Entity, Entry, Event,
                              Sentence, Story, TimeExpr, Timeline)
from dateline.stems import content_stems
from dateline.story_dating import DatingOptions, estimate_pub_dates, is_dated, retag

VERSION = "timeline@1"

_CLAUSE = re.compile(r",\s+(?:as|when|while|after|before|since|whereas)\s+|;\s+|\s+—\s+")
_SAME_DAY_TRIGGERS = frozenset({"say", "tell", "announce", "declare", "state", "condemn", "urge", "add", "confirm",
                                "stress", "emphasise", "emphasize", "warn", "issue", "report", "note"})
WEAK_TYPES = frozenset({"statement"})



@dataclass(frozen=True)
class TimelineOptions:
    join: float = 0.22  # similarity at which two items report the same happening
    conflict_join: float = 0.4  # similarity at which day-dated items at different days are one happening
    conflict_days: int = 3
    recent_days: int = 30  # "recently"/"came after": window before the publication day for unanchored events
    background_days: int = 365  # entries this long before the article are background
    lead_sentences: int = 1  # body sentences that count as the lead (same-day news)
    common_df: float = 0.02  # words in more than this share of a story's sentences do not propose candidates
    common_df_min: int = 60  # ... unless they occur in at most this many (small stories compare everything)
    candidates: int = 40  # members an item is compared with, the best by shared distinctive weight
    # A long-lived process (`dateline watch`) places a new article's items into a story of this many items or
    # more as it clustered them last time (`place_events`), instead of clustering the story again, until the
    # story has grown by `online_growth` of its items since it was clustered whole (`warm.StoryCaches.clusters`).
    online_min_items: int = 12_000
    online_growth: float = 0.05
    dating: DatingOptions = field(default_factory=DatingOptions)
    rank: RankOptions = field(default_factory=RankOptions)  # salience and the default view (`key` entries)


@dataclass(frozen=True)
class Item:
    """One candidate: a sentence (of one article) read as reporting a happening at a date."""

    article_id: str
    sentence: Sentence
    window: DateWindow | None
    time_expression: str | None
    how: str  # timex | unanchored | pubdate | none
    stems: frozenset[str]
    entities: frozenset[str]
    event_types: frozenset[str]
    modalities: frozenset[str]
    pub: DateWindow | None = None  # publication window of the article
    speakers: frozenset[str] = frozenset()  # who the sentence quotes
    lead: bool = False  # one of the article's first body sentences
    content: int | None = None  # where the sentence's content starts (`dateline_end`), when worked out already


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _weighted_jaccard(a: frozenset, b: frozenset, weight: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    inter = sum(weight.get(x, 1.0) for x in a & b)
    union = sum(weight.get(x, 1.0) for x in a | b)
    return inter / union if union else 0.0


def idf_weights(items: Sequence[Item]) -> dict[str, float]:
    """Inverse sentence frequency of words and entities within a story: "North Korea" in every sentence of a
    North Korea story says nothing about which happening a sentence reports."""
    df: Counter = Counter()
    for i in items:
        df.update(i.stems | i.entities)
    return _idf(df, len(items))


def _idf(df: Mapping[str, int], count: int) -> dict[str, float]:
    n = max(1, count)
    return {k: math.log((n + 1) / (v + 0.5)) for k, v in df.items()}


def similarity(a: Item, b: Item, weight: Mapping[str, float] | None = None) -> float:
    """How likely two items report the same happening: shared distinctive words and entities, and event type."""
    weight = weight or {}
    sim = 0.6 * _weighted_jaccard(a.stems, b.stems, weight) + 0.4 * _weighted_jaccard(a.entities, b.entities, weight)
    strong_a, strong_b = a.event_types - WEAK_TYPES, b.event_types - WEAK_TYPES
    if strong_a & strong_b:
        sim += 0.1
    return sim


def _overlap(a: DateWindow, b: DateWindow) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def _day_window(d: dt.date, *, estimated: bool) -> DateWindow:
    return DateWindow(d.isoformat(), "day", d, d, estimated)


def _pub_window(article: Article, estimated: Mapping[str, DateWindow]) -> DateWindow | None:
    if article.id in estimated:
        return estimated[article.id]
    if article.pub_date is not None:
        return article.pub_date.window
    return None


def _reported_day(article: Article) -> int | None:
    """The article's own publication day (ordinal); None for undated and estimated dates."""
    pd = article.pub_date
    return pd.window.earliest.toordinal() if is_dated(article) and pd is not None else None


def _outlet_name(article: Article) -> str:
    outlet = (article.dateline.outlet if article.dateline else None) or article.outlet
    return outlet or (f"“{article.title.strip()[:60]}”" if article.title else "an unnamed source")


def _trigger_pos(sentence: Sentence, trigger: str) -> int | None:
    m = re.search(r"\b" + re.escape(trigger[:max(3, len(trigger) - 2)]), sentence.text, re.I)
    return m.start() if m else None


def _separated(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return bool(_CLAUSE.search(text[lo:hi]))


def _by_offset(things: Sequence, start_of: Callable) -> Callable[[int, int], list]:
    """A lookup (lo, hi) → the things whose start lies in [lo, hi), in their original order (bisect over the
    sorted starts instead of a scan of all of them)."""
    order = sorted(range(len(things)), key=lambda k: (start_of(things[k]), k))
    starts = [start_of(things[k]) for k in order]

    def lookup(lo: int, hi: int) -> list:
        a, b = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
        return [things[k] for k in sorted(order[a:b])]
    return lookup


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?$", re.I)


def _since_year(s: Sentence, t: TimeExpr) -> bool:
    """A year (or decade) after "since" ("the first pandemic since 1968", "the worst spill since 1989") is a
    comparison's baseline, not when the sentence's happening took place; "since March 3" still dates a start."""
    if t.window is None or t.window.granularity not in ("year", "decade", "century"):
        return False
    return bool(_SINCE_BEFORE.search(s.text[max(0, t.start - s.start - 12):t.start - s.start]))


def sentence_items(article: Article, analysis: Analysis, *, pub: DateWindow | None,
                   entity_of: Callable[[int, int], frozenset[str]], options: TimelineOptions) -> list[Item]:
    """Candidate items of one article, in text order."""
    items: list[Item] = []
    body_seen = 0
    # Indexed once per article: scanning every event, quote and time expression for every sentence made this
    # quadratic in the article's length.
    events_of: dict[int, list[Event]] = {}
    for e in analysis.events:
        events_of.setdefault(e.sentence, []).append(e)
    speakers_of: dict[int, list[str]] = {}
    for q in analysis.quotes:
        speakers_of.setdefault(q.sentence, []).append((q.speaker or "").lower())
    dated = [t for t in analysis.timexes if t.type in ("DATE", "TIME") and t.window is not None]
    in_range = _by_offset(dated, lambda t: t.start)
    for s in analysis.sentences:
        if s.kind == "headline":
            continue
        if s.kind == "body":
            body_seen += 1
        events = events_of.get(s.index, [])
        content = dateline_end(s.text)  # a lead dateline's place and outlet say nothing about the happening
        # and its date is the publication day, not the day of what the sentence reports
        timexes = [t for t in in_range(s.start + content, s.end) if not _since_year(s, t)]
        specific = [t for t in timexes if t.window.value is not None]
        if not events and not specific:
            continue  # dates nothing and reports nothing: no item, so neither its words nor its entities are
            # needed (about half of a story's sentences)
        base = dict(article_id=article.id, sentence=s, stems=content_stems(s.text[content:]), content=content,
                    entities=entity_of(s.start + content, s.end), lead=s.kind == "body" and body_seen <= 3,
                    event_types=frozenset(e.event_type for e in events),
                    modalities=frozenset(e.modality for e in events), pub=pub,
                    speakers=frozenset(speakers_of.get(s.index, ())))
        # a vague "recently" with no event in its sentence dates nothing
        chosen = specific or (timexes if events else [])
        seen_windows = set()
        for t in chosen:
            key = (t.window.earliest, t.window.latest)
            if key in seen_windows:
                continue
            seen_windows.add(key)
            items.append(Item(window=t.window, time_expression=t.text, how="timex", **base))
        if chosen and pub is not None:
            # events a clause boundary separates from every time expression are not dated by them
            loose = []
            for e in events:
                pos = _trigger_pos(s, e.trigger)
                if pos is None or e.event_type in WEAK_TYPES:
                    continue
                if all(_separated(s.text, pos, t.start - s.start) for t in chosen):
                    loose.append(e)
            if loose:
                lo = pub.latest - dt.timedelta(days=options.recent_days)
                w = DateWindow(None, "approximate", lo, pub.latest, True)
                items.append(Item(window=w, time_expression=None, how="unanchored", **base))
        if chosen:
            continue
        reported = [e for e in events if e.modality == "reported"]
        same_day = pub is not None and (pub.granularity == "day" or pub.estimated) and reported and (
            (s.kind == "body" and body_seen <= options.lead_sentences)
            or any(e.trigger.lower() in _SAME_DAY_TRIGGERS for e in reported))
        if same_day:
            items.append(Item(window=pub, time_expression=None, how="pubdate", **base))
        elif events:
            items.append(Item(window=None, time_expression=None, how="none", **base))
    return items


@dataclass
class _Cluster:
    items: list[Item]
    conflict: bool = False
    _window: DateWindow | None = field(default=None, repr=False)
    _sentences: set = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self._sentences = {(i.article_id, i.sentence.start) for i in self.items}

    def add(self, item: Item) -> None:
        self.items.append(item)
        self._sentences.add((item.article_id, item.sentence.start))
        self._window = None

    def has_sentence(self, item: Item) -> bool:
        return (item.article_id, item.sentence.start) in self._sentences

    @property
    def dated(self) -> list[Item]:
        return [i for i in self.items if i.how == "timex"]

    def window(self) -> DateWindow:
        if self._window is None:  # cached: a big story asks for it once per candidate item
            dated = self.dated or [i for i in self.items if i.window is not None]
            self._window = min((i.window for i in dated), key=lambda w: (w.width_days, w.earliest))
        return self._window


class _Pairs:
    """For each item of a story, the items before it that share distinctive words or entities with it, the weight
    it shares with each (the sum that ranks its candidates) and a bound on their similarity (`cluster_events`),
    worked out for a block of items at a time, in C.

    The plain form walked, for each item, the postings of its distinctive tokens (in sorted order), adding each
    member's token weights in a dict: tens of millions of Python steps in a big story. `scipy.sparse`'s product
    of A (items × tokens: weights, each row's tokens in sorted order) and the 0/1 incidence Bᵀ (tokens × items) is
    that walk (SMMP, `csr_matmat`): for row i it goes through i's tokens in their order, adding weight × 1.0 to
    each other item's running sum from 0.0 — the same additions in the same order as the dict, so the same
    floats (× 1.0 is exact, and so is a fused multiply-add with 1.0). A sum over tokens does not depend on which
    items are members when i is clustered; the caller picks those.

    Blocks keep memory small: a row holds every item that shares a token with i, hundreds in a big story."""

    def __init__(self, items: Sequence[Item], tokens_of: Sequence[Sequence[str]],
                 weight_of: Callable[[str], float], sides: Sequence[tuple], floor: float, block: int = 512,
                 first: int = 0):
        """`first`: the first item whose row is asked for (`place_events` asks only for the items it places)."""
        import scipy.sparse  # here: a tenth of a second that only event clustering needs, not every command

        vocabulary = sorted({tok for tokens in tokens_of for tok in tokens})
        number = {tok: n for n, tok in enumerate(vocabulary)}
        indptr = np.zeros(len(tokens_of) + 1, dtype=np.int64)
        np.cumsum([len(tokens) for tokens in tokens_of], out=indptr[1:])
        nnz = int(indptr[-1])
        # token numbers follow the tokens' sorted order, so each row's columns are in the walk's order
        indices = np.fromiter(map(number.__getitem__, chain.from_iterable(tokens_of)), np.int64, nnz)
        shape = (len(tokens_of), max(1, len(vocabulary)))
        # Bᵀ: A's incidence transposed is the CSC matrix of the same arrays; made CSR once, not in every product
        self._bt = scipy.sparse.csc_matrix((np.ones(nnz), indices, indptr), shape=shape[::-1]).tocsr()
        # A: the rows of the items from `first` on
        lo = int(indptr[first])
        indices, indptr = indices[lo:], indptr[first:] - lo
        nnz = len(indices)
        rows = (len(tokens_of) - first, shape[1])
        weights = np.array([weight_of(tok) for tok in vocabulary], dtype=np.float64)[indices]
        self._a = scipy.sparse.csr_matrix((weights, indices, indptr), shape=rows)
        # The same weights split for the bound: a word's as a real, an entity's as an imaginary part. The product
        # has the same structure as A's, so `csr_matmat` gives the same pairs in the same order (checked).
        is_word = np.fromiter(chain.from_iterable(map(item.stems.__contains__, tokens)
                                                  for item, tokens in zip(items[first:], tokens_of[first:])),
                              bool, nnz)
        is_entity = np.fromiter(chain.from_iterable(map(item.entities.__contains__, tokens)
                                                    for item, tokens in zip(items[first:], tokens_of[first:])),
                                bool, nnz)
        parts = np.empty(nnz, dtype=np.complex128)
        parts.real = weights * is_word
        parts.imag = weights * is_entity
        self._a_parts = scipy.sparse.csr_matrix((parts, indices, indptr), shape=rows)
        # per item, what the bound needs of its `sides`: totals (0.0 for an empty set), common weights, strong
        self._stems = np.array([s[2] if s[0] else 0.0 for s in sides])
        self._ents = np.array([s[3] if s[1] else 0.0 for s in sides])
        self._common_stems = np.array([s[5] for s in sides], dtype=np.float64)
        self._common_ents = np.array([s[6] for s in sides], dtype=np.float64)
        self._strong = np.array([bool(s[4]) for s in sides])
        self._block = block
        self._floor = floor
        self._first = first
        self._start = -1
        self._indptr: list[int] = []

    def _load(self, start: int) -> None:
        first = self._first
        end = min(start + self._block, first + self._a.shape[0])
        # only items clustered before an item can be its members: those before the block's end, then before it
        whole = start == first == 0 and end == self._a.shape[0]  # (a small story: slicing copies, 0.1 ms each)
        bt = self._bt if whole else self._bt[:, :end]
        rows = (self._a if whole else self._a[start - first:end - first]) @ bt
        split = (self._a_parts if whole else self._a_parts[start - first:end - first]) @ bt
        if not (np.array_equal(rows.indptr, split.indptr) and np.array_equal(rows.indices, split.indices)):
            raise AssertionError("the split product does not line up with the shared weights")
        row_of = np.repeat(np.arange(start, end), np.diff(rows.indptr))
        earlier = rows.indices < row_of
        row_of, self._others, self._shared = row_of[earlier], rows.indices[earlier], rows.data[earlier]
        split = split.data[earlier]
        indptr = np.zeros(rows.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of - start, minlength=rows.shape[0]), out=indptr[1:])
        self._indptr = indptr.tolist()
        self._bounds = self._bound(row_of, self._others, split.real, split.imag)
        self._passes = self._bounds >= self._floor
        passing = np.zeros(len(self._passes) + 1, dtype=np.int64)
        np.cumsum(self._passes, out=passing[1:])
        ends = passing[indptr]
        self._any = (ends[1:] > ends[:-1]).tolist()  # per row: does any pair pass
        self._start = start

    def _bound(self, a: np.ndarray, b: np.ndarray, stems: np.ndarray, ents: np.ndarray) -> np.ndarray:
        """An upper bound on `similarity` of items a and b (arrays of pairs) whose indexed words share weight
        `stems` and indexed entities `ents`: per part, what they share is at most that plus the smaller of their
        common (unindexed) weights, and at most either's total; the part's weighted Jaccard grows with it. A part
        is 0.0 when either item has no words (or entities), as in `similarity`."""
        bound = 0.1 * (self._strong[a] & self._strong[b])
        for shared, totals, commons, factor in ((stems, self._stems, self._common_stems, 0.6),
                                                (ents, self._ents, self._common_ents, 0.4)):
            ta, tb = totals[a], totals[b]
            x = np.minimum(np.minimum(shared + np.minimum(commons[a], commons[b]), ta), tb)
            # x is 0.0 when either total is (an empty part), and the divisor is 0.0 only when both are
            bound += factor * x / np.maximum(ta + tb - x, _TINY)
        return bound

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """The items before item `i` that share a distinctive token with it, the weight it shares with each, the
        bound on its similarity with each and whether that reaches the floor; None when none does (a quarter of
        a big story's items: they need no ranking of their candidates)."""
        start = max(self._first, i - i % self._block)
        if start != self._start:
            self._load(start)
        lo, hi = self._indptr[i - start], self._indptr[i - start + 1]
        if lo == hi or not self._any[i - start]:
            return None
        return self._others[lo:hi], self._shared[lo:hi], self._bounds[lo:hi], self._passes[lo:hi]


def _top_candidates(shared: np.ndarray, passes: np.ndarray, clusters: Callable[[np.ndarray], np.ndarray], n: int,
                    in_dict_order: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Which of an item's candidates are both among the plain form's first `n` (of a stable sort by (-weight,
    cluster) of its dict of shared weights) and `passes`, as a mask over the candidates, given in any order.
    `clusters(positions)` gives the clusters of some candidates and `in_dict_order(positions)` sorts them in the
    dict's order: asked only for ties that need them.

    Only candidates weighing at least the `n`-th largest weight can be among the first `n`. When more than `n`
    do, those tied at that weight go in by cluster and, within the one cluster the `n`-th place falls in, in the
    dict's order, as in the stable sort; which of them go in matters only when one of them passes."""
    if len(shared) <= n:
        return passes
    cut = np.partition(shared, len(shared) - n)[len(shared) - n]  # the n-th largest
    heavy = shared >= cut
    n_heavy = np.count_nonzero(heavy)
    if n_heavy == n:
        return passes & heavy
    tied = shared == cut  # (common: members sharing only one word, and words of one frequency weigh the same)
    if not np.any(passes & tied):
        return passes & heavy
    chosen = passes & (shared > cut)
    tied = np.flatnonzero(tied)
    need = n - (n_heavy - len(tied))  # places left for the tied
    tied_clusters = clusters(tied)
    last = np.partition(tied_clusters, need - 1)[need - 1]  # the cluster of the n-th place
    take = tied[tied_clusters < last]
    group = tied[tied_clusters == last]
    if len(take) + len(group) > need:  # the n-th place falls inside one cluster's tie
        group = in_dict_order(group)[:need - len(take)]
    chosen[take] = passes[take]
    chosen[group] = passes[group]
    return chosen


def _in_walk_order(positions: Iterable[int], others: np.ndarray, tokens_of: Sequence[Sequence[str]],
                   i: int) -> list[int]:
    """`positions` (into `others`, members sharing a token with item i) in the order the plain form's walk met
    them, the order of its dict of shared weights: by the first token (in sorted order) each shares with item i,
    then in member order (a token's posting listed members as they were indexed, in the items' order)."""
    tokens = set(tokens_of[i])
    return sorted(positions, key=lambda p: (min(tokens.intersection(tokens_of[others[p]])), others[p]))


def _rank_key(i: Item) -> tuple:
    """Specific dates first, then fallback-dated items, then undated ones (which only join): `_HOW_ORDER`."""
    return (_HOW_ORDER[i.how], i.window.width_days if i.window else 10**6, i.article_id, i.sentence.start)


def _side_of(i: Item, weight_get: Callable, df: Mapping[str, int], common: int) -> tuple:
    """Per item, its sets, their totals and its strong event types, in one tuple: a comparison (millions in a big
    story) looks up one entry instead of three attributes, a total and a set difference. The last two entries,
    the weight of the item's common (unindexed) words and entities, bound what it can share with a member beyond
    the indexed weight the postings count (`_Pairs._bound`).

    The totals are summed once: the union's weight is |A| + |B| - |A ∩ B|, so a comparison only walks the
    smaller set's intersection. map(weight.get, …, repeat(1.0)) sums the same values in the same order as a
    generator, at a fraction of the cost (a big story makes millions of these sums)."""
    return (i.stems, i.entities, sum(map(weight_get, i.stems, repeat(1.0))),
            sum(map(weight_get, i.entities, repeat(1.0))), i.event_types - WEAK_TYPES,
            sum(weight_get(t, 1.0) for t in i.stems if df.get(t, 0) > common),
            sum(weight_get(t, 1.0) for t in i.entities if df.get(t, 0) > common))


def _similarity_to(side: tuple, weight_get: Callable) -> Callable[[tuple], float]:
    """`similarity(a, b, weight)` for one item against many (given both `sides`): a's sets and totals looked up
    once (the weighted Jaccard of both parts written out: the same sums in the same order, without two calls per
    comparison)."""
    stems, ents, sa, ea, strong, _, _ = side

    def sim(b_side: tuple) -> float:
        b_stems, b_ents, sb, eb, b_strong, _, _ = b_side
        if stems and b_stems:
            inter = sum(map(weight_get, stems & b_stems, repeat(1.0)))
            union = sa + sb - inter
            p_stems = inter / union if union > 0 else 0.0
        else:
            p_stems = 0.0
        if ents and b_ents:
            inter = sum(map(weight_get, ents & b_ents, repeat(1.0)))
            union = ea + eb - inter
            p_ents = inter / union if union > 0 else 0.0
        else:
            p_ents = 0.0
        value = 0.6 * p_stems + 0.4 * p_ents
        if strong & b_strong:
            value += 0.1
        return value
    return sim


@dataclass
class EventClustering:
    """A story's event clustering in a form that placing more items continues (`place_events`): its items in the
    order they were placed, the word weights they were compared with (fixed when the clustering was made from all
    of its items at once), per item its `_side_of` and distinctive tokens, the clusters, each item's cluster (-1:
    an undated item that joined none) and, per sentence, the cluster its item went to (`_continued`)."""

    ranked: list[Item]
    df: Mapping[str, int]  # sentence frequency of each word and entity among the `base` items (never changed)
    weight: dict[str, float]
    common: int  # words in more sentences than this propose no candidates
    sides: list[tuple]
    tokens_of: list[list[str]]
    clusters: list[_Cluster]
    cluster_of: list[int]
    where: dict[tuple[str, int], int]
    base: int  # the items it was made from at once (the rest were placed after)


def cluster_events(items: Sequence[Item], *, options: TimelineOptions) -> list[_Cluster]:
    """Greedy event clustering: specific dates first, then fallback-dated items, then undated ones join.

    Only members that share distinctive words or entities with an item are compared with it (an inverted index
    over the words that occur in at most `options.common_df` of the story's sentences, best `options.candidates`
    members by shared weight), so a story of a thousand articles clusters in seconds rather than hours.
    """
    return event_clustering(items, options=options).clusters


def event_clustering(items: Sequence[Item], *, options: TimelineOptions) -> EventClustering:
    """`cluster_events` with the state that `place_events` continues."""
    df: Counter = Counter()
    for i in items:
        df.update(i.stems | i.entities)
    weight = _idf(df, len(items))  # `idf_weights(items)`, without counting again
    common = max(options.common_df_min, int(options.common_df * len(items)))
    weight_get = weight.get
    # Items are numbered in the order they are clustered; an item becomes a member (a candidate for the items
    # after it) when it joins or founds a cluster. Each item's distinct distinctive tokens are sorted (set order
    # varies with the hash seed): the order its shared weights are summed in.
    ranked = sorted(items, key=_rank_key)
    state = EventClustering(
        ranked=ranked, df=df, weight=weight, common=common,
        sides=[_side_of(i, weight_get, df, common) for i in ranked],
        tokens_of=[[tok for tok in sorted(i.stems | i.entities) if df[tok] <= common] for i in ranked],
        clusters=[], cluster_of=[-1] * len(ranked), where={}, base=len(ranked))
    _place(state, 0, options)
    return state


def place_events(state: EventClustering, items: Sequence[Item], *, options: TimelineOptions) -> EventClustering:
    """`state` with `items` placed into it, as they would be placed after its last item, against its members and
    with its word weights: the old items stay where they were (`state` itself is left as it was).

    This is how a long-lived process adds an article to a big story without clustering the story again
    (`warm.StoryCaches.clusters`). It is not what clustering everything at once gives: every item changes every
    weight, and the greedy order puts a new dated item before the old undated ones. A word the weights never saw
    weighs what a word seen once would."""
    new = sorted(items, key=_rank_key)
    weight = dict(state.weight)
    rare = math.log((max(1, state.base) + 1) / 1.5)  # `_idf` of a sentence frequency of 1
    for i in new:
        for tok in chain(i.stems, i.entities):
            if tok not in weight:
                weight[tok] = rare
    weight_get, df, common = weight.get, state.df, state.common
    placed = EventClustering(
        ranked=state.ranked + new, df=df, weight=weight, common=common,
        sides=state.sides + [_side_of(i, weight_get, df, common) for i in new],
        tokens_of=state.tokens_of + [[tok for tok in sorted(i.stems | i.entities) if df.get(tok, 0) <= common]
                                     for i in new],
        clusters=list(state.clusters), cluster_of=state.cluster_of + [-1] * len(new), where=dict(state.where),
        base=state.base)
    _place(placed, len(state.ranked), options, borrowed=len(state.clusters))
    return placed


def withdraw_events(state: EventClustering, article_ids: Collection[str]) -> tuple[EventClustering, list[Item]]:
    """`state` without the items of `article_ids` (`state` itself is left as it was), and the items of other
    articles that this leaves without a cluster: how a long-lived process takes back the items of an article whose
    items changed (an undated article's estimated publication window moves when its story gets news; a copy's
    original changes) before it places their new ones (`place_events`), instead of clustering a big story whole
    again. The items stay in `ranked` as non-members (cluster -1, as an undated item that joined none: never a
    candidate again), so numbering and word weights stay; a cluster they leave empty stays an empty slot, which
    `live_clusters` leaves out. A cluster left with no dated item (only undated sentences that had joined the
    withdrawn ones) is dissolved too: its items are returned, for the caller to place again with the new ones. A
    cluster keeps its conflict mark (what was reported in conflict stays so until the story is clustered whole
    again)."""
    gone = set(article_ids)
    clusters, cluster_of = list(state.clusters), list(state.cluster_of)
    left: set[int] = set()
    for n, item in enumerate(state.ranked):
        if cluster_of[n] >= 0 and item.article_id in gone:
            left.add(cluster_of[n])
            cluster_of[n] = -1
    dissolved: set[int] = set()
    orphans: list[Item] = []
    for ci in sorted(left):
        c = clusters[ci]
        kept = [i for i in c.items if i.article_id not in gone]
        if kept and not any(i.window is not None for i in kept):  # (a cluster's window needs one: `_Cluster.window`)
            dissolved.add(ci)
            orphans.extend(kept)
            kept = []
        clusters[ci] = _Cluster(kept, c.conflict)
    if dissolved:
        for n in range(len(cluster_of)):
            if cluster_of[n] in dissolved:
                cluster_of[n] = -1
    where = {key: ci for key, ci in state.where.items() if key[0] not in gone and ci not in dissolved}
    return dataclasses.replace(state, clusters=clusters, cluster_of=cluster_of, where=where), orphans


def live_clusters(state: EventClustering) -> list[_Cluster]:
    """The clusters of `state` that still hold items (`withdraw_events` may empty some): `state.clusters` itself
    when none is empty."""
    if all(c.items for c in state.clusters):
        return state.clusters
    return [c for c in state.clusters if c.items]


def _place(state: EventClustering, start: int, options: TimelineOptions, *, borrowed: int = 0) -> None:
    """Cluster `state.ranked[start:]`, in order, into `state` (greedy: each item joins the most similar cluster
    that passes the tests, or founds one). The first `borrowed` clusters belong to another state as well: one is
    copied before an item joins it (copying them all took longer than placing an article)."""
    ranked, sides, tokens_of, clusters, cluster_of, where = (state.ranked, state.sides, state.tokens_of,
                                                             state.clusters, state.cluster_of, state.where)
    weight_get = state.weight.get
    # Most candidates cannot reach `join`: an upper bound on their similarity (`_Pairs._bound`: from the indexed
    # words and entities they share with the item, plus the smaller of their common weights) spares their exact
    # comparison (two set intersections and sums) and their cluster's tests. A cluster's similarity is the same
    # whenever it can pass the tests below (`join`, and more than the best so far), which it fails otherwise.
    pairs = _Pairs(ranked, tokens_of, lambda tok: weight_get(tok, 1.0), sides, options.join - _BOUND_MARGIN,
                   first=start)
    copied: set[int] = set()

    def own(ci: int) -> _Cluster:
        """Cluster ci, copied first when another state holds it too."""
        if ci < borrowed and ci not in copied:
            c = clusters[ci]
            clusters[ci] = _Cluster(list(c.items), c.conflict, c._window)
            copied.add(ci)
        return clusters[ci]

    is_member = np.array([c >= 0 for c in cluster_of], dtype=bool)
    cluster_array = np.array(cluster_of, dtype=np.intp)  # the same, for numpy (of members)
    # Clustering everything at once, every item before a dated one is a member; placing items later, an old
    # undated item that joined nothing may come before a new dated one
    outsiders = start > 0 and not bool(is_member[:start].all())

    def joined(n: int, ci: int) -> None:
        is_member[n] = True
        cluster_of[n] = cluster_array[n] = ci

    n_top = options.candidates
    for n in range(start, len(ranked)):
        item = ranked[n]
        cont = _continued(item, where, clusters) if item.how in ("pubdate", "none") else None
        if cont is not None:
            own(cont).add(item)
            joined(n, cont)
            where[(item.article_id, item.sentence.index)] = cont
            continue
        # The members among the items sharing a token with this one; of those, the `n_top` that share the most
        # weight (ties by cluster, then in the order the plain form's walk met them), of which those whose
        # bound passes. The n_top-th largest weight decides alone unless members tied at it pass the bound.
        by_cluster: dict[int, list[tuple[float, tuple]]] = {}
        row = pairs.row(n)
        if row is not None:
            others, shared, bound, passes = row
            if item.how == "none" or outsiders:  # every item before the undated ones (ranked last) joined or
                # founded a cluster; an undated one is a member only if it joined one
                members = is_member[others]
                others, shared, bound, passes = others[members], shared[members], bound[members], passes[members]
            passes = _top_candidates(shared, passes, lambda positions: cluster_array[others[positions]], n_top,
                                     lambda positions: _in_walk_order(positions, others, tokens_of, n))
            for k, b in zip(others[passes].tolist(), bound[passes].tolist()):
                by_cluster.setdefault(cluster_of[k], []).append((b, sides[k]))
        fast_similarity = _similarity_to(sides[n], weight_get)
        best, best_ci, best_sim, conflict = None, -1, 0.0, False
        sentence = (item.article_id, item.sentence.start)  # `c.has_sentence(item)` and `c.window()` inlined: asked
        # the item's side of the first tests, looked up once rather than once per candidate cluster
        reported_by = item.pub.latest if item.pub is not None and "planned" not in item.modalities else None
        join = options.join
        for ci in sorted(by_cluster):  # of tens of clusters per item
            c = clusters[ci]
            if sentence in c._sentences:
                continue  # one sentence, two dates: two happenings
            w = c._window or c.window()
            if reported_by is not None and w.earliest > reported_by:
                continue  # an article cannot report what happened after it was published
            need = (join if join > best_sim else best_sim) - _BOUND_MARGIN  # (the bounds' test, as it is now)
            sim = -1.0
            for bound_k, b_side in by_cluster[ci]:
                if bound_k < need:
                    continue
                value = fast_similarity(b_side)
                if value > sim:
                    sim = value
            if sim < join or sim <= best_sim:
                continue
            if item.how == "none" and item.pub is not None and sim < options.conflict_join \
                    and (item.pub.earliest - w.latest).days > options.recent_days:
                continue  # an undated sentence reports recent news unless it clearly repeats an older one
            if item.how == "none" and w.width_days > 31 and sim < options.conflict_join:
                continue  # ... and adds nothing to a vague "this year" unless it clearly repeats it
            is_conflict = False
            if item.window is not None and item.how != "none":
                if not _overlap(item.window, w):
                    near = (item.how == "timex" and item.window.granularity == "day" and w.granularity == "day"
                            and abs((item.window.earliest - w.earliest).days) <= options.conflict_days)
                    if not (near and sim >= options.conflict_join):
                        continue
                    is_conflict = True
                elif item.how == "timex" and item.window.width_days > 2 * w.width_days + 31:
                    continue
                elif item.window.value is None and w.width_days < item.window.width_days \
                        and sim < options.conflict_join:
                    continue  # "days after", "recently": only a close paraphrase joins a dated happening
                elif item.how == "pubdate" and (w.earliest, w.latest) != (item.window.earliest, item.window.latest) \
                        and sim < options.conflict_join:
                    continue  # dated only by its publication day: joins a happening dated otherwise only when it
                    # clearly repeats it
            best, best_ci, best_sim, conflict = c, ci, sim, is_conflict
        if best is None:
            if item.how != "none":
                clusters.append(_Cluster([item]))
                joined(n, len(clusters) - 1)
                where[(item.article_id, item.sentence.index)] = len(clusters) - 1
            continue
        best = own(best_ci)
        best.add(item)
        joined(n, best_ci)
        best.conflict = best.conflict or conflict
        where.setdefault((item.article_id, item.sentence.index), best_ci)


# Slack for the rounding of the similarity bound's sums (other sums in another order than the exact comparison's):
# far above a float's error on weights of a few hundred, far below any similarity difference that matters.
_BOUND_MARGIN = 1e-9
_TINY = 1e-300


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "the statement", "statement", "joint statement"})


def _continued(item: Item, where: Mapping[tuple[str, int], int], clusters: Sequence[_Cluster]) -> int | None:
    """The cluster (its number) of the previous sentence when this one goes on quoting the same speaker ("...,
    they added")."""
    if not item.speakers:
        return None
    at = where.get((item.article_id, item.sentence.index - 1))
    if at is None:
        return None
    prev = clusters[at]
    prev_speakers = set().union(*(m.speakers for m in prev.items if m.article_id == item.article_id))
    if prev_speakers and (item.speakers & prev_speakers or (item.speakers | prev_speakers) & _PRONOUNS):
        return at
    return None


def _first_reported(items: Sequence[Item]) -> Item:
    """The item of an entry that was published first (ties by article id and sentence): the one that stays when
    later articles corroborate the entry, so the entry keeps its id (and its page) as the story grows."""
    far = dt.date.max
    return min(items, key=lambda i: (i.pub.earliest if i.pub is not None else far, i.article_id, i.sentence.start,
                                     i.time_expression or "", i.how))


def _item_key(item: Item) -> str:
    w = item.window
    return "|".join([item.article_id, str(item.sentence.start), item.time_expression or "", item.how,
                     w.earliest.isoformat() if w else "", w.latest.isoformat() if w else ""])


def _entry_id(story_id: str, items: Sequence[Item]) -> str:
    """A story's entry is named by the sentence (and the time expression in it) that first reported it, not by all
    of its sources or its window: a new source that corroborates it, or dates it more closely, leaves its id (and
    its /entries/ID page, links and bookmarks) as they were. Two entries of a story that share a first item (rare:
    one sentence read twice) are told apart in `_unique_ids`."""
    key = story_id + "|" + _item_key(_first_reported(items))
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _unique_ids(entries: Sequence[Entry], clusters: Sequence[_Cluster]) -> list[Entry]:
    """Entries with distinct ids: a repeated id (two clusters with the same first-reported item) gets a suffix from
    the rest of its items, which differ between the two (an item belongs to one cluster)."""
    count = Counter(e.id for e in entries)
    if all(n == 1 for n in count.values()):
        return list(entries)
    out = []
    for e, c in zip(entries, clusters):
        if count[e.id] > 1:
            rest = "|".join(sorted(_item_key(i) for i in c.items))
            e = dataclasses.replace(e, id=e.id + hashlib.sha1(rest.encode("utf-8")).hexdigest()[:6])
        out.append(e)
    return out


def _entity_resolver(articles: Sequence[Article], analyses: Mapping[str, Analysis],
                     entities: Sequence[Entity] | None, resolution=None
                     ) -> tuple[tuple[Entity, ...], Callable[[str], tuple[str, ...]]]:
    """Entities of the pile and, per article, the entity id of each of its mentions (in the analysis's order).
    `resolution` (a `canonical.EntityResolution` of the whole pile) is used as given.

    Ids per mention rather than a lookup closure: they are plain data, so a story's share of them can go to a
    worker process with the story (`StoryWork`), and each mention is resolved once instead of once per sentence
    that asks."""
    index: dict[tuple[str, str], str] = {}
    if resolution is not None:
        entities, index = resolution.entities, resolution.index
    elif entities is None:
        try:
            from dateline.canonical import resolve_entities
            res = resolve_entities(articles, [analyses[a.id] for a in articles if a.id in analyses])
            entities, index = res.entities, dict(res.index)
        except ImportError:  # canonicalisation not installed: fall back to mention keys
            entities = ()
    alias = {al.lower(): e.id for e in entities for al in (e.name, *e.aliases)}

    def ids_of(article_id: str) -> tuple[str, ...]:
        out = []
        for m in (analyses[article_id].mentions if article_id in analyses else ()):
            key = m.key or m.text
            out.append(index.get((article_id, key)) or alias.get(m.text.lower()) or alias.get(key.lower())
                       or "m:" + key.lower())
        return tuple(out)

    return tuple(entities), ids_of


def _mention_entities(analysis: Analysis, ids: Sequence[str]) -> Callable[[int, int], frozenset[str]]:
    """(start, end) → the entity ids of the article's mentions that start there (`ids`: one per mention)."""
    mentions = analysis.mentions
    in_range = _by_offset(range(len(mentions)), lambda k: mentions[k].start)
    return lambda start, end: frozenset(ids[k] for k in in_range(start, end))


def build_story_timeline(articles: Sequence[Article], analyses: Mapping[str, Analysis], *,
                         entities: Sequence[Entity] | None = None, options: TimelineOptions = TimelineOptions(),
                         tag: Callable[..., tuple[TimeExpr, ...]] | None = None,
                         existing_stories: Sequence[Story] = (), stories: Sequence[Story] | None = None,
                         sketches: Mapping[str, tuple] | None = None, map_stories: StoryMap = map,
                         documents: Mapping[str, str] | None = None, duplicates: Mapping[str, str] | None = None,
                         resolution=None) -> Timeline:
    """Stories, entries, disagreements, estimated publication dates and copies of a pile. Pure.

    `tag` re-tags the time expressions of undated articles against their estimated window; it defaults to
    `dateline.extract.timex.tag`. `stories`, when given, are used as they are instead of clustering (the
    contract of `dateline add`: a build with its stories pinned gives the document `add` gives); `sketches` (the
    stored dedupe sketches, `dedupe.sketch`) spare the MinHash step, `documents` (`cluster.article_documents`)
    the clustering's tokenising; `duplicates` (`dedupe.find_duplicates` of these articles) and `resolution`
    (`canonical.resolve_entities` of these articles and analyses) are used as given, so that a caller can work
    them out beside other work (`pipeline.rebuild_timeline`). `map_stories` runs the per-story work (a
    process pool's map runs stories in parallel; `tag` must then be a module-level function); the result is the
    same whichever map runs it.
    """
    if tag is None:
        from dateline.extract.timex import tag as timex_tag
        tag = timex_tag
    by_id = {a.id: a for a in articles}
    if duplicates is None:
        duplicates = find_duplicates(articles, sketches=sketches)
    if stories is None:
        stories = cluster_stories(articles, analyses, duplicates=duplicates, existing=existing_stories,
                                  documents=documents)
    else:
        stories = tuple(sorted(stories, key=lambda s: (-len(s.article_ids), s.id)))
    return _timeline_of(articles, analyses, by_id=by_id, duplicates=duplicates, stories=stories,
                        recompute=frozenset(s.id for s in stories), entities=entities, options=options, tag=tag,
                        resolution=resolution, map_stories=map_stories)


def story_timeline(articles: Sequence[Article], analyses: Mapping[str, Analysis], *, stories: Sequence[Story],
                   duplicates: Mapping[str, str], recompute: frozenset[str], resolution,
                   options: TimelineOptions = TimelineOptions(),
                   tag: Callable[..., tuple[TimeExpr, ...]] | None = None, map_stories: StoryMap = map,
                   warm=None) -> Timeline:
    """The timeline of already clustered stories, given only the articles (and analyses) of the stories in
    `recompute`, the pile's copies and its entity resolution (`canonical.resolve_entities` over the whole pile).
    Entries, disagreements and estimated publication dates are those of the `recompute` stories; `stories` and
    entities are the pile's. This is what `dateline add` runs: its cost follows the stories it touches.

    `warm` (a `warm.WarmAdds` of a long-lived process) runs the stories instead of `map_stories`, with what it
    kept from earlier adds; the timeline is the same."""
    if tag is None:
        from dateline.extract.timex import tag as timex_tag
        tag = timex_tag
    by_id = {a.id: a for a in articles}
    stories = tuple(sorted(stories, key=lambda s: (-len(s.article_ids), s.id)))
    return _timeline_of(articles, analyses, by_id=by_id, duplicates=duplicates, stories=stories,
                        recompute=recompute, entities=None, options=options, tag=tag, resolution=resolution,
                        map_stories=map_stories, warm=warm)


StoryMap = Callable[[Callable, Sequence], Iterable]  # the builtin `map`, or a process pool's
_SPLIT_STORY = 100  # the smallest story that may run as two tasks (`StoryWork.part`)


def _timeline_of(articles: Sequence[Article], analyses: Mapping[str, Analysis], *, by_id: Mapping[str, Article],
                 duplicates: Mapping[str, str], stories: Sequence[Story], recompute: frozenset[str],
                 entities: Sequence[Entity] | None, options: TimelineOptions,
                 tag: Callable[..., tuple[TimeExpr, ...]], resolution=None, map_stories: StoryMap = map,
                 warm=None) -> Timeline:
    """The timeline of clustered stories; entries and disagreements only for the stories in `recompute`.

    The per-story work (re-tagging undated members, `_story_task`) depends only on the story's members, so it
    runs through `map_stories` (a process pool's map to run stories in parallel), largest stories first so that
    the longest task does not start last; results are put back in story order, so the timeline is the same
    whichever map ran it."""
    # Estimates depend only on a story's own members: unchanged stories get the windows they had before; stories
    # none of whose articles were given (`story_timeline`) are skipped.
    present = [s for s in stories if any(a in by_id for a in s.article_ids)]
    estimates = estimate_pub_dates(present, by_id, analyses, options=options.dating)
    estimated = {aid: w for aid, (w, _) in estimates.items()}
    reasons = {aid: why for aid, (_, why) in estimates.items()}
    # Entities only read mentions, which re-tagging leaves alone: the raw analyses resolve them.
    all_entities, ids_of = _entity_resolver(articles, analyses, entities, resolution)
    works: list[StoryWork] = []
    todo = [(story, tuple(by_id[a] for a in story.article_ids if a in by_id and a in analyses))
            for story in stories if story.id in recompute]
    # A story with a quarter of the work or more runs in two halves side by side (its data travels twice, so
    # only where one story would otherwise keep a worker busy long after the others are done).
    split_at = max(_SPLIT_STORY, sum(len(m) for _, m in todo) // 4)
    for story, members in todo:
        work = StoryWork(
            story=story, articles=tuple(a if not a.raw else dataclasses.replace(a, raw="") for a in members),
            analyses={a.id: analyses[a.id] for a in members},
            estimated={a.id: estimated[a.id] for a in members if a.id in estimated},
            duplicates={a.id: duplicates[a.id] for a in members if a.id in duplicates},
            mention_ids={a.id: ids_of(a.id) for a in members}, options=options, tag=tag)
        # a big story in two halves that can run side by side: one story can be most of a pile's work
        works += ([dataclasses.replace(work, part="events"), dataclasses.replace(work, part="text")]
                  if len(members) >= split_at else [work])
    order = sorted(range(len(works)), key=lambda k: (-len(works[k].articles), k))
    results: list = [None] * len(works)
    if warm is not None:
        results = warm.run_stories(works)  # in `works` order
    else:
        for k, result in zip(order, map_stories(_story_task, [works[k] for k in order])):
            results[k] = result
    entries: list[Entry] = []
    disagreements: list[Disagreement] = []
    k = 0
    while k < len(works):
        if works[k].part == "events":
            story_entries, story_dis = _story_finish(results[k], results[k + 1], options=options)
            k += 2
        else:
            story_entries, story_dis = results[k]
            k += 1
        entries += story_entries
        disagreements += story_dis
    entries.sort(key=lambda e: (e.date.earliest, e.date.latest, -e.salience, e.id))
    return Timeline(
        stories=stories, entities=all_entities, entries=tuple(entries), disagreements=tuple(disagreements),
        pub_dates=tuple(sorted(estimated.items())), duplicates=tuple(sorted(duplicates.items())),
        pub_date_reasons=tuple(sorted(reasons.items())))


@dataclass(frozen=True)
class StoryWork:
    """Everything the per-story work needs, as plain picklable data (a process pool moves it to a worker): the
    story's members present in the pile (in story order; without their `raw` input, which the story stage never
    reads and which was half of what a worker received) with their stored analyses, estimated publication
    windows and copy links, and the entity id of each of their mentions."""

    story: Story
    articles: tuple[Article, ...]
    analyses: Mapping[str, Analysis]
    estimated: Mapping[str, DateWindow]
    duplicates: Mapping[str, str]  # member id → the id of the original it copies
    mention_ids: Mapping[str, tuple[str, ...]]  # member id → entity id of each mention, in the analysis's order
    options: TimelineOptions
    tag: Callable[..., tuple[TimeExpr, ...]]  # must be picklable (a module-level function) for a process pool
    part: str = "all"  # "all", or one half of a big story: "events" (clustering, entries) or "text" (disagreements)


def effective_analysis(article: Article, analysis: Analysis, window: DateWindow,
                       tag: Callable[..., tuple[TimeExpr, ...]]) -> Analysis:
    """The analysis of an undated article with its time expressions re-tagged against its estimated window."""
    return dataclasses.replace(analysis, timexes=retag(article.text, analysis.sentences, window, tag))


def _story_task(work: StoryWork, *, caches=None) -> tuple:
    """One story's share of the work (`work.part`): its undated members re-tagged against their estimated
    windows (per article and costly, so only here, where they are used), then `_story_events` ("events"),
    `_story_text_disagreements` ("text") or both, finished ("all": event clustering, entries, disagreements
    and the `key` view of one story).

    `caches` (a `warm.StoryCaches` kept by a long-lived process, never sent to a pool) hands back the re-tagged
    analyses, sentence items and sentence facts an earlier add worked out from the same inputs."""
    by_id = {a.id: a for a in work.articles}
    effective = dict(work.analyses)
    retagged = effective_analysis if caches is None else caches.effective
    for aid, w in work.estimated.items():
        if aid in effective:
            effective[aid] = retagged(by_id[aid], effective[aid], w, work.tag)
    memo = None if caches is None else caches.memo()
    if work.part == "text":
        return _story_text_disagreements(work.story, by_id=by_id, duplicates=work.duplicates, effective=effective,
                                         memo=memo)

    def entity_fn(article_id: str) -> Callable[[int, int], frozenset[str]]:
        return _mention_entities(work.analyses[article_id], work.mention_ids[article_id])

    def items_of(art: Article, pub: DateWindow | None) -> list[Item]:
        if caches is None:
            return sentence_items(art, effective[art.id], pub=pub, entity_of=entity_fn(art.id), options=work.options)
        return caches.items(art, effective[art.id], pub=pub, analysis=work.analyses[art.id],
                            mention_ids=work.mention_ids[art.id], options=work.options)

    entry_of = None if caches is None else caches.entry_maker(work.story.id, by_id=by_id, duplicates=work.duplicates,
                                                              estimated=work.estimated, options=work.options)
    clusters_of = None if caches is None else (
        lambda per_article: caches.clusters(work.story.id, per_article, options=work.options))
    events = _story_events(work.story, by_id=by_id, duplicates=work.duplicates, estimated=work.estimated,
                           effective=effective, entity_fn=entity_fn, options=work.options, items_of=items_of,
                           entry_of=entry_of, clusters_of=clusters_of,
                           facts=None if caches is None else caches.item_facts(work.story.id))
    if work.part == "events":
        return events
    text = _story_text_disagreements(work.story, by_id=by_id, duplicates=work.duplicates, effective=effective,
                                     memo=memo)
    return _story_finish(events, text, options=work.options)


def _story_events(story: Story, *, by_id: Mapping[str, Article], duplicates: Mapping[str, str],
                  estimated: Mapping[str, DateWindow], effective: Mapping[str, Analysis],
                  entity_fn: Callable[[str], Callable], options: TimelineOptions,
                  items_of: Callable[[Article, DateWindow | None], list[Item]] | None = None,
                  entry_of: Callable[[_Cluster], Entry] | None = None,
                  clusters_of: Callable[[Sequence[tuple[str, list[Item]]]], list[_Cluster]] | None = None,
                  facts: ItemFacts | None = None) -> tuple[list[Entry], list[Disagreement], int]:
    """Event clustering and entries of one story, the date conflicts among them, and its number of originals.
    `items_of(article, pub)` gives an article's `sentence_items`, `entry_of(cluster)` its `_make_entry` and
    `clusters_of(items per article)` the story's event clusters and `facts` what the date checks ask of its items
    (a caller's caches of them)."""
    members = [by_id[a] for a in story.article_ids if a in by_id and a in effective]
    originals = [a for a in members if a.id not in duplicates]
    per_article: list[tuple[str, list[Item]]] = []
    for art in originals:
        pub = _pub_window(art, estimated)
        per_article.append((art.id, sentence_items(art, effective[art.id], pub=pub, entity_of=entity_fn(art.id),
                                                   options=options)
                            if items_of is None else items_of(art, pub)))
    clusters = (cluster_events([i for _, its in per_article for i in its], options=options) if clusters_of is None
                else clusters_of(per_article))
    story_entries = _unique_ids([_make_entry(story.id, c, by_id, duplicates, estimated, options=options)
                                 if entry_of is None else entry_of(c) for c in clusters], clusters)
    facts = ItemFacts() if facts is None else facts
    date_dis = (_date_conflicts(story_entries, clusters, effective, facts, by_id=by_id, duplicates=duplicates)
                + same_happening_date_conflicts(story_entries, clusters, effective, facts=facts))
    return story_entries, date_dis, len(originals)


def _story_text_disagreements(story: Story, *, by_id: Mapping[str, Article], duplicates: Mapping[str, str],
                              effective: Mapping[str, Analysis], memo: SentenceMemo | None = None
                              ) -> list[Disagreement]:
    """The disagreements one story's sentences show without its entries: denials and disputed claims, headline
    against body, a denial against another outlet's report, a negation against a report of the very thing,
    conflicting figures, one happening dated to two days. Independent of event
    clustering, so a big story runs the two side by side. `memo`: sentence facts worked out before (pure
    functions of the sentence texts, so a long-lived process may keep one across adds)."""
    members = [by_id[a] for a in story.article_ids if a in by_id and a in effective]
    originals = [a for a in members if a.id not in duplicates]
    if memo is None:
        memo = SentenceMemo()  # the passes below read the same sentences: their words and denials once each
    story_dis: list[Disagreement] = []
    for art in originals:  # (each article's own denials and headline: kept per article by a long-lived memo)
        story_dis += memo.own_disagreements(art, effective[art.id])
    copies_of: dict[str, list[str]] = {}
    for a in members:
        if a.id in duplicates:
            copies_of.setdefault(duplicates[a.id], []).append(a.id)
    cross = [StoryArticle(a, effective[a.id], source_key(a), _outlet_name(a), _reported_day(a),
                          tuple(sorted(copies_of.get(a.id, ())))) for a in originals]
    return (story_dis + denial_vs_reports(cross, memo=memo) + negations_vs_reports(cross, memo=memo)
            + conflicting_numbers(cross, memo=memo) + dates_of_one_happening(cross, memo=memo))


def _story_finish(events: tuple[list[Entry], list[Disagreement], int], text: list[Disagreement], *,
                  options: TimelineOptions) -> tuple[list[Entry], list[Disagreement]]:
    """A story's entries and disagreements from its two halves: disputes linked to the entries citing them, and
    the `key` view."""
    story_entries, date_dis, n_originals = events
    story_entries, story_dis = _link_disputes(story_entries, _without_repeats(text, date_dis) + date_dis)
    key = select_key(story_entries, n_articles=n_originals, options=options.rank)
    story_entries = [dataclasses.replace(e, flags=tuple(sorted({*e.flags, KEY_FLAG}))) if e.id in key else e
                     for e in story_entries]
    return story_entries, story_dis


def _without_repeats(text: Sequence[Disagreement], date_dis: Sequence[Disagreement]) -> list[Disagreement]:
    """The text half's disagreements less its date conflicts that an entry's date conflict already reports (all
    their cited sentences among its)."""
    cited = [{(c.article_id, c.start) for c in d.citations} for d in date_dis]
    return [d for d in text if d.kind != "date_conflict"
            or not any({(c.article_id, c.start) for c in d.citations} <= seen for seen in cited)]


def update_story_timeline(articles: Sequence[Article], analyses: Mapping[str, Analysis], *,
                          previous_stories: Sequence[Story], previous_duplicates: Mapping[str, str | None],
                          options: TimelineOptions = TimelineOptions(),
                          tag: Callable[..., tuple[TimeExpr, ...]] | None = None
                          ) -> tuple[Timeline, frozenset[str]]:
    """What `build_story_timeline` gives, but entries and disagreements only for the stories that changed. Pure.

    Stories, copies, estimated publication dates and entities are computed over the whole pile (cheap, and a new
    article may change them); the per-story work runs only for stories whose article set, or whose members' copy
    status (`previous_duplicates`: article id → id it copies, or None), differs from the previous run. The caller
    keeps its earlier entries and disagreements of the other stories. Returns the timeline and the changed story ids.
    """
    if tag is None:
        from dateline.extract.timex import tag as timex_tag
        tag = timex_tag
    by_id = {a.id: a for a in articles}
    duplicates = find_duplicates(articles)
    stories = cluster_stories(articles, analyses, duplicates=duplicates, existing=previous_stories)
    before = {s.id: frozenset(s.article_ids) for s in previous_stories}

    def copy_of(aid: str) -> str | None:
        return duplicates.get(aid, by_id[aid].duplicate_of)

    changed = frozenset(
        s.id for s in stories
        if before.get(s.id) != frozenset(s.article_ids)
        or any(aid not in previous_duplicates or previous_duplicates[aid] != copy_of(aid)
               for aid in s.article_ids if aid in by_id))
    timeline = _timeline_of(articles, analyses, by_id=by_id, duplicates=duplicates, stories=stories,
                            recompute=changed, entities=None, options=options, tag=tag)
    return timeline, changed


# how an entry's sources are listed, and the order items are clustered in (`_rank_key`)
_HOW_ORDER = {"timex": 0, "unanchored": 1, "pubdate": 2, "none": 3}


def day_counts(c: _Cluster, by_id: Mapping[str, Article], duplicates: Mapping[str, str]
               ) -> dict[dt.date, tuple[int, list[Item]]]:
    """Per calendar day a happening's day-dated sources give it: how many independent outlets give that day
    (copies and one outlet's articles once) and those sources' items."""
    items: dict[dt.date, list[Item]] = {}
    for i in c.dated:
        if i.window.granularity == "day" and i.window.earliest == i.window.latest:
            items.setdefault(i.window.earliest, []).append(i)
    return {d: (independent_count(dict.fromkeys(i.article_id for i in its), by_id, duplicates), its)
            for d, its in sorted(items.items())}


def entry_window(c: _Cluster, by_id: Mapping[str, Article], duplicates: Mapping[str, str]) -> DateWindow:
    """The date of a happening: its narrowest source window (`_Cluster.window`), unless its sources state
    different days for it (`date_conflict`); then the day most independent outlets give, not the first or
    earliest reporter's (one outlet's "Wednesday, 7 January" against two outlets' "8 January"). A tie keeps the
    narrowest, earliest window, as before."""
    window = c.window()
    if not c.conflict:
        return window
    counts = day_counts(c, by_id, duplicates)
    if len(counts) < 2:
        return window
    top = max(n for n, _ in counts.values())
    best = [d for d, (n, _) in counts.items() if n == top]
    if len(best) > 1:
        return window
    return counts[best[0]][1][0].window


def _make_entry(story_id: str, c: _Cluster, by_id: Mapping[str, Article], duplicates: Mapping[str, str],
                estimated: Mapping[str, DateWindow], *, options: TimelineOptions) -> Entry:
    window = entry_window(c, by_id, duplicates)
    seen = set()
    sources = []
    for i in sorted(c.items, key=lambda i: (_HOW_ORDER[i.how],
                                             i.article_id, i.sentence.start)):
        key = (i.article_id, i.sentence.start)
        if key in seen:
            continue
        seen.add(key)
        sources.append(Citation(i.article_id, i.sentence.text, i.sentence.start, i.sentence.end, i.time_expression))
    article_ids = list(dict.fromkeys(s.article_id for s in sources))
    independent = independent_count(article_ids, by_id, duplicates)
    flags = set()
    if independent <= 1:
        flags.add("single_source")
    # (an article with an estimated date dating one of the sentences: one pass over the items, not one per article)
    if any(i.article_id in estimated for i in c.items if i.how != "none") \
            or window.estimated and c.dated and all(i.window.estimated for i in c.dated):
        flags.add("estimated_date")
    if not c.dated and any(i.how == "pubdate" for i in c.items):
        flags.add("pubdate_fallback")
    if c.conflict:
        flags.add("date_conflict")
    modalities = set().union(*(i.modalities for i in c.items))
    if "denied" in modalities or "negated" in modalities and "reported" not in modalities:
        flags.add("denied")
    if modalities & {"conditional", "hypothetical"} and "reported" not in modalities:
        flags.add("conditional")
    pubs = [w for a in article_ids if (w := _pub_window(by_id[a], estimated)) is not None]
    if pubs:
        latest_pub = max(p.latest for p in pubs)
        earliest_pub = min(p.earliest for p in pubs)
        # (the cheap date test first: `_mostly_planned` walks every item, and most happenings end before their
        # first report)
        if window.earliest > latest_pub or window.latest >= earliest_pub and _mostly_planned(c):
            flags.add("planned")
        if (earliest_pub - window.latest).days > options.background_days:
            flags.add("background")
    entity_ids = tuple(sorted(set().union(*(i.entities for i in c.items)) - {""}))
    entity_ids = tuple(e for e in entity_ids if not e.startswith("m:"))
    types = Counter(t for i in c.items for t in i.event_types if t not in WEAK_TYPES)
    event_type = most_common_key(types) if types else ("statement" if any(i.event_types for i in c.items) else None)
    best = _best_item(c, window)
    dated_articles = {duplicates.get(i.article_id, i.article_id) for i in c.items if i.how != "none"}
    undated = {duplicates.get(a, a) for a in article_ids} - dated_articles
    evidence = EntryEvidence(
        independent=independent, articles=len(dated_articles), undated_articles=len(undated),
        lead_articles=len({duplicates.get(i.article_id, i.article_id) for i in c.items if i.lead}),
        dated_articles=len({duplicates.get(i.article_id, i.article_id) for i in c.dated}),
        width_days=window.width_days, day=window.granularity == "day" or window.width_days == 1,
        strong_event=bool(event_type and event_type not in WEAK_TYPES), flags=frozenset(flags))
    return Entry(
        id=_entry_id(story_id, c.items), story_id=story_id,
        # an estimated publication date, or no date in the text at all (the publication day stands in for the
        # happening's: inferred, not stated, as the schema's `estimated` means)
        date=window if window.estimated or not flags & {"estimated_date", "pubdate_fallback"}  # no copy needed
        else dataclasses.replace(window, estimated=True),
        summary=clean_summary(best.sentence.text), sources=tuple(sources), independent_sources=max(1, independent),
        entity_ids=entity_ids, event_type=event_type, flags=tuple(sorted(flags)), salience=salience(evidence))


def _mostly_planned(c: _Cluster) -> bool:
    """Whether the sentences of a happening present it as planned: most of them say it will happen (or date it
    after their article) and do not report it as done. One "would" among a dozen reports does not make a past
    event a plan."""
    sentences, planned, reported = set(), set(), set()  # (a set of modalities per sentence, without building them)
    for i in c.items:
        key = (i.article_id, i.sentence.start)
        sentences.add(key)
        if "planned" in i.modalities or (i.window is not None and i.pub is not None
                                         and i.window.earliest > i.pub.latest):
            planned.add(key)
        if "reported" in i.modalities:
            reported.add(key)
    return len(planned - reported) * 2 > len(sentences)


def _best_item(c: _Cluster, window: DateWindow | None = None) -> Item:
    """The sentence that best states the happening: one dated to the entry's own date, early in its article,
    rich in entities and events, of moderate length, not a caption or a quote."""
    if len(c.items) == 1:
        return c.items[0]  # most happenings have one sentence: nothing to choose (and no score to work out)
    window = window or c.window()

    def score(i: Item) -> float:
        n = len(i.sentence.text) - (dateline_end(i.sentence.text) if i.content is None else i.content)
        own_date = i.window is not None and i.window.earliest >= window.earliest and i.window.latest <= window.latest
        return ((2 if i.how == "timex" else 0) + (1.5 if own_date else 0) + (0.5 if i.lead else 0)
                + min(len(i.entities), 4) * 0.3 + len(i.event_types - WEAK_TYPES)
                - abs(n - 160) / 200 - (1 if i.sentence.kind == "caption" else 0)
                - (0.5 if i.speakers else 0) - (1 if i.sentence.text.rstrip().endswith("?") else 0))
    return max(c.items, key=lambda i: (score(i), -i.sentence.start))


# A calendar day in words or digits ("June 18", "18 June", "Sept. 23", "2024-06-18").
_CALENDAR_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?!\d)|"
                           r"(?<!\d)\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
                           r"\b\d{4}-\d\d-\d\d\b", re.I)


_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\b|gmt|bst|et\b|utc)|\b\d{1,2}:\d\d\b", re.I)


_SPAN_END = re.compile(r"\s*(?:and|to|through|until|-|–)\s*\d{1,2}(?!\d)", re.I)


def firm_day(item: Item) -> bool:
    """Whether a sentence states its day outright: a calendar day ("June 18"), the only one in the sentence, for
    something that happened (not a plan). Weekdays, "today", page time stamps and two-day spans ("April 16 and 17")
    are resolved or ambiguous, and on the T17 judgements every date conflict built on them was false."""
    if item.window is None or item.window.granularity != "day" or not item.time_expression:
        return False
    if not _CALENDAR_DAY.search(item.time_expression) or "planned" in item.modalities:
        return False
    text = item.sentence.text
    at = text.find(item.time_expression)
    if at >= 0 and _CLOCK.search(text, at, at + len(item.time_expression) + 16):
        return False  # "September 24, 2008 6:14 PM": a page or post time stamp, not a reported day
    if at >= 0 and _SPAN_END.match(text, at + len(item.time_expression)):
        return False  # "April 16 and 17": two days, one happening
    if _OFFSET.search(text):
        return False  # "sank on April 22 after exploding two days earlier": the day of one of two happenings
    return len(_CALENDAR_DAY.findall(text)) == 1


# Two happenings a stated time apart in one sentence ("two days earlier", "a week after"): its calendar day may
# be either's.
_OFFSET = re.compile(r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+)\s+"
                     r"(?:days?|weeks?|months?|hours?)\s+(?:earlier|later|before|after|since|ago)\b", re.I)


MIN_SHARED_PREDICATE = 2  # lower-case words two sentences share when they name one happening (`one_happening`)
# Words that say nothing about what happened: saying, dates, quantities, the commonest verbs and nouns.
_NOT_PREDICATE = frozenset("""said says say told tell added according reported report reports announced statement
that this with from have been were which would will their there they about after before when while where also into
than then them over under more most some other such only just very what year years month months week weeks today
yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december people official officials government""".split())


def predicate_words(text: str) -> frozenset[str]:
    """The first five letters of a sentence's lower-case words of four letters or more that can say what
    happened (not `_NOT_PREDICATE`): "The Supreme Court suspended the decree on Thursday" → {suspe, decre}."""
    return frozenset(w[:5] for w in re.findall(r"(?<![\w'’-])[a-z][a-z-]{3,}", text) if w not in _NOT_PREDICATE)


class ItemFacts:
    """What the date-conflict checks ask of an item, each worked out once per item: the people its sentence names,
    whether it states its day outright (`firm_day`), its sentence's event triggers and word prefixes. Kept by item
    (the item itself is held, so its id names no other object); a long-lived process keeps one per story across
    adds (`warm.StoryCaches`), where unchanged articles hand back the very same items. `analyses`: the story's."""

    def __init__(self) -> None:
        self._facts: dict[int, tuple] = {}
        # per cluster (held, so that its id names no other object; a big story's placed adds hand back the clusters
        # nothing joined as the very same objects, never changed), the people its dated items name, and per pair
        # of clusters the first pair of their items that name one happening on two days
        self._cluster_persons: dict[int, tuple] = {}
        self._pairs: dict[tuple[int, int], tuple] = {}

    def __len__(self) -> int:
        return len(self._facts) + len(self._cluster_persons) + len(self._pairs)

    def cluster_persons(self, c: _Cluster, analyses: Mapping[str, Analysis]) -> set[str]:
        got = self._cluster_persons.get(id(c))
        if got is None or got[0] is not c:
            got = self._cluster_persons[id(c)] = (c, set().union(*(self.persons(i, analyses) for i in c.dated)))
        return got[1]

    def retain(self, clusters: Sequence[_Cluster]) -> None:
        """Forget the clusters (and pairs of clusters) that are not among `clusters` (a story's current ones)."""
        current = {id(c) for c in clusters}
        self._cluster_persons = {k: v for k, v in self._cluster_persons.items() if k in current}
        self._pairs = {k: v for k, v in self._pairs.items() if k[0] in current and k[1] in current}

    def same_happening(self, c1: _Cluster, c2: _Cluster, analyses: Mapping[str, Analysis]
                       ) -> tuple[Item, Item] | None:
        """The first pair of dated items (c1's, then c2's, in their order) that both state their day, name a
        person in common and share an event trigger, or None."""
        key = (id(c1), id(c2))
        got = self._pairs.get(key)
        if got is not None and got[0] is c1 and got[1] is c2:
            return got[2]
        firm, persons, shared = self.firm, self.persons, self.trigger_shared
        pair = next(((i1, i2) for i1 in c1.dated for i2 in c2.dated if firm(i1, analyses) and firm(i2, analyses)
                     and persons(i1, analyses) & persons(i2, analyses)
                     and (shared(i1, i2, analyses) or shared(i2, i1, analyses))), None)
        self._pairs[key] = (c1, c2, pair)
        return pair

    def _of(self, item: Item, analyses: Mapping[str, Analysis]) -> tuple:
        got = self._facts.get(id(item))
        if got is None or got[0] is not item:
            an = analyses.get(item.article_id)
            s = item.sentence
            people = [m for m in an.mentions if m.label == "PERSON"] if an is not None else []
            persons = frozenset((m.key or m.text).lower() for m in _by_offset(people, lambda m: m.start)(s.start, s.end))
            triggers = frozenset() if an is None else frozenset(
                e.trigger.lower()[:5] for e in an.events if e.sentence == s.index
                and e.event_type not in WEAK_TYPES and len(e.trigger) > 3)
            got = self._facts[id(item)] = (item, persons, firm_day(item), triggers,
                                           frozenset(w[:5] for w in normalised_words(s.text)),
                                           predicate_words(s.text[dateline_end(s.text):]))
        return got

    def persons(self, item: Item, analyses: Mapping[str, Analysis]) -> frozenset[str]:
        return self._of(item, analyses)[1]

    def firm(self, item: Item, analyses: Mapping[str, Analysis]) -> bool:
        return self._of(item, analyses)[2]

    def one_happening(self, a: Item, b: Item, analyses: Mapping[str, Analysis]) -> bool:
        """Whether two items of one entry name the same happening: an event trigger of one occurs in the other
        sentence, or the sentences share at least MIN_SHARED_PREDICATE of the lower-case words that say what
        happened ("suspended the decree": the event lexicon may not know the verb)."""
        return (self.trigger_shared(a, b, analyses) or self.trigger_shared(b, a, analyses)
                or len(self._of(a, analyses)[5] & self._of(b, analyses)[5]) >= MIN_SHARED_PREDICATE)

    def trigger_shared(self, a: Item, b: Item, analyses: Mapping[str, Analysis]) -> bool:
        """Whether an event trigger of `a`'s sentence occurs (by its first five letters) in `b`'s sentence."""
        triggers = self._of(a, analyses)[3]
        return bool(triggers) and not triggers.isdisjoint(self._of(b, analyses)[4])


def _date_conflicts(entries: Sequence[Entry], clusters: Sequence[_Cluster],
                    analyses: Mapping[str, Analysis], facts: ItemFacts | None = None, *,
                    by_id: Mapping[str, Article] | None = None, duplicates: Mapping[str, str] | None = None
                    ) -> list[Disagreement]:
    """An entry whose sources state different calendar days for it: two articles of two outlets naming the same
    happening (an event trigger of one in the other sentence, or two of the words that say what happened:
    "suspended the decree"). The description counts the independent outlets behind each day (`by_id`, `duplicates`) and names
    the day the entry takes (`entry_window`)."""
    facts = ItemFacts() if facts is None else facts
    source: Callable[[str], str] = (lambda aid: aid) if by_id is None else (
        lambda aid: source_key(by_id[(duplicates or {}).get(aid, aid)]))
    out = []
    for e, c in zip(entries, clusters):
        if not c.conflict:
            continue
        firm = [i for i in c.dated if facts.firm(i, analyses)]
        if not any(a.article_id != b.article_id and a.window.earliest != b.window.earliest
                   and source(a.article_id) != source(b.article_id) and facts.one_happening(a, b, analyses)
                   for k, a in enumerate(firm) for b in firm[k + 1:]):
            continue  # only sources (two outlets: one outlet's pages share its time stamps) that state different
            # calendar days for the same happening disagree
        dated = firm
        days = sorted({i.window.earliest for i in dated})
        if by_id is None:
            said = ", ".join(d.isoformat() for d in days)
        else:
            counts = day_counts(_Cluster(list(dated)), by_id, duplicates or {})
            said = ", ".join(f"{d.isoformat()} ({n} source{'s' if n != 1 else ''})" for d, (n, _) in counts.items())
            said += f"; the entry takes {e.date.value}" if e.date.value else ""
        cites = tuple(Citation(i.article_id, i.sentence.text, i.sentence.start, i.sentence.end, i.time_expression)
                      for i in dated)
        out.append(Disagreement("date_conflict", "The sources date this to different days: " + said,
                                tuple(dict.fromkeys(i.article_id for i in dated)), (e.id,), cites))
    return out


def same_happening_date_conflicts(entries: Sequence[Entry], clusters: Sequence[_Cluster],
                                  analyses: Mapping[str, Analysis], *, max_days: int = 3,
                                  facts: ItemFacts | None = None) -> list[Disagreement]:
    """Two entries a few days apart that name the same happening: an event trigger of one occurs in the other
    sentence, and they share a person. Kept as two entries, reported as a disagreement."""
    facts = ItemFacts() if facts is None else facts
    # only day-dated entries a few days apart can pair: sort by day and look ahead max_days
    days = sorted((p for p in zip(entries, clusters) if p[0].date.granularity == "day"),
                  key=lambda p: p[0].date.earliest)
    by_position = {e.id: k for k, e in enumerate(entries)}

    cluster_persons = [facts.cluster_persons(c, analyses) for _, c in days]
    # day numbers and plain set tests: a busy week of a big story makes millions of (k, j) steps, and a date
    # difference and a set intersection apiece were most of this function's cost
    day_of = [e.date.earliest.toordinal() for e, _ in days]
    # per person, the positions (in day order) of the entries naming them: an entry is paired only with the later
    # ones within max_days that name one of its people (a busy week of a big story holds thousands of entries,
    # most naming no one in common); the pairs are those of a walk over every later entry within max_days
    positions: dict[str, list[int]] = {}
    for k, people in enumerate(cluster_persons):
        for person in people:
            positions.setdefault(person, []).append(k)
    found = []
    for k in range(len(days)):
        if not cluster_persons[k]:
            continue  # shares a person with no one
        last = bisect.bisect_right(day_of, day_of[k] + max_days) - 1  # the last entry within max_days
        near: set[int] = set()
        for person in cluster_persons[k]:
            at = positions[person]
            near.update(at[bisect.bisect_right(at, k):bisect.bisect_right(at, last)])
        for j in sorted(near):
            (e1, c1), (e2, c2) = days[k], days[j]
            if by_position[e1.id] > by_position[e2.id]:
                (e1, c1), (e2, c2) = (e2, c2), (e1, c1)
            w1, w2 = e1.date, e2.date
            if w1.earliest == w2.earliest:
                continue
            pair = facts.same_happening(c1, c2, analyses)
            if pair is None:
                continue
            i1, i2 = pair
            found.append((by_position[e1.id], by_position[e2.id], Disagreement(
                "date_conflict",
                f"The same happening is dated {w1.value} in one sentence and {w2.value} in another.",
                tuple(dict.fromkeys([i1.article_id, i2.article_id])), tuple(sorted((e1.id, e2.id))),
                (Citation(i1.article_id, i1.sentence.text, i1.sentence.start, i1.sentence.end, i1.time_expression),
                 Citation(i2.article_id, i2.sentence.text, i2.sentence.start, i2.sentence.end, i2.time_expression)))))
    facts.retain(clusters)  # (a long-lived process keeps `facts` for the story's next add)
    return [d for _, _, d in sorted(found, key=lambda x: (x[0], x[1]))]


def _link_disputes(entries: list[Entry], dis: list[Disagreement]) -> tuple[list[Entry], list[Disagreement]]:
    """Point disagreements at the entries citing their sentences, and flag those entries `disputed`."""
    cited = {}
    for e in entries:
        for s in e.sources:
            cited.setdefault((s.article_id, s.start), []).append(e.id)
    out_dis = []
    disputed = set()
    for d in dis:
        ids = list(d.entry_ids)
        for c in d.citations:
            ids += cited.get((c.article_id, c.start), [])
        ids = tuple(dict.fromkeys(ids))
        if d.kind in ("disputed_claim", "denial", "title_body_conflict"):
            disputed.update(ids)
        out_dis.append(dataclasses.replace(d, entry_ids=ids))
    out_entries = [dataclasses.replace(e, flags=tuple(sorted(set(e.flags) | {"disputed"}))) if e.id in disputed
                   else e for e in entries]
    return out_entries, out_dis
