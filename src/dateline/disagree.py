"""Disagreements: where the sources (or one article's headline and body) do not say the same thing.

General mechanisms, each citing the sentences on both sides:
- claim vs denial/dismissal: a sentence reporting that someone denied, dismissed or mocked a claim ("denied that",
  "dismissed speculation that"; not mockery, refusals, decisions, questions or reader comments), against a sentence
  of the same article that confirms or asserts it (the same sentence when it says "despite its denials, X did Y");
- across outlets (`denial_vs_reports`, `conflicting_numbers`): a denial against the other outlet's earlier report
  of the claim, and two outlets' figures for the same count that cannot both be right (small tallies of people
  too: a death toll of six against seven);
- within one article (`conflicting_numbers`): two named speakers' figures for the same count ("Police said 14
  people were arrested" / "The union said 19 of its members had been detained"; `attribution.speaker`);
- date conflict: the same happening (a shared event trigger and a shared person) dated to different days;
- headline vs body: the headline's "from A to B" reversed in the body ("from B to A"), with A and B resolved to
  the same entities.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from dateline.attribution import ROLE_WORDS, different_speakers, speaker
from dateline.prose import dateline_end
from dateline.records import Analysis, Article, Citation, Disagreement, Quantity, Sentence, TimeExpr

DENIAL = re.compile(r"\b(den(?:y|ies|ied|ying|ial|ials)|refut\w*|rebut\w*|reject(?:s|ed|ing)?|"
                    r"dismiss(?:es|ed|ing)?|mock(?:s|ed|ing)?|ridicul\w*|scoff\w*|deride[sd]?|derid\w*|"
                    r"brush(?:es|ed)? off|unable to prove|baseless|unfounded|false claims?)\b", re.I)
DENIAL_KIND = re.compile(r"\bden(?:y|ies|ied|ying|ial|ials)\b|\brefut", re.I)
CONFIRM = re.compile(r"\b(confirm(?:s|ed|ing)?|verified|verify|proof|evidence|have been completed|"
                     r"were delivered|has been completed)\b", re.I)
NOT_A_DENIAL = re.compile(r"\bdeclin\w+ to comment\b", re.I)
# "there is no proof of it", "has not been confirmed": a confirmation word that confirms nothing.
NEGATED_CONFIRM = re.compile(r"(?:\b(?:no|not|never|without|little|lack\s+of)|n['’]t)\s+(?:\w+\s+){0,2}?"
                             r"(?:evidence|proof|confirm\w*|verif\w*)\b|\bun(?:confirm|verif)\w*", re.I)
# Reader comments under an article ("At 18:55 29th Apr 2009 , ceedee99 wrote :", "Posted by : name | June 7"):
# from the first such marker on, the sentences are readers' opinions, not the outlet's reporting.
COMMENT_MARKER = re.compile(r"\bAt\s+\d{1,2}[:.]\d{2}\b[^.]{0,40}?\d{4}\s*,\s*\S+\s+wrote\s*:|"
                            r"\bPosted\s+by\s*:\s*\S+\s*\|", re.I)
FROM_TO = re.compile(r"\bfrom\s+((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+to\s+"
                     r"((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
# Letters every match of COMMENT_MARKER, or of CONFIRM, contains: searched in the lower-cased text, they rule out
# almost every text before the pattern runs. Only for ASCII text, where IGNORECASE matching is lower-case matching.
_COMMENT_LETTERS = re.compile(r"wrote|posted")
_CONFIRM_LETTERS = re.compile(r"confirm|verif|proof|evidence|completed|delivered")


def confirming(text: str) -> bool:
    """Whether a sentence confirms something (`CONFIRM`) without denying anything (`DENIAL`): what can stand
    against a denial."""
    if text.isascii() and not _CONFIRM_LETTERS.search(text.lower()):
        return False
    return bool(CONFIRM.search(text)) and not DENIAL.search(text)


@dataclass(frozen=True)
class SentenceRef:
    article_id: str
    sentence: Sentence

    def citation(self) -> Citation:
        return Citation(self.article_id, self.sentence.text, self.sentence.start, self.sentence.end)


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in _WORD.findall(text)}


def _mention_keys(analysis: Analysis, start: int, end: int) -> dict[str, str]:
    """Surface text → entity key for the mentions inside [start, end)."""
    return {m.text.lower(): (m.key or m.text).lower() for m in analysis.mentions if start <= m.start < end}


def comments_start(text: str) -> int:
    """Where the readers' comments of an article begin (the start of the first comment marker's line or sentence),
    or the text's length when it has none."""
    if text.isascii() and not _COMMENT_LETTERS.search(text.lower()):
        return len(text)  # no "wrote" or "posted": no marker (a plain scan instead of the pattern's, per article)
    m = COMMENT_MARKER.search(text)
    if m is None:
        return len(text)
    return max(text.rfind("\n", 0, m.start()) + 1, text.rfind(". ", 0, m.start()) + 2 if ". " in text[:m.start()]
               else 0)


# "Kirby noted that despite its denials, North Korea supplied …": the denial and the assertion in one sentence.
_DESPITE_DENIAL = re.compile(r"\bdespite\s+(?:\w+\s+){0,2}?(?:denials?|denying|dismissals?)\b", re.I)


def claim_disagreements(article: Article, analysis: Analysis, story_refs: Sequence[SentenceRef], *,
                        memo: SentenceMemo | None = None) -> list[Disagreement]:
    """Denials of a claim in this article against a sentence of the same article that confirms or asserts it.

    Only a denial or dismissal of a claim counts (`claim_denial`, or "despite its denials, X did Y"), never mockery,
    a refusal ("denied access"), a decision ("rejected the plan") or a question. The other side is a confirming
    sentence of the same article sharing the denial's words: across outlets, `denial_vs_reports` pairs a denial with
    the report it denies (with publication order and outlet independence), so `story_refs` of other articles are
    not used here.
    """
    memo = SentenceMemo() if memo is None else memo  # (not `memo or`: an empty memo is falsy, and would not be shared)
    denial_of = memo.claim_denial
    comments = memo.comments_start(article.text)
    # What can stand against a denial depends only on the confirming sentence: checked (and its words stemmed)
    # once per article, not once per denial of the article.
    own = [(ref, _stems(ref.sentence.text)) for ref in story_refs if ref.article_id == article.id
           and CONFIRM.search(ref.sentence.text) and not DENIAL.search(ref.sentence.text)
           and not _NO_DENIAL.search(ref.sentence.text) and not NEGATED_CONFIRM.search(ref.sentence.text)
           and ref.sentence.start < comments]
    out = []
    for s in analysis.sentences:
        if s.kind == "headline" or s.start >= comments:
            continue
        despite = _DESPITE_DENIAL.search(s.text)
        if not despite and not denial_of(s.text):
            continue
        denial = SentenceRef(article.id, s)
        kind = "denial" if DENIAL_KIND.search(s.text) else "disputed_claim"
        if despite:
            counter = denial
        else:
            stems = _stems(s.text)
            scored = []
            for ref, ref_stems in own:
                if ref.sentence.start == s.start:
                    continue
                scored.append((len(stems & ref_stems), -ref.sentence.start, ref))
            if not scored:
                continue
            best = max(scored, key=lambda x: (x[0], x[1]))
            if best[0] < 1:
                continue
            counter = best[2]
        cites = (denial.citation(),) if counter is denial else (denial.citation(), counter.citation())
        out.append(Disagreement(kind, f"{'Denied' if kind == 'denial' else 'Disputed'}: {s.text.strip()}",
                                (article.id,), (), cites))
    return out


def own_disagreements(article: Article, analysis: Analysis, *, memo: SentenceMemo | None = None
                      ) -> tuple[Disagreement, ...]:
    """What one article shows on its own: its denials against its own confirming sentences
    (`claim_disagreements`) and its headline against its body (`headline_body_disagreements`). Neither reads the
    rest of the story."""
    memo = SentenceMemo() if memo is None else memo
    refs = [SentenceRef(article.id, s) for s in analysis.sentences if memo.confirming(s.text)]
    return tuple(claim_disagreements(article, analysis, refs, memo=memo)
                 + headline_body_disagreements(article, analysis))


def _entity_of(phrase: str, keys: Mapping[str, str]) -> str:
    p = re.sub(r"^the\s+", "", phrase.strip(), flags=re.I).lower().rstrip(".,;:'’")
    return keys.get(p, p)


def headline_body_disagreements(article: Article, analysis: Analysis) -> list[Disagreement]:
    """A headline that says "from A to B" while the body says "from B to A"."""
    heads = [s for s in analysis.sentences if s.kind == "headline"]
    if not heads and article.title:
        i = article.text.find(article.title)
        if i >= 0:
            heads = [Sentence(-1, i, i + len(article.title), article.title, "headline")]
    keys = _mention_keys(analysis, 0, len(article.text))
    out = []
    for h in heads:
        for hm in FROM_TO.finditer(h.text):
            a, b = _entity_of(hm.group(1), keys), _entity_of(hm.group(2), keys)
            if a == b:
                continue
            for s in analysis.sentences:
                if s.kind == "headline" or s.text == h.text:
                    continue
                for bm in FROM_TO.finditer(s.text):
                    if (_entity_of(bm.group(1), keys), _entity_of(bm.group(2), keys)) == (b, a):
                        out.append(Disagreement(
                            "title_body_conflict",
                            f"The headline says from {hm.group(1)} to {hm.group(2)}; the body says from "
                            f"{bm.group(1)} to {bm.group(2)}.",
                            (article.id,), (), (SentenceRef(article.id, h).citation(),
                                                SentenceRef(article.id, s).citation())))
                        break
                else:
                    continue
                break
    return out[:1]


# --- across outlets: a denial against the report it denies, and numbers that cannot both be true -------------------

# Denials of a reported fact: "denied that/having/ever/the claims", "refuted", and a speaker's own negated receipt
# or knowledge ("said it never received the memo"). "Dismissed the case", "rejected the offer" are decisions, and a
# bare negation ("have not seen this virus before") is no denial, so neither counts here.
CLAIM_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing))\s+(?:that|having|ever|any|it|they|he|she|the\s+(?:claims?|"
    r"reports?|allegations?|accusations?)|claims?|reports?|allegations?|accusations?|wrongdoing|knowledge|"
    r"receiv\w*|being|responsibility)\b|"
    r"\b(?:den(?:y|ies|ied)|refuted)\s*[.,;]|"
    r"\b(?:said|says|say|maintain(?:s|ed)?|insist(?:s|ed)?|repeat(?:s|ed)?|added|stated|told\s+\w+)\s+(?:that\s+)?"
    r"(?:it|he|she|they|the\s+\w+)\s+(?:had\s+|has\s+|have\s+|did\s+)?(?:never|not|n't)\s+(?:ever\s+)?"
    r"(?:received?|got|gotten|known|knew|seen|saw|been\s+(?:told|warned|informed)|ordered|authori[sz]ed|approved|"
    r"signed|paid)\b", re.I)
# Dismissing a reported claim: "dismissed speculation that", "mocked a recent US claim", "denied market talk that".
# The object must name a claim; "rejected a proposal", "mocked him", "denied access" are decisions, insults, refusals.
DISMISSED_CLAIM = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?|dismiss(?:es|ed|ing)?|"
    r"reject(?:s|ed|ing)?|mock(?:s|ed|ing)?|ridicul(?:es|ed|ing)|derid(?:e|es|ed|ing)|scoff(?:s|ed|ing)?\s+at|"
    r"brush(?:es|ed|ing)?\s+off)\s+(?:[\w.'’-]+\s+){0,3}?(?:claims?|reports?|allegations?|accusations?|"
    r"suggestions?|speculation|rumou?rs?|talk|charges?|assertions?)\b", re.I)
# "claims that are so readily refuted", "was denied access": a passive verb names no one denying a claim.
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|got|gets)\s+(?:(?:so|not|never|also|\w+ly)\s+){0,2}$", re.I)
# No claim is denied in a question, a request to confirm or deny, or a refusal to comment.
_NO_DENIAL = re.compile(r"\bconfirm\s+or\s+deny\b|\bneither\s+confirm\w*\s+nor\s+den\w*|"
                        r"\bdeclin\w+ to comment\b|\?\s*(?:['’\"]+|''|-RRB-)?\s*$", re.I)


# Letters every match of CLAIM_DENIAL or DISMISSED_CLAIM contains (a denial verb, or a verb of saying and a
# negation), searched in the lower-cased text: a plain scan that rules out almost every sentence of a story before
# the two patterns run (they were most of the cost of the text disagreements). Only for ASCII text, where
# IGNORECASE matching is exactly lower-case matching.
_DENIAL_LETTERS = re.compile(r"den|refut|rebut|dismiss|reject|mock|ridicul|derid|scoff|brush")
_SAYING_LETTERS = re.compile(r"sa(?:id|y)|maintain|insist|repeat|added|stated|told")
_NEGATION_LETTERS = re.compile(r"n(?:ot|ever|'t)")


def _may_deny(text: str) -> bool:
    """False only when `text` cannot match CLAIM_DENIAL or DISMISSED_CLAIM (`_DENIAL_LETTERS`)."""
    if not text.isascii():
        return True
    low = text.lower()
    return bool(_DENIAL_LETTERS.search(low) or _SAYING_LETTERS.search(low) and _NEGATION_LETTERS.search(low))


def claim_denial(text: str) -> re.Match | None:
    """The first phrase of `text` in which someone denies or dismisses a reported claim (None when there is none):
    "denied that …", "denies ever receiving …", "dismissed speculation that …", "mocked a US claim that …"."""
    if not _may_deny(text):
        return None
    # the denial first and the exceptions only then: almost no sentence denies anything, so the exceptions'
    # scan (a third of the cost) is spared for almost all of them
    for pattern in (CLAIM_DENIAL, DISMISSED_CLAIM):
        for m in pattern.finditer(text):
            if not _PASSIVE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                return None if _NO_DENIAL.search(text) else m
    return None


# A negated fact is no report of it ("Kestrel never received any memo" is the denial, quoted).
_NEGATED_FACT = re.compile(r"\b(?:never|not|n't)\s+(?:ever\s+)?(?:received?|got|gotten|known|knew|been\s+(?:told|"
                           r"warned|informed)|ordered|authori[sz]ed|approved|signed|paid)\b", re.I)
PROPOSITION_WORDS = 14  # the denied proposition: this many words after the denial (before it for "…, which X denies")
# Sentences that report no claim at all: no comment, a question.
_NO_CLAIM = re.compile(r"\b(?:declin\w+|refus\w+|did not|didn't)\s+(?:to\s+)?(?:comment|answer|respond|reply)|\?\s*$",
                       re.I)
# "from 2,000 to 3,000", "rose to": one source reporting a change, not a second figure for the same thing
# (a verb of change only before what it changed to or by: "climbed into the lifeboats" reports no change)
_CHANGE = re.compile(r"\b(?:(?:rose|risen|rising|climbed|increased|jumped|fell|fallen|dropped)\s+(?:[a-z]+\s+)?"
                     r"(?:to|by|from|above|below|past|over|\d)\b|up from|down from|"
                     r"revised|updated|raised|lowered|initial|initially|originally|previously|earlier estimate)\b|"
                     r"\d[\d,.]*\s*(?:to|-|–|and|or)\s*(?:about\s+)?\d", re.I)
_CONVERSION = re.compile(r"(?:\(|-LRB-|\[)\s*(?:about\s+|around\s+)?$", re.I)
_SQUARE = re.compile(r"\b(?:sq|square)\.?\s+\w+$", re.I)
_RATE = re.compile(r"\b(?:a|per|each|every)\s+(?:day|week|month|year|hour)\b|\bdaily\b|\bannual(?:ly)?\b", re.I)
# Nouns that count the same thing: people under any of their news names.
PEOPLE_UNITS = frozenset("people persons residents villagers evacuees inhabitants citizens civilians individuals "
                         "locals".split())
_APPROX_WORDS = re.compile(r"^(?:about|around|roughly|approximately|nearly|almost|some|an estimated|estimated)\b",
                           re.I)
_AT_LEAST = re.compile(r"^(?:more than|at least|over|just over|upwards of)\b", re.I)
_AT_MOST = re.compile(r"^(?:fewer than|less than|at most|up to|under|just under|as many as)\b", re.I)
# A figure followed by a time zone or clock word is a time stamp ("Friday 1 May 2009 21.14 BST People cross …").
_CLOCK_AFTER = re.compile(r"\s*(?:GMT|BST|UTC|CET|CEST|[ECMP][SD]T|ET|PT|a\.?m\b|p\.?m\b|hrs\b|local time)", re.I)
# Words near a figure that say how sure it is. A suspected or estimated count and a confirmed one are different
# counts ("26 confirmed deaths", "101 suspected deaths"), as are a forecast and a tally ("will cost").
TENTATIVE_WORDS = frozenset("""suspected suspect probable probably possible possibly feared estimated estimate estimates
estimating projected predicted expected forecast forecasts could might would will likely unconfirmed thought believed
potential potentially""".split())
CONFIRMED_WORDS = frozenset("confirmed confirm confirms known verified laboratory lab-confirmed".split())
STATUS_BEFORE, STATUS_AFTER = 6, 6
APPROX_TOLERANCE = 0.15  # "about 4,200" still agrees with 3,700 and 4,800
MIN_COUNT = 20.0  # small counts ("two ministers") are rarely disputed figures and often different things
CONTEXT_BEFORE, CONTEXT_AFTER = 4, 8  # words around a figure that say what it counts
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
_LOW = frozenset("""the and that with from have has had was were been for its his her their they this said says
which who would will about after also into than then them when where while there not are but all out more some
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today yesterday week month year""".split())


@dataclass(frozen=True)
class CountClaim:
    """One sentence's figure for a kind of thing: the interval it allows, its unit class, the words around it."""

    ref: SentenceRef
    text: str
    unit: str
    low: float
    high: float
    rate: bool  # "a day", "per year": a rate is never compared with a total
    context: frozenset[str]
    status: str = "plain"  # "tentative" (suspected, estimated, will cost), "confirmed" (confirmed, known) or "plain"
    day: int | None = None  # the day the figure is for: the sentence's own date, else the publication day
    tally: str | None = None  # what happened to the people counted ("death", "arrest", …; `tally_of`)
    speaker: frozenset[str] = frozenset()  # who gives the figure (`attribution.speaker`), empty when no one is named
    rejected: tuple[float, ...] = ()  # values the sentence rejects for it ("seven people, not six" → 6)
    anaphor: bool = False  # the figure restates one named just before ("put the figure at 6%")
    places: frozenset[str] = frozenset()  # the places its sentence names (entity keys)
    value: float = 0.0  # the figure itself
    definite: bool = False  # it is the value of a known quantity ("the wage increase was 6 per cent")
    role: str | None = None  # what was done with the amount ("release", "recovery", "demand"; `amount_role`)
    role_word: str | None = None  # the word that says it ("leaked", "cost", "loss")
    running: bool = False  # an amount so far ("has cost $1bn to date"): no more than the total
    projected: bool = False  # an estimate of a final amount ("estimates for the total cost start at $5.3bn")
    contests: bool = False  # its sentence sets it against another figure ("three times the estimate")

    @property
    def small(self) -> bool:
        """A count under MIN_COUNT, or a percentage: only a tally of people (a death toll, arrests) or a figure
        two named speakers of one article give for the same thing is worth comparing."""
        return self.unit == "percent" or self.high < MIN_COUNT


@functools.lru_cache(maxsize=1 << 16)
def light_stem(word: str) -> str:
    """Lower-case and strip one inflection suffix ("warning", "warned" → "warn"), keeping at least 4 letters.
    Cached (a pure function of a word): a big story stems millions of words from a vocabulary of thousands."""
    w = word.lower()
    stem = _SUFFIX.sub("", w)
    return stem if len(stem) >= 4 else w


@functools.lru_cache(maxsize=1 << 16)
def _content_stem(word: str) -> str | None:
    """`light_stem` of a content word, None for a word in `_LOW`. Cached for the reason `light_stem` is (a pure
    function of a word, so a cache can never be stale), and so that `content_words` maps it over a sentence's
    words in C: a Python generator per word was most of the cost of the story's word sets."""
    return None if word.lower() in _LOW else light_stem(word)


def _content_stems(words: Sequence[str]) -> frozenset[str]:
    stems = frozenset(map(_content_stem, words))
    return stems - {None} if None in stems else stems


def _words_after_dateline(text: str) -> list[str]:
    return _WORD.findall(text[dateline_end(text):])


def content_words(text: str) -> frozenset[str]:
    """Light stems of a sentence's content words, after its lead dateline ("BRANNOCK, Jan 21 (Northline) -")."""
    return _content_stems(_words_after_dateline(text))


def predicate_words(text: str) -> frozenset[str]:
    """Light stems of the lower-case content words of a sentence: what it says happened, not whom it names."""
    return _content_stems([w for w in _words_after_dateline(text) if w[0].islower()])


class SentenceMemo:
    """`content_words` and `claim_denial` of sentence texts, each worked out once per story: the claim, denial
    and figure passes all ask for them, sentence by sentence, on the same texts. Make one per story (or let each
    pass make its own)."""

    def __init__(self) -> None:
        self._tokens: dict[str, list[str]] = {}  # a sentence's words after its lead dateline
        self._words: dict[str, frozenset[str]] = {}
        self._predicates: dict[str, frozenset[str]] = {}
        self._denials: dict[str, re.Match | None] = {}
        self._comments: dict[str, int] = {}
        self._claims: dict[str, tuple] = {}  # per article, its figures (`article_claims`) and what they read
        self._confirming: dict[str, bool] = {}
        self._own: dict[str, tuple] = {}  # per article, its `own_disagreements` and what they read
        self._story_idf: dict[str, list[list]] = {}  # per pass, the last stories' word weights (`story_idf`)
        self._article_facts: dict[str, dict[str, tuple]] = {}  # per kind, per article (`per_article`)
        self._kept_pairs: dict[str, list[tuple]] = {}  # per pass, the last stories' tested pairs (`kept_pairs`)

    def __len__(self) -> int:
        """How many facts it holds (a long-lived process starts a new memo when it holds too many)."""
        return (len(self._tokens) + len(self._words) + len(self._predicates) + len(self._denials)
                + len(self._comments) + len(self._claims) + len(self._confirming) + len(self._own)
                + sum(len(entry[1]) for kept in self._story_idf.values() for entry in kept)
                + sum(len(table) for table in self._article_facts.values())
                + sum(len(pairs) + len(seen) for kept in self._kept_pairs.values() for seen, pairs in kept))

    def kept_pairs(self, kind: str, members: Sequence[StoryArticle]) -> tuple[frozenset[str], frozenset]:
        """The pairs a pass kept (`keep_pairs`) for the last story of this pass whose members are all still
        members, with the very same analyses, equal texts, sources and days, and the ids of those members; empty
        when there is none. Pairs between kept members need no testing again."""
        current = {m.article.id: m for m in members}
        for seen, pairs in self._kept_pairs.get(kind, []):
            if len(seen) <= len(current) and all(
                    (m := current.get(aid)) is not None and m.analysis is analysis
                    and (m.article.text, m.source, m.day) == (text, source, day)
                    for aid, (analysis, text, source, day) in seen.items()):
                return frozenset(seen), pairs
        return frozenset(), frozenset()

    def keep_pairs(self, kind: str, members: Sequence[StoryArticle], pairs: Collection) -> None:
        """Keep a pass's pairs between `members` (the last STORY_IDF_KEPT stories' of this pass)."""
        kept = self._kept_pairs.setdefault(kind, [])
        seen = {m.article.id: (m.analysis, m.article.text, m.source, m.day) for m in members}
        kept[:] = [k for k in kept if not set(k[0]) <= set(seen)]  # (an earlier state of this story: replaced)
        kept.append((seen, frozenset(pairs)))
        if len(kept) > STORY_IDF_KEPT:
            kept.pop(0)

    def per_article(self, kind: str, member: StoryArticle, compute: Callable[[], tuple]) -> tuple:
        """What `compute` gives for one member's article (a pass's facts of `kind`, read from its text, title and
        analysis only), kept per article like `article_claims`: a story's passes ask for every member's at every
        add, and a long-lived process works out only the new articles'."""
        return self._per_article(self._article_facts.setdefault(kind, {}), member.article, member.analysis, None,
                                 compute)

    def story_idf(self, kind: str, members: Sequence[StoryArticle],
                  docs_of: Callable[[StoryArticle], list[frozenset[str]]]) -> dict[str, float]:
        """`_idf` of the members' documents (`docs_of(member)`: the word sets of its sentences that a pass reads),
        kept per pass (`kind`) for the last few stories. When the members are those of a kept story plus new
        ones (the same articles with the very same analyses and equal texts), only the new members' documents
        are counted: sentence frequencies add up, so the weights are the ones counting them all gives. A big
        story's passes counted ~45,000 sentences at every add."""
        current = {m.article.id: m for m in members}
        kept = self._story_idf.setdefault(kind, [])
        for k, entry in enumerate(kept):
            seen, df, n, idf = entry
            if len(seen) > len(current) or not all(
                    (m := current.get(aid)) is not None and m.analysis is analysis and m.article.text == text
                    for aid, (analysis, text) in seen.items()):
                continue
            if len(seen) < len(current):
                new = [d for m in members if m.article.id not in seen for d in docs_of(m)]
                df.update(chain.from_iterable(new))  # (the kept counts are this story's alone: updated in place)
                n += len(new)
                seen.update({m.article.id: (m.analysis, m.article.text) for m in members if m.article.id not in seen})
                idf = _weights(df, n)
                kept[k] = [seen, df, n, idf]
            kept.append(kept.pop(k))  # the most recently used last
            return idf
        docs = [d for m in members for d in docs_of(m)]
        df = Counter(chain.from_iterable(docs))
        idf = _weights(df, len(docs))
        kept.append([{m.article.id: (m.analysis, m.article.text) for m in members}, df, len(docs), idf])
        if len(kept) > STORY_IDF_KEPT:
            kept.pop(0)
        return idf

    def own_disagreements(self, article: Article, analysis: Analysis) -> tuple[Disagreement, ...]:
        """`own_disagreements(article, analysis)`, kept per article with everything it reads (its id, title and
        text, its analysis's sentences and mentions): a story's passes ask for every member's at every add."""
        return self._per_article(self._own, article, analysis, None,
                                 lambda: own_disagreements(article, analysis, memo=self))

    def confirming(self, text: str) -> bool:
        got = self._confirming.get(text)
        if got is None:
            got = self._confirming[text] = confirming(text)
        return got

    def _per_article(self, table: dict, article: Article, analysis: Analysis, extra, compute: Callable[[], tuple]
                     ) -> tuple:
        """What `compute` gives for one article, kept under its id with what it read: the very same analysis
        object (a long-lived process hands back unchanged analyses as they were: comparing them by value, or
        hashing them, cost a quarter of a second per add in a big story), an equal text and title, and `extra`."""
        inputs = (article.text, article.title, extra)
        got = table.get(article.id)
        if got is not None and got[0] is analysis and got[1] == inputs:
            return got[2]
        value = compute()
        table[article.id] = (analysis, inputs, value)
        return value

    def article_claims(self, member: StoryArticle) -> tuple[CountClaim, ...]:
        """`article_claims(member)`, kept per article with everything it reads: its text, its analysis (sentences
        and time expressions; an undated article re-tagged against a new window is a new analysis) and its
        publication day. The figures pass reads every sentence with a digit of a story at every add; a long-lived
        process works out only the new articles'."""
        return self._per_article(self._claims, member.article, member.analysis, member.day,
                                 lambda: article_claims(member, memo=self))

    def comments_start(self, article_text: str) -> int:
        """`comments_start` of an article's text: a scan of the whole text, which three passes ask for."""
        at = self._comments.get(article_text)
        if at is None:
            at = self._comments[article_text] = comments_start(article_text)
        return at

    def _words_after_dateline(self, text: str) -> list[str]:
        tokens = self._tokens.get(text)
        if tokens is None:
            tokens = self._tokens[text] = _words_after_dateline(text)
        return tokens

    def predicate_words(self, text: str) -> frozenset[str]:
        """`predicate_words(text)`, from the words `content_words` found (the dateline and word scan once)."""
        words = self._predicates.get(text)
        if words is None:
            words = self._predicates[text] = _content_stems(
                [w for w in self._words_after_dateline(text) if w[0].islower()])
        return words

    def content_words(self, text: str) -> frozenset[str]:
        words = self._words.get(text)
        if words is None:
            words = self._words[text] = _content_stems(self._words_after_dateline(text))
        return words

    def claim_denial(self, text: str) -> re.Match | None:
        if text not in self._denials:
            self._denials[text] = claim_denial(text)
        return self._denials[text]


# Units two sources may give one amount in: (unit class, factor to the common unit). Simple conversions only.
UNIT_CONVERSIONS = {"acre": ("hectare", 0.404686), "cubic metre": ("litre", 1000.0), "cubic meter": ("litre", 1000.0),
                    "gallon": ("litre", 3.78541), "ton": ("tonne", 0.907185)}
CURRENCY_SIGNS = {"$": "dollar", "\u20ac": "euro", "\u00a3": "pound"}
# "forcing about 6,200 from their homes": a noun after a preposition is no unit of the figure before it
_UNIT_AFTER_PREPOSITION = re.compile(r"^\S+(?:\s+(?:hundred|thousand|million|billion))?\s+(?:from|to|in|at|on|into|"
                                     r"for|by|with|across)\b", re.I)
# "about a quarter of the harvest", "two-thirds of", "half of": a share in words (a percentage)
_FRACTION = re.compile(r"\b(?P<approx>(?:about|around|roughly|nearly|almost|some|more\s+than|less\s+than|"
                       r"at\s+least|over|under)\s+)?(?P<num>a|one|two|three)[\s-]+(?P<part>half|third|thirds|quarter|"
                       r"quarters|fifth|fifths|tenth|tenths)\s+of\b", re.I)
_FRACTION_PARTS = {"half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0,
                   "fifth": 20.0, "fifths": 20.0, "tenth": 10.0, "tenths": 10.0}


def fraction_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """Shares given in words ("about a quarter of", "two-thirds of") as percentages, which `find_quantities`
    does not read ("half of" alone is too often no figure: "the second half of")."""
    out = []
    for m in _FRACTION.finditer(text, start, end):
        count = 1.0 if m.group("num").lower() in ("a", "one") else float(("two", "three").index(m.group("num").lower()) + 2)
        if m.group("part").lower() == "half" and count != 1.0:
            continue
        text_of = text[m.start():m.end("part")]
        out.append(Quantity(text_of, count * _FRACTION_PARTS[m.group("part").lower()], "percent", m.start(),
                            m.end("part")))
    return out


def normalised_unit(quantity: Quantity, text: str) -> tuple[str | None, float]:
    """The unit a figure's amount is compared in and its value in it: a currency sign's currency ("€1.2 billion
    of damage to homes" is euros, not homes), conversions to one unit (acres to hectares, cubic metres to litres),
    and no unit for a noun after a preposition ("6,200 from their homes")."""
    value = quantity.value or 0.0
    sign = quantity.text.lstrip(" ~")[:1]
    approx = re.match(r"(?:[a-z]+\s+){0,2}?([$\u20ac\u00a3])", quantity.text, re.I)
    if sign in CURRENCY_SIGNS or approx:
        return CURRENCY_SIGNS[approx.group(1) if approx else sign], value
    unit = unit_class(quantity.unit)
    if unit is None:
        return None, value
    if unit in ("dollar", "euro", "pound"):
        return unit, value
    number = re.search(r"\d", quantity.text) or re.search(rf"\b(?:{_NUMBER_WORD.split('|', 1)[1]})\b", quantity.text, re.I)
    if number and _UNIT_AFTER_PREPOSITION.match(quantity.text[number.start():]):
        return None, value
    lowered = quantity.text.lower()
    for name, (common, factor) in UNIT_CONVERSIONS.items():
        if name.startswith("cubic"):
            if name in lowered:
                return common, value * factor
        elif unit == name:
            return common, value * factor
    return unit, value


def unit_class(unit: str | None) -> str | None:
    if not unit:
        return None
    u = unit.lower()
    if u in PEOPLE_UNITS:
        return "people"
    return u[:-1] if u.endswith("s") and len(u) > 3 else u


def count_interval(quantity_text: str, value: float) -> tuple[float, float]:
    """The values a reported figure allows: approximations widen it, "more than"/"up to" open one side."""
    t = quantity_text.strip()
    if _AT_LEAST.match(t):
        return value, math.inf
    if _AT_MOST.match(t):
        return 0.0, value
    tol = APPROX_TOLERANCE if _APPROX_WORDS.match(t) else 0.02
    return value * (1 - tol), value * (1 + tol)


def figure_status(before: str, after: str) -> str:
    """"tentative", "confirmed" or "plain" from the words just before and after a figure (a "may" is tentative only
    in lower case: "May" is the month; "would" after a verb of saying is reported speech's tense, "said workers
    would receive 7 per cent", not a conditional)."""
    all_before = re.findall(r"[\w-]+", before)
    near_before = all_before[-STATUS_BEFORE:]
    words = near_before + re.findall(r"[\w-]+", after)[:STATUS_AFTER]
    lowered = [w.lower() for w in words]
    if "would" in lowered[:len(near_before)]:
        at = len(all_before) - len(near_before) + lowered.index("would")  # where that "would" is in `before`
        if _SAYING_WORDS.intersection(w.lower() for w in all_before[max(0, at - 3):at]):
            lowered.remove("would")
    if TENTATIVE_WORDS.intersection(lowered) or "may" in words:
        return "tentative"
    return "confirmed" if CONFIRMED_WORDS.intersection(lowered) else "plain"


_SAYING_WORDS = frozenset("said says say told tells added stated insisted announced".split())
# What happened to the people a figure counts, from the words next to it: "Six people were killed", "killing six
# people", "14 people were arrested", "19 of its members had been detained". Tallies like these are the counts
# sources dispute even when they are small (a death toll of six or seven).
TALLY_WORDS = {
    "death": frozenset("kill killed killing kills dead die died dies dying death deaths fatalities fatality lives "
                       "perished drowned".split()),
    "injury": frozenset("injured injuring injuries wounded wounding hurt".split()),
    "arrest": frozenset("arrest arrested arresting arrests detained detaining detention detentions custody".split()),
    "missing": frozenset("missing unaccounted".split()),
    "rescue": frozenset("rescued rescuing saved".split()),
    "evacuation": frozenset("evacuated evacuating evacuation".split()),
}
_TALLY_OF = {w: t for t, words in TALLY_WORDS.items() for w in words}
TALLY_BEFORE, TALLY_AFTER = 3, 4  # words either side of a figure that say what happened to the people it counts
# Nouns for people that a tally may count (`unit_class` of them). The generic ones count the same people ("14
# people were arrested" / "19 of its members had been detained"); the others count only those ("11 soldiers").
COUNTED_AS_PEOPLE = frozenset({"people", "person", "member"})
PERSON_UNITS = COUNTED_AS_PEOPLE | frozenset("""worker victim protester demonstrator striker employee passenger
patient pupil student soldier troop officer policemen miner staff bodie dockworker child children adult citizen
civilian""".split())
_RAW_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_PREPOSITION_BEFORE = re.compile(r"\b(?:to|of|for|among|from|with|in|on|by|at|about|around|over)\s*$", re.I)
_TALLY_CLAUSE = re.compile(r"[,;:]|\s(?:and|but|while|whereas)\s", re.I)


def tally_of(before: str, after: str) -> str | None:
    """What happened to the people a figure counts (a `TALLY_WORDS` key), from the nearest tally word within
    TALLY_AFTER words after it or TALLY_BEFORE words before it (after first: "were killed"), else None."""
    # (within the figure's clause: "14 people were arrested and two officers were slightly injured")
    after = _TALLY_CLAUSE.split(after, 1)[0]
    before = _TALLY_CLAUSE.split(before)[-1]
    # after a preposition the people are no subject of the verb that follows ("a vaccine given to 40m people
    # killed 25"): only the words before them say what happened to them
    after_words = [] if _PREPOSITION_BEFORE.search(before) else \
        [w.lower() for w in _RAW_WORD.findall(after)[:TALLY_AFTER]]
    before_words = [w.lower() for w in _RAW_WORD.findall(before)[-TALLY_BEFORE:]][::-1]
    for k in range(max(len(after_words), len(before_words))):
        for words in (after_words, before_words):
            if k < len(words) and words[k] in _TALLY_OF:
                return _TALLY_OF[words[k]]
    return None


_NUMBER_WORD = r"\d[\d,]*(?:\.\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|" \
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)" \
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
# "seven people, not six", "19, rather than 14": the figure the sentence says is wrong.
_REJECTED_AFTER = re.compile(rf"^(?:\s+(?:[a-z]+\s+){{0,2}}?)?,?\s*(?:and\s+)?(?:not|rather\s+than|instead\s+of)\s+"
                             rf"(?P<num>{_NUMBER_WORD})\b", re.I)
# "put the death toll at six", "a death toll of 12", "the toll is seven": a count of the dead without a unit noun.
_TOLL = re.compile(rf"\b(?:death\s+)?toll\b(?:\s+[\w-]+){{0,2}}?\s+(?:at|of|is|was|stands\s+at|stood\s+at)\s+"
                   rf"(?P<num>{_NUMBER_WORD})\b(?!\s*(?:%|per\s*cent|percent))", re.I)
# "has put the figure at 6%", "the number we have given is six": the figure restates the one named just before.
_ANAPHOR_BEFORE = re.compile(r"\b(?:the|that|this|its|their)\s+(?:[\w-]+\s+)?(?:figure|number|toll|total|tally|count|"
                             r"estimate)\s+(?:[\w'’-]+\s+){0,4}$", re.I)
# (a digit, else a number word in the lower-cased text: one pattern with IGNORECASE was five times slower)
# "the wage increase was 6 per cent", "the death toll at six", "the cost of £4m": a figure given as the value of a
# quantity already known, which two speakers cannot both be right about (unlike "X claims $10m in damages").
_DEFINITE_BEFORE = re.compile(r"\b(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:was|is|were|are|at|of|would\s+be|"
                              r"will\s+be|stood\s+at|stands\s+at|totalled|totaled)\s+(?:about\s+|around\s+|some\s+)?$",
                              re.I)
_HAS_DIGIT = re.compile(r"\d")
_HAS_NUMBER_WORD = re.compile(rf"\b(?:{_NUMBER_WORD.split('|', 1)[1].replace('(?:one|', '(?:')}|thousand|hundred|dozen)\b")


def has_figure(text: str) -> bool:
    """Whether a sentence has a number in digits or words (a cheap test before `find_quantities`; not "one", in
    a third of all sentences: "one of the", "no one"), or a share in words ("a quarter of")."""
    return bool(_HAS_DIGIT.search(text) or _HAS_NUMBER_WORD.search(text.lower()) or _FRACTION.search(text))


# What a figure says was done with the amount it counts, from the verb or noun next to it: "8,000 litres leaked"
# and "5,500 litres recovered" are two amounts of one unit; "demanded $20m" and "asked for $8m" one. Two figures
# with different roles never count the same thing; one role shared is a shared word that matters.
AMOUNT_ROLES = {
    "release": "leak spill releas escap pour discharg gush dump seep",
    "recovery": "recover collect skim clean remov reclaim retriev",
    "capacity": "carry carri held hold contain stor aboard capacity",
    "demand": "demand ask sought seek request want ransom",
    "payment": "paid transferr transfer handed",  # (not "pay": "a pay rise")
    "damage": "damage cost loss",
    "cover": "cover buri bury under swamp inundat submerg",
    "harm": "affect hit shut disrupt target crippl",
    "cancel": "cancel postpon",
    "reschedule": "reschedul rebook",
    "lost": "lost lose destroy ruin wip",
    # a ceiling or what is at hand, not an amount spent or owed: "a $75 million cap on damages", "$1.5bn available"
    "limit": "cap capp limit ceiling maximum available",
}
_ROLE_OF = {stem: role for role, stems in AMOUNT_ROLES.items() for stem in stems.split()}
ROLE_BEFORE, ROLE_AFTER = 5, 6
_ROLE_CLAUSE = re.compile(r"[,;:()]|\s(?:and|but|while|whereas|which|who)\s", re.I)


_ROLE_SUFFIXES = ("", "s", "d", "ed", "es", "ing", "e", "age", "ages", "ion", "ions", "ation", "ations", "led",
                  "ling", "al", "y", "ment", "med", "ting")


def _role_of_word(word: str) -> str | None:
    """The role of a word that is a role stem plus an inflection ("leaked", "spillage"; not "storm" for "stor")."""
    w = word.lower()
    for suffix in _ROLE_SUFFIXES:
        if w.endswith(suffix):
            role = _ROLE_OF.get(w[:len(w) - len(suffix)] if suffix else w)
            if role is not None:
                return role
    return None


# "85 % of the leaking oil", "a fifth of the oil spilled": the words of the whole a share is taken of
_OF_PHRASE = re.compile(r"^\s*(?:%|per\s*cent|percent)?\s*of\b", re.I)


def amount_role_word(before: str, after: str, *, unit: str | None = None) -> tuple[str | None, str | None]:
    """What was done with the amount a figure counts (an `AMOUNT_ROLES` key) and the word that says it, from the
    nearest role word within ROLE_AFTER words after it or ROLE_BEFORE before it, in its clause; (None, None) when
    no word says. Not a role: the figure's own unit ("three leaks"), a word of a name ("the Oil Spill Liability
    Trust Fund") and, for a share (`unit` "percent"), the words of the whole it is a share of ("85 % of the
    leaking oil": the oil leaked, the 85 % is what is collected)."""
    after_text = _ROLE_CLAUSE.split(after, 1)[0]
    if unit == "percent" and _OF_PHRASE.match(after_text):
        after_text = ""
    after_words = _RAW_WORD.findall(after_text)[:ROLE_AFTER]
    before_clause = _ROLE_CLAUSE.split(before)[-1]
    before_words = _RAW_WORD.findall(before_clause)[-ROLE_BEFORE:][::-1]
    first_word = (_RAW_WORD.findall(before_clause.strip()) or [None])[0] if not before_clause[:1].isspace() else None
    base = unit.split(":")[0].lower() if unit else None
    for k in range(max(len(after_words), len(before_words))):
        for words in (after_words, before_words):
            if k < len(words):
                word = words[k]
                if base and base[:4] == word.lower()[:4]:
                    continue  # the unit itself: "three leaks" counts leaks, it says nothing done with them
                if word[:1].isupper() and not (words is before_words and word == first_word):
                    continue  # a name's word ("the Oil Spill Liability Trust Fund")
                role = _role_of_word(word)
                if role is not None:
                    return role, word.lower()
    return None, None


def amount_role(before: str, after: str, *, unit: str | None = None) -> str | None:
    """The role of `amount_role_word` alone."""
    return amount_role_word(before, after, unit=unit)[0]


def number_value(text: str) -> float | None:
    """The value of a number in digits ("1,200") or words ("seven", "twenty-one")."""
    from dateline.extract.numbers import WORD_NUMBERS

    t = text.lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    parts = t.split("-")
    if all(p in WORD_NUMBERS for p in parts):
        return float(sum(WORD_NUMBERS[p] for p in parts))
    return None


def count_claims(ref: SentenceRef, text: str, quantities: Sequence[Quantity], *, day: int | None = None,
                 quote_speaker: str | None = None, places: frozenset[str] = frozenset()) -> list[CountClaim]:
    """The figures of one sentence that another source's can contradict: not changes or ranges, not time stamps,
    and only a unit the sentence counts once (two figures of one unit are two different things). Small counts and
    percentages are kept, marked `small` (only some comparisons use them). A count of people next to a tally word
    gets the tally in its unit ("people:death"), and a death toll without a unit noun ("put the death toll at
    six") is a count of people too. `day`: the day the sentence's figures are for (its own date, else the
    publication day); `quote_speaker`: who the analysis says the sentence quotes; `places`: the places it names."""
    sentence = ref.sentence
    tolls = "toll" in sentence.text.lower()
    if not quantities and not tolls or _CHANGE.search(sentence.text):
        return []
    normalised = [normalised_unit(q, text) for q in quantities]
    units = [u for u, _ in normalised]
    who: frozenset[str] = frozenset()
    not_context: set[str] = set()
    out = []
    for q, (unit, value) in zip(quantities, normalised):
        if unit is None or q.value is None or q.value <= 0 or units.count(unit) > 1:
            continue
        if not not_context:  # (worked out for a sentence with a figure only)
            who = speaker(sentence.text, quote_speaker)
            # who gives a figure is not what it counts: the speaker's words, roles and "according" ("accord")
            # leave its context
            not_context = {light_stem(w) for w in who} | _ROLE_STEMS | {"accord"}
        if _CONVERSION.search(text, max(sentence.start, q.start - 8), q.start):
            continue  # "40 miles (64 km)": the same figure in other units
        if _PART_OF.match(q.text):
            continue  # "one of the three leaks": a part, not a count of leaks
        if _CONDITION_BEFORE.search(text, sentence.start, q.start):
            continue  # "undervalued unless the final cost reaches $40bn": a supposed amount, no one's figure
        number = re.match(r"\D*[\d.,]+", q.text)
        if number and _CLOCK_AFTER.match(text, q.start + number.end(), sentence.end):
            continue  # "21.14 BST": a time stamp
        if _SQUARE.search(text, max(sentence.start, q.start - 1), q.end):
            unit = "square " + unit
        head, tail = text[sentence.start:q.start], text[q.end:sentence.end]
        tally = None
        if unit in PERSON_UNITS or unit == "people":
            tally = tally_of(head, tail)
            if tally is not None:
                # people, residents, members: one count of people; soldiers, officers: a count of those only
                unit = ("people" if unit in COUNTED_AS_PEOPLE else unit) + ":" + tally
        out.append(_claim(ref, q.text, unit, value, count_interval(q.text, value), head, tail, day, tally, who,
                          not_context, places))
    if tolls and not any(c.unit == "people:death" for c in out):
        if not not_context:
            who = speaker(sentence.text, quote_speaker)
            not_context = {light_stem(w) for w in who} | _ROLE_STEMS | {"accord"}
        for m in _TOLL.finditer(sentence.text):
            value = number_value(m.group("num"))
            if value:
                head, tail = sentence.text[:m.start("num")], sentence.text[m.end("num"):]
                out.append(_claim(ref, m.group(0), "people:death", value, (value * 0.98, value * 1.02), head, tail,
                                  day, "death", who, not_context, places))
                break
    return out


_ROLE_STEMS = frozenset(map(light_stem, ROLE_WORDS))


def _claim(ref: SentenceRef, text: str, unit: str, value: float, interval: tuple[float, float], head: str,
           tail: str, day: int | None, tally: str | None, who: frozenset[str], not_context: set[str],
           places: frozenset[str]) -> CountClaim:
    before = _WORD.findall(head)[-CONTEXT_BEFORE:]
    after = _WORD.findall(tail)[:CONTEXT_AFTER]
    context = frozenset(light_stem(w) for w in before + after if w.lower() not in _LOW) - not_context
    rejected = _REJECTED_AFTER.match(tail)
    rejected_value = number_value(rejected.group("num")) if rejected else None
    return CountClaim(ref, text, unit, interval[0], interval[1], bool(_RATE.search(tail[:40])), context,
                      figure_status(head, text + tail), day, tally, who,
                      (rejected_value,) if rejected_value is not None else (),
                      bool(_ANAPHOR_BEFORE.search(head[-60:])), places, value,
                      bool(_DEFINITE_BEFORE.search(head[-60:])), *amount_role_word(
                          head, re.sub(r"^\D*[\d.,]+", "", text) + tail, unit=unit),
                      contests=bool(_CONTESTS.search(head + text + tail)),
                      running=bool(_RUNNING.search(head + text + tail)),
                      projected=bool(_PROJECTED.search(head + text + tail)))


# "unless the final cost of the liability reaches", "if the bill tops": the figure after it is supposed, not given
_CONDITION_BEFORE = re.compile(r"\b(?:unless|if)\s+[^,;:()]{0,60}?\b(?:reach\w*|top\w*|exceed\w*|hit|hits|rises?\s+to|"
                               r"climbs?\s+to|goes\s+(?:above|over)|passe?s?)\s+(?:\w+\s+){0,2}$", re.I)
# "the $1bn cost, to date, of the clean-up", "has spent $80m so far": an amount that is still growing
_RUNNING = re.compile(r"\b(?:so far|to date|thus far|until now|up to now|as yet|as of (?:yesterday|today|now|\w+day))\b",
                      re.I)
# "estimates for the total cost start at", "the final bill could reach": what an amount will come to, not what it is
_PROJECTED = re.compile(r"\b(?:total|final|eventual|ultimate|overall)\s+(?:\w+\s+)?(?:cost|bill|damages?|loss|losses|"
                        r"liabilit\w*|price\s+tag)\b|\b(?:could|would|will|may|might)\s+(?:eventually\s+|ultimately\s+)?"
                        r"(?:cost|reach|top|exceed)\b", re.I)
# "one of the three leaks", "two of its four reactors", "one of 12 wells": a part of a whole, no count of it
_PART_OF = re.compile(r"^\s*(?:one|two|three|four|five|six|seven|eight|nine|ten|\d[\d,.]*)\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?"
                      r"(?:\w+\s+)?(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
                      r"\w+ty|hundred|thousand|million|billion)\b)", re.I)


# "nearly three times the estimate given by", "many more than the first official counts suggested", "rejected the
# figure": a later figure that says an earlier one was wrong, not an update of it
_CONTESTS = re.compile(r"\b(?:times|than|rejected|disputed|contradict\w*)\s+(?:the\s+|an?\s+|its\s+|their\s+)?"
                       r"(?:[\w'’-]+\s+){0,3}?(?:estimates?|figures?|counts?|numbers?|totals?|tally)\b", re.I)


def _idf(docs: Sequence[frozenset[str]]) -> dict[str, float]:
    df = Counter(chain.from_iterable(docs))  # in C, and in the same (first-seen) order as a loop over the docs
    return _weights(df, len(docs))


def _weights(df: Mapping[str, int], n: int) -> dict[str, float]:
    # smoothed (as sklearn's): a word every sentence has still weighs 1, so tiny stories compare word counts
    return {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}


def _overlap(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """Share of a's weight that b repeats (rare words count most)."""
    total = sum(idf.get(w, 0.0) for w in a)
    return sum(idf.get(w, 0.0) for w in a & b) / total if total else 0.0


@dataclass(frozen=True)
class StoryArticle:
    """What the cross-outlet checks need of one original article of a story."""

    article: Article
    analysis: Analysis
    source: str  # dedupe.source_key: copies of one wire story share it
    outlet: str  # the name to show
    day: int | None  # publication day ordinal when known
    copies: tuple[str, ...] = ()  # ids of the article's copies (they carry the same sentences)


STORY_IDF_KEPT = 8  # stories whose word weights a memo keeps per pass (`SentenceMemo.story_idf`)
MIN_DENIAL_OVERLAP = 0.3  # share of the denial's rare-word weight that the report repeats
MIN_SHARED_WORDS = 3
MIN_COUNT_CONTEXT = 0.5  # share of the smaller figure context's rare-word weight that the other repeats
MAX_CITED_DENIALS = 3


def _ids(*members: StoryArticle) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for m in members for i in (m.article.id, *m.copies)))


def denied_words(text: str, denial: re.Match) -> frozenset[str]:
    """The content words of what a denial denies: its clause after the denial verb ("denied that it had ever
    received a warning about cracks", up to the next comma once it has a few words), or the clause before it when
    the denial ends the sentence ("…, which BP denies.")."""
    verb_start = denial.start() + denial.group(0).rstrip(" .,;").rfind(" ") + 1  # keep "received" of "never received"
    after = text[verb_start if _NEGATED_FACT.search(denial.group(0)) else denial.end():]
    words = _clause_words(after)
    if len(words) < 3:
        before = text[dateline_end(text):denial.start()]
        words = _clause_words(before.split(",")[-2] if before.count(",") >= 2 else before)[-PROPOSITION_WORDS:]
    return content_words(" ".join(words))


# Where the denied clause ends: punctuation, or a conjunction that adds the context of the denial ("denied that it
# was in talks, after a congressman told reporters …", "… when asked", "because …").
_CLAUSE_END = re.compile(r"[,;:]|\s(?:after|when|because|following|while|since|as|but|although|though)\s", re.I)


def _clause_words(text: str) -> list[str]:
    out: list[str] = []
    for part in _CLAUSE_END.split(text):
        out += _WORD.findall(part)
        if len(out) >= 3:
            break
    return out[:PROPOSITION_WORDS]


def denial_vs_reports(members: Sequence[StoryArticle], *, memo: SentenceMemo | None = None) -> list[Disagreement]:
    """Sources denying what another source reported earlier: the report and its denials, all cited.

    The report is the other-outlet sentence, published no later than the denial, that repeats most of the
    denial's rare words; a sentence that itself denies, or reports no claim ("declined to comment"), never is.
    One disagreement per report: every article denying it is listed (its copies too).
    """
    memo = SentenceMemo() if memo is None else memo  # (not `memo or`: an empty memo is falsy, and would not be shared)
    if not any(memo.claim_denial(s.text) for m in members for s in m.analysis.sentences if s.kind != "headline"):
        return []  # most stories deny nothing: skip the word index
    comments = {m.article.id: memo.comments_start(m.article.text) for m in members}
    sents = [(m, s, memo.content_words(s.text)) for m in members for s in m.analysis.sentences
             if s.kind != "headline" and s.start < comments[m.article.id]]
    idf = memo.story_idf("denials", members, lambda m: [
        memo.content_words(s.text) for s in m.analysis.sentences
        if s.kind != "headline" and s.start < comments[m.article.id]])  # (the words of `sents`, per member)
    # The denials and their denied words first, so that the word index holds only the words a denial looks up
    # (a story's denials name a few dozen words; indexing every word of every sentence was most of this pass).
    denials = [(m, s, found, denied_words(s.text, found)) for m, s, _ in sents
               if (found := memo.claim_denial(s.text))]
    wanted = frozenset().union(*(words for _, _, _, words in denials))
    index: dict[str, list[int]] = {}
    for i, (_, _, words) in enumerate(sents):
        for w in words & wanted:
            index.setdefault(w, []).append(i)
    reports: dict[tuple[str, int], tuple[StoryArticle, Sentence, list[tuple[float, StoryArticle, Sentence]]]] = {}
    # Per sentence, worked out the first time a denial reaches it: whether it can be a report at all, and its
    # predicate words. A big story's denials share most of their candidates, and these regexes and word sets were
    # re-done for every (denial, candidate) pair.
    reportable: dict[int, bool] = {}
    predicates: dict[int, frozenset[str]] = {}
    for m, s, found, words in denials:
        predicate = words & memo.predicate_words(s.text)
        # The sentences sharing at least MIN_SHARED_WORDS of the denial's words, counted through the index (in C:
        # the index holds every word a denial has, so a sentence's count is the size of what it shares with
        # this one; a big story's denials have thousands of candidates sharing a word or two).
        shares = Counter(chain.from_iterable(index.get(w, ()) for w in words))
        best = None
        for i in sorted(i for i, n in shares.items() if n >= MIN_SHARED_WORDS):
            m2, s2, words2 = sents[i]
            # The tests below only filter, so they run cheapest first: the day before the predicate words and
            # the four patterns of a report (worked out for the few candidates left).
            if m2.source == m.source:
                continue
            if m.day is not None and m2.day is not None and m2.day > m.day:
                continue  # a report published after the denial is not what was denied
            shared = words & words2
            pred2 = predicates.get(i)
            if pred2 is None:
                pred2 = predicates[i] = memo.predicate_words(s2.text)
            if not shared & pred2 or _overlap(predicate, words2, idf) < MIN_DENIAL_OVERLAP:
                continue  # sharing names and common words ("BP", "North Sea", "company") is sharing the topic
            ok = reportable.get(i)
            if ok is None:
                ok = reportable[i] = not (CLAIM_DENIAL.search(s2.text) or DENIAL.search(s2.text)
                                          or _NO_CLAIM.search(s2.text) or _NEGATED_FACT.search(s2.text))
            if not ok:
                continue
            score = _overlap(words, words2, idf)
            if best is None or score > best[0]:
                best = (score, m2, s2)
        if best is None or best[0] < MIN_DENIAL_OVERLAP:
            continue
        key = (best[1].article.id, best[2].start)
        reports.setdefault(key, (best[1], best[2], []))[2].append((best[0], m, s))
    out = []
    for (report_art, report_sent, denials) in reports.values():
        denials.sort(key=lambda x: (-x[0], x[1].article.id, x[2].start))
        cited = [SentenceRef(m.article.id, s).citation() for _, m, s in denials[:MAX_CITED_DENIALS]]
        first = denials[0][2].text.strip()
        out.append(Disagreement(
            "denial", f"Denied: {first} (reported by {report_art.outlet or 'another source'})",
            _ids(report_art, *[m for _, m, _ in denials]), (),
            (SentenceRef(report_art.article.id, report_sent).citation(), *cited)))
    return sorted(out, key=lambda d: d.article_ids)


def sentence_day(timexes: Sequence[TimeExpr], sentence: Sentence, pub_day: int | None) -> int | None:
    """The day a sentence reports on: its one day-precise date ("April 25 - the Coast Guard says …") when it
    names exactly one day, else the publication day."""
    # (dates only: a bare clock time, "as of 1700 BST on 15 June", takes its day from the publication day)
    days = {t.window.earliest.toordinal() for t in timexes
            if sentence.start <= t.start < sentence.end and t.type == "DATE" and t.window is not None
            and t.window.granularity == "day" and t.window.earliest == t.window.latest}
    return days.pop() if len(days) == 1 else pub_day


PAST_FIGURE_DAYS = 365  # a sentence naming a year or month that ended this long before publication


def _about_the_past(timexes: Sequence[TimeExpr], sentence: Sentence, pub_day: int | None) -> bool:
    """Whether a sentence's figures belong to another time: it names a year or a month that ended more than
    PAST_FIGURE_DAYS before its article was published ("in 1976", "the 2003 SARS outbreak")."""
    if pub_day is None:
        return False
    return any(sentence.start <= t.start < sentence.end and t.type == "DATE" and t.window is not None
               and t.window.granularity in ("year", "month", "decade")
               and pub_day - t.window.latest.toordinal() > PAST_FIGURE_DAYS for t in timexes)


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def article_claims(member: StoryArticle, *, memo: SentenceMemo | None = None) -> tuple[CountClaim, ...]:
    """The figures of one article's body sentences (`count_claims`; not its headline or reader comments) that
    another source's figures can contradict."""
    from dateline.extract.numbers import find_quantities

    m = member
    spans = [(t.start, t.end) for t in m.analysis.timexes]
    comments = (comments_start if memo is None else memo.comments_start)(m.article.text)
    quoted = {q.sentence: q.speaker for q in m.analysis.quotes if q.speaker}
    places_of: dict[int, set[str]] = {}
    for x in m.analysis.mentions:
        if x.label in PLACE_LABELS:
            places_of.setdefault(x.sentence, set()).add((x.key or x.text).lower())
    claims: list[CountClaim] = []
    for s in m.analysis.sentences:
        if s.kind == "headline" or s.start >= comments or not has_figure(s.text):
            continue
        if _about_the_past(m.analysis.timexes, s, m.day):
            continue  # "the 1976 outbreak infected more than 200": another time's figures, not today's count
        quantities = find_quantities(m.article.text, s.start, s.end, exclude=spans)
        if "percent" not in (q.unit for q in quantities):
            quantities += tuple(fraction_quantities(m.article.text, s.start, s.end))
        day = sentence_day(m.analysis.timexes, s, m.day)
        claims += count_claims(SentenceRef(m.article.id, s), m.article.text, quantities, day=day,
                               quote_speaker=quoted.get(s.index), places=frozenset(places_of.get(s.index, ())))
    return tuple(claims)


def conflicting_numbers(members: Sequence[StoryArticle], *, max_days: int = 3,
                        memo: SentenceMemo | None = None) -> list[Disagreement]:
    """Figures for the same count that cannot both be right (intervals that do not meet), given by two sources:
    two outlets, or two speakers one article names ("Police said 14 people were arrested" / "The union said 19 of
    its members had been detained").

    "The same count": the same unit class, both totals or both rates, the same status (suspected, confirmed), for
    days within `max_days` of each other (counts move as a story develops; a total that grew from one day to the
    next is an update, unless the later figure says the earlier one is wrong: "seven, not six"), and
    - across outlets: the words around the two figures mostly the same (the same villages, the same verb); a
      small count only when it is a tally of people (a death toll, arrests: `tally_of`) naming no other place;
      percentages never (too many things are a percentage);
    - within one article: the two speakers differ (`attribution.speaker`), and the figures count the same tally,
      or one restates the other ("has put the figure at 6%"), or their words overlap.
    One disagreement per pair of sources (or per article) and unit, the closest-worded pair; those giving the same
    two values for the same unit are then one disagreement citing every source.
    """
    memo = SentenceMemo() if memo is None else memo  # (not `memo or`: an empty memo is falsy, and would not be shared)
    # (a small count that is no tally, or a percentage, is compared only with another named speaker's of its
    # article: without a speaker it is compared with nothing)
    claims = [(m, c) for m in members for c in memo.article_claims(m)
              if c.speaker or not c.small or c.role is not None or c.unit == "percent" or c.tally is not None]
    if len({m.source for m, _ in claims}) < 2 and not any(c.speaker for _, c in claims):
        return []  # one source and no named speakers: nothing can conflict (skip the word weights)
    words = memo.content_words
    # the story's word weights only when a pair gets as far as comparing words (most never do)
    weights = functools.cache(lambda: memo.story_idf("figures", members,
                                                     lambda m: [words(s.text) for s in m.analysis.sentences]))
    long_days = max(max_days, SURE_MAX_DAYS)
    by_unit: dict[tuple[str, bool], list[int]] = {}
    for i, (_, c) in enumerate(claims):
        by_unit.setdefault((c.unit, c.rate), []).append(i)
    best: dict[tuple[str, str, str], tuple[float, tuple]] = {}
    for group in by_unit.values():
        # Only figures within `max_days` of each other (or of no known day) can conflict: per figure, the later
        # ones of its group that are, found in numpy (a big story's groups hold thousands of figures, and the
        # Python walk over every pair was most of this pass); the pairs below are the same, in the same order.
        days = np.array([np.nan if claims[i][1].day is None else claims[i][1].day for i in group], dtype=float)
        undated = np.isnan(days)
        for gi, i in enumerate(group):
            m1, c1 = claims[i]
            later = days[gi + 1:]
            if c1.day is None:
                near = range(gi + 1, len(group))
            else:
                near = (np.flatnonzero(undated[gi + 1:] | (np.abs(later - c1.day) <= long_days)) + gi + 1).tolist()
            for j in (group[k] for k in near):
                m2, c2 = claims[j]
                if c1.high >= c2.low and c2.high >= c1.low:
                    continue  # figures that agree within their approximations
                if c1.role is not None and c2.role is not None and c1.role != c2.role:
                    continue  # fuel leaked against fuel recovered: two amounts
                same_role = c1.role is not None and c1.role == c2.role
                if same_role and c1.role_word != c2.role_word and c1.role_word and c2.role_word \
                        and light_stem(c1.role_word) != light_stem(c2.role_word) \
                        and max(c1.value, c2.value) > ROLE_WORD_RATIO * min(c1.value, c2.value):
                    continue  # "a $1bn cost" against "a $200 million loss": one role, two amounts well apart
                # one amount surely (what was done with it, or three words around it, shared) and no tally that
                # grows: a week apart is still one count
                sure = c1.tally is None and c2.tally is None and (same_role or len(c1.context & c2.context) >= 3)
                if c1.tally is None and c1.running != c2.running \
                        and (c1 if c1.running else c2).value < (c2 if c1.running else c1).value:
                    continue  # "$1bn to date" against "a total cost of $5.3bn": the amount so far is the smaller
                if c1.tally is None and c1.projected != c2.projected and (c1.role or c2.role):
                    continue  # what an amount is said to be now against an estimate of what it will come to
                if c1.running and c2.running and c1.day is not None and c2.day is not None and c1.day != c2.day \
                        and (c1.value < c2.value) == (c1.day < c2.day):
                    continue  # two amounts so far, the later the larger: one amount that grew
                within = m1.article.id == m2.article.id
                if within:
                    if not _two_speakers(c1, c2):
                        continue
                elif m1.source == m2.source:
                    continue  # one outlet's articles: its running figures, not two sources
                elif c1.unit == "percent" and not same_role \
                        or (c1.small or c2.small) and c1.tally is None and not same_role:
                    continue  # (a percentage, or a small count of things, only with what was done to it shared)
                if c1.status != c2.status and not (sure and "confirmed" not in (c1.status, c2.status)):
                    continue  # a suspected or estimated count against a confirmed one: two different counts
                if max(c1.value, c2.value) > MAX_RATIO * min(c1.value, c2.value):
                    continue  # 150 dead against a million: figures for two different things
                if c1.day is not None and c2.day is not None:
                    if abs(c1.day - c2.day) > (long_days if sure else max_days):
                        continue
                    early, late = (c1, c2) if c1.day < c2.day else (c2, c1)
                    if early.day != late.day and not late.rate and late.low > early.high and not late.contests and not same_role \
                            and not any(early.low <= v <= early.high for v in late.rejected):
                        continue  # a total that grew from one day to the next (tolls, cases) is an update
                if (c1.tally is not None or within) and c1.places and c2.places and c1.places.isdisjoint(c2.places):
                    continue  # the dead of one town against the dead of another
                score = _same_count(m1, c1, m2, c2, claims, weights, within=within)
                if score is None:
                    continue
                (a, ca), (b, cb) = sorted([(m1, c1), (m2, c2)], key=lambda x: (x[0].article.id, x[1].ref.sentence.start))
                key = (a.source, b.source, c1.unit) if not within else (a.article.id, "", c1.unit)
                if key not in best or score > best[key][0]:
                    best[key] = (score, (a, ca, b, cb))
    return _figure_disagreements([pair for _, pair in sorted(best.values(), key=lambda x: (
        -x[0], x[1][0].article.id, x[1][2].article.id, x[1][1].ref.sentence.start, x[1][3].ref.sentence.start))])


ROLE_WORD_RATIO = 4.0  # two figures whose role two different words give ("cost", "loss") this many times apart
# are two amounts
SURE_MAX_DAYS = 7  # figures surely of one amount that is no growing tally are compared this many days apart
MAX_RATIO = 10.0  # two figures for one count are seldom more than this many times apart
MIN_WITHIN_CONTEXT = 0.5  # within one article, two speakers' figures of one unit sharing this share of the
# smaller context's words are one count
NEAR_SENTENCES = 3  # ... when at most this many sentences apart ("X said 7 per cent. … Y said 6 per cent.")
ANAPHOR_SENTENCES = 3  # "has put the figure at 6%" restates a figure of at most this many sentences before


def _two_speakers(c1: CountClaim, c2: CountClaim) -> bool:
    """Whether two figures of one article are given by two different named speakers (not one speaker's figures
    for two things), neither a place ("Canada said … cases" counts Canada's), neither an estimate or forecast
    (two analysts' estimates differ without either being wrong), and not in one sentence."""
    if c1.ref.sentence.start == c2.ref.sentence.start or not different_speakers(c1.speaker, c2.speaker):
        return False
    places = {w for p in c1.places | c2.places for w in p.split()}
    if places & (c1.speaker | c2.speaker):
        return False
    return c1.status != "tentative"


def _same_count(m1: StoryArticle, c1: CountClaim, m2: StoryArticle, c2: CountClaim,
                claims: Sequence[tuple[StoryArticle, CountClaim]], weights: Callable[[], Mapping[str, float]], *,
                within: bool) -> float | None:
    """How surely two figures count the same thing (None: not surely enough). Across outlets: the overlap of the
    words around them (at least two shared, one for a tally). Within an article: 1 for one tally or a figure
    restating the one before it, else, for near sentences one of which gives the value of a known quantity ("the
    wage increase was 6 per cent"), the share of the smaller context's words the other repeats. `weights()`: the
    story's word weights."""
    small, large = sorted((c1.context, c2.context), key=len)
    shared = len(small & large)
    if within:
        if c1.tally is not None:
            return 1.0
        first, second = sorted((c1, c2), key=lambda c: c.ref.sentence.start)
        if second.anaphor and 0 < second.ref.sentence.index - first.ref.sentence.index <= ANAPHOR_SENTENCES:
            # restates the nearest figure of its unit before it, if that is `first`
            previous = [c for m, c in claims if m is m1 and c.unit == second.unit
                        and c.ref.sentence.start < second.ref.sentence.start]
            if previous and previous[-1] is first:
                return 1.0
        if shared < 1 or second.ref.sentence.index - first.ref.sentence.index > NEAR_SENTENCES \
                or not (first.definite or second.definite):
            return None  # (two speakers' own amounts, "X claims $10m, Y claims $4m", are two amounts)
        score = shared / len(small)  # (near sentences of one article: plain words, not the story's weights)
        return score if score >= MIN_WITHIN_CONTEXT else None
    if c1.role is not None and c1.role == c2.role:
        # what was done with the amount is the same: that is the shared word that matters ("demanded $20m" /
        # "asked for $8m"), the others need only not point elsewhere
        return max(_overlap(small, large, weights()) if shared else 0.0, MIN_COUNT_CONTEXT)
    if shared < (1 if c1.tally is not None else 2):
        return None
    score = _overlap(small, large, weights())
    return score if score >= MIN_COUNT_CONTEXT else None


def _figure_disagreements(pairs: Sequence[tuple[StoryArticle, CountClaim, StoryArticle, CountClaim]]
                          ) -> list[Disagreement]:
    """One disagreement per unit and pair of values: the pairs (best first) that give the same two values for the
    same unit are one dispute, reported once with all its sources cited (a figure's side first by value)."""
    merged: dict[tuple, list] = {}
    for a, ca, b, cb in pairs:
        key = (ca.unit, ca.rate, frozenset({round(ca.value, 2), round(cb.value, 2)}))
        merged.setdefault(key, []).extend([(a, ca), (b, cb)])
    out = []
    seen: set[frozenset] = set()
    for sides in merged.values():
        by_value: dict[float, list[tuple[StoryArticle, CountClaim]]] = {}
        for m, c in sides:
            got = by_value.setdefault(round(c.value, 2), [])
            if all((m.article.id, c.ref.sentence.start) != (m2.article.id, c2.ref.sentence.start) for m2, c2 in got):
                got.append((m, c))
        first = sides[0][1]
        order = sorted(by_value, key=lambda v: v != round(first.value, 2))  # the best pair's first side first
        described = []
        for v in order:
            outlets = list(dict.fromkeys(m.outlet for m, _ in by_value[v]))
            text = by_value[v][0][1].text.strip()
            described.append(f"{' and '.join(outlets)} report{'s' if len(outlets) == 1 else ''} {text}")
        cited = [(m, c) for v in order for m, c in by_value[v]]
        sentences = frozenset((m.article.id, c.ref.sentence.start) for m, c in cited)
        if sentences in seen:
            continue  # the same sentences' other unit ("2,446 cases including 60 deaths"): one dispute
        seen.add(sentences)
        out.append(Disagreement("conflicting_numbers", "; ".join(described) + ".",
                                _ids(*(m for m, _ in cited)), (),
                                tuple(c.ref.citation() for _, c in cited)))
    return out
