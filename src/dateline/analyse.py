"""The per-article analysis: sentences, time expressions, entity mentions and roles, events, quotes, quantities.

Cheap rule passes first (rule-based sentences, time expressions from `extract.timex.tag` when that module is
installed, the gazetteer), the spaCy model only where it can matter. Which sentences it sees is the NLP profile
(`Resources.cascade`, see `nlp.PROFILES`):

- "fast" (default): NER alone on the headline and the first two body sentences; then NER on short windows
  (`NAME_WINDOW_WORDS` words either side) around the first occurrences of capitalised words that neither those
  entities, nor the gazetteer, nor a lower-case use elsewhere in the text explain: the names an article introduces
  later. Names found anywhere are string-matched in the rest of the text (`extract_entities`). No parser: events
  come from trigger words and cue words (`events.extract_events_shallow`), quotes from quotation marks and
  reporting words (`quotes.extract_quotes(shallow=True)`).
- "balanced": parser + NER on "event sentences" (a trigger word or a quotation mark), NER alone on the other
  sentences with a time expression, the headline and the first two body sentences; the rest get string-matched
  mentions and no events.
- "full" (old name "off"): parser + NER on every sentence (for measuring what the cheaper profiles lose).

`analyse_many` batches the sentences (and windows) of up to `batch_size` articles through `nlp.pipe`. Pure: same
article and resources, same Analysis.
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
from dateline.extract.events import Parsed, extract_events, extract_events_shallow, has_trigger
from dateline.extract.numbers import find_quantities
from dateline.extract.quotes import extract_quotes
from dateline.extract.sentences import split_sentences
from dateline.nlp import MODEL, Resources
from dateline.records import Analysis, Article, Sentence, TimeExpr

VERSION = "analyse@2"  # @2: NLP profiles, name windows
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
    if resources.cascade in ("full", "off"):
        every = frozenset(s.index for s in usable)
        return (every if can_parse else frozenset()), (frozenset() if can_parse else every if can_ner else frozenset())
    fast = resources.cascade == "fast"
    with_timex = {sentences_mod.sentence_at(sentences, t.start) for t in timexes}
    parse: set[int] = set()
    ner: set[int] = set()
    body_seen = 0
    for s in usable:
        lead = s.kind == "headline" or body_seen < 2
        if fast:
            if lead:
                parse.add(s.index)
        elif has_trigger(s.text) or _QUOTE_CHARS.search(s.text):
            parse.add(s.index)
        elif lead or s.index in with_timex:
            ner.add(s.index)
        if s.kind == "body":
            body_seen += 1
    if not can_parse:
        ner |= parse
        parse = set()
    if not can_ner:
        ner = set()
    return frozenset(parse), frozenset(ner)


_WORD_SPAN = re.compile(r"\S+")
_LOWER_WORD = re.compile(r"\b[a-z][a-z]+\b")
_EDGE_PUNCT = ".,;:!?\"'()[]`\u201c\u201d\u2018\u2019"
# Capitalised words that never start a name of their own (sentence openers, pronouns, calendar words).
_NEVER_NAMES = frozenset(
    """
    I A An The In On At For But And Or If As It He She They We You This That These Those His Her Its Their Our My
    Mr Mrs Ms Dr There Here When While After Before Since Although Though However Meanwhile Also Still Now Then Yet
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """.split()
)
NAME_WINDOW_WORDS = 3  # words of context either side of an unexplained capitalised word (4: +20 % CPU, +1.4 pt entity recall)
NAME_WINDOWS_PER_WORD = 2  # occurrences of one unexplained word that get a window (the rest are string-matched)


def _name_windows(prep: _Prepared, ents: Sequence[RawEnt], resources: Resources) -> list[tuple[Sentence, bool, bool]]:
    """Stretches of the sentences the model did not see that may hold a name nobody has found yet.

    A capitalised word is explained when it is part of a name NER already found in the article, a country or
    capital, a calendar word or pronoun, inside a time expression, used in lower case elsewhere in the text, or a
    sentence's first word followed by a lower-case one (a sentence opener). Around the first `NAME_WINDOWS_PER_WORD` occurrences of each unexplained word,
    `NAME_WINDOW_WORDS` words either side go to NER; overlapping windows merge. Each window is a Sentence (its sentence's index, the window's offsets and text) and whether it
    cuts its sentence on the left and on the right.
    """
    text = prep.article.text
    known = {w.strip(_EDGE_PUNCT) for e in ents for w in text[e.start:e.end].split()}
    known |= {w[:-2] for w in known if w.endswith("'s")}
    lower = set(_LOWER_WORD.findall(text))
    in_timex = bytearray(len(text) + 1)
    for t in prep.timexes:
        in_timex[t.start:t.end] = b"\x01" * (t.end - t.start)
    gaz = resources.gazetteer_words
    out: list[tuple[Sentence, bool, bool]] = []
    windows_of: dict[str, int] = {}
    seen = prep.parse | prep.ner
    for s in prep.sentences:
        if s.index in seen or len(s.text) > _MAX_SENTENCE_CHARS:
            continue
        words = [(m.start(), m.end()) for m in _WORD_SPAN.finditer(text, s.start, s.end)]
        marks = []
        for j, (a, b) in enumerate(words):
            if not text[a].isupper() or in_timex[a]:
                continue
            core = text[a:b].strip(_EDGE_PUNCT)
            if core.endswith(("'s", "\u2019s")):
                core = core[:-2]
            if not core or core in known or core in gaz or core in _NEVER_NAMES:
                continue
            if core.lower() in lower and not core.isupper():
                continue
            if j == 0 and not core.isupper() and len(words) > 1 and text[words[1][0]].islower():
                continue  # a sentence opener before a lower-case word ("Rescue crews …"), not a new name
            windows_of[core] = windows_of.get(core, 0) + 1
            if windows_of[core] > NAME_WINDOWS_PER_WORD:
                continue  # NER has judged this word in context already: its later occurrences are propagated
            marks.append(j)
        lo_hi: list[list[int]] = []
        for j in marks:
            lo, hi = max(0, j - NAME_WINDOW_WORDS), min(len(words) - 1, j + NAME_WINDOW_WORDS)
            if lo_hi and lo <= lo_hi[-1][1] + 1:
                lo_hi[-1][1] = hi
            else:
                lo_hi.append([lo, hi])
        for lo, hi in lo_hi:
            a, b = words[lo][0], words[hi][1]
            out.append((Sentence(s.index, a, b, text[a:b], s.kind), lo > 0, hi < len(words) - 1))
    return out


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
    shallow = resources.cascade == "fast"
    for sent in prep.sentences:
        idx = sent.index
        p = parsed.get(idx)
        if p is None and not (shallow and (has_trigger(sent.text) or _QUOTE_CHARS.search(sent.text))):
            continue
        own = timex_by_sentence.get(idx, ())
        qs = find_quantities(text, sent.start, sent.end, exclude=[timex_spans[i] for i in own])
        if p is not None:
            found_events = extract_events(p, arg_mentions, prep.timexes, text, quantities=qs,
                                          local=by_sentence.get(idx, []), timex_ids=own)
        else:  # not parsed: the same records from trigger words and cue words (see events.extract_events_shallow)
            found_events = extract_events_shallow(sent, arg_mentions, prep.timexes, text, quantities=qs,
                                                  local=by_sentence.get(idx, []), timex_ids=own)
        events.extend(found_events)
    quotes = extract_quotes(text, prep.sentences, parsed, arg_mentions, shallow=shallow)
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
            _run_model(nlp, pipes, [(i, s, (False, False)) for i, s in items], ents, parsed)
        if resources.cascade == "fast" and resources.ner_pipes:
            # Second round: NER on the windows around capitalised words the first round and the gazetteer leave
            # unexplained (names first mentioned outside the sentences the model saw).
            windows = [(i, w, cuts) for i, p in enumerate(preps) for w, *cuts in _name_windows(p, ents[i], resources)]
            _run_model(nlp, resources.ner_pipes, windows, ents, parsed)
        for i, prep in enumerate(preps):
            yield _finish(prep, ents[i], parsed[i], resources)


def _run_model(nlp, pipes: tuple[str, ...], items: list[tuple[int, Sentence, Sequence[bool]]],
               ents: list[list[RawEnt]], parsed: list[dict[int, Parsed]]) -> None:
    """Run `pipes` over sentences (or sentence windows: `cuts` says whether one cuts its sentence on the left and
    on the right) in one `nlp.pipe`, collecting entities and parses per article."""
    if not items or not pipes:
        return
    disable = [n for n in nlp.pipe_names if n not in pipes]
    docs = nlp.pipe(((s.text, (i, s, cuts)) for i, s, cuts in items), as_tuples=True, disable=disable, batch_size=256)
    for doc, (i, s, (cut_left, cut_right)) in docs:
        if "ner" in pipes:
            for e in doc.ents:
                if (cut_left and e.start == 0) or (cut_right and e.end == len(doc)):
                    continue  # a name the window may have cut in two
                ents[i].append(RawEnt(s.start + e.start_char, s.start + e.end_char, e.label_))
        if "parser" in pipes:
            parsed[i][s.index] = Parsed(s, doc)
