"""Disagreements: where the sources (or one article's headline and body) do not say the same thing.

Three general mechanisms, each citing the sentences on both sides:
- claim vs denial/dismissal: a sentence reporting that someone denied, dismissed or mocked a claim, against a
  sentence of the story that confirms or asserts it (the same sentence when it says "despite its denials, X did Y");
- date conflict: the same happening (a shared event trigger and a shared person) dated to different days;
- headline vs body: the headline's "from A to B" reversed in the body ("from B to A"), with A and B resolved to
  the same entities.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dateline.prose import dateline_end
from dateline.records import Analysis, Article, Citation, Disagreement, Quantity, Sentence

DENIAL = re.compile(r"\b(den(?:y|ies|ied|ying|ial|ials)|refut\w*|rebut\w*|reject(?:s|ed|ing)?|"
                    r"dismiss(?:es|ed|ing)?|mock(?:s|ed|ing)?|ridicul\w*|scoff\w*|deride[sd]?|derid\w*|"
                    r"brush(?:es|ed)? off|unable to prove|baseless|unfounded|false claims?)\b", re.I)
DENIAL_KIND = re.compile(r"\bden(?:y|ies|ied|ying|ial|ials)\b|\brefut", re.I)
CONFIRM = re.compile(r"\b(confirm(?:s|ed|ing)?|verified|verify|proof|evidence|have been completed|"
                     r"were delivered|has been completed)\b", re.I)
NOT_A_DENIAL = re.compile(r"\bdeclin\w+ to comment\b", re.I)
FROM_TO = re.compile(r"\bfrom\s+((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+to\s+"
                     r"((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


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


def claim_disagreements(article: Article, analysis: Analysis, story_refs: Sequence[SentenceRef]) -> list[Disagreement]:
    """Denials and dismissals in this article against confirming or asserting sentences of the story."""
    out = []
    for s in analysis.sentences:
        if s.kind == "headline" or not DENIAL.search(s.text) or NOT_A_DENIAL.search(s.text):
            continue
        denial = SentenceRef(article.id, s)
        stems = _stems(s.text)
        kind = "denial" if DENIAL_KIND.search(s.text) else "disputed_claim"
        # "despite its denials, X supplied ...": the assertion is in the same sentence.
        if re.search(r"\bdespite\b", s.text, re.I):
            counter = denial
        else:
            scored = []
            for ref in story_refs:
                if ref.sentence.start == s.start and ref.article_id == article.id:
                    continue
                if not CONFIRM.search(ref.sentence.text) or DENIAL.search(ref.sentence.text):
                    continue
                overlap = len(stems & _stems(ref.sentence.text))
                same = ref.article_id == article.id
                scored.append((overlap + (1 if same else 0), same, ref))
            if not scored:
                continue
            best = max(scored, key=lambda x: (x[0], x[1], -x[2].sentence.start))
            if best[0] < 2:
                continue
            counter = best[2]
        cites = (denial.citation(),) if counter is denial else (denial.citation(), counter.citation())
        ids = tuple(dict.fromkeys([denial.article_id, counter.article_id]))
        out.append(Disagreement(kind, f"{'Denied' if kind == 'denial' else 'Disputed'}: {s.text.strip()}",
                                ids, (), cites))
    return out


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
# A negated fact is no report of it ("Kestrel never received any memo" is the denial, quoted).
_NEGATED_FACT = re.compile(r"\b(?:never|not|n't)\s+(?:ever\s+)?(?:received?|got|gotten|known|knew|been\s+(?:told|"
                           r"warned|informed)|ordered|authori[sz]ed|approved|signed|paid)\b", re.I)
PROPOSITION_WORDS = 14  # the denied proposition: this many words after the denial (before it for "…, which X denies")
# Sentences that report no claim at all: no comment, a question.
_NO_CLAIM = re.compile(r"\b(?:declin\w+|refus\w+|did not|didn't)\s+(?:to\s+)?(?:comment|answer|respond|reply)|\?\s*$",
                       re.I)
# "from 2,000 to 3,000", "rose to": one source reporting a change, not a second figure for the same thing
_CHANGE = re.compile(r"\b(?:rose|risen|rising|climbed|increased|jumped|fell|fallen|dropped|up from|down from|"
                     r"revised|updated|raised|lowered|initially|originally|previously|earlier estimate)\b|"
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


def light_stem(word: str) -> str:
    """Lower-case and strip one inflection suffix ("warning", "warned" → "warn"), keeping at least 4 letters."""
    w = word.lower()
    stem = _SUFFIX.sub("", w)
    return stem if len(stem) >= 4 else w


def content_words(text: str) -> frozenset[str]:
    """Light stems of a sentence's content words, after its lead dateline ("BRANNOCK, Jan 21 (Northline) -")."""
    return frozenset(light_stem(w) for w in _WORD.findall(text[dateline_end(text):]) if w.lower() not in _LOW)


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


def count_claims(ref: SentenceRef, text: str, quantities: Sequence[Quantity]) -> list[CountClaim]:
    """The figures of one sentence that another source's can contradict: not changes or ranges, not small counts,
    and only a unit the sentence counts once (two figures of one unit are two different things)."""
    if _CHANGE.search(ref.sentence.text):
        return []
    units = [unit_class(q.unit) for q in quantities]
    out = []
    for q, unit in zip(quantities, units):
        if unit is None or q.value is None or q.value < MIN_COUNT or unit == "percent" or units.count(unit) > 1:
            continue
        if _CONVERSION.search(text, max(ref.sentence.start, q.start - 8), q.start):
            continue  # "40 miles (64 km)": the same figure in other units
        if _SQUARE.search(text, max(ref.sentence.start, q.start - 1), q.end):
            unit = "square " + unit
        before = _WORD.findall(text[ref.sentence.start:q.start])[-CONTEXT_BEFORE:]
        after = _WORD.findall(text[q.end:ref.sentence.end])[:CONTEXT_AFTER]
        context = frozenset(light_stem(w) for w in before + after if w.lower() not in _LOW)
        low, high = count_interval(q.text, q.value)
        rate = bool(_RATE.search(text[q.end:q.end + 40]))
        out.append(CountClaim(ref, q.text, unit, low, high, rate, context))
    return out


def _idf(docs: Sequence[frozenset[str]]) -> dict[str, float]:
    df: dict[str, int] = {}
    for d in docs:
        for w in d:
            df[w] = df.get(w, 0) + 1
    n = len(docs)
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


def _clause_words(text: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[,;:]", text):
        out += _WORD.findall(part)
        if len(out) >= 3:
            break
    return out[:PROPOSITION_WORDS]


def denial_vs_reports(members: Sequence[StoryArticle]) -> list[Disagreement]:
    """Sources denying what another source reported earlier: the report and its denials, all cited.

    The report is the other-outlet sentence, published no later than the denial, that repeats most of the
    denial's rare words; a sentence that itself denies, or reports no claim ("declined to comment"), never is.
    One disagreement per report: every article denying it is listed (its copies too).
    """
    sents = [(m, s, content_words(s.text)) for m in members for s in m.analysis.sentences if s.kind != "headline"]
    idf = _idf([w for _, _, w in sents])
    index: dict[str, list[int]] = {}
    for i, (_, _, words) in enumerate(sents):
        for w in words:
            index.setdefault(w, []).append(i)
    reports: dict[tuple[str, int], tuple[StoryArticle, Sentence, list[tuple[float, StoryArticle, Sentence]]]] = {}
    for m, s, _ in sents:
        found = CLAIM_DENIAL.search(s.text)
        if not found or NOT_A_DENIAL.search(s.text):
            continue
        words = denied_words(s.text, found)
        candidates = {i for w in words for i in index.get(w, ())}
        best = None
        for i in sorted(candidates):
            m2, s2, words2 = sents[i]
            if m2.source == m.source or CLAIM_DENIAL.search(s2.text) or DENIAL.search(s2.text) \
                    or _NO_CLAIM.search(s2.text) or _NEGATED_FACT.search(s2.text):
                continue
            if m.day is not None and m2.day is not None and m2.day > m.day:
                continue  # a report published after the denial is not what was denied
            if len(words & words2) < MIN_SHARED_WORDS:
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


def conflicting_numbers(members: Sequence[StoryArticle], *, max_days: int = 3) -> list[Disagreement]:
    """Two sources giving figures for the same count that cannot both be right (intervals that do not meet).

    "The same count": the same unit class, both totals or both rates, and the words around the two figures mostly
    the same (the same villages, the same verb), in articles published within `max_days` of each other (counts
    move as a story develops). One disagreement per pair of sources and unit: the closest-worded pair.
    """
    from dateline.extract.numbers import find_quantities

    claims: list[tuple[StoryArticle, CountClaim]] = []
    for m in members:
        spans = [(t.start, t.end) for t in m.analysis.timexes]
        for s in m.analysis.sentences:
            if s.kind == "headline" or not any(ch.isdigit() for ch in s.text) and "thousand" not in s.text:
                continue
            quantities = find_quantities(m.article.text, s.start, s.end, exclude=spans)
            claims += [(m, c) for c in count_claims(SentenceRef(m.article.id, s), m.article.text, quantities)]
    idf = _idf([content_words(s.text) for m in members for s in m.analysis.sentences])
    by_unit: dict[tuple[str, bool], list[int]] = {}
    for i, (_, c) in enumerate(claims):
        by_unit.setdefault((c.unit, c.rate), []).append(i)
    best: dict[tuple[str, str, str], tuple[float, Disagreement]] = {}
    for group in by_unit.values():
        for gi, i in enumerate(group):
            m1, c1 = claims[i]
            for j in group[gi + 1:]:
                m2, c2 = claims[j]
                if m1.source == m2.source or (c1.high >= c2.low and c2.high >= c1.low):
                    continue  # one source, or figures that agree within their approximations
                if m1.day is not None and m2.day is not None and abs(m1.day - m2.day) > max_days:
                    continue
                small, large = sorted((c1.context, c2.context), key=len)
                if len(small & large) < 2:
                    continue
                score = _overlap(small, large, idf)
                if score < MIN_COUNT_CONTEXT:
                    continue
                (a, ca), (b, cb) = sorted([(m1, c1), (m2, c2)], key=lambda x: x[0].article.id)
                key = (a.source, b.source, c1.unit)
                d = Disagreement(
                    "conflicting_numbers", f"{a.outlet} reports {ca.text.strip()}; {b.outlet} reports "
                    f"{cb.text.strip()}.", _ids(a, b), (), (ca.ref.citation(), cb.ref.citation()))
                if key not in best or score > best[key][0]:
                    best[key] = (score, d)
    return [d for _, d in sorted(best.values(), key=lambda x: (-x[0], x[1].article_ids))]
