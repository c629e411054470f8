"""Timeline summarisation (TLS) budget mode: pick L dates and K sentences per date from a pile of dated articles.

Date-wise, in the spirit of DATEWISE (Gholipour Ghalandari and Ifrim, 2020), without supervision:
1. every sentence of every article is read once per topic (`prepare_articles`), with the days its time
   expressions refer to, resolved against the article's publication date;
2. each day in the task's range is scored by how often the collection refers to it (weighted towards references
   made from a distance, which is what retrospective timelines are made of) plus how many articles appeared on it;
3. for each chosen day, candidate sentences are those that refer to it or come from the leads of articles
   published on it; K are picked by closeness to the TF-IDF centroid of the candidates, preferring sentences that
   name the day, with a redundancy penalty (MMR).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np

from dateline.tls_data import TimelineTask, Topic, TopicArticle, task_for
from dateline.tls_timex import DayMention, regex_day_mentions

VERSION = "tls@1"
_SPLIT = re.compile(r"(?<=[.?!]) (?=(?:``\s)?[A-Z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_BOILERPLATE = re.compile(
    r"JavaScript|Flash player|Click here|click here|Related:|Copyright|All rights reserved|Share this|E-mail|"
    r"Email this|Print this|Sign up|Subscribe|Posted by|Comments|\bPhotograph\b|http|www\.",
)


@dataclass(frozen=True)
class TlsOptions:
    """Knobs of the method; defaults are what was tuned on the bpoil and h1n1 dev topics."""

    lead_sentences: int = 5
    min_tokens: int = 6
    max_tokens: int = 60
    pub_weight: float = 0.5
    distance_bonus: float = 0.5
    mention_bonus: float = 0.3
    mmr_lambda: float = 0.7
    dedupe_threshold: float = 0.6


@dataclass(frozen=True)
class TlsSentence:
    article: int
    position: int
    pub_date: dt.date
    text: str
    mentions: tuple[DayMention, ...]


@dataclass(frozen=True)
class PreparedArticle:
    pub_date: dt.date
    sentences: tuple[TlsSentence, ...] = field(default=())


def split_lines(text: str) -> list[str]:
    """T17-style text: mostly one sentence per line; long lines are split after sentence punctuation."""
    sentences = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            sentences.extend(part for part in _SPLIT.split(line) if part)
    return sentences


def prepare_article(article: TopicArticle, number: int, *, options: TlsOptions = TlsOptions()) -> PreparedArticle:
    sentences = []
    for position, text in enumerate(split_lines(article.text)):
        n_tokens = text.count(" ") + 1
        if n_tokens < options.min_tokens or n_tokens > options.max_tokens or _BOILERPLATE.search(text):
            continue
        sentences.append(
            TlsSentence(number, position, article.pub_date, text, regex_day_mentions(text, article.pub_date))
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
        for sentence in article.sentences:
            for date in {m.date for m in sentence.mentions}:
                if task.start <= date <= task.end:
                    distance = abs((article.pub_date - date).days)
                    mentions[date] += 1.0 + options.distance_bonus * math.log1p(distance)
    total_mentions = sum(mentions.values()) or 1.0
    total_published = sum(published.values()) or 1.0
    days = set(mentions) | set(published)
    return {
        day: mentions[day] / total_mentions + options.pub_weight * published[day] / total_published for day in days
    }


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def summarise(
    prepared: Sequence[PreparedArticle], task: TimelineTask, *, options: TlsOptions = TlsOptions()
) -> list[tuple[dt.date, list[str]]]:
    """L dates with K sentences each, in date order."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    scores = score_dates(prepared, task, options=options)
    in_range = [a for a in prepared if task.start <= a.pub_date <= task.end]
    candidates: dict[dt.date, list[tuple[TlsSentence, bool]]] = defaultdict(list)
    for article in in_range:
        for sentence in article.sentences:
            named = {m.date for m in sentence.mentions if task.start <= m.date <= task.end}
            for date in named:
                candidates[date].append((sentence, True))
            if sentence.position < options.lead_sentences + 2 and article.pub_date not in named:
                candidates[article.pub_date].append((sentence, False))
    ranked = sorted((d for d in scores if candidates.get(d)), key=lambda d: (-scores[d], d))
    chosen = ranked[: task.n_dates]

    all_sentences = sorted({s.text for d in chosen for s, _ in candidates[d]})
    if not all_sentences:
        return []
    vectorizer = TfidfVectorizer(tokenizer=_tokens, lowercase=False, token_pattern=None, stop_words="english",
                                 sublinear_tf=True)
    matrix = vectorizer.fit_transform(all_sentences)
    row_of = {text: i for i, text in enumerate(all_sentences)}
    used: list[int] = []
    used_set: set[int] = set()
    timeline = []
    for date in sorted(chosen):
        pool = {}
        for sentence, named in candidates[date]:
            row = row_of[sentence.text]
            pool[row] = max(pool.get(row, 0.0), 1.0 if named else 0.0)
        rows = sorted(pool)
        vectors = matrix[rows]
        centroid = np.asarray(vectors.mean(axis=0)).ravel()
        norm = math.sqrt(float(centroid @ centroid)) or 1.0
        relevance = vectors @ centroid / norm
        bonus = np.array([pool[row] for row in rows])
        redundancy = np.zeros(len(rows))
        if used:
            redundancy = np.asarray((vectors @ matrix[used].T).max(axis=1).todense()).ravel()
        available = np.array([row not in used_set for row in rows])
        picked: list[int] = []
        for _ in range(task.n_sentences):
            score = options.mmr_lambda * (relevance + options.mention_bonus * bonus) - (
                1 - options.mmr_lambda
            ) * redundancy
            score[~available | (redundancy > options.dedupe_threshold)] = -np.inf
            best = int(np.argmax(score))
            if not np.isfinite(score[best]):
                break
            picked.append(rows[best])
            available[best] = False
            redundancy = np.maximum(redundancy, np.asarray((vectors @ vectors[best].T).todense()).ravel())
        used_set.update(picked)
        used.extend(picked)
        if picked:
            timeline.append((date, [all_sentences[row] for row in picked]))
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
