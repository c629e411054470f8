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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.attribution import different_speakers, speaker
from dateline.disagree import (CLAIM_DENIAL, DENIAL, MAX_CITED_DENIALS, SentenceMemo, SentenceRef, StoryArticle,
                               _ids, _LOW, _overlap)
from dateline.records import Disagreement

# "did not cut", "never received", "has not paid", MT's "their workers not cut": a negated verb and what follows.
_NEGATION = re.compile(r"(?P<aux>\b[a-z]+)?\s*(?:\bnot\b|n['’]t\b|\bnever\b)\s+(?:(?:ever|even|actually|been)\s+)?"
                       r"(?P<verb>[a-z][a-z-]{2,})\b", re.I)
# A modal before the negation makes it a plan, a refusal or a conditional ("will not appeal", "could not say"),
# not a denial that something happened.
_MODALS = frozenset("will would could can ca should must may might shall wo need".split())
# Verbs whose negation denies nothing another source could report ("did not respond", "did not say whether"), and
# words after "not" that are no verb ("not guilty", "not only", "not in").
_NOT_FACTS = frozenset("""be been being have has had do does did say said comment respond return reply answer
know knew expect want need think believe see seem appear plan intend wish like mean specify disclose elaborate
identify name give provide release confirm deny rule see seen immediately only just yet all so as too very enough clear sure
available likely necessarily always exactly much many more less in on at for of from with by to into the a an any
guilty known yet far long part until because whether sign signs there here get got make made go going""".split())
OBJECT_WORDS = 6  # the words after a negated verb that say what it was done to
MIN_REPORT_OVERLAP = 0.3  # share of the negation's rare-word weight that the report repeats
_CLAUSE_END = re.compile(r"[,;:.!?\"“”()]|\s(?:and|but|because|after|when|while|as|since|although|though)\s", re.I)
# "if the government had not asked", "whether or not": a negation that denies nothing
_HYPOTHETICAL_BEFORE = re.compile(r"\b(?:if|whether|unless)\s+(?:[\w'’-]+\s+){0,5}$", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def verb_lemma(word: str) -> str:
    """A crude lemma of an English verb or noun form: "cutting", "cuts" → "cut"; "received", "receives" →
    "receiv"; "cables", "cable" → "cabl"."""
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
        if aux in _MODALS or verb in _NOT_FACTS or verb_lemma(verb) in _NOT_FACTS or verb.endswith("ly") \
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
        subject = _CLAUSE_START.split(text[:m.start("verb")])[-1]
        out.append(Negation(ref, verb_lemma(verb), objects, who, names(subject)))
    return out


# Where a negated clause's subject starts: the sentence start, a clause boundary, "that".
_CLAUSE_START = re.compile(r"[,;:\"“”]|\bthat\b|\s(?:and|but|while|as)\s", re.I)
_NOT_NAMES = frozenset("""the a an our its their his her this that these those we they he she it i in on at but and
mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december""".split())


def names(text: str) -> frozenset[str]:
    """The capitalised words of `text` that can name an actor (not "The", "Our", a weekday or a month)."""
    return frozenset(w.lower() for w in _WORD.findall(text) if w[0].isupper() and len(w) > 1
                     and w.lower() not in _NOT_NAMES)


REPORT_NEAR = 6  # words between a reported verb and a word of its object ("cut through at least four … tendons")


def _reports(text: str, neg: Negation) -> bool:
    """Whether `text` says the negated thing happened: a clause with the verb (its lemma) and, within REPORT_NEAR
    words of it, a word of what it was done to ("cut the cables", "tendons had been cut"), with no negation and
    nothing hypothetical or future in the clause ("no evidence of … spreading", "will die"), done by no one the
    negation does not name ("BP had not owned the rig" / "The rig was owned by Transocean": both can be true)."""
    for clause in _CLAUSE_END.split(text):
        if _ANY_NEGATION.search(clause) or _HYPOTHETICAL.search(clause):
            continue
        words = _WORD.findall(clause)
        lemmas = [verb_lemma(w) for w in words]
        for k, lemma in enumerate(lemmas):
            if lemma != neg.verb or not neg.objects.intersection(lemmas[max(0, k - REPORT_NEAR):k + REPORT_NEAR + 1]):
                continue
            if k and words[k - 1].lower() in _BE:  # a passive: its actor follows "by"
                rest = [w.lower() for w in words[k + 1:]]
                actors = names(" ".join(words[k + 1 + rest.index("by"):])) if "by" in rest else frozenset()
            else:  # (after whoever says it: "Inspectors said divers from X drilled" is done by X's divers)
                before = [w.lower() for w in words[:k]]
                said = max((i for i, w in enumerate(before) if w in _SAYING_WORDS), default=-1)
                actors = names(" ".join(words[said + 1:k]))
            if actors and neg.actors and actors.isdisjoint(neg.actors):
                continue
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
    denial or a question) with a word of its object, and repeats enough of the negation's rare words."""
    memo = SentenceMemo() if memo is None else memo  # (not `memo or`: an empty memo is falsy, and would not be shared)
    quoted = {(m.article.id, q.sentence): q.speaker for m in members for q in m.analysis.quotes if q.speaker}
    comments = {m.article.id: memo.comments_start(m.article.text) for m in members}
    body = [(m, s) for m in members for s in m.analysis.sentences
            if s.kind != "headline" and s.start < comments[m.article.id]]
    found = [(m, n) for m, s in body if _may_negate(s.text)
             for n in negations(SentenceRef(m.article.id, s), quoted.get((m.article.id, s.index)))]
    if not found:
        return []  # most stories negate nothing anyone says: skip the word index
    # the sentences holding each negated verb (one pass over the story's words, for the few verbs negated)
    wanted = {n.verb for _, n in found}
    holding: dict[str, list[int]] = {}
    for k, (_, s) in enumerate(body):
        for verb in {lemma for w in _WORD.findall(s.text) if (lemma := verb_lemma(w)) in wanted}:
            holding.setdefault(verb, []).append(k)
    idf = memo.story_idf("denials", members, lambda m: [
        memo.content_words(s.text) for s in m.analysis.sentences
        if s.kind != "headline" and s.start < comments[m.article.id]])
    speakers: dict[int, frozenset[str]] = {}
    reports: dict[tuple[str, int], list] = {}
    for m, n in found:
        words = memo.content_words(n.ref.sentence.text)
        best = None
        for k in holding.get(n.verb, ()):
            m2, s2 = body[k]
            if s2 is n.ref.sentence:
                continue
            if m2.article.id == m.article.id:
                if k not in speakers:
                    speakers[k] = speaker(s2.text, quoted.get((m2.article.id, s2.index)))
                if not different_speakers(n.speaker, speakers[k]):
                    continue  # one article, one voice: its own wording, not two sources
            elif m2.source == m.source or (m.day is not None and m2.day is not None and m2.day > m.day):
                continue  # the same outlet, or a report published after the negation
            if _NOT_A_REPORT.search(s2.text) or CLAIM_DENIAL.search(s2.text) or DENIAL.search(s2.text) \
                    or not _reports(s2.text, n):
                continue
            score = _overlap(words, memo.content_words(s2.text), idf)
            if score >= MIN_REPORT_OVERLAP and (best is None or score > best[0]):
                best = (score, m2, s2)
        if best is not None:
            reports.setdefault((best[1].article.id, best[2].start), [best[1], best[2], []])[2].append(
                (best[0], m, n))
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


_NOT_A_REPORT = re.compile(r"\?\s*(?:['’\"”]+)?\s*$|\b(?:if|whether|allegedly|accused\s+of|suspect\w*)\b", re.I)
_NEGATION_LETTERS = re.compile(r"not|n['’]t|never")


def _may_negate(text: str) -> bool:
    return bool(_NEGATION_LETTERS.search(text.lower()))
