"""Direct and indirect quotes with a canonical speaker and the reporting verb.

Direct quotes: text between paired quotation marks on one line (“…”, "…", ``…'' in Penn-Treebank text).
Attribution: the reporting verb outside the quote in the sentence where the quote ends (`"…," it said`), else where
it starts (`Seoul said it "will …"`); its subject is the speaker. Indirect quotes: a reporting verb whose clausal
complement (ccomp) is not already a direct quote ("the statement said, stressing …").

Speakers are entity keys when the subject names an entity ("Lim Soo-suk", "South Korea"); "he"/"she" is the last
person mentioned whom the article does not show to be of the other gender (`entities.last_person_before`); a
passive reporting verb ("was announced by X") reports no words, and its speaker is the agent; "it"/"they" is the last speaker (so "…," it said after a joint statement is the statement);
"the statement" becomes the document the article named before ("joint statement"). Unparsed sentences fall back
to a regex attribution (`"…," NAME said`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from dateline.extract.entities import PRONOUNS_PERSON, last_person_before
from dateline.extract.events import (
    REPORTING, Parsed, describe_argument, document_name_in_text, is_verb, lemma, subject_of, subtree_span, token_span,
)
from dateline.extract.sentences import sentence_at
from dateline.records import Mention, Quote, Sentence

VERSION = "quotes@2"  # @2: word-based attribution for unparsed sentences

_QUOTE_PAIRS = re.compile(r"\u201c([^\u201d\n]{3,}?)\u201d|``\s?([^\n]{3,}?)\s?''|\"([^\"\n]{3,}?)\"")
_VERB_WORDS = (
    "said|says|say|added|adds|told|tells|noted|notes|stated|states|declared|stressed|emphasi[sz]ed|insisted|"
    "warned|wrote|explained|continued|indicated|announced|claimed|argued|asked|replied|remarked"
)
_AFTER = re.compile(
    rf"^\s*,?\s*(?:(?P<s1>[A-Z][\w.'\u2019\- ]{{0,60}}?|he|she|it|they|we|I)\s+(?P<v1>{_VERB_WORDS})\b"
    rf"|(?P<v2>{_VERB_WORDS})\s+(?P<s2>(?:the\s+)?[\w.'\u2019\- ]{{1,60}}?)(?=[,.;]|$))"
)
_LEMMA = {
    "said": "say", "says": "say", "added": "add", "adds": "add", "told": "tell", "tells": "tell", "noted": "note",
    "notes": "note", "stated": "state", "states": "state", "declared": "declare", "stressed": "stress",
    "emphasised": "emphasise", "emphasized": "emphasize", "insisted": "insist", "warned": "warn", "wrote": "write",
    "explained": "explain", "continued": "continue", "indicated": "indicate", "announced": "announce",
    "claimed": "claim", "argued": "argue", "asked": "ask", "replied": "reply", "remarked": "remark",
}


_REPORT_WORD = re.compile(rf"\b(?:{_VERB_WORDS})\b")
_DOCUMENTS = frozenset("statement note communique communiqué report document letter declaration release message "
                       "memo text resolution".split())
_DOC_MODIFIERS = frozenset("joint collective official written final separate".split())
_GAP_WORDS = frozenset("also later earlier previously then now again further yesterday today had has have has".split())
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'\u2019]*)[\s,]*$")
_BE_FORMS = frozenset("was were is are be been being".split())


def _named_inside(mentions: Sequence[Mention], start: int, end: int) -> str | None:
    """Key of the last person (else organisation or place) mention inside [start, end)."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    people = [m for m in inside if m.label == "PERSON"]
    best = (people or inside or [None])[-1]
    return (best.key or best.text) if best is not None else None


def _shallow_speaker(text: str, sent: Sentence, vs: int, ve: int, mentions: Sequence[Mention],
                     last_speaker: str | None, skip: tuple[int, int]) -> str | None:
    """Who a reporting verb at [vs, ve) attributes to, without a parse, in order: a pronoun or document noun right
    before it; the subject before an apposition ("Doug Suttles, BP's chief operating officer, said"); a name
    ending right before it; a common noun right before it ("scientists said"); a name right after it ('…," said
    Lavrov'); the nearest name before it in the sentence."""
    lo = sent.start
    cur = vs
    word = ""
    m = None
    while True:
        m = _WORD_BEFORE.search(text, lo, cur)
        if m is None:
            break
        word = m.group(1)
        if word.lower() not in _GAP_WORDS:
            break
        cur = m.start()
    low = word.lower()
    if low in _BE_FORMS:  # "was announced by the labour minister, Sofia Antunes": the agent, else nobody named
        by = re.compile(r"\bby\s").search(text, ve, sent.end)
        agent = next((x for x in mentions if by is not None and by.end() <= x.start < sent.end
                      and not (skip[0] <= x.start < skip[1]) and x.label == "PERSON"), None) if by else None
        agent = agent or next((x for x in mentions if by is not None and by.end() <= x.start < sent.end), None)
        return (agent.key or agent.text) if agent is not None else None
    if low in PRONOUNS_PERSON:
        return last_person_before(mentions, vs, pronoun=low, text=text) or last_speaker
    if _is_pronoun_it(low):
        return last_speaker
    if low in _DOCUMENTS:  # "the joint statement said", "…," the note said
        mod = _WORD_BEFORE.search(text, lo, m.start()) if m is not None else None
        mods = [mod.group(1).lower()] if mod is not None and mod.group(1).lower() in _DOC_MODIFIERS else []
        return document_name_in_text(low, mods, text, vs)
    before = [x for x in mentions if lo <= x.start and x.end <= vs and not (skip[0] <= x.start < skip[1])]
    if m is not None and text[m.end(1):vs].strip().startswith(","):
        # "NAME, appositive, said": the subject is the name right before the apposition's first comma
        for x in before:
            if x.label in ("PERSON", "ORG") and text[x.end:x.end + 3].lstrip().startswith(","):
                return x.key or x.text
    if m is not None and before and before[-1].end >= m.end(1) - 1 and before[-1].start <= m.start(1):
        return before[-1].key or before[-1].text  # "Bobby Jindal said"
    if m is not None and word[:1].islower() and len(word) > 2 and not text[m.end(1):vs].strip():
        return _noun_phrase_before(text, lo, m.end(1))  # "federal officials said", "one fund manager said"
    after = next((x for x in mentions if ve <= x.start <= ve + 3), None)
    if after is not None:
        return after.key or after.text
    if before and vs - before[-1].end <= 60:
        return before[-1].key or before[-1].text
    caps = _CAPS_BEFORE.search(text, lo, cur)
    return caps.group(1) if caps else None  # "The Coast Guard says" where no name was found


_CAPS_BEFORE = re.compile(r"((?:[A-Z][\w.&'\-]*\s+){0,3}[A-Z][\w.&'\-]*)\s*$")
_PHRASE_STOP = frozenset("of in by for to from at with on as and or but that which who said says after before "
                         "while when because about than".split())


def _noun_phrase_before(text: str, lo: int, end: int) -> str:
    """The head noun ending at `end` with up to three modifiers before it, without a leading article."""
    words = text[lo:end].split()[-4:]
    kept: list[str] = []
    for w in reversed(words):
        if not w.replace("-", "").replace("'", "").isalpha() or w.lower() in _PHRASE_STOP:
            break
        kept.insert(0, w)
    while len(kept) > 1 and kept[0].lower() in ("the", "a", "an"):
        kept = kept[1:]
    return " ".join(kept)


def _is_pronoun_it(s: str) -> bool:
    return s.lower() in ("it", "they", "we")


def _resolve_text(speaker: str, offset: int, mentions: Sequence[Mention], last_speaker: str | None,
                  text: str | None = None) -> str | None:
    low = speaker.strip().lower()
    if low in PRONOUNS_PERSON:
        return last_person_before(mentions, offset, pronoun=low, text=text) or last_speaker
    if _is_pronoun_it(low):
        return last_speaker
    for m in mentions:
        if m.start >= offset:
            break
    cands = [m for m in mentions if m.text == speaker.strip() or (m.key and m.key == speaker.strip())]
    if cands:
        return cands[0].key
    words = speaker.strip().split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or None


def _reporting_verbs(parsed: Parsed):
    return [t for t in parsed.doc if is_verb(t) and lemma(t) in REPORTING]


def _speaker_from_parse(verb, parsed: Parsed, mentions: Sequence[Mention], text: str, last_speaker: str | None):
    subj, _ = subject_of(verb)
    if subj is None:
        # Inverted attribution after a quote: '"…," indicated the note signed by …' (parsed as an object).
        subj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if subj is None:
        return None
    low = subj.lower_
    if low in ("it", "they", "we"):
        return last_speaker
    return describe_argument(subj, parsed, mentions, text)


def extract_quotes(
    text: str,
    sentences: Sequence[Sentence],
    parsed: dict[int, Parsed],
    mentions: Sequence[Mention],
    *,
    shallow: bool = False,
) -> tuple[Quote, ...]:
    """All quotes of the article in text order. `shallow`: attribute quotes in sentences missing from `parsed` by
    word patterns too ('X said: "…"', indirect "X said (that) …" / "…, X said")."""
    items: list[tuple[int, int, str, int, int]] = []  # start, end, content, start sentence, end sentence
    for m in _QUOTE_PAIRS.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        s, e = m.start(g), m.end(g)
        if len(m.group(g).split()) < 3:
            continue  # a scare-quoted term, not a quote
        si = sentence_at(sentences, m.start())
        ei = sentence_at(sentences, max(m.start(), m.end() - 1))
        if si is None or ei is None:
            continue
        items.append((s, e, m.group(g), si, ei))

    quotes: list[Quote] = []
    last_speaker: str | None = None
    direct_spans = [(s, e) for s, e, *_ in items]
    # Indirect candidates are interleaved with direct quotes in text order, so "it said" sees the last speaker.
    events: list[tuple[int, str, tuple]] = [(s, "direct", it) for it in items for s in (it[0],)]
    for idx, p in parsed.items():
        for verb in _reporting_verbs(p):
            comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if comp is None:
                continue
            cs, ce = subtree_span(p, comp)
            if any(cs < de + 1 and ds - 1 < ce for ds, de in direct_spans):
                continue
            events.append((cs, "indirect", (p, verb, comp)))
    if shallow:
        # Sentences the parser did not see: a reporting verb outside any direct quote reports what follows it
        # ("officials said (that) …") or, at the end of the sentence, what precedes it ("…, he said").
        for sent in sentences:
            if sent.index in parsed:
                continue
            for m in _REPORT_WORD.finditer(text, sent.start, sent.end):
                vs, ve = m.start(), m.end()
                if any(ds - 1 <= vs <= de + 1 for ds, de in direct_spans) or any(
                        sent.start <= ds < sent.end for ds, _ in direct_spans):
                    continue
                rest = text[ve:sent.end].strip(" ,.")
                aux = _WORD_BEFORE.search(text, sent.start, vs)
                if aux is not None and aux.group(1).lower() in _BE_FORMS and not rest.lower().startswith("that "):
                    continue  # "The deal was announced at 4.30am by …": a passive reports no words
                if rest.lower().startswith("that "):
                    rest = rest[5:]
                if len(rest.split()) >= 3:
                    cs = text.find(rest, ve)
                    ce = cs + len(rest)
                else:
                    head = text[sent.start:vs]
                    comma = head.rfind(",")
                    if comma < 0 or len(head[:comma].split()) < 3:
                        continue
                    cs, ce = sent.start, sent.start + comma
                events.append((cs, "indirect_shallow", (sent, m, cs, ce)))
                break
    events.sort(key=lambda x: x[0])

    for _pos, kind, payload in events:
        if kind == "direct":
            s, e, content, si, ei = payload
            speaker = verb_lemma = None
            for sidx in (ei, si):
                p = parsed.get(sidx)
                if p is None:
                    continue
                outside = [
                    v for v in _reporting_verbs(p) if not (s <= token_span(p, v)[0] < e)
                ]
                if not outside:
                    continue
                verb = min(outside, key=lambda v: min(abs(token_span(p, v)[0] - e), abs(token_span(p, v)[0] - s)))
                speaker = _speaker_from_parse(verb, p, mentions, text, last_speaker)
                verb_lemma = lemma(verb)
                break
            if verb_lemma is None:
                close = e + 1 if text[e : e + 1] in "\u201d\"" else e + 3
                sent_end = sentences[ei].end
                m = _AFTER.match(text[close:sent_end])
                if m:
                    who = m.group("s1") or m.group("s2") or ""
                    verb_lemma = _LEMMA.get((m.group("v1") or m.group("v2")).lower(), "say")
                    speaker = _resolve_text(who, s, mentions, last_speaker, text)
                    if shallow and who:  # "Louisiana Gov. Bobby Jindal said": the name inside the phrase
                        g = "s1" if m.group("s1") else "s2"
                        speaker = _named_inside(mentions, close + m.start(g), close + m.end(g)) or speaker
            if verb_lemma is None and shallow:
                for sidx in (ei, si):  # the nearest reporting word outside the quote, as with a parse
                    if sidx in parsed:
                        continue
                    sent = sentences[sidx]
                    outside = [v for v in _REPORT_WORD.finditer(text, sent.start, sent.end) if not (s - 1 <= v.start() <= e + 1)]
                    if outside:
                        v = min(outside, key=lambda v: min(abs(v.start() - e), abs(v.start() - s)))
                        verb_lemma = _LEMMA.get(v.group(0).lower(), "say")
                        speaker = _shallow_speaker(text, sent, v.start(), v.end(), mentions, last_speaker, (s, e))
                        break
            if verb_lemma is None and quotes and quotes[-1].direct and si - quotes[-1].sentence <= 2:
                # An unattributed quote paragraph right after another continues the same speaker.
                speaker, verb_lemma = quotes[-1].speaker, quotes[-1].verb
            quotes.append(Quote(s, e, content, speaker, verb_lemma, True, si))
        elif kind == "indirect_shallow":
            sent, verb, cs, ce = payload
            speaker = _shallow_speaker(text, sent, verb.start(), verb.end(), mentions, last_speaker, (cs, ce))
            quotes.append(Quote(cs, ce, text[cs:ce], speaker, _LEMMA.get(verb.group(0).lower(), "say"), False,
                                sent.index))
        else:
            p, verb, comp = payload
            cs, ce = subtree_span(p, comp)
            speaker = _speaker_from_parse(verb, p, mentions, text, last_speaker)
            quotes.append(Quote(cs, ce, text[cs:ce], speaker, lemma(verb), False, p.sentence.index))
        if quotes[-1].speaker:
            last_speaker = quotes[-1].speaker
    quotes.sort(key=lambda q: (q.start, q.end))
    return tuple(quotes)
