"""Timeline summarisation (TLS) budget mode: pick L dates and K sentences per date from a pile of dated articles.

Date-wise, in the spirit of DATEWISE (Gholipour Ghalandari and Ifrim, 2020), without supervision:
1. every sentence of every article is read once per topic (`prepare_articles`), with the days its time
   expressions refer to, resolved against the article's publication date; wire datelines and bylines
   ("WASHINGTON -LRB- Reuters -RRB- - ") and page time stamps are cut from sentence starts, picture captions and
   cut-off fragments are dropped, since no timeline repeats them;
2. each day in the task's range is scored by how many articles refer to it (weighted towards references made
   from a distance, which is what retrospective timelines are made of) plus how many articles appeared on it;
3. for each chosen day, candidate sentences are those that refer to it (or continue an entry of a timeline printed
   in an article) or come from the leads of articles published on it or the day after; K are picked greedily by
   closeness to the TF-IDF centroid of the candidates, by how many other sources repeat their content bigrams
   (ROUGE-2's unit; not yet covered by the day's earlier picks, with diminishing returns), with a length prior,
   preferring sentences that name the day, and with a redundancy penalty (MMR) across the whole timeline;
4. the picked sentences lose their day words ("on Tuesday", "yesterday"), wire tags and openers (`tls_compress`),
   which an entry filed under its date does not need.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Sequence

import numpy as np

from dateline.tls_compress import compress
from dateline.tls_data import TimelineTask, Topic, TopicArticle, task_for
from dateline.tls_timex import MONTHS, DayMention, regex_day_mentions

VERSION = "tls@4"
# PTB text: a sentence-final period is its own token (" ."), an abbreviation keeps its period ("Sen. John").
_SPLIT = re.compile(r"(?<= [.?!]) (?=[A-Z`])|(?<= [.?!] '') (?=[A-Z`])")
# Reader comments, page furniture and chatty first/second-person text are not what a news timeline says.
_UNNEWSY = re.compile(r"\||\?|\b(?:[Ii]|[Ww]e|[Yy]ou|[Mm]y|[Oo]ur|[Yy]our|lol|LOL)\b|>>|\.\.\.|!")
# "Sept. 14 : The Fed ..." / "April 20 -- An explosion ...": a sentence out of a timeline printed in an article.
_TIMELINE_PREFIX = re.compile(r"^\s*(?:On\s+)?[^:]{0,25}?\s*(?::|--|-)\s+(?=\S)")
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
# Wire datelines and bylines before the news ("WASHINGTON -LRB- Reuters -RRB- - ", "By ... EST LONDON -LRB- AP -RRB- --").
# The bracket must hold a short capitalised source name, so an ordinary parenthetical is left alone.
_WIRE_DATELINE = re.compile(r"^.{0,100}?-LRB-\s*[A-Z][\w.&' ]{0,30}?\s*-RRB-\s*(?:--|-|:)\s+(?=\S)")
_BOILERPLATE = re.compile(
    r"JavaScript|Flash player|Click here|click here|Related:|Copyright|All rights reserved|Share this|E-mail|"
    r"Email this|Print this|Sign up|Subscribe|Posted by|Comments|\bPhotograph\b|http|www\.",
)
# A page's time stamp: a year followed by a clock time ("April 29 , 2010 ; 4:49 PM", "14 May 2010 15.35 BST");
# whatever precedes it is a headline or a date line, the news starts after it.
_TIMESTAMP = re.compile(
    r"\b(?:19|20)\d\d\s*[;,]?\s*(?:at\s+)?\d{1,2}[:.]\d\d\b\s*(?:[AaPp]\.?[Mm]\.?|UTC|GMT|BST|[ECMP][SD]?T)?\s*(?:--|-|:)?\s*"
)
# Picture credits and captions ("AP Photo\/Transocean", "Getty Images") are not what a timeline says.
_CREDIT = re.compile(
    r"\b(?:AP|Reuters|AFP) Photo\b|\bGetty\b|\bPhoto\s*:|\bpictured\b|\b(?:bottom|top) (?:left|right)\b"
    # caption idioms: "an oil slick is seen as ...", "in this aerial photo ...", "... looks on", "makes its way"
    r"|\b(?:is|are) seen\b(?! as an?\b)|\b[Ii]n this\b[\w\s-]{0,25}\b(?:photo|picture|image|view|handout)\b|\blooks? on\b"
    r"|\bmakes? (?:its|their|his|her) way\b|\bposes? for\b"
)
# Cut-off fragments: a sentence that opens with a closing bracket or a lowercase word is the tail of another one.
_FRAGMENT = re.compile(r"^(?:\S+\s+){0,2}-RRB-|^[a-z]")


@dataclass(frozen=True)
class TlsOptions:
    """Knobs of the method; defaults are what was tuned on the bpoil and h1n1 dev topics."""

    timex: str = "regex"  # "regex" (tls_timex) or "dateline" (dateline.extract.timex.tag)
    lead_sentences: int = 5
    min_tokens: int = 6
    max_tokens: int = 40
    pub_weight: float = 0.5
    distance_bonus: float = 0.5
    mention_bonus: float = 0.0
    mmr_lambda: float = 0.7
    dedupe_threshold: float = 0.6
    unnewsy_penalty: float = 0.5
    timeline_bonus: float = 0.3
    topic_weight: float = 0.5
    ideal_tokens: int = 25
    lead_next_day: bool = True
    position_penalty: float = 0.0
    next_day_weight: float = 0.0
    centroid_prior: float = 0.0
    length_penalty: float = 0.05
    lag_bonus: float = 0.0
    explicit_weight: float = 1.0
    strip_dateline: bool = True
    clean_sentences: bool = True  # cut page time stamps, drop picture credits and cut-off fragments
    timeline_followers: int = 1  # sentences after a dated entry of a printed timeline that share its day
    mentions_per_article: bool = True  # a day named in several sentences of one article is one vote
    bigram_weight: float = 0.15  # weight of the support of a sentence's content bigrams among the day's candidates
    bigram_length_exponent: float = 0.5  # the bigram score is divided by n_tokens ** this (0: longer wins)
    # Cut day words, wire tags and openers from the picked sentences (tls_compress). After selection, not before:
    # compressing the candidates changes which ones are picked, and was worse on the tuned topics (AR-1 -.005).
    compress: bool = True


@dataclass(frozen=True)
class TlsSentence:
    article: int
    position: int
    pub_date: dt.date
    text: str
    mentions: tuple[DayMention, ...]
    quality: float = 1.0
    timeline_style: bool = False
    n_tokens: int = 0


@dataclass(frozen=True)
class PreparedArticle:
    pub_date: dt.date
    sentences: tuple[TlsSentence, ...] = field(default=())


def strip_wire_dateline(text: str) -> str:
    """'WASHINGTON -LRB- Reuters -RRB- - Oil reached ...' -> 'Oil reached ...' (bylines before it go too)."""
    if not 0 <= text.find("-RRB-") < 120:
        return text
    out = _WIRE_DATELINE.sub("", text, count=1)
    return out if out.count(" ") >= 3 else text


def strip_timestamp(text: str) -> str:
    """'Headline Thursday , April 29 , 2010 ; 4:49 PM A massive crude oil spill ...' -> 'A massive crude oil spill ...'.

    Only a stamp in the first half of the sentence is cut, and only when enough text remains; a clock time inside
    the news ("at 9:45 p.m.") has no year before it and is left alone.
    """
    match = _TIMESTAMP.search(text)
    if match is None or match.start() > len(text) / 2:
        return text
    rest = text[match.end():]
    return rest if rest.count(" ") >= 5 else ""


def is_fragment_or_credit(text: str) -> bool:
    """A picture credit or caption, or the cut-off tail of another sentence."""
    return bool(_CREDIT.search(text) or _FRAGMENT.search(text))


def split_lines(text: str) -> list[str]:
    """T17-style text: mostly one sentence per line; long lines are split after sentence punctuation."""
    return [" ".join(text[start:end].split()) for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) offsets of the sentences of `split_lines`, for mapping article-level time expressions."""
    spans = []
    for line in _LINE.finditer(text):
        cursor = line.start()
        for part in _SPLIT.split(line.group()):
            if part.strip():
                start = text.index(part, cursor)
                spans.append((start, start + len(part)))
                cursor = start + len(part)
    return spans


def _timex_day_mentions(article: TopicArticle, spans: list[tuple[int, int]]) -> list[tuple[DayMention, ...]]:
    """Day mentions per sentence from dateline.extract.timex over the whole article (narrative context)."""
    from dateline.extract.timex import tag

    per_sentence: list[list[DayMention]] = [[] for _ in spans]
    starts = [start for start, _ in spans]
    for expr in tag(article.text, article.pub_date):
        window = expr.window
        if window is None or window.granularity != "day" or window.earliest != window.latest:
            continue
        index = bisect.bisect_right(starts, expr.start) - 1
        if index < 0 or expr.start >= spans[index][1]:
            continue
        first = expr.text.split()[0].rstrip(".").lower() if expr.text.split() else ""
        explicit = first in MONTHS or first[:1].isdigit()
        offset = spans[index][0]
        per_sentence[index].append(DayMention(window.earliest, expr.start - offset, expr.end - offset, explicit))
    return [tuple(m) for m in per_sentence]


def prepare_article(article: TopicArticle, number: int, *, options: TlsOptions = TlsOptions()) -> PreparedArticle:
    sentences = []
    spans = sentence_spans(article.text)
    timex_mentions = _timex_day_mentions(article, spans) if options.timex == "dateline" else None
    for position, (start, end) in enumerate(spans):
        text = " ".join(article.text[start:end].split())
        n_tokens = text.count(" ") + 1
        if n_tokens < 3 or _BOILERPLATE.search(text):
            continue
        mentions = timex_mentions[position] if timex_mentions is not None else regex_day_mentions(text, article.pub_date)
        timeline_style = bool(
            mentions and mentions[0].explicit and mentions[0].start <= 3 and _TIMELINE_PREFIX.match(text)
            and _TIMELINE_PREFIX.match(text).end() <= mentions[0].end + 4
        )
        if timeline_style:
            text = text[_TIMELINE_PREFIX.match(text).end():]
        if options.strip_dateline:
            text = strip_wire_dateline(text)
        if options.clean_sentences:
            text = strip_timestamp(text)
            if not text or is_fragment_or_credit(text):
                continue
        quality = 1.0 - options.unnewsy_penalty * bool(_UNNEWSY.search(text))
        sentences.append(
            TlsSentence(number, position, article.pub_date, text, mentions, quality, timeline_style,
                        text.count(" ") + 1)
        )
    return PreparedArticle(article.pub_date, tuple(sentences))


def prepare_articles(articles: Sequence[TopicArticle], *, options: TlsOptions = TlsOptions()) -> tuple[PreparedArticle, ...]:
    return tuple(prepare_article(article, number, options=options) for number, article in enumerate(articles))


def score_dates(
    prepared: Sequence[PreparedArticle], task: TimelineTask, *, options: TlsOptions = TlsOptions()
) -> dict[dt.date, float]:
    """How strongly the collection points at each day of the task's range."""
    mentions: Counter[dt.date] = Counter()
    published: Counter[dt.date] = Counter()
    for article in prepared:
        if not task.start <= article.pub_date <= task.end:
            continue
        published[article.pub_date] += 1
        if options.next_day_weight and article.pub_date - dt.timedelta(days=1) >= task.start:
            published[article.pub_date - dt.timedelta(days=1)] += options.next_day_weight
        seen_in_article: set[dt.date] = set()
        for sentence in article.sentences:
            seen = set(seen_in_article) if options.mentions_per_article else set()
            for mention in sentence.mentions:
                date = mention.date
                if task.start <= date <= task.end and date not in seen:
                    seen.add(date)
                    seen_in_article.add(date)
                    distance = abs((article.pub_date - date).days)
                    weight = options.explicit_weight if mention.explicit else 1.0
                    mentions[date] += weight * (1.0 + options.distance_bonus * math.log1p(distance))
    total_mentions = sum(mentions.values()) or 1.0
    total_published = sum(published.values()) or 1.0
    days = set(mentions) | set(published)
    return {
        day: mentions[day] / total_mentions + options.pub_weight * published[day] / total_published for day in days
    }


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


_ALNUM = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer  # nltk imports slowly; only bigram scoring needs it

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def content_bigrams(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent pairs of stemmed non-stopwords, as ROUGE-2 with stemming and stopword removal counts them.

    ROUGE drops the stopwords first and pairs what is left, so "the rig sank into the sea" gives (rig, sank) and
    (sank, sea); PTB bracket tokens ("-LRB-") are dropped as well, as no content.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = [
        _stem(w) for w in _ALNUM.findall(text.lower().replace("-lrb-", " ").replace("-rrb-", " "))
        if w not in ENGLISH_STOP_WORDS
    ]
    return frozenset(zip(words, words[1:]))


def bigram_support(bigrams_by_sentence: Sequence[frozenset], sources: Sequence[int]) -> Counter:
    """For each bigram, how many distinct sources (articles) among the candidates use it.

    Content that several outlets repeat about a day is what timelines say about it; one source repeating itself
    counts once.
    """
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for bigrams, source in zip(bigrams_by_sentence, sources):
        for bigram in bigrams:
            seen[bigram].add(source)
    return Counter({bigram: len(owners) for bigram, owners in seen.items()})


def bigram_gains(support: Counter) -> dict:
    """What covering each bigram is worth for one day: the square root of its support from sources other than the
    sentence's own. Returns diminish: a phrase every outlet repeats ("oil spill") is not worth ten rarer shared ones."""
    return {bigram: math.sqrt(count - 1) for bigram, count in support.items() if count > 1}


def bigram_scores(
    bigrams_by_sentence: Sequence[frozenset],
    gains: dict,
    lengths: Sequence[int],
    *,
    covered: frozenset | set = frozenset(),
    exponent: float = 0.5,
) -> np.ndarray:
    """Each sentence's gain from its not yet covered bigrams, divided by n_tokens ** exponent, scaled to [0, 1]."""
    raw = np.array([
        sum(gains.get(b, 0.0) for b in bigrams if b not in covered) / max(1, length) ** exponent
        for bigrams, length in zip(bigrams_by_sentence, lengths)
    ], dtype=float)
    top = raw.max() if len(raw) else 0.0
    return raw / top if top > 0 else raw


def candidate_pools(
    prepared: Sequence[PreparedArticle], task: TimelineTask, *, options: TlsOptions = TlsOptions()
) -> dict[dt.date, list[tuple[TlsSentence, float]]]:
    """For each day, the sentences that may summarise it, each with a prior: those that name the day, and the leads
    of articles published on it (or the day after)."""
    in_range = [a for a in prepared if task.start <= a.pub_date <= task.end]
    candidates: dict[dt.date, list[tuple[TlsSentence, float]]] = defaultdict(list)
    for article in in_range:
        # An entry of a timeline printed in an article ("April 22 : The rig sinks . A slick forms .") may run over
        # several sentences; those after the dated one belong to its day too.
        entry_date: dt.date | None = None
        entry_end = -1
        for sentence in article.sentences:
            named: dict[dt.date, float] = {}
            for mention in sentence.mentions:
                if task.start <= mention.date <= task.end:
                    lag = (article.pub_date - mention.date).days
                    # Retrospective, explicit references ("on April 20 , an explosion ...", written weeks later)
                    # are how a story's key days get summed up; same-day and forward references much less so.
                    prior = options.mention_bonus
                    if mention.explicit and lag > 0:
                        prior += options.lag_bonus * math.log1p(lag) + options.timeline_bonus * sentence.timeline_style
                    named[mention.date] = max(named.get(mention.date, -1e9), prior)
            if sentence.timeline_style and sentence.mentions[0].date in named:
                entry_date, entry_end = sentence.mentions[0].date, sentence.position + options.timeline_followers
            elif any(m.explicit for m in sentence.mentions) or sentence.position > entry_end:
                entry_date = None
            elif entry_date is not None and entry_date not in named:
                named[entry_date] = options.mention_bonus + options.timeline_bonus
            if not options.min_tokens <= sentence.n_tokens <= options.max_tokens:
                continue
            length_prior = -options.length_penalty * max(0, sentence.n_tokens - options.ideal_tokens) / 10 - (
                options.position_penalty * min(sentence.position, 10)
            )
            for date, prior in named.items():
                candidates[date].append((sentence, prior + length_prior))
            if sentence.position < options.lead_sentences + 2 and article.pub_date not in named:
                candidates[article.pub_date].append((sentence, length_prior))
            if options.lead_next_day and sentence.position < options.lead_sentences + 2 and not named:
                candidates[article.pub_date - dt.timedelta(days=1)].append((sentence, length_prior - 0.05))
    return candidates


def summarise(
    prepared: Sequence[PreparedArticle], task: TimelineTask, *, options: TlsOptions = TlsOptions()
) -> list[tuple[dt.date, list[str]]]:
    """L dates with K sentences each, in date order."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    scores = score_dates(prepared, task, options=options)
    candidates = candidate_pools(prepared, task, options=options)
    ranked = sorted((d for d in scores if candidates.get(d)), key=lambda d: (-scores[d], d))
    chosen = ranked[: task.n_dates]


    all_sentences = sorted({s.text for d in chosen for s, _ in candidates[d]})
    if not all_sentences:
        return []
    vectorizer = TfidfVectorizer(tokenizer=_tokens, lowercase=False, token_pattern=None, stop_words="english",
                                 sublinear_tf=True)
    matrix = vectorizer.fit_transform(all_sentences)
    row_of = {text: i for i, text in enumerate(all_sentences)}
    topic_centroid = np.asarray(matrix.mean(axis=0)).ravel()
    topic_centroid /= math.sqrt(float(topic_centroid @ topic_centroid)) or 1.0
    topic_relevance = matrix @ topic_centroid
    used: list[int] = []
    used_set: set[int] = set()
    timeline = []
    for date in sorted(chosen):
        pool = {}
        sources: dict[int, set[int]] = defaultdict(set)
        for sentence, mention_prior in candidates[date]:
            row = row_of[sentence.text]
            pool[row] = max(pool.get(row, -1e9), sentence.quality - 1.0 + mention_prior)
            sources[row].add(sentence.article)
        rows = sorted(pool)
        vectors = matrix[rows]
        bonus = np.array([pool[row] for row in rows])
        # Sentences with a stronger prior (they name the day) shape the day's centroid more.
        weights = np.exp(options.centroid_prior * bonus)
        centroid = np.asarray(vectors.T @ weights).ravel() / weights.sum()
        norm = math.sqrt(float(centroid @ centroid)) or 1.0
        relevance = vectors @ centroid / norm + options.topic_weight * topic_relevance[rows]
        bonus = np.array([pool[row] for row in rows])
        redundancy = np.zeros(len(rows))
        if used:
            redundancy = np.asarray((vectors @ matrix[used].T).max(axis=1).todense()).ravel()
        available = np.array([row not in used_set for row in rows])
        if options.bigram_weight:
            grams = [content_bigrams(all_sentences[row]) for row in rows]
            support = bigram_support(
                [g for g, row in zip(grams, rows) for _ in sources[row]],
                [source for row in rows for source in sorted(sources[row])],
            )
            gains = bigram_gains(support)
            lengths = [all_sentences[row].count(" ") + 1 for row in rows]
            covered: set = set()
        picked: list[int] = []
        for _ in range(task.n_sentences):
            content = relevance
            if options.bigram_weight:
                content = relevance + options.bigram_weight * bigram_scores(
                    grams, gains, lengths, covered=covered, exponent=options.bigram_length_exponent
                )
            score = options.mmr_lambda * (content + bonus) - (
                1 - options.mmr_lambda
            ) * redundancy
            score[~available | (redundancy > options.dedupe_threshold)] = -np.inf
            best = int(np.argmax(score))
            if not np.isfinite(score[best]):
                break
            picked.append(rows[best])
            available[best] = False
            if options.bigram_weight:
                covered |= grams[best]
            redundancy = np.maximum(redundancy, np.asarray((vectors @ vectors[best].T).todense()).ravel())
        used_set.update(picked)
        used.extend(picked)
        if picked:
            texts = [all_sentences[row] for row in picked]
            timeline.append((date, [compress(text, min_tokens=options.min_tokens) for text in texts]
                                   if options.compress else texts))
    return timeline


def tasks_for_topic(
    topic: Topic, *, n_dates: int | None = None, n_sentences: int | None = None
) -> tuple[TimelineTask, ...]:
    """One task per gold timeline (the benchmark protocol); without gold, one task over the whole collection."""
    if topic.timelines:
        tasks = tuple(task_for(topic.name, timeline) for timeline in topic.timelines)
        return tuple(
            replace(task, n_dates=n_dates or task.n_dates, n_sentences=n_sentences or task.n_sentences)
            for task in tasks
        )
    dated = [a.pub_date for a in topic.articles]
    if not dated:
        return ()
    days = len(set(dated))
    return (
        TimelineTask(
            topic=topic.name,
            timeline=topic.name,
            start=min(dated),
            end=max(dated),
            n_dates=n_dates or max(1, min(30, days // 3 or 1)),
            n_sentences=n_sentences or 2,
        ),
    )


def predict_topic(
    topic: Topic,
    *,
    options: TlsOptions = TlsOptions(),
    n_dates: int | None = None,
    n_sentences: int | None = None,
) -> list[dict]:
    """One prediction record per task: {"topic", "timeline", "entries": [{"date", "sentences"}]}.

    Articles are prepared once per topic and shared by all of its timelines.
    """
    prepared = prepare_articles(topic.articles, options=options)
    records = []
    for task in tasks_for_topic(topic, n_dates=n_dates, n_sentences=n_sentences):
        entries = summarise(prepared, task, options=options)
        records.append(
            {
                "topic": task.topic,
                "timeline": task.timeline,
                "entries": [{"date": date.isoformat(), "sentences": sentences} for date, sentences in entries],
            }
        )
    return records
