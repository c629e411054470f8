"""Contradictions between sources that no denial word announces.

- A negated statement against a report of the very thing ("The company said its crews did not cut any tendon" /
  "Workers cut through at least four tendons, the safety board said"): `negations_vs_reports`. The two sides are
  two outlets (the report published no later than the negation), or two named speakers of one article.
- The same happening dated to different days by two sources ("began work on the span on Feb. 17" / "began repair
  work on the span on Feb. 24"; "will reopen on June 15" / "will not reopen before July 1"): `dates_of_one_happening`.

Both read only the sentences' words (and the analyses' dates, quotes and places), never the event clustering, so
they run in the story's text half (`timeline._story_text_disagreements`). Pure functions.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

from dateline.attribution import different_speakers, speaker
from dateline.disagree import (CLAIM_DENIAL, DENIAL, MAX_CITED_DENIALS, SentenceMemo, SentenceRef, StoryArticle,
                               _ids, _LOW, _overlap, light_stem)
from dateline.records import Citation, Disagreement, Sentence

# "did not cut", "never received", "has not paid", MT's "their workers not cut": a negated verb and what follows.
_NEGATION = re.compile(r"(?P<aux>\b[a-z]+)?\s*(?:\bnot\b|n['’]t\b|\bnever\b)\s+(?:(?:ever|even|actually|been)\s+)?"
                       r"(?P<verb>[a-z][a-z-]{2,})\b", re.I)
# A modal before the negation makes it a plan, a refusal or a conditional ("will not appeal", "could not say"),
# and a present tense or a progressive a state ("does not pose a threat", "was not showing symptoms"): not a
# denial that something happened.
_MODALS = frozenset("will would could can ca should must may might shall wo need is are am s re m do does".split())
# Verbs whose negation denies nothing another source could report ("did not respond", "did not say whether"), and
# words after "not" that are no verb ("not guilty", "not only", "not in").
_NOT_FACTS = frozenset("""be been being have has had do does did say said comment respond return reply answer
know knew expect want need think believe see seem appear plan intend wish like mean specify disclose elaborate
identify name give provide release confirm deny rule see seen immediately only just yet all so as too very enough clear sure
available likely necessarily always exactly much many more less in on at for of from with by to into the a an any
guilty known yet far long part until because whether sign signs there here get got make made go going our you
your their his her its this that these those some something anything nothing about before after able aware familiar
sure surprised ready prepared happy clear considered""".split())
OBJECT_WORDS = 6  # the words after a negated verb that say what it was done to
MIN_REPORT_OVERLAP = 0.3  # share of the negation's rare-word weight that the report repeats
_CLAUSE_END = re.compile(r"[,;:.!?\"“”()]|\s(?:and|but|because|after|when|while|as|since|although|though)\s", re.I)
# "if the government had not asked", "whether or not": a negation that denies nothing
_HYPOTHETICAL_BEFORE = re.compile(r"\b(?:if|whether|unless)\s+(?:[\w'’-]+\s+){0,5}$", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@functools.lru_cache(maxsize=1 << 16)
def verb_lemma(word: str) -> str:
    """A crude lemma of an English verb or noun form: "cutting", "cuts" → "cut"; "received", "receives" →
    "receiv"; "cables", "cable" → "cabl". Cached (a pure function of a word, asked for every word of a story)."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[:-len(suffix)]
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # "cutt" → "cut"
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


@dataclass(frozen=True)
class Negation:
    """A sentence saying that something did not happen: its verb's lemma and the words of what it was done to."""

    ref: SentenceRef
    verb: str
    objects: frozenset[str]  # their lemmas (`verb_lemma`: "cables" and "cable" are one)
    speaker: frozenset[str]
    actors: frozenset[str] = frozenset()  # the names in the negated clause's subject ("BP had not owned" → bp)
    subject: str = ""  # the noun nearest before it (`head_noun`: "the baby did not die" → baby)


def negations(ref: SentenceRef, quote_speaker: str | None = None) -> list[Negation]:
    """The denials of a fact in one sentence: a verb negated without a modal, followed by what it was done to,
    in a sentence that someone says (a named speaker, a quote or a verb of saying; "the man was not in a car"
    denies nothing)."""
    text = ref.sentence.text
    out = []
    who = None
    for m in _NEGATION.finditer(text):
        aux = (m.group("aux") or "").lower()
        verb = m.group("verb").lower()
        if aux in _MODALS or verb in _NOT_FACTS or verb_lemma(verb) in _NOT_FACTS or verb.endswith(("ly", "ing")) \
                or _HYPOTHETICAL_BEFORE.search(text, max(0, m.start("verb") - 50), m.start("verb")):
            continue
        clause = _CLAUSE_END.split(text[m.end():], maxsplit=1)[0]
        objects = frozenset(verb_lemma(w) for w in _WORD.findall(clause)[:OBJECT_WORDS]
                            if len(w) > 2 and w.lower() not in _LOW and w.lower() not in _NOT_FACTS)
        if not objects:
            continue  # "did not happen": nothing to look for in a report
        if who is None:
            who = speaker(text, quote_speaker)
        if not who:
            continue  # a denial is someone's: a named speaker (not "you", "he", an unattributed line)
        if not m.group("aux") and not text[:m.start()].strip(" \"“”'‘’`"):
            continue  # "Not public relations, he said": no verb is negated at the start of a sentence
        subject = _CLAUSE_START.split(text[:m.start("verb")])[-1]
        out.append(Negation(ref, verb_lemma(verb), objects, who, names(subject), head_noun(subject)))
    return out


# Words before a verb that are no noun of its subject: auxiliaries, negations, adverbs of time.
_NOT_NOUNS = frozenset("""did does do had has have was were is are be been being will would could can should must may
might not never also still already just then now yet even only ever""".split())


def head_noun(text: str) -> str:
    """The lower-case noun nearest the end of a clause's subject ("the baby did not" → baby, "its crews" →
    crew; "" when there is none: a name, a pronoun), as a `light_stem`."""
    for w in reversed(_WORD.findall(text)):
        low = w.lower()
        if low in _NOT_NOUNS or low.endswith("ly") or low in ("n't", "nt"):
            continue
        return light_stem(w) if w[0].islower() and low not in _LOW and len(w) > 2 else ""
    return ""


# Where a negated clause's subject starts: the sentence start, a clause boundary, "that".
_CLAUSE_START = re.compile(r"[,;:\"“”]|\bthat\b|\s(?:and|but|while|as)\s", re.I)
_NOT_NAMES = frozenset("""the a an our its their his her this that these those we they he she it i in on at but and
mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december""".split())


def names(text: str) -> frozenset[str]:
    """The capitalised words of `text` that can name an actor (not "The", "Our", a weekday or a month; the
    caller leaves out a sentence's first word, capitalised whatever it is)."""
    return frozenset(w.lower() for w in _WORD.findall(text) if w[0].isupper() and len(w) > 1
                     and w.lower() not in _NOT_NAMES)


REPORT_NEAR = 6  # words between a reported verb and a word of its object ("cut through at least four … tendons")


@functools.lru_cache(maxsize=1 << 14)
def reports_negated(text: str, verb: str, objects: frozenset[str], actors: frozenset[str], subject: str = ""
                    ) -> bool:
    """Whether `text` says a negated thing happened (a `Negation`'s verb, objects, actors and subject noun): a
    clause with the verb (its lemma) and, within REPORT_NEAR words of it, a word of what it was done to ("cut the
    cables", "tendons had been cut"), with no negation and nothing hypothetical or future in the clause ("no
    evidence of … spreading", "will die"), done by no one the negation does not name ("BP had not owned the rig" /
    "The rig was owned by Transocean": both can be true) and no other kind of subject ("the baby did not die" /
    "people have died"). Cached: a story's adds ask again about the same pairs."""
    for c, clause in enumerate(_CLAUSE_END.split(text)):
        if _ANY_NEGATION.search(clause) or _HYPOTHETICAL.search(clause):
            continue
        words = _WORD.findall(clause)
        lemmas = [verb_lemma(w) for w in words]
        for k, lemma in enumerate(lemmas):
            if lemma != verb or words[k].lower().endswith("ing") \
                    or not objects.intersection(lemmas[max(0, k - REPORT_NEAR):k + REPORT_NEAR + 1]):
                continue  # (a progressive or a gerund, "is spreading", describes; it does not report)
            before = [w.lower() for w in words[:k]]
            said = max((i for i, w in enumerate(before) if w in _SAYING_WORDS), default=-1)
            first = said + 1 + (said < 0 and c == 0 and k > 0 and not words[0].isupper())  # ("Divers drilled")
            passive = bool(k) and words[k - 1].lower() in _BE
            if passive:  # its actor follows "by"
                rest = [w.lower() for w in words[k + 1:]]
                done_by = names(" ".join(words[k + 1 + rest.index("by"):])) if "by" in rest else frozenset()
            else:  # (after whoever says it: "Inspectors said divers from X drilled" is done by X's divers)
                done_by = names(" ".join(words[first:k]))
            if done_by and actors and done_by.isdisjoint(actors):
                continue
            if subject and not passive and (noun := head_noun(" ".join(words[first:k]))) and noun != subject:
                continue  # "the baby did not die" / "people have died": someone else
            return True
    return False


_BE = frozenset("is are was were be been being".split())
_SAYING_WORDS = frozenset("said says say told tells added stated that according".split())
_ANY_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without)\b|n['’]t\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:if|whether|unless|would|could|might|may|should|will|possib\w*)\b", re.I)


def negations_vs_reports(members: Sequence[StoryArticle], *, memo: SentenceMemo | None = None
                         ) -> list[Disagreement]:
    """A source saying something did not happen against another source's report that it did: one disagreement
    per report, citing the report and the negations (up to MAX_CITED_DENIALS) that contradict it.

    The other side is the sentence, of another outlet published no later than the negation or of another named
    speaker of the same article, that reports the negated verb (not negated, not hypothetical, not itself a
    denial or a question) with a word of its object (`reports_negated`), and repeats enough of the negation's
    rare words; of several, the one repeating most (then the first by article id and offset).

    The (negation, report) pairs that pass every test but the words' weights depend on the two articles alone:
    the memo keeps them per story (`SentenceMemo.kept_pairs`), so that an add tests only the pairs with a new
    article; the weights are the story's as it is now, so the result is the one testing everything gives."""
    memo = SentenceMemo() if memo is None else memo  # (not `memo or`: an empty memo is falsy, and would not be shared)
    found = [(m, n) for m in members for n in memo.per_article("negations", m, lambda m=m: article_negations(m, memo))]
    if not found:
        return []  # most stories negate nothing anyone says: skip the word index
    kept, pairs = memo.kept_pairs("negations", members)
    fresh = [m for m in members if m.article.id not in kept]
    pairs = set(pairs)
    pairs |= _passing_pairs([(m, n) for m, n in found if m.article.id in kept], fresh, memo)
    pairs |= _passing_pairs([(m, n) for m, n in found if m.article.id not in kept], members, memo)
    memo.keep_pairs("negations", members, pairs)
    by_id = {m.article.id: m for m in members}
    negation_of = {_key(n): (m, n) for m, n in found}
    comments = {m.article.id: memo.comments_start(m.article.text) for m in members}
    weights = _story_weights(members, memo, comments)
    best: dict[tuple, tuple] = {}  # per negation: (score, report article id, report sentence position)
    for key, (aid2, position) in pairs:
        m, n = negation_of[key]
        s2 = by_id[aid2].analysis.sentences[position]
        score = _overlap(memo.content_words(n.ref.sentence.text), memo.content_words(s2.text), weights())
        if score < MIN_REPORT_OVERLAP:
            continue
        got = best.get(key)
        if got is None or score > got[0] or score == got[0] and (aid2, s2.start) < (got[1], got[3]):
            best[key] = (score, aid2, position, s2.start)
    reports: dict[tuple[str, int], list] = {}
    for m, n in found:
        got = best.get(_key(n))
        if got is not None:
            score, aid2, position, _ = got
            m2 = by_id[aid2]
            s2 = m2.analysis.sentences[position]
            reports.setdefault((aid2, s2.start), [m2, s2, []])[2].append((score, m, n))
    out = []
    for report_member, report_sentence, negs in reports.values():
        negs.sort(key=lambda x: (-x[0], x[1].article.id, x[2].ref.sentence.start))
        cited = list(dict.fromkeys(n.ref.citation() for _, _, n in negs))[:MAX_CITED_DENIALS]
        out.append(Disagreement(
            "denial", f"Contradicted: {negs[0][2].ref.sentence.text.strip()} — "
                      f"{report_member.outlet or 'another source'} reports: {report_sentence.text.strip()}",
            _ids(report_member, *[m for _, m, _ in negs]), (),
            (SentenceRef(report_member.article.id, report_sentence).citation(), *cited)))
    return sorted(out, key=lambda d: d.article_ids)


def _key(n: Negation) -> tuple:
    """A negation's name among a story's: its article, sentence and verb."""
    return (n.ref.article_id, n.ref.sentence.start, n.verb, n.objects)


def _passing_pairs(found: Sequence[tuple[StoryArticle, Negation]], candidates: Sequence[StoryArticle],
                   memo: SentenceMemo) -> set[tuple[tuple, tuple[str, int]]]:
    """The (negation `_key`, (article id, sentence position)) pairs of `found` and the body sentences of
    `candidates` that pass every test of a report but the words' weights (`negations_vs_reports`)."""
    if not found or not candidates:
        return set()
    # The sentences holding a form of a negated verb, found through the sentences' content words (kept in the
    # memo; the story's word weights read them too): a set intersection per sentence, in C.
    verb_forms = {n.verb: verb_stems(n.verb) for _, n in found}
    object_forms = [frozenset().union(*map(verb_stems, n.objects)) for _, n in found]  # (by place in `found`)
    wanted = frozenset().union(*verb_forms.values())
    body: list[tuple[StoryArticle, int, Sentence, frozenset[str]]] = []
    holding: dict[str, list[int]] = {}
    for m in candidates:
        if memo.per_article("stems", m, lambda m=m: (article_stems(m, memo),))[0].isdisjoint(wanted):
            continue  # no sentence of it has a form of a negated verb (one test per article, in C)
        comments = memo.comments_start(m.article.text)
        for position, s in enumerate(m.analysis.sentences):
            if s.kind != "headline" and s.start < comments:
                words = memo.content_words(s.text)
                if hits := words & wanted:
                    for stem in hits:
                        holding.setdefault(stem, []).append(len(body))
                    body.append((m, position, s, words))
    by_verb: dict[str, list[int]] = {}
    for x, (_, n) in enumerate(found):
        by_verb.setdefault(n.verb, []).append(x)
    out = set()
    # Per verb, its candidates, each tested (in C) for a word of any of its negations' objects first: a big
    # story's negations of one verb share thousands of candidates, most naming none of it.
    for verb, negs in by_verb.items():
        any_object = frozenset().union(*(object_forms[x] for x in negs))
        for k in sorted(set(chain.from_iterable(holding.get(form, ()) for form in verb_forms[verb]))):
            m2, position, s2, words2 = body[k]
            hits = words2 & any_object
            if not hits or not _reportable(s2.text):
                continue  # names nothing a negated verb was done to, or no report (a question, a denial)
            for x in negs:
                m, n = found[x]
                if object_forms[x].isdisjoint(hits):
                    continue
                if m2.article.id == m.article.id:
                    if s2.start == n.ref.sentence.start:
                        continue
                    quoted = next((q.speaker for q in m2.analysis.quotes if q.sentence == s2.index and q.speaker),
                                  None)
                    if not different_speakers(n.speaker, _speaker(s2.text, quoted)):
                        continue  # one article, one voice: its own wording, not two sources
                elif m2.source == m.source or (m.day is not None and m2.day is not None and m2.day > m.day):
                    continue  # the same outlet, or a report published after the negation
                if reports_negated(s2.text, n.verb, n.objects, n.actors, n.subject):
                    out.add((_key(n), (m2.article.id, position)))
    return out


_speaker = functools.lru_cache(maxsize=1 << 14)(speaker)


def article_negations(member: StoryArticle, memo: SentenceMemo) -> tuple[Negation, ...]:
    """The negations (`negations`) of one article's body sentences before its reader comments."""
    comments = memo.comments_start(member.article.text)
    quoted = {q.sentence: q.speaker for q in member.analysis.quotes if q.speaker}
    return tuple(n for s in member.analysis.sentences
                 if s.kind != "headline" and s.start < comments and _may_negate(s.text)
                 for n in negations(SentenceRef(member.article.id, s), quoted.get(s.index)))


def article_stems(member: StoryArticle, memo: SentenceMemo) -> frozenset[str]:
    """The content words (`SentenceMemo.content_words`) of one article's body sentences before its reader
    comments, all together: whether any of them can hold a negated verb."""
    comments = memo.comments_start(member.article.text)
    return frozenset().union(*(memo.content_words(s.text) for s in member.analysis.sentences
                               if s.kind != "headline" and s.start < comments))


def verb_stems(lemma: str) -> frozenset[str]:
    """The `light_stem`s of a verb's regular forms ("cut": cut, cuts, cutting, cutted…): what `content_words`
    makes of a sentence that has the verb."""
    forms = {lemma, lemma + "e", lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma + "ing",
             lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing", lemma + "es"}
    return frozenset(map(light_stem, forms))


@functools.lru_cache(maxsize=1 << 16)
def _reportable(text: str) -> bool:
    """Whether a sentence can report that something happened: no question, no denial, nothing alleged or
    conditional (`_NOT_A_REPORT`). Cached: asked again at every add of a story."""
    return not (_NOT_A_REPORT.search(text) or CLAIM_DENIAL.search(text) or DENIAL.search(text))


def _story_weights(members: Sequence[StoryArticle], memo: SentenceMemo, comments: dict[str, int]
                   ) -> Callable[[], dict[str, float]]:
    """The story's word weights over its body sentences (those `denial_vs_reports` reads, kept in the memo under
    the same name), worked out on the first call only: most stories never get to compare words."""
    return functools.cache(lambda: memo.story_idf("denials", members, lambda m: [
        memo.content_words(s.text) for s in m.analysis.sentences
        if s.kind != "headline" and s.start < comments[m.article.id]]))


_NOT_A_REPORT = re.compile(r"\?\s*(?:['’\"”]+)?\s*$|\b(?:if|whether|allegedly|accused\s+of|suspect\w*)\b", re.I)
_NEGATION_LETTERS = re.compile(r"not|n['’]t|never")


def _may_negate(text: str) -> bool:
    return bool(_NEGATION_LETTERS.search(text.lower()))


# --- one happening, two days -----------------------------------------------------------------------------------------

# A calendar day stated outright ("Feb. 17", "7 January", "2025-02-17"), not a weekday or "today".
_CALENDAR_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?!\d)|"
                           r"(?<!\d)\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
                           r"\b\d{4}-\d\d-\d\d\b", re.I)
_CLOCK_OR_SPAN_AFTER = re.compile(r"\s*(?:\d{1,2}[:.]\d\d|(?:and|to|through|until|-|–)\s*\d{1,2}(?!\d))", re.I)
# A photo's caption ("… in this handout photograph", "file photo"): the day the picture was taken.
_CAPTION = re.compile(r"\bin\s+(?:this|a|an)\s+(?:[\w-]+\s+){0,2}(?:photo|photograph|picture|image)\b|"
                      r"\bfile\s+(?:photo|picture|image)\b|\b(?:photo|picture)\s*:", re.I)
# A date after one of these is a bound of something, not the day it happened on.
_BOUND_BEFORE = re.compile(r"\b(by|until|till|through|since|before|after|from|as\s+of)\s+(?:the\s+)?$", re.I)
_NOT_BEFORE = re.compile(r"\b(?:not|n['’]t|no)\b[^,;]*\bbefore\b", re.I)
_CLOCK_BEFORE = re.compile(r"\d{1,2}[:.]\d\d\b[^.;]{0,20}$")
# Where a date's clause ends: punctuation, a dash, a quote.
_DATE_CLAUSE = re.compile(r"[,;:()\"“”]|\s[—–-]\s")
# A second round, a revised plan: two days for two happenings, or a plan that moved (an update, not a dispute).
_ANOTHER_TIME = re.compile(r"\b(?:again|second|third|another|anew|renewed|resum\w*|postpon\w*|delay\w*|pushed\s+back|"
                           r"moved|reschedul\w*|brought\s+forward|revis\w*|originally|initially|previously|instead|"
                           r"earlier|next|last|each|every|until)\b", re.I)
_PLANNED = re.compile(r"\b(?:will|would|shall|to\s+be|scheduled|expected|plans?|planned|due|set\s+to|aims?|target\w*|"
                      r"earliest|achievable)\b", re.I)
_NOT_HAPPENING = frozenset("""said says say told tell added according reported announced statement date day days
week weeks month months year years time before after until till since through during around about""".split())
MIN_CLAUSE_WORDS = 3  # a date's clause with fewer words takes the clause before it too ("…on Wednesday, 7 January")
MIN_SHARED_HAPPENING = 3  # words two dated clauses share when they name one happening
MIN_HAPPENING_OVERLAP = 0.5  # share of the smaller clause's rare-word weight that the other repeats
MAX_DAYS_APART = 31  # two days further apart than this are two happenings (or a plan that moved)


@dataclass(frozen=True)
class DatedStatement:
    """A sentence dating something to a calendar day: the day, the words of the clause the date is in."""

    ref: SentenceRef
    day: int
    time_expression: str
    words: frozenset[str]  # light stems of the clause's lower-case words
    planned: bool
    speaker: frozenset[str]
    anchor: str = ""  # the word the date is said of: the nearest of `words` before it (else after it)


def dated_statements(member: StoryArticle, *, memo: SentenceMemo | None = None) -> tuple[DatedStatement, ...]:
    """The statements of one article's body that date something to a calendar day stated outright (not a
    weekday, a clock time or a span of days), with the words of the date's clause."""
    from dateline.disagree import comments_start

    an = member.analysis
    comments = (comments_start if memo is None else memo.comments_start)(member.article.text)
    quoted = {q.sentence: q.speaker for q in an.quotes if q.speaker}
    by_sentence: dict[int, list] = {}
    for t in an.timexes:
        w = t.window
        if t.type == "DATE" and w is not None and w.granularity == "day" and w.earliest == w.latest \
                and _CALENDAR_DAY.search(t.text):
            by_sentence.setdefault(t.start, []).append(t)
    if not by_sentence:
        return ()
    starts = sorted(by_sentence)
    out = []
    text = member.article.text
    for s in an.sentences:
        if s.kind == "headline" or s.start >= comments:
            continue
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end)
        if lo == hi or _ANOTHER_TIME.search(s.text) or _CAPTION.search(s.text):
            continue
        who = speaker(s.text, quoted.get(s.index))
        for t in (t for k in starts[lo:hi] for t in by_sentence[k]):
            if _CLOCK_OR_SPAN_AFTER.match(text, t.end) or _CLOCK_BEFORE.search(text, max(s.start, t.start - 30),
                                                                                   t.start):
                continue  # "April 16 and 17", "June 5 10:30", "09:06 UK time, Tuesday, 8 June": a span, a stamp
            at, end = t.start - s.start, t.end - s.start
            parts = [(m.start(), m.end()) for m in _DATE_CLAUSE.finditer(s.text)]
            left = max((e for _, e in parts if e <= at), default=0)
            right = min((b for b, _ in parts if b >= end), default=len(s.text))
            clause = s.text[left:right]
            if len(_happening_words(clause.replace(t.text, " "))) < MIN_CLAUSE_WORDS:
                before = max((e for _, e in parts if e < left - 1), default=0)
                clause = s.text[before:right]
            if len(_CALENDAR_DAY.findall(clause)) > 1:
                continue  # "begun on May 2 and May 16": a list of days, each another happening's
            bound = _BOUND_BEFORE.search(s.text, max(0, at - 12), at)
            if bound and not (bound.group(1).lower() == "before" and _NOT_BEFORE.search(clause)):
                continue  # "by May 17", "since April 20": a bound, not the day (but "not … before July 1" is one)
            words = _happening_words(clause.replace(t.text, " "))
            planned = bool(_PLANNED.search(clause)) or t.anchor == "planned"
            before, after = s.text[:at], s.text[end:]
            near = [w for w in _WORD.findall(before) if light_stem(w) in words][-1:] or \
                [w for w in _WORD.findall(after) if light_stem(w) in words][:1]
            out.append(DatedStatement(SentenceRef(member.article.id, s), t.window.earliest.toordinal(), t.text,
                                      words, planned, who, light_stem(near[0]) if near else ""))
    return tuple(out)


def _happening_words(clause: str) -> frozenset[str]:
    """Light stems of a clause's lower-case words that can say what happened."""
    return frozenset(light_stem(w) for w in _WORD.findall(clause)
                     if w[0].islower() and len(w) > 2 and w not in _LOW and w not in _NOT_HAPPENING)


def dates_of_one_happening(members: Sequence[StoryArticle], *, memo: SentenceMemo | None = None
                           ) -> list[Disagreement]:
    """Two sources dating one happening to different calendar days ("Crews began work on the span on Feb. 17" /
    "The company began repair work on the span on Feb. 24"; "will reopen on June 15" / "will not reopen before
    July 1"): one disagreement per happening, citing every dated statement of it.

    One happening: the two dates' clauses share at least MIN_SHARED_HAPPENING words and most of the smaller one's
    rare-word weight, both are plans or both are reports, at most MAX_DAYS_APART days apart, and neither sentence
    speaks of another time (again, a second, postponed, next, last…). Two sources: two outlets, or two named
    speakers of one article (never one sentence)."""
    memo = SentenceMemo() if memo is None else memo  # (not `memo or`: an empty memo is falsy, and would not be shared)
    found = [(m, st) for m in members
             for st in memo.per_article("dated", m, lambda m=m: dated_statements(m, memo=memo))]
    if len({st.day for _, st in found}) < 2:
        return []
    statements = [st for _, st in found]
    comments = {m.article.id: memo.comments_start(m.article.text) for m in members}
    weights = _story_weights(members, memo, comments)
    parent = list(range(len(statements)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    # Pairs sharing MIN_SHARED_HAPPENING words, counted through a word index (a big story dates thousands of
    # statements, most sharing a word or two with many others)
    index: dict[str, list[int]] = {}
    for j, b in enumerate(statements):
        shares = Counter(chain.from_iterable(index.get(w, ()) for w in b.words))
        for i in sorted(i for i, n in shares.items() if n >= MIN_SHARED_HAPPENING):
            a = statements[i]
            if a.day == b.day or abs(a.day - b.day) > MAX_DAYS_APART or a.planned != b.planned \
                    or a.anchor not in b.words or b.anchor not in a.words or not _two_sources(found[i], found[j]):
                continue  # (the words each date is said of in both: "exploded April 20" / "sank on April 22")
            small, large = sorted((a.words, b.words), key=len)
            if _overlap(small, large, weights()) >= MIN_HAPPENING_OVERLAP:
                parent[root(j)] = root(i)
        for w in b.words:
            index.setdefault(w, []).append(j)
    groups: dict[int, list[int]] = {}
    for k in range(len(statements)):
        groups.setdefault(root(k), []).append(k)
    out = []
    for members_of in (g for g in groups.values() if len(g) > 1):
        group = sorted((found[k] for k in members_of), key=lambda x: (x[1].day, x[1].ref.article_id,
                                                                      x[1].ref.sentence.start))
        days: dict[int, list[StoryArticle]] = {}
        for m, st in group:
            days.setdefault(st.day, []).append(m)
        said = ", ".join(f"{dt.date.fromordinal(d).isoformat()} ({' and '.join(dict.fromkeys(m.outlet for m in ms))})"
                         for d, ms in days.items())
        cites = list(dict.fromkeys(
            Citation(st.ref.article_id, st.ref.sentence.text, st.ref.sentence.start, st.ref.sentence.end,
                     st.time_expression) for _, st in group))
        out.append(Disagreement("date_conflict", f"Sources date one happening to different days: {said}.",
                                _ids(*(m for m, _ in group)), (), tuple(cites)))
    return sorted(out, key=lambda d: d.article_ids)


def _two_sources(a: tuple[StoryArticle, DatedStatement], b: tuple[StoryArticle, DatedStatement]) -> bool:
    (ma, sa), (mb, sb) = a, b
    if ma.article.id == mb.article.id:
        return sa.ref.sentence.start != sb.ref.sentence.start and different_speakers(sa.speaker, sb.speaker)
    return ma.source != mb.source
