"""Events from parsed sentences: actor, trigger lemma, target, location, type, modality, quantities, time indexes.

A trigger is a verb whose lemma is in a small PLOVER-like lexicon (`TRIGGERS`); a few nouns trigger events when the
sentence has no verbal trigger ("the signing of an agreement", "its denials"). Arguments come from the dependency
parse: the subject (or the passive agent) is the actor, the object or the recipient / victim preposition is the
target, an "in/at" place the location. Arguments are mapped to the article's entity mentions (so `actor` is an
entity key such as "North Korea" when one is found, else the head noun phrase); he/she resolve to the last person
mentioned.

Modality, in order of precedence: conditional ("if Russia supplies …"), denied (under a deny verb, or "despite its
denials"), negated ("did not", "never"), hypothetical ("could", "might", "would"), planned ("will", "plans to",
"intend to", "is set to"), else reported.

`has_trigger` tells whether raw text holds an inflected trigger form; `analyse` uses it to choose which sentences
to parse.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dateline.extract.entities import PRONOUNS_PERSON, last_person_before
from dateline.records import Event, Mention, Quantity, Sentence, TimeExpr

VERSION = "events@2"  # @2: extract_events_shallow

_TRIGGER_TABLE = {
    "statement": "say tell state announce add note declare stress emphasize emphasise report claim insist comment "
    "confirm acknowledge reveal disclose indicate explain describe write express",
    "condemn": "condemn denounce criticize criticise slam decry deplore blast rebuke",
    "accuse": "accuse blame allege",
    "deny": "deny reject refute dismiss decline refuse",
    "meet": "meet visit travel host negotiate discuss consult",
    "agree": "sign agree ratify approve pledge promise commit endorse accept settle",
    "supply": "supply send deliver transfer provide ship sell export give receive acquire procure purchase buy "
    "import exchange",
    "use_of_force": "attack strike bomb shell fire launch invade shoot kill wound injure capture seize raid assault "
    "fight clash explode detonate ambush execute",
    "threaten": "threaten warn",
    "sanction": "sanction impose ban embargo restrict freeze expel boycott",
    "investigate": "investigate probe inquire examine inspect audit",
    "demand": "urge demand ask appeal request press",
    "aid": "help assist aid donate rescue evacuate fund",
    "arrest": "arrest detain jail imprison convict indict",
    "protest": "protest demonstrate rally",
    "cooperate": "cooperate collaborate partner",
    "resign": "resign quit",
    "appoint": "appoint elect nominate",
}
TRIGGERS: dict[str, str] = {lemma: etype for etype, words in _TRIGGER_TABLE.items() for lemma in words.split()}
NOUN_TRIGGERS: dict[str, str] = {
    "statement": "statement", "condemnation": "condemn", "visit": "meet", "talks": "meet", "summit": "meet",
    "meeting": "meet", "agreement": "agree", "treaty": "agree", "deal": "agree", "attack": "use_of_force",
    "strike": "use_of_force", "sanction": "sanction", "investigation": "investigate", "probe": "investigate",
    "transfer": "supply", "supply": "supply", "shipment": "supply", "delivery": "supply", "denial": "deny",
    "threat": "threaten", "accusation": "accuse", "protest": "protest", "arrest": "arrest", "invasion": "use_of_force",
}
REPORTING = frozenset(_TRIGGER_TABLE["statement"].split()) | {"warn", "urge", "deny", "allege", "accuse", "threaten"}

_IRREGULAR = {
    "say": "said", "tell": "told", "meet": "met", "send": "sent", "sell": "sold", "give": "gave given",
    "buy": "bought", "write": "wrote written", "strike": "struck stricken", "shoot": "shot", "fight": "fought",
    "seize": "seized", "quit": "quit", "freeze": "froze frozen", "shell": "shelled", "lead": "led",
}


def _inflections(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms |= set(_IRREGULAR.get(lemma, "").split())
    return forms


TRIGGER_FORMS = frozenset({f for lemma in TRIGGERS for f in _inflections(lemma)} | {"denial", "denials"})
_WORD = re.compile(r"[a-z]+")


def has_trigger(text: str) -> bool:
    """Whether the text contains an inflected trigger form (a set lookup per word: much faster than one regex)."""
    return not TRIGGER_FORMS.isdisjoint(_WORD.findall(text.lower()))



_OTHER_LEMMAS = ("plan intend aim expect schedule prepare propose set hope seek want go decline refuse fail deny "
                 "refute dismiss reject continue argue ask reply remark")
_NOUN_FORMS = {**{n: n for n in NOUN_TRIGGERS}, **{n + "s": n for n in NOUN_TRIGGERS}, "deliveries": "delivery",
               "denials": "denial", "talks": "talks", "treaties": "treaty", "threats": "threat"}
# Word form → lemma for every verb the rules look at, so the pipeline needs no lemmatizer / attribute ruler.
LEMMAS: dict[str, str] = {
    **{f: lemma for lemma in sorted(set(TRIGGERS) | set(_OTHER_LEMMAS.split())) for f in _inflections(lemma)},
    **{lemma: lemma for lemma in TRIGGERS},
}
_IRREGULAR_EXTRA = {"sought": "seek", "went": "go", "gone": "go", "set": "set", "said": "say", "told": "tell"}
LEMMAS.update(_IRREGULAR_EXTRA)


def lemma(tok) -> str:
    """Lemma from the word form (verbs the rules know; trigger and document nouns); else the lower-cased form."""
    low = tok.lower_
    if is_noun(tok):
        return _NOUN_FORMS.get(low, low[:-1] if low.endswith("s") and low[:-1] in _DOC_NOUNS else low)
    return LEMMAS.get(low, low)


def is_verb(tok) -> bool:
    return tok.tag_.startswith("VB")


def is_noun(tok) -> bool:
    return tok.tag_ in ("NN", "NNS")


_CONDITIONAL_MARKS = frozenset({"if", "unless"})
_HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should"})
_PLANNED_HEADS = frozenset({"plan", "intend", "aim", "expect", "schedule", "prepare", "propose", "set", "hope", "seek", "want"})
_DENY_LEMMAS = frozenset({"deny", "refute", "dismiss", "reject"})
_DOC_NOUNS = frozenset(
    "statement note communique communiqué report document letter declaration release message memo text resolution".split()
)
_GROUP_LABELS = frozenset({"GPE", "ORG", "PERSON", "NORP", "LOC", "FAC"})


@dataclass(frozen=True)
class Parsed:
    """A sentence and its spaCy Doc (token offsets are relative to the sentence start)."""

    sentence: Sentence
    doc: Any


def token_span(parsed: Parsed, tok) -> tuple[int, int]:
    base = parsed.sentence.start
    return base + tok.idx, base + tok.idx + len(tok.text)


def subtree_span(parsed: Parsed, tok) -> tuple[int, int]:
    base = parsed.sentence.start
    left, right = tok.left_edge, tok.right_edge
    return base + left.idx, base + right.idx + len(right.text)


def _mention_for(tok, parsed: Parsed, mentions: Sequence[Mention], *, whole_subtree: bool = True) -> Mention | None:
    """The mention covering the token, else the first mention inside its subtree (people and places first)."""
    ts, te = token_span(parsed, tok)
    for m in mentions:
        if m.start <= ts and te <= m.end:
            return m
    if not whole_subtree:
        return None
    ss, se = subtree_span(parsed, tok)
    inside = [m for m in mentions if ss <= m.start and m.end <= se]
    # Actors first: people, states and organisations before plain places.
    inside.sort(key=lambda m: (m.label in ("LOC", "FAC"), m.start))
    return inside[0] if inside else None


def describe_argument(
    tok, parsed: Parsed, mentions: Sequence[Mention], text: str, *, everything: Sequence[Mention] | None = None
) -> str:
    """An entity key when the argument names one; a resolved pronoun; else the head phrase (≤ 8 words).

    `mentions` may be the sentence's own; `everything` (all of the article's) is used for pronouns.
    """
    low = tok.text.lower()
    if low in PRONOUNS_PERSON:
        key = last_person_before(everything if everything is not None else mentions, token_span(parsed, tok)[0],
                                 pronoun=low, text=text)
        if key:
            return key
    m = _mention_for(tok, parsed, mentions, whole_subtree=False)
    if m is not None and m.key:
        return m.key
    for c in tok.children:
        if c.dep_ == "appos":  # "The head of the US operation, Col Buck Elton, said"
            m = _mention_for(c, parsed, mentions)
            if m is not None and m.key and m.label == "PERSON":
                return m.key
    if lemma(tok) in _DOC_NOUNS:
        return document_name(tok, parsed, text)
    m = _mention_for(tok, parsed, mentions)
    if m is not None and m.key:
        return m.key
    ss, se = subtree_span(parsed, tok)
    words = text[ss:se].split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words[:8])


def document_name(tok, parsed: Parsed, text: str) -> str:
    """'the statement' → 'joint statement' when the article calls it so earlier ('issued a joint statement')."""
    mods = [c.text.lower() for c in tok.lefts if c.dep_ in ("amod", "compound")]
    return document_name_in_text(tok.text.lower(), mods, text, parsed.sentence.start + tok.idx)


def document_name_in_text(head: str, mods: Sequence[str], text: str, upto: int) -> str:
    """A document noun with its modifiers, or the name the text gave it before `upto` (see `document_name`)."""
    if mods:
        return " ".join([*mods, head])
    found = re.findall(rf"\b(joint|collective|official|written|final|separate)\s+{re.escape(head)}\b", text[:upto], re.I)
    if found:
        return f"{found[-1].lower()} {head}"
    # "the note" after "the joint statement": the same document under another name.
    named = re.findall(r"\b((?:joint|collective)\s+(?:statement|declaration|communiqu[eé]|note|letter))\b", text[:upto], re.I)
    return named[-1].lower() if named else head


_RELATIVE = frozenset({"which", "that", "who", "whom"})
_NATURAL_FORCES = frozenset(
    "earthquake quake aftershock storm hurricane cyclone typhoon tsunami flood floods tornado fire wildfire "
    "virus flu outbreak epidemic pandemic disease explosion blast spill oil slick wave disaster accident crash".split()
)
# Verb senses that are not the trigger's event: "give up", "give way", "claimed 1,730 lives", "help (to) do".
_PHRASAL_SKIP = frozenset({("give", "up"), ("give", "in"), ("give", "away"), ("send", "off"), ("fight", "off")})


def subject_of(tok):
    """(subject token, passive) for a verb, climbing xcomp/conj/advcl/acl chains to find an inherited subject."""
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in _RELATIVE and cur.dep_ == "relcl":
                    return cur.head, False  # "Oxfam, which has sent …": the relative pronoun stands for Oxfam
                return c, False
            if c.dep_ == "nsubjpass":
                agent = next((a for a in cur.children if a.dep_ == "agent"), None)
                if agent is not None:
                    pobj = next((p for p in agent.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj, True
                return None, True
        if cur.dep_ == "relcl":
            return cur.head, False
        if cur.dep_ == "acl":
            agent = next((a for a in cur.children if a.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((p for p in agent.children if p.dep_ == "pobj"), None)
                return pobj, True
            return None, False
        if cur.dep_ in ("xcomp", "conj", "advcl", "pcomp") and cur.head is not cur:
            cur = cur.head
            continue
        break
    return None, False


_TARGET_PREPS = {
    "supply": ("to", "for"), "use_of_force": ("on", "against", "in"), "meet": ("with",), "agree": ("with",),
    "condemn": (), "accuse": ("of",), "aid": ("to",), "sanction": ("on", "against"), "threaten": ("with",),
    "demand": (), "statement": ("to",), "cooperate": ("with",),
}


def target_of(tok, etype: str):
    for c in tok.children:
        if c.dep_ in ("dative",) and etype in ("supply", "statement", "aid"):
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            return pobj or c
    preps = _TARGET_PREPS.get(etype, ())
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr"):
            return c
    return None


def location_of(tok, parsed: Parsed, mentions: Sequence[Mention]) -> str | None:
    for c in list(tok.children) + [c for c in tok.head.children if tok.dep_ in ("xcomp", "conj")]:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "inside", "outside"):
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is None:
                continue
            m = _mention_for(pobj, parsed, mentions)
            if m is not None and m.label in ("GPE", "LOC", "FAC"):
                return m.key
    # "met Kim Jong Un in Pyongyang": the parser may hang the place on the object.
    for c in tok.children:
        if c.dep_ in ("dobj", "pobj", "attr"):
            for g in c.children:
                if g.dep_ == "prep" and g.lower_ in ("in", "at"):
                    pobj = next((p for p in g.children if p.dep_ == "pobj"), None)
                    m = _mention_for(pobj, parsed, mentions, whole_subtree=False) if pobj is not None else None
                    if m is not None and m.label in ("GPE", "LOC", "FAC"):
                        return m.key
    if lemma(tok) in ("visit", "travel"):
        for c in tok.children:
            if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to"):
                obj = c if c.dep_ == "dobj" else next((p for p in c.children if p.dep_ == "pobj"), None)
                if obj is not None:
                    m = _mention_for(obj, parsed, mentions)
                    if m is not None and m.label in ("GPE", "LOC", "FAC"):
                        return m.key
    return None


def modality_of(tok) -> str:
    chain = [tok]
    cur = tok
    while cur.head is not cur and len(chain) < 8:
        if cur.dep_ in ("ccomp",) and lemma(cur.head) not in _DENY_LEMMAS:
            break  # a reported clause: the reporting verb's own modality does not leak into it
        cur = cur.head
        chain.append(cur)
    for t in chain:
        for c in t.children:
            if c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS:
                return "conditional"
        if t.dep_ == "advcl" and any(c.lower_ in _CONDITIONAL_MARKS for c in t.children):
            return "conditional"
    for t in chain[1:]:
        if lemma(t) in _DENY_LEMMAS:
            return "denied"
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("despite", "notwithstanding"):
            if any(lemma(g) in ("denial", "deny") for g in c.subtree):
                return "denied"
    if any(c.dep_ == "neg" for c in tok.children):
        return "negated"
    if tok.dep_ == "xcomp" and lemma(tok.head) in ("decline", "refuse", "fail"):
        return "negated"  # "declined to comment"
    auxes = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a in _HYPOTHETICAL_AUX for a in auxes):
        return "hypothetical"
    if any(a in ("will", "shall", "'ll", "wo") for a in auxes):
        return "planned"
    head = tok.head
    if tok.dep_ == "xcomp" and lemma(head) in _PLANNED_HEADS:
        return "planned"
    if tok.dep_ == "xcomp" and lemma(head) == "go" and head.tag_ == "VBG":
        return "planned"
    if tok.dep_ == "xcomp" and any(c.lower_ in _HYPOTHETICAL_AUX for c in head.children if c.dep_ == "aux"):
        return "hypothetical"
    return "reported"


def extract_events(
    parsed: Parsed,
    mentions: Sequence[Mention],
    timexes: Sequence[TimeExpr],
    text: str,
    *,
    quantities: Sequence[Quantity] = (),
    local: Sequence[Mention] | None = None,
    timex_ids: Sequence[int] | None = None,
) -> tuple[Event, ...]:
    """Events of one parsed sentence (one per trigger). `local`: the mentions of this sentence, when known."""
    sent = parsed.sentence
    all_mentions = mentions
    if local is None:
        lo = bisect.bisect_left([m.start for m in mentions], sent.start)
        local = [m for m in mentions[lo:] if m.start < sent.end]
    mentions = local
    if timex_ids is None:
        timex_ids = tuple(i for i, t in enumerate(timexes) if sent.start <= t.start and t.end <= sent.end)
    tix = tuple(timex_ids)
    events: list[Event] = []
    verbs = [t for t in parsed.doc if is_verb(t) and lemma(t) in TRIGGERS]
    nouns = [] if verbs else [t for t in parsed.doc if is_noun(t) and lemma(t) in NOUN_TRIGGERS]
    # "despite its denials" always yields a denial event, whatever else the sentence reports.
    nouns += [t for t in parsed.doc if verbs and is_noun(t) and lemma(t) == "denial"]
    for tok in verbs + nouns:
        trig = lemma(tok)
        if trig == "demonstrate" and any(c.dep_ == "dobj" for c in tok.children):
            continue  # "demonstrate the determination": showing, not protesting
        if is_verb(tok) and any(c.dep_ == "prt" and (trig, c.lower_) in _PHRASAL_SKIP for c in tok.children):
            continue
        if trig == "claim" and any(c.dep_ == "dobj" and c.lower_ in ("lives", "life") for c in tok.children):
            continue  # "claimed 1,730 lives": deaths, not a claim
        if is_verb(tok) and tok.i == 0 and tok.tag_ == "VB":
            continue  # an imperative opening ("Send contributions to …"): site boilerplate, not news
        if is_verb(tok):
            etype = TRIGGERS[trig]
            subj, _passive = subject_of(tok)
            if etype == "use_of_force" and subj is not None and subj.lower_ in _NATURAL_FORCES:
                etype = "disaster"  # "an earthquake struck", "the virus killed": no one used force
            if trig == "warn" and any(c.dep_ == "ccomp" for c in tok.children):
                etype = "statement"  # "agencies are warning (that) they are at risk": a warning said, not a threat
            if etype in ("meet", "supply") and subj is not None and subj.lower_ in _NATURAL_FORCES:
                etype = "disaster"  # "the oil traveled", "the slick reached"
            actor = describe_argument(subj, parsed, mentions, text, everything=all_mentions) if subj is not None else None
            tgt = target_of(tok, etype)
            if tgt is not None and subj is not None and tgt.i == subj.i:
                tgt = None
            target = describe_argument(tgt, parsed, mentions, text, everything=all_mentions) if tgt is not None else None
            modality = modality_of(tok)
        else:
            etype = NOUN_TRIGGERS[trig]
            poss = next((c for c in tok.children if c.dep_ == "poss"), None)
            actor = None
            if poss is not None:
                if poss.lower_ in ("its", "their"):
                    # "its denials": the possessor is the subject of the clause the noun modifies.
                    clause_subj, _ = subject_of(tok.head.head if tok.head.dep_ == "prep" else tok.head)
                    actor = describe_argument(clause_subj, parsed, mentions, text, everything=all_mentions) if clause_subj is not None else None
                else:
                    actor = describe_argument(poss, parsed, mentions, text, everything=all_mentions)
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "with", "to")), None)
            pobj = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
            target = describe_argument(pobj, parsed, mentions, text, everything=all_mentions) if pobj is not None else None
            modality = "reported"
        qs = tuple(q for q in quantities if sent.start <= q.start and q.end <= sent.end)
        events.append(
            Event(
                sentence=sent.index,
                trigger=trig,
                event_type=etype,
                actor=actor,
                target=target,
                location=location_of(tok, parsed, mentions),
                modality=modality,
                quantities=qs,
                timex=tix,
            )
        )
    return tuple(events)


# ----------------------------------------------------------------------------------------------------------------
# Shallow events: the same Event records from the words alone, for sentences the parser does not see.
#
# The story stage reads an event's sentence, trigger, type and modality (which sentences report something, of what
# kind, whether it happened); those come from word forms and a few cue words. Arguments come from the entity
# mentions around the trigger (the nearest before it is the actor, the nearest after it the target), which is
# right for the plain "Actor verb Target" order of news sentences and weaker than the parse elsewhere.

_SHALLOW_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][a-z]+)?|n['\u2019]t|[,;:\u2014]|--")
_DETERMINERS = frozenset("the a an this that these those its their his her our your my any no each every one".split())
_BE_FORMS = frozenset("is are was were be been being 's 're am".split())
_SUBJECT_PRONOUNS = frozenset("i we you he she it they who which".split())
_AUX_BEFORE_BASE = frozenset("to will would could might may should shall must can cannot did do does not n't never "
                             "'ll wo".split())
_NEGATORS = frozenset({"not", "n't", "never", "no", "nor"})
_ADVERB_GAP = frozenset("also still already then now yet further later soon again just only reportedly allegedly "
                        "previously recently even jointly immediately formally officially".split())
_PLANNED_FORMS = frozenset({f for h in _PLANNED_HEADS for f in _inflections(h)} | {"going", "set", "due", "about"})
_DENY_FORMS = frozenset({f for h in _DENY_LEMMAS for f in _inflections(h)})
_REFUSE_FORMS = frozenset({f for h in ("decline", "refuse", "fail") for f in _inflections(h)})
_CLAUSE_BREAK = frozenset({";", ":", "\u2014", "--"})
# Triggers whose base and -s forms are more often nouns in news ("four states", "oil shipping", "a deal"): these need
# a subject, auxiliary or "to" right before them to count as verbs. Other base/-s forms ("says", "sends") are verbs
# unless a preposition or a number precedes them.
_NOUNISH = frozenset(
    "state ship deal report claim fund supply attack strike visit protest ban comment note demand fire export import "
    "raid exchange purchase promise pledge transfer shell bomb host sanction embargo freeze boycott aid help request "
    "appeal press rally partner probe audit fight clash assault launch approve settle release".split()
)
_ING_AFTER = frozenset({"by", "after", "before", "while", "without", "since", "when", ","})
_PREPOSITIONS = frozenset("of for in on with by from against at into over under about after before than as "
                          "and or new".split())


def _word_kind(words: list[str], i: int, after_name: bool) -> str | None:
    """'verb', 'noun' or None for a trigger form at words[i], from the form, the word before it and whether a name
    ends right before it (the tagger's job, done by cues: "Israel attacks" is a verb, "the attacks" a noun)."""
    low = words[i]
    prev = words[i - 1] if i > 0 else ""
    lem = LEMMAS.get(low)
    noun = _NOUN_FORMS.get(low)
    noun_ok = noun in NOUN_TRIGGERS
    if lem not in TRIGGERS or low in ("denial", "denials"):
        return "noun" if noun_ok else None
    if prev in _DETERMINERS or prev.endswith("'s"):
        return "noun" if noun_ok else None
    if low.endswith("ing") and low != lem:
        if noun_ok and prev not in _BE_FORMS:
            return "noun"  # "a meeting"
        if lem in _NOUNISH and not (prev in _BE_FORMS or prev in _ADVERB_GAP or prev in _ING_AFTER):
            return None  # "shipping lanes", "oil-capturing boom": a modifier
        return "verb"  # gerunds are verbs to the tagger too
    if low == lem or (low.endswith("s") and not low.endswith("ss")):
        # base and -s forms of noun-like triggers ("four states", "a criminal probe") are verbs only after a
        # subject, an auxiliary, "to" or an adverb; others ("says", "sends") unless a preposition or number precedes
        plural_subject = low == lem and len(prev) > 3 and prev.endswith("s") and not prev.endswith("ss")
        if (prev in _SUBJECT_PRONOUNS or prev in _AUX_BEFORE_BASE or prev in _ADVERB_GAP or prev == "that"
                or after_name or plural_subject):
            return "verb"
        if lem not in _NOUNISH and prev not in _PREPOSITIONS and not prev.isdigit():
            return "verb"
        return "noun" if noun_ok else None
    return "verb"  # past tense and participles


def _shallow_modality(words: list[str], i: int, clause_start: int) -> str:
    segment = max(clause_start, max((k + 1 for k in range(i) if words[k] == ","), default=0))
    if any(w in _CONDITIONAL_MARKS for w in words[segment:i]):
        return "conditional"  # "… will retaliate if Israel attacks", not the main clause after "If …, X will"
    head = words[max(segment, i - 4):i]
    denials = [k for k in range(clause_start, i) if words[k] in _DENY_FORMS]
    if denials and words[i] not in _DENY_FORMS and (i - denials[-1] <= 6 or words[denials[-1] + 1] == "that"):
        return "denied"  # "officials denied (that) the army shelled …"
    if any(w in _NEGATORS for w in head[-3:]):
        return "negated"
    for k in range(clause_start, i):
        if words[k] in ("despite", "notwithstanding") and {"denial", "denials"} & set(words[k + 1:k + 4]):
            return "denied"  # "despite its denials, North Korea supplied …"
    if len(head) >= 2 and head[-1] == "to" and head[-2] in _REFUSE_FORMS:
        return "negated"  # "declined to comment"
    if any(w in _HYPOTHETICAL_AUX for w in head[-3:]):
        return "hypothetical"
    if any(w in ("will", "shall", "'ll", "wo") for w in head[-3:]):
        return "planned"
    if len(head) >= 2 and head[-1] == "to" and head[-2] in _PLANNED_FORMS:
        return "planned"
    return "reported"


def extract_events_shallow(
    sentence: Sentence,
    mentions: Sequence[Mention],
    timexes: Sequence[TimeExpr],
    text: str,
    *,
    quantities: Sequence[Quantity] = (),
    local: Sequence[Mention] | None = None,
    timex_ids: Sequence[int] | None = None,
) -> tuple[Event, ...]:
    """Events of one sentence without a parse: one per trigger word (see the section comment above)."""
    if local is None:
        lo = bisect.bisect_left([m.start for m in mentions], sentence.start)
        local = [m for m in mentions[lo:] if m.start < sentence.end]
    if timex_ids is None:
        timex_ids = tuple(i for i, t in enumerate(timexes) if sentence.start <= t.start and t.end <= sentence.end)
    base = sentence.start
    found = [(m.group(0).lower().replace("\u2019", "'"), base + m.start(), base + m.end())
             for m in _SHALLOW_WORD.finditer(sentence.text)]
    words = [w for w, _, _ in found]
    name_ends = {m.end for m in local}
    kinds = [(_word_kind(words, i, found[i][1] - 1 in name_ends or found[i][1] - 2 in name_ends)
              if (w in TRIGGER_FORMS or w in _NOUN_FORMS) else None) for i, w in enumerate(words)]
    verbs = [i for i, k in enumerate(kinds) if k == "verb"]
    nouns = [i for i, k in enumerate(kinds) if k == "noun" and (not verbs or _NOUN_FORMS.get(words[i]) == "denial")]
    qs = tuple(q for q in quantities if sentence.start <= q.start and q.end <= sentence.end)
    events: list[Event] = []
    for i in sorted(verbs + nouns):
        w, ws, we = found[i]
        if i + 1 < len(words) and (LEMMAS.get(w), words[i + 1]) in _PHRASAL_SKIP:
            continue
        if i == 0 and kinds[i] == "verb" and w == LEMMAS.get(w):
            continue  # an imperative opening: boilerplate, not news
        if kinds[i] == "verb":
            trig = LEMMAS[w]
            if trig == "claim" and any(x in ("lives", "life") for x in words[i + 1:i + 4]):
                continue
            etype = TRIGGERS[trig]
        else:
            trig = _NOUN_FORMS[w]
            etype = NOUN_TRIGGERS[trig]
        clause_start = max((k + 1 for k in range(i) if words[k] in _CLAUSE_BREAK), default=0)
        prev_words = words[clause_start:i]
        if etype in ("use_of_force", "meet", "supply") and kinds[i] == "verb" \
                and any(x in _NATURAL_FORCES for x in prev_words[-3:]):
            etype = "disaster"
        if trig == "warn" and kinds[i] == "verb" and i + 1 < len(words) and words[i + 1] == "that":
            etype = "statement"
        actor = target = None
        before = [m for m in local if m.end <= ws and m.start >= found[clause_start][1]]
        after = [m for m in local if m.start >= we]
        if kinds[i] == "noun" and prev_words and prev_words[-1] in ("its", "their") and after:
            actor, after = after[0].key or after[0].text, after[1:]  # "despite its denials, North Korea …"
        elif before:
            actor = before[-1].key or before[-1].text
        elif prev_words and prev_words[-1] in PRONOUNS_PERSON:
            actor = last_person_before(mentions, ws, pronoun=prev_words[-1], text=text)
        elif kinds[i] == "verb" and trig in REPORTING and after and after[0].start - we <= 2:
            actor, after = after[0].key or after[0].text, after[1:]  # '"…," said Lavrov'
        if after:
            target = after[0].key or after[0].text
        modality = _shallow_modality(words, i, clause_start) if kinds[i] == "verb" else "reported"
        events.append(Event(sentence=sentence.index, trigger=trig, event_type=etype, actor=actor, target=target,
                            location=None, modality=modality, quantities=qs, timex=tuple(timex_ids)))
    return tuple(events)
