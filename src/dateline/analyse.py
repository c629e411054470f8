"""The per-article analysis: sentences, time expressions, entity mentions and roles, events, quotes, quantities.

Cascade (cheap passes first, the model only on sentences that can matter):
1. rule-based sentences, time expressions (`extract.timex.tag`, when that module is installed), a word-set pass
   for event triggers (`events.has_trigger`) and quotation marks;
2. the parser (tok2vec + tagger + parser + lemmatizer) and NER run together only on "event sentences": sentences
   with a trigger word or a quotation mark;
3. NER alone runs on the other sentences that have a time expression, plus the headline and the first two body
   sentences; the rest get entity mentions by string match (gazetteer, and the names and surnames NER found
   elsewhere in the article).
`Resources.cascade="fast"` runs parser + NER only on sentences with a time expression, the headline and the first
two body sentences (the sentences timeline entries are dated from); other sentences get string-matched mentions and
no events. `cascade="off"` runs parser + NER on every sentence (for measuring what the cascade loses).

`analyse_many` batches sentences of up to `batch_size` articles through `nlp.pipe`. Pure: same article and
resources, same Analysis.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from dateline.extract import entities as entities_mod
from dateline.extract import events as events_mod
from dateline.extract import numbers as numbers_mod
from dateline.extract import quotes as quotes_mod
from dateline.extract import sentences as sentences_mod
from dateline.extract.entities import RawEnt, extract_entities
from dateline.extract.events import Parsed, extract_events, has_trigger
from dateline.extract.numbers import find_quantities
from dateline.extract.quotes import extract_quotes
from dateline.extract.sentences import split_sentences
from dateline.nlp import MODEL, Resources
from dateline.records import Analysis, Article, Sentence, TimeExpr

VERSION = "analyse@1"
_QUOTE_CHARS = re.compile(r"[\u201c\u201d\"]|``|''")
_MAX_SENTENCE_CHARS = 2000  # longer "sentences" are tables or run-on junk; the model skips them


@dataclass(frozen=True)
class _Prepared:
    article: Article
    sentences: tuple[Sentence, ...]
    timexes: tuple[TimeExpr, ...]
    parse: frozenset[int]  # sentences for parser + NER
    ner: frozenset[int]  # sentences for NER only


def document_creation_date(article: Article) -> dt.date | None:
    """The pub date when it is an exact, stated day; else None (relative dates then stay underspecified)."""
    pd = article.pub_date
    if pd is None or pd.window.estimated or pd.window.granularity != "day":
        return None
    return pd.window.earliest


def _timex_module():
    try:
        from dateline.extract import timex
    except ImportError:  # written by another engineer; analyse works without it
        return None
    return timex if hasattr(timex, "tag") else None


def _tag_timexes(text: str, dct: dt.date | None, sentences: Sequence[Sentence]) -> tuple[TimeExpr, ...]:
    timex = _timex_module()
    if timex is None:
        return ()
    return tuple(timex.tag(text, dct, sentences=sentences))


def _select(sentences: Sequence[Sentence], timexes: Sequence[TimeExpr], resources: Resources) -> tuple[frozenset[int], frozenset[int]]:
    usable = [s for s in sentences if len(s.text) <= _MAX_SENTENCE_CHARS]
    can_parse = bool(resources.parse_pipes)
    can_ner = bool(resources.ner_pipes)
    if resources.cascade == "off":
        every = frozenset(s.index for s in usable)
        return (every if can_parse else frozenset()), (frozenset() if can_parse else every if can_ner else frozenset())
    with_timex = {sentences_mod.sentence_at(sentences, t.start) for t in timexes}
    parse: set[int] = set()
    ner: set[int] = set()
    body_seen = 0
    fast = resources.cascade == "fast"
    for s in usable:
        lead = s.index in with_timex or s.kind == "headline" or body_seen < 2
        if fast:
            if lead:
                parse.add(s.index)
        elif has_trigger(s.text) or _QUOTE_CHARS.search(s.text):
            parse.add(s.index)
        elif lead:
            ner.add(s.index)
        if s.kind == "body":
            body_seen += 1
    if not can_parse:
        ner |= parse
        parse = set()
    if not can_ner:
        ner = set()
    return frozenset(parse), frozenset(ner)


def _prepare(article: Article, resources: Resources) -> _Prepared:
    sentences = split_sentences(article.text, spans=article.spans)
    timexes = _tag_timexes(article.text, document_creation_date(article), sentences)
    parse, ner = _select(sentences, timexes, resources)
    return _Prepared(article, sentences, timexes, parse, ner)


def _finish(prep: _Prepared, ents: list[RawEnt], parsed: dict[int, Parsed], resources: Resources) -> Analysis:
    article = prep.article
    text = article.text
    pub = document_creation_date(article)
    modelled = prep.parse | prep.ner if resources.ner_pipes else frozenset()
    found = extract_entities(
        text,
        prep.sentences,
        sorted(ents, key=lambda e: e.start),
        resources.gazetteer,
        pub_date=pub,
        author=article.author,
        model_sentences=modelled,
    )
    mentions = found.mentions
    # Dateline places ("SEOUL, Oct. 26 (Yonhap) --") are never the actor of the sentence they open.
    dl = article.dateline
    arg_mentions = tuple(m for m in mentions if not (dl and dl.start <= m.start and m.end <= dl.end + 1))
    timex_spans = [(t.start, t.end) for t in prep.timexes]
    by_sentence: dict[int, list] = {}
    for m in arg_mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    timex_by_sentence: dict[int, list[int]] = {}
    for i, t in enumerate(prep.timexes):
        si = sentences_mod.sentence_at(prep.sentences, t.start)
        if si is not None and t.end <= prep.sentences[si].end:
            timex_by_sentence.setdefault(si, []).append(i)
    events = []
    for idx in sorted(parsed):
        p = parsed[idx]
        own = timex_by_sentence.get(idx, ())
        qs = find_quantities(text, p.sentence.start, p.sentence.end, exclude=[timex_spans[i] for i in own])
        events.extend(
            extract_events(p, arg_mentions, prep.timexes, text, quantities=qs, local=by_sentence.get(idx, []),
                           timex_ids=timex_by_sentence.get(idx, ()))
        )
    quotes = extract_quotes(text, prep.sentences, parsed, arg_mentions)
    events = _speakers_for_statements(events, quotes)
    timex = _timex_module()
    versions = [
        ("analyse", VERSION),
        ("sentences", sentences_mod.VERSION),
        ("entities", entities_mod.VERSION),
        ("events", events_mod.VERSION),
        ("quotes", quotes_mod.VERSION),
        ("numbers", numbers_mod.VERSION),
        ("model", f"{MODEL}:{'+'.join(resources.components)}:{resources.cascade}"),
    ]
    if timex is not None:
        versions.append(("timex", getattr(timex, "VERSION", "timex@?")))
    return Analysis(
        article_id=article.id,
        sentences=prep.sentences,
        timexes=prep.timexes,
        mentions=mentions,
        roles=found.roles,
        events=tuple(events),
        quotes=quotes,
        versions=tuple(versions),
    )


_PRONOUN_ACTORS = frozenset({"it", "they", "we", "i", "he", "she"})


def _speakers_for_statements(events: list, quotes: Sequence) -> list:
    """A reporting event whose actor is "it"/"they" takes the speaker the quotes resolved in that sentence."""
    from dataclasses import replace

    by_sentence: dict[int, str] = {}
    for q in quotes:
        if q.speaker and q.speaker.lower() not in _PRONOUN_ACTORS:
            by_sentence.setdefault(q.sentence, q.speaker)
    out = []
    for e in events:
        if e.event_type == "statement" and (e.actor is None or e.actor.lower() in _PRONOUN_ACTORS):
            speaker = by_sentence.get(e.sentence)
            if speaker:
                e = replace(e, actor=speaker)
        out.append(e)
    return out


def analyse(article: Article, resources: Resources) -> Analysis:
    """Analyse one article (see the module docstring for the cascade)."""
    return next(analyse_many([article], resources, batch_size=1))


def analyse_many(articles: Iterable[Article], resources: Resources, *, batch_size: int = 64) -> Iterator[Analysis]:
    """Analyses in input order; sentences of `batch_size` articles at a time go through `nlp.pipe`."""
    it = iter(articles)
    nlp = resources.nlp
    full_pipes = tuple(dict.fromkeys(resources.parse_pipes + resources.ner_pipes))
    while True:
        chunk = list(islice(it, batch_size))
        if not chunk:
            return
        preps = [_prepare(a, resources) for a in chunk]
        ents: list[list[RawEnt]] = [[] for _ in preps]
        parsed: list[dict[int, Parsed]] = [{} for _ in preps]
        jobs = [
            (full_pipes, [(i, s) for i, p in enumerate(preps) for s in p.sentences if s.index in p.parse]),
            (resources.ner_pipes, [(i, s) for i, p in enumerate(preps) for s in p.sentences if s.index in p.ner]),
        ]
        for pipes, items in jobs:
            if not items or not pipes:
                continue
            disable = [n for n in nlp.pipe_names if n not in pipes]
            docs = nlp.pipe(((s.text, (i, s)) for i, s in items), as_tuples=True, disable=disable, batch_size=256)
            for doc, (i, s) in docs:
                if "ner" in pipes:
                    ents[i].extend(RawEnt(s.start + e.start_char, s.start + e.end_char, e.label_) for e in doc.ents)
                if "parser" in pipes:
                    parsed[i][s.index] = Parsed(s, doc)
        for i, prep in enumerate(preps):
            yield _finish(prep, ents[i], parsed[i], resources)
