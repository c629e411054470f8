"""Story clustering: which articles of a pile tell the same developing story.

Articles are TF-IDF vectors over their words plus their named entities (entity tokens weigh double: two stories
that share vocabulary — "attack", "killed" — but no actors stay apart). Clustering is incremental and single-pass in
publication order (a new article joins the story whose centroid it is most similar to, discounted by how far its
date lies outside the story's span, or founds a new story), followed by one reassignment pass and a merge of
stories whose centroids are close. `existing` stories (from an earlier build) are seeded first, so that story ids
stay stable across builds.

Last, an article that fits its story far worse than the story's typical member does is set apart as a story of its
own (`_set_apart_strays`): a ballpark vote from the same city and paper as a bridge collapse shares the city, the
county, the paper and "said", which in a small pile is enough to clear the join threshold, but none of the
story's actors or events. How well an article fits is measured with its own words counted (the words no other
article uses are what it is about), relative to the story's own cohesion, so the same test holds in a pile of
five articles and in one of thousands.

`dateline add` does not re-cluster: a full build saves a story index (`story_index`: document frequencies and each
story's centroid, span and typical member's fit) and `place_article` puts each new article where the incremental
pass would — the nearest centroid, discounted by the time factor, unless it would be a stray there — or in a story
of its own. Stored articles never move until the next full build.

Copies (dedupe) are placed with their original, never on their own.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from dateline.dedupe import normalised_words
from dateline.prose import clean_summary
from dateline.records import Analysis, Article, Story

VERSION = "story-cluster@2"

# scikit-learn's ENGLISH_STOP_WORDS (tests/test_cluster_story.py checks they are equal): importing scikit-learn
# costs most of a second, which `dateline add` (that never fits a vectorizer) should not pay.
ENGLISH_STOP_WORDS = frozenset("""
    a about above across after afterwards again against all almost alone along already also although always am
    among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as at
    back be became because become becomes becoming been before beforehand behind being below beside besides
    between beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe detail do
    done down due during each eg eight either eleven else elsewhere empty enough etc even ever every everyone
    everything everywhere except few fifteen fifty fill find fire first five for former formerly forty found
    four from front full further get give go had has hasnt have he hence her here hereafter hereby herein
    hereupon hers herself him himself his how however hundred i ie if in inc indeed interest into is it its
    itself keep last latter latterly least less ltd made many may me meanwhile might mill mine more moreover
    most mostly move much must my myself name namely neither never nevertheless next nine no nobody none noone
    nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves
    out over own part per perhaps please put rather re same see seem seemed seeming seems serious several she
    should show side since sincere six sixty so some somehow someone something sometime sometimes somewhere
    still such system take ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three through throughout thru
    thus to together too top toward towards twelve twenty two un under until up upon us very via was we well
    were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether
    which while whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves
""".split())

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"})
_ENTITY_TOKEN = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class StoryOptions:
    """Thresholds measured on the T17 dev mix (benchmarks/bench_story.py cluster)."""

    join: float = 0.1  # cosine to a story centroid needed to join it
    merge: float = 0.65  # cosine of two stories' mean vectors that makes them one story
    time_scale_days: float = 365.0  # similarity falls by e for every this many days outside the story's span
    max_words: int = 600  # words per article that enter the vector (the lead carries the story)
    small_pile: int = 12  # piles up to this size are one story unless clearly apart (IDF is unreliable)
    small_pile_join: float = 0.05
    passes: int = 2  # reassignment passes after the incremental pass
    absorb: float = 0.06  # a tiny story joins its nearest large story at this cosine (stray articles, briefs)
    tiny: int = 3  # stories smaller than this are "tiny" (and smaller than 2 % of the pile)
    max_df: float = 0.6  # in larger piles, words in more than this share of articles say nothing about the story
    # An article whose fit to the rest of its story (`_member_fits`) is below `stray` times the story's median
    # member's fit stands apart: it shares the story's setting, not its subject. The QA stories' off-topic
    # articles sit at 0.10-0.30 of their story's median member, the least similar genuine members of the seeds,
    # the sample corpus and the QA stories at >= 0.53. On the mixed T17 pile it sets apart 0.5 % (0.8 % with
    # entities), mostly columns, blogs and listings that only share the news of the day.
    stray: float = 0.35
    stray_enough: float = 0.2  # a fit this high is more than a shared setting, however tight the rest of the story
    stray_story: int = 3  # only stories of at least this many originals are judged (of two, which one strays?)
    stray_terms: int = 40  # nor articles of fewer distinct terms: briefs and captions are short, not off-topic


def story_id(founding_article_id: str) -> str:
    return "s" + hashlib.sha1(founding_article_id.encode("utf-8")).hexdigest()[:10]


def entity_tokens(analysis: Analysis | None, *, names: dict[str, str] | None = None) -> list[str]:
    """One token per named-entity mention (its canonical key when canonicalisation filled it). `names` (name →
    token, "" for none) is filled and reused by a caller that tokenises many articles: a pile names the same
    entities over and over."""
    if analysis is None:
        return []
    names = {} if names is None else names
    out = []
    for m in analysis.mentions:
        if m.label in ENTITY_LABELS:
            raw = m.key or m.text
            name = names.get(raw)
            if name is None:
                name = names[raw] = _ENTITY_TOKEN.sub("_", raw.lower()).strip("_")
            if name:
                out.append("ent_" + name)
    return out


def document_words(article: Article, *, max_words: int) -> str:
    """The word half of `article_document` (its text's content words): it needs no analysis, so a full build
    works it out in the pool beside the dedupe sketches, and the driver only adds the entity tokens."""
    return " ".join(w for w in normalised_words(article.text)[:max_words]
                    if len(w) > 2 and w not in ENGLISH_STOP_WORDS)


def article_document(article: Article, analysis: Analysis | None, *, max_words: int,
                     names: dict[str, str] | None = None, words: str | None = None) -> str:
    """The article's clustering document: its content words, then each entity token twice. `words` is its
    `document_words`, when already known."""
    if words is None:
        words = document_words(article, max_words=max_words)
    ents = entity_tokens(analysis, names=names)
    return " ".join(([words] if words else []) + ents + ents)


def article_documents(articles: Sequence[Article], analyses: Mapping[str, Analysis] | None = None, *,
                      options: StoryOptions = StoryOptions(), words: Mapping[str, str] | None = None
                      ) -> dict[str, str]:
    """Every article's `article_document`, by id. A full build computes them once and hands them to both
    `cluster_stories` and `story_index` (each would otherwise tokenise the whole pile again). `words` (id →
    `document_words` with `options.max_words`, e.g. from pool workers) spares the tokenising."""
    analyses = analyses or {}
    words = words or {}
    names: dict[str, str] = {}
    return {a.id: article_document(a, analyses.get(a.id), max_words=options.max_words, names=names,
                                   words=words.get(a.id))
            for a in articles}


def _documents_of(articles: Sequence[Article], analyses: Mapping[str, Analysis], documents: Mapping[str, str] | None,
                  options: StoryOptions) -> list[str]:
    """The articles' documents: taken from `documents` (`article_documents` of the same analyses and options)
    where it has them, computed otherwise."""
    documents = documents or {}
    names: dict[str, str] = {}
    return [documents[a.id] if a.id in documents
            else article_document(a, analyses.get(a.id), max_words=options.max_words, names=names)
            for a in articles]


# An estimated publication window wider than this says nothing about which story an article joins: "on or after
# the 2005 it mentions" would pull a 2010 report of a 2005 disaster out of its story.
ESTIMATE_DAYS_USED = 31


def _day(article: Article) -> int | None:
    """The publication day story clustering weighs time by: the real day, the middle of a narrow estimate, else
    none (the article joins on its words alone)."""
    if article.pub_date is None:
        return None
    w = article.pub_date.window
    if not w.estimated:
        return w.earliest.toordinal()
    if (w.latest - w.earliest).days <= ESTIMATE_DAYS_USED:
        return (w.earliest.toordinal() + w.latest.toordinal()) // 2
    return None


def _time_factor(day: int | None, span: tuple[int, int] | None, scale: float) -> float:
    if day is None or span is None:
        return 1.0
    gap = max(0, span[0] - day, day - span[1])
    return math.exp(-gap / scale)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n else v


def cluster_stories(articles: Sequence[Article], analyses: Mapping[str, Analysis] | None = None, *,
                    duplicates: Mapping[str, str] | None = None, existing: Sequence[Story] = (),
                    options: StoryOptions = StoryOptions(),
                    documents: Mapping[str, str] | None = None) -> tuple[Story, ...]:
    """Group the articles into stories. Every article lands in exactly one story; ids are stable across runs.

    `documents` (`article_documents` of these analyses and options) spare tokenising the articles again."""
    analyses = analyses or {}
    duplicates = duplicates or {}
    if not articles:
        return ()
    by_id = {a.id: a for a in articles}
    originals = [a for a in articles if a.id not in duplicates or duplicates[a.id] not in by_id]
    order = sorted(originals, key=lambda a: (_day(a) if _day(a) is not None else 10**9, a.id))
    docs = _documents_of(order, analyses, documents, options)
    if not any(d.strip() for d in docs):
        labels = [0] * len(order)
    else:
        small = len(order) <= options.small_pile
        vectors = _tfidf(docs, small=small, options=options)
        join = options.small_pile_join if small else options.join
        labels = _assign(vectors.unit, [_day(a) for a in order], order, existing, join=join, options=options)
        labels = _set_apart_strays(vectors, labels, options)
    members: dict[int, list[Article]] = {}
    for art, lab in zip(order, labels):
        members.setdefault(lab, []).append(art)
    position = {a.id: i for i, a in enumerate(order)}
    for copy_id, orig_id in duplicates.items():
        if copy_id in by_id and orig_id in by_id:
            lab = labels[position[orig_id]]
            members[lab].append(by_id[copy_id])
    stories = []
    previous = {aid: s for s in existing for aid in s.article_ids}
    for lab, arts in members.items():
        arts = sorted(arts, key=lambda a: (_day(a) if _day(a) is not None else 10**9, a.id))
        old = next((previous[a.id] for a in arts if a.id in previous), None)
        sid = old.id if old else story_id(arts[0].id)
        title = old.title if old else _story_title(arts)
        stories.append(Story(sid, title, tuple(a.id for a in arts)))
    return tuple(sorted(stories, key=lambda s: (-len(s.article_ids), s.id)))


@dataclass(frozen=True)
class PileVectors:
    """The pile's TF-IDF rows (sublinear tf, smooth idf), one per article in clustering order.

    `unit`: the rows clustering compares, over the pile's story vocabulary (in larger piles the words of at least
    two articles and at most `max_df` of them), each of length 1.

    `fit` and `share`, for the stray test (`_member_fits`): a `fit` row is the `unit` row with the words of most
    articles (`max_df`) added at the same scale. Those do not say which of several stories an article belongs to,
    but in a pile of one story they are its subject. (A story's `fit` sum is its `unit` sum and a sum over those
    few words: all the story index keeps.) `share`: the length of each article's `unit` words over the length of
    its whole row, the words no other article uses included. An article about a ballpark that shares "city" and
    "county" with a bridge collapse is mostly its unshared words: its row over the shared words alone would point
    straight at the story, its `fit` row times its small `share` does not. `terms`: each article's number of
    distinct terms."""

    unit: object  # scipy.sparse.csr_matrix, float32
    fit: object
    share: np.ndarray
    terms: np.ndarray


def _tfidf(docs: Sequence[str], *, small: bool, options: StoryOptions) -> PileVectors:
    """The pile's `PileVectors` from one fit. `unit` is bit for bit what a `TfidfVectorizer` with `min_df=2` and
    `max_df` (in larger piles) gives, each row's entries in the same order too (`_assign`'s sums add them in
    that order): those only drop columns of the same weights."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    vec = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", lowercase=False, dtype=np.float32, norm=None)
    raw = vec.fit_transform(docs).tocsr()
    terms = np.diff(raw.indptr)
    if small:
        unit = normalize(raw, norm="l2", copy=True)
        return PileVectors(unit, unit, np.ones(raw.shape[0]), terms)
    df = np.bincount(raw.indices, minlength=raw.shape[1])
    # a word of one article cannot bring two together; one of most articles says nothing about which story
    story_words = raw[:, np.flatnonzero((df >= 2) & (df <= options.max_df * raw.shape[0]))]

    def lengths(m) -> np.ndarray:
        return np.sqrt(np.asarray(m.multiply(m).sum(axis=1), dtype=np.float64).ravel())

    story, whole = lengths(story_words), lengths(raw)
    inverse = np.divide(1.0, story, out=np.zeros_like(story), where=story > 0).astype(np.float32)
    fit = (sp.diags(inverse) @ raw[:, np.flatnonzero(df >= 2)]).tocsr()
    share = np.divide(story, whole, out=np.zeros_like(story), where=whole > 0)
    return PileVectors(normalize(story_words, norm="l2"), fit, share, terms)


def _member_fits(fit, share: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each of the story `rows`' fit to the rest of the story: the cosine of its `fit` row, times its `share`,
    with the sum of the other members' `fit` rows (leave one out: a member is not compared with itself)."""
    u = fit[rows]
    total = np.asarray(u.sum(axis=0), dtype=np.float64).ravel()
    u_total = u @ total
    u_self = np.asarray(u.multiply(u).sum(axis=1), dtype=np.float64).ravel()
    rest = np.sqrt(np.maximum(float(total @ total) - 2.0 * u_total + u_self, 0.0))
    return share[rows] * np.divide(u_total - u_self, rest, out=np.zeros_like(rest), where=rest > 1e-9)


def _set_apart_strays(vectors: PileVectors, labels: list[int], options: StoryOptions) -> list[int]:
    """Each member of a story of at least `stray_story` originals whose fit (`_member_fits`) is below `stray`
    times the story's median member's (and below `stray_enough`) becomes a story of its own, unless it is a brief
    (`stray_terms`).

    Relative to the story's own cohesion, not an absolute cosine: a tight five-article story and a broad topic of
    a thousand are judged alike, and idf that is unreliable in a small pile lifts all members alike."""
    labels = list(labels)
    lab_arr = np.array(labels)
    free = max(labels) + 1
    for lab in sorted(set(labels)):
        rows = np.flatnonzero(lab_arr == lab)
        if len(rows) < options.stray_story:
            continue
        fits = _member_fits(vectors.fit, vectors.share, rows)
        floor = min(options.stray * float(np.median(fits)), options.stray_enough)
        for k in np.flatnonzero(fits < floor):
            if vectors.terms[rows[k]] >= options.stray_terms:
                labels[rows[k]] = free
                free += 1
    return labels


def _shortened(line: str, limit: int) -> str:
    """`line` cut to at most `limit` characters at a word boundary, with an ellipsis when cut."""
    if len(line) <= limit:
        return line
    cut = line[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + "…"


def _story_title(arts: Sequence[Article]) -> str | None:
    """The headline (or first line) that best names the story: its words are the ones most of the story's articles
    use. A line that opens many of the articles verbatim is boilerplate ("this media is not available"), not a
    headline, unless every article opens with it."""

    lines = []
    for a in arts:
        line = a.title or a.text.strip().split("\n", 1)[0].strip()
        if line:
            lines.append(_shortened(line, 160))
    if not lines:
        return None
    opens = Counter(lines)
    df = Counter(chain.from_iterable({w for w in normalised_words(a.text[:3000]) if len(w) > 3} for a in arts))

    def score(line: str) -> float:
        content = [w for w in set(normalised_words(line)) if len(w) > 3]
        if len(content) < 3:
            return -1.0
        boiler = len(opens) > 1 and opens[line] >= 3 and opens[line] > 0.2 * len(arts)
        return sum(df[w] for w in content) / len(arts) / len(content) ** 0.5 - (10.0 if boiler else 0.0)

    best = max(dict.fromkeys(lines), key=score)
    return clean_summary(best)


def _assign(x, days: list[int | None], order: Sequence[Article], existing: Sequence[Story], *,
            join: float, options: StoryOptions) -> list[int]:
    n, width = x.shape
    labels = [-1] * n
    sums = np.zeros((8, width), dtype=np.float32)  # one row per story, grown on demand
    # Each story's norm, recomputed only for the stories `add` changed since the last query (`stale`): norming
    # every story for every article was most of this pass. A row's norm is the same whether it is taken alone or
    # with the others (each row is reduced on its own).
    norms = np.zeros(8, dtype=np.float32)
    stale: set[int] = set()
    count = 0
    spans: list[tuple[int, int] | None] = []
    index = {a.id: i for i, a in enumerate(order)}
    indptr, indices, data = x.indptr, x.indices, x.data  # rows read in place (`getrow` builds a matrix per call)

    def new_story() -> int:
        nonlocal sums, norms, count
        if count == sums.shape[0]:
            sums = np.vstack([sums, np.zeros_like(sums)])
            norms = np.concatenate([norms, np.zeros_like(norms)])
        spans.append(None)
        count += 1
        return count - 1

    def add(i: int, lab: int) -> None:
        labels[i] = lab
        lo, hi = indptr[i], indptr[i + 1]
        sums[lab, indices[lo:hi]] += data[lo:hi]
        stale.add(lab)
        d = days[i]
        if d is not None:
            s = spans[lab]
            spans[lab] = (d, d) if s is None else (min(s[0], d), max(s[1], d))

    for story in existing:  # seed earlier stories so that additions join them
        idx = [index[a] for a in story.article_ids if a in index]
        if idx:
            lab = new_story()
            for i in idx:
                add(i, lab)
    for i in range(n):
        if labels[i] != -1:
            continue
        best, best_sim = -1, join
        lo, hi = indptr[i], indptr[i + 1]
        if count and hi > lo:
            if stale:
                rows = sorted(stale)
                norms[rows] = np.linalg.norm(sums[rows], axis=1)
                stale.clear()
            safe = norms[:count].copy()
            safe[safe == 0] = 1.0
            # the row's values copied into a fresh array, as `getrow` gave them: the dot product's rounding must not
            # depend on where in `data` the row starts
            sims = (sums[:count, indices[lo:hi]] @ data[lo:hi].copy()) / safe
            for lab in np.argsort(-sims)[:5]:
                sim = float(sims[lab]) * _time_factor(days[i], spans[lab], options.time_scale_days)
                if sim >= best_sim:
                    best, best_sim = int(lab), sim
        if best == -1:
            best = new_story()
        add(i, best)
    for _ in range(options.passes):
        labels = _reassign(x, days, labels, options)
    labels = _merge(x, labels, options)
    return _absorb_small(x, days, labels, options)


def _centroids(x, labels: list[int]) -> tuple[list[int], np.ndarray]:
    labs = sorted(set(labels))
    lab_arr = np.array(labels)
    c = np.stack([_unit(np.asarray(x[np.flatnonzero(lab_arr == lab)].sum(axis=0)).ravel()) for lab in labs])
    return labs, c


def _reassign(x: np.ndarray, days: list[int | None], labels: list[int], options: StoryOptions) -> list[int]:
    """One k-means-style pass: each article moves to the centroid it is now closest to (early articles were placed
    against young, noisy centroids)."""
    labs, c = _centroids(x, labels)
    spans = {}
    for d, lab in zip(days, labels):
        if d is not None:
            s = spans.get(lab)
            spans[lab] = (d, d) if s is None else (min(s[0], d), max(s[1], d))
    sims = np.asarray(x @ c.T)
    out = []
    factors_of: dict[int | None, np.ndarray] = {}  # the factors depend only on the day: one row per distinct day
    for i, lab in enumerate(labels):
        factors = factors_of.get(days[i])
        if factors is None:
            factors = factors_of[days[i]] = np.array([_time_factor(days[i], spans.get(l), options.time_scale_days)
                                                      for l in labs])
        out.append(labs[int(np.argmax(sims[i] * factors))])
    return out


def _merge(x, labels: list[int], options: StoryOptions) -> list[int]:
    """Join stories whose mean vectors point the same way (greedy, most similar pair first).

    The cosine of the mean vectors is the mean cross-story similarity of article pairs relative to the stories'
    cohesion, so it does not favour large stories. Distinct T17 topics sit at 0.23-0.50; over-split parts of one
    story well above.
    """
    labels = list(labels)
    while True:
        labs = sorted(set(labels))
        if len(labs) < 2:
            return labels
        lab_arr = np.array(labels)
        means = np.stack([np.asarray(x[np.flatnonzero(lab_arr == lab)].mean(axis=0)).ravel() for lab in labs])
        cross = means @ means.T
        cohesion = np.sqrt(np.clip(np.diag(cross), 1e-9, None))
        ratio = cross / np.outer(cohesion, cohesion)
        np.fill_diagonal(ratio, -1)
        i, j = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
        if ratio[i, j] < options.merge:
            return labels
        a, b = labs[i], labs[j]
        labels = [a if l == b else l for l in labels]


def _absorb_small(x, days: list[int | None], labels: list[int], options: StoryOptions) -> list[int]:
    """Attach each tiny story to the nearest non-tiny story when they share at least some distinctive vocabulary.

    Briefs, link lists and bulletins are too short to reach the join threshold of the story they belong to.
    """
    sizes: dict[int, int] = {}
    for lab in labels:
        sizes[lab] = sizes.get(lab, 0) + 1
    tiny = max(options.tiny, int(0.02 * len(labels)))
    big = [lab for lab, n in sizes.items() if n >= tiny]
    if not big or len(big) == len(sizes):
        return labels
    labs, c = _centroids(x, labels)
    pos = {lab: k for k, lab in enumerate(labs)}
    big_rows = c[[pos[b] for b in big]]
    spans: dict[int, tuple[int, int]] = {}
    for d, lab in zip(days, labels):
        if d is not None:
            s = spans.get(lab)
            spans[lab] = (d, d) if s is None else (min(s[0], d), max(s[1], d))
    target = {}
    for lab, n in sizes.items():
        if n < tiny:
            span = spans.get(lab)
            mid = (span[0] + span[1]) // 2 if span else None
            factors = np.array([_time_factor(mid, spans.get(b), options.time_scale_days) for b in big])
            sims = (big_rows @ c[pos[lab]]) * factors
            k = int(np.argmax(sims))
            if sims[k] >= options.absorb:
                target[lab] = big[k]
    return [target.get(lab, lab) for lab in labels]


# -- the story index: what `dateline add` places new articles with, without re-clustering the pile -------------
# @2: stories carry the stray test's sums and typical member's fit; an @1 index makes the next add a full stage
INDEX_VERSION = "story-index@2"


def _article_terms(article: Article, analysis: Analysis | None, options: StoryOptions) -> Counter:
    return Counter(article_document(article, analysis, max_words=options.max_words).split())


def _idf(d: int, n: int, options: StoryOptions) -> float | None:
    """A word's idf in a pile of `n` (smooth, as scikit-learn's), or None when the word does not enter the vector
    (in larger piles only words of at least two articles and at most `max_df` of them do)."""
    if n > options.small_pile and (d < 2 or d > options.max_df * n):
        return None
    return math.log((1 + n) / (1 + d)) + 1.0


def _unit_vector(tf: Mapping[str, int], df: Mapping[str, int], n: int, options: StoryOptions,
                 idf: Mapping[str, float | None] | None = None) -> dict[str, float]:
    """The article's TF-IDF unit vector as `cluster_stories` weighs it (sublinear tf, smooth idf). `idf` (`_idf`
    of every word of `df`) spares recomputing it for each article of a whole pile."""
    vec = {}
    for t, c in tf.items():
        w = idf[t] if idf is not None and t in idf else _idf(df.get(t, 0), n, options)
        if w is None:
            continue
        vec[t] = (1.0 + math.log(c)) * w
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def _fit_parts(tf: Mapping[str, int], df: Mapping[str, int], n: int, options: StoryOptions
               ) -> tuple[dict[str, float], float, int]:
    """The article's `fit` row beyond its `_unit_vector` (its `max_df` words, at the unit vector's scale), its
    `share`, as `PileVectors` has them, and its number of distinct terms."""
    if n <= options.small_pile:
        return {}, 1.0, len(tf)
    common: dict[str, float] = {}
    story2 = whole2 = 0.0
    for t, c in tf.items():
        d = df.get(t, 0)
        w = (1.0 + math.log(c)) * (math.log((1 + n) / (1 + d)) + 1.0)
        whole2 += w * w
        if d > options.max_df * n:
            common[t] = w
        elif d >= 2:
            story2 += w * w
    if not story2:
        return {}, 0.0, len(tf)
    story = math.sqrt(story2)
    return {t: w / story for t, w in common.items()}, story / math.sqrt(whole2), len(tf)


def _index_rows(tf: Mapping[str, int], df: Mapping[str, int], n: int, options: StoryOptions,
                idf: Mapping[str, float | None]) -> tuple[dict[str, float], dict[str, float], float]:
    """`_unit_vector` (bit for bit) and `_fit_parts`' `extra` and `share` in one pass over the article's words
    (`idf`: `_idf` of every word of `df`): what `story_index` needs of each article."""
    vec, common = {}, {}
    whole2 = 0.0
    for t, c in tf.items():
        w = idf[t]
        tf_w = 1.0 + math.log(c)
        if w is not None:
            vec[t] = tf_w * w
            whole2 += vec[t] * vec[t]
        else:
            d = df[t]
            weight = tf_w * (math.log((1 + n) / (1 + d)) + 1.0)
            whole2 += weight * weight
            if d > options.max_df * n:
                common[t] = weight
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if not norm:
        return {}, {}, 0.0
    share = norm / math.sqrt(whole2) if n > options.small_pile else 1.0
    return {t: w / norm for t, w in vec.items()}, {t: w / norm for t, w in common.items()}, share


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _fit_to(entry: Mapping, unit: Mapping[str, float], extra: Mapping[str, float], share: float, *,
            member: bool) -> float:
    """An article's fit (`_member_fits`) to an indexed story: its `fit` row (`unit` and `extra`) times `share`
    against the story's `fit` sum ("sum" and "extra"), less its own row when it is a `member`."""
    dot = _dot(unit, entry["sum"]) + _dot(extra, entry["extra"])
    norm2 = entry["norm2"] + entry["extra_norm2"]
    if member:
        self2 = _dot(unit, unit) + _dot(extra, extra)
        dot, norm2 = dot - self2, norm2 - 2.0 * dot + self2
    return share * dot / math.sqrt(norm2) if norm2 > 1e-18 else 0.0


def story_index(articles: Sequence[Article], analyses: Mapping[str, Analysis] | None, stories: Sequence[Story], *,
                duplicates: Mapping[str, str], options: StoryOptions = StoryOptions(),
                documents: Mapping[str, str] | None = None) -> dict:
    """A JSON-able index of the clustered pile: document frequencies of the story vocabulary, and per story the
    sum of its originals' unit vectors (its centroid direction) and its span of publication days; for the stray
    test, the sum of their `fit` rows' `max_df` words ("extra", "extra_norm2") and, in a story of at least
    `stray_story` originals, its median member's fit ("typical", `_member_fits`).

    `place_article` uses it to put a new article where the incremental pass of `cluster_stories` would: the story
    whose centroid it is most similar to (discounted by the time factor), or a story of its own. `documents` as in
    `cluster_stories`."""
    analyses = analyses or {}
    by_id = {a.id: a for a in articles}
    originals = [a for a in articles if a.id not in duplicates or duplicates[a.id] not in by_id]
    docs = _documents_of(originals, analyses, documents, options)
    terms = {a.id: Counter(doc.split()) for a, doc in zip(originals, docs)}
    df: Counter = Counter()
    for tf in terms.values():
        df.update(tf.keys())
    n = len(originals)
    idf = {t: _idf(d, n, options) for t, d in df.items()}
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    entries: dict[str, dict] = {}
    members: dict[str, list[tuple[dict[str, float], dict[str, float], float]]] = {}
    for a in originals:
        sid = story_of.get(a.id)
        if sid is None:
            continue
        unit, extra, share = _index_rows(terms[a.id], df, n, options, idf)
        _index_add(entries.setdefault(sid, _new_entry()), unit, _day(a), extra)
        members.setdefault(sid, []).append((unit, extra, share))
    for sid, rows in members.items():
        if len(rows) >= options.stray_story:
            entry = entries[sid]
            entry["typical"] = float(np.median([_fit_to(entry, *row, member=True) for row in rows]))
    return {"version": INDEX_VERSION, "n": n, "df": dict(df), "stories": entries}


def _new_entry() -> dict:
    return {"sum": {}, "norm2": 0.0, "span": None, "extra": {}, "extra_norm2": 0.0}


def _index_add(entry: dict, vec: Mapping[str, float], day: int | None, extra: Mapping[str, float]) -> None:
    for key, norm2, v in (("sum", "norm2", vec), ("extra", "extra_norm2", extra)):
        total = entry[key]
        dot = sum(total.get(t, 0.0) * w for t, w in v.items())
        for t, w in v.items():
            total[t] = total.get(t, 0.0) + w
        entry[norm2] = entry[norm2] + 2 * dot + sum(w * w for w in v.values())
    if day is not None:
        span = entry["span"]
        entry["span"] = [day, day] if span is None else [min(span[0], day), max(span[1], day)]


def count_articles(index: dict, articles: Sequence[Article], analyses: Mapping[str, Analysis], *,
                   options: StoryOptions = StoryOptions()) -> None:
    """Count new (original) articles into the index's document frequencies, before any of them is placed: as in
    `cluster_stories`, words that only the new articles share still weigh (two articles on a new topic)."""
    df = index["df"]
    for article in articles:
        for t in _article_terms(article, analyses.get(article.id), options):
            df[t] = df.get(t, 0) + 1
        index["n"] += 1


def place_article(index: dict, article: Article, analysis: Analysis | None, *,
                  options: StoryOptions = StoryOptions(), counted: bool = False) -> str | None:
    """The id of the indexed story a new (original, not copy) article joins, or None when it founds its own; the
    index is updated in place (document frequencies unless `counted` by `count_articles`, and the joined story's
    centroid and span). As in `cluster_stories`, an article (of at least `stray_terms` terms) that would be a
    stray in a story (its fit to the story below `stray` times the story's "typical", as the full build measured
    it, and below `stray_enough`) does not join it.

    Stored articles never move: a story that a full `cluster_stories` run would now split or merge stays as it
    is until the next full build."""
    tf = _article_terms(article, analysis, options)
    if not counted:
        count_articles(index, [article], {article.id: analysis} if analysis else {}, options=options)
    df = index["df"]
    n = index["n"]
    vec = _unit_vector(tf, df, n, options)
    extra, share, count = _fit_parts(tf, df, n, options)
    judged = count >= options.stray_terms
    join = options.small_pile_join if n <= options.small_pile else options.join
    day = _day(article)
    sims = []
    for sid, entry in index["stories"].items():
        norm = math.sqrt(entry["norm2"]) if entry["norm2"] > 0 else 1.0
        total = entry["sum"]
        sims.append((sum(total.get(t, 0.0) * w for t, w in vec.items()) / norm, sid))
    best, best_sim = None, join
    for sim, sid in sorted(sims, key=lambda x: (-x[0], x[1]))[:5]:
        span = index["stories"][sid]["span"]
        adjusted = sim * _time_factor(day, tuple(span) if span else None, options.time_scale_days)
        if judged and _strays_from(index["stories"][sid], vec, extra, share, options):
            continue  # it shares the story's setting, not its subject (`_set_apart_strays`)
        if adjusted >= best_sim:  # as in `_assign`: ties go to the later candidate
            best, best_sim = sid, adjusted
    sid = best if best is not None else story_id(article.id)
    _index_add(index["stories"].setdefault(sid, _new_entry()), vec, day, extra)
    return best


def _strays_from(entry: Mapping, unit: Mapping[str, float], extra: Mapping[str, float], share: float,
                 options: StoryOptions) -> bool:
    """Whether a new article (`_unit_vector`, `_fit_parts`) would be a stray in the indexed story
    (`_set_apart_strays`)."""
    typical = entry.get("typical")
    return (typical is not None
            and _fit_to(entry, unit, extra, share, member=False) < min(options.stray * typical, options.stray_enough))


def story_title(articles: Sequence[Article]) -> str | None:
    """The title `cluster_stories` gives a new story of these articles."""
    return _story_title(articles)
