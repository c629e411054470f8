"""Who a sentence says is speaking: "Police said 14 people were arrested" → police, "according to the union" →
union, "…, Mayor Ana Ruiz said." → ana ruiz.

Two statements of one article can only disagree with each other when they are attributed to different sources
(the police and the union, the city and the hospital); the same speaker giving two figures is giving figures for
two things. The speaker is read from the sentence's own words (a verb of saying with its subject, "according to
X", "X put the figure at"), with the analysis's quote speaker as a fallback; a pronoun names nobody we can compare.

Pure functions of a sentence's text. The answer is a set of lower-cased name words without titles or roles
("Fire Chief Marcus Bell" → {marcus, bell}), so that "Dev Patel" and "Patel" are one speaker and "city officials"
and "a Tallow Memorial Hospital official" are two.
"""
from __future__ import annotations

import re

# A verb of saying, or a figure put by someone ("has put the figure at 6%", "spoke of fewer arrests"). Not
# "reported", "confirmed", "estimated": "Canada has reported 165 cases" counts Canada's cases, it does not quote
# Canada about someone else's.
_SAYING = (r"(?:said|says|say|told|tells|added|adds|stated|states|claimed|claims|insisted|insists|maintained|"
           r"maintains|"
           r"put\s+(?:the|that|its|their)\s+(?:[\w-]+\s+)?(?:figure|number|toll|total|count|tally)\s+at|spoke\s+of)")
_SUBJECT_VERB = re.compile(rf"\s+(?:has\s+|have\s+|had\s+|also\s+|later\s+|then\s+)?{_SAYING}\b", re.I)
_SAID_NAME = re.compile(r"\b(?:said|says|told)\s+(?:the\s+|a\s+|an\s+)?(?:[a-z][\w-]*\s+){0,2}?"
                        r"(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?P<who>[^,.;:()\"“”]{2,80}?)\s*"
                           r"(?=[,.;:()\"“”]|(?-i:\s(?:who|which|that|was|were|is|are|had|has|have)\b)|$)", re.I)
# Where a subject starts: the sentence start, a clause boundary, a closing quote, "that" or a conjunction.
_CLAUSE_START = re.compile(r"(?:^|[,;:\"“”]|\s—\s|\s-\s|\bthat\b|\band\b|\bbut\b|\bwhile\b|\bwhereas\b|\bas\b)\s*", re.I)
MAX_SPEAKER_WORDS = 8
# A figure or a verb of saying in the words before a verb of saying: they are no one's name ("said 21 countries
# have officially reported"); nor is the subject of a passive ("residents were told to leave").
_NOT_A_SUBJECT = re.compile(rf"\d|\b{_SAYING}\b|\b(?:was|were|is|are|be|been|being)$", re.I)
# Words that name a role or a time, not who speaks: "officials", "president", "on Friday", "the".
_NOT_NAMES = frozenset("""a an the its his her their our my this that these those of for on in at by from to and or
who which whose with has have had also later then only

official officials spokesman spokeswoman spokesperson spokespeople representative representatives president
vice chairman chairwoman chair chief executive head leader leaders general secretary minister director manager
member members board commissioner superintendent sergeant captain lieutenant officer officers mayor governor
senator deputy aide aides adviser advisers source sources person people man woman statement

monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning afternoon evening night
week weekend month year earlier""".split())
_PRONOUNS = frozenset("he she they it we i you one".split())
# The roles among them: next to a figure they say who gives it, not what it counts ("…, Mayor Ana Ruiz said").
ROLE_WORDS = frozenset("""official officials spokesman spokeswoman spokesperson spokespeople representative
representatives president chairman chairwoman chief executive head leader leaders secretary minister director
manager commissioner superintendent officer officers mayor governor senator deputy aide aides adviser advisers
source sources""".split())
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def speaker_words(who: str) -> frozenset[str]:
    """The name words of a speaker phrase: lower-cased, without articles, roles, titles and times, possessive
    's dropped ("the employers' association AOP" → {employers, association, aop})."""
    out = set()
    for word in _NAME_WORD.findall(who):
        w = word.lower().rstrip("'’").removesuffix("'s").removesuffix("’s")
        if len(w) > 1 and (w not in _NOT_NAMES or word.isupper()):  # ("the WHO": an acronym, not "who")
            out.add(w)
    return frozenset(out)


def speaker(text: str, quote_speaker: str | None = None) -> frozenset[str]:
    """Who `text` (one sentence) says is speaking, as `speaker_words`; empty when it names no one (no verb of
    saying, a pronoun, or a subject too long to be one)."""
    m = _ACCORDING_TO.search(text)
    if m:
        words = speaker_words(m.group("who"))
        if words:
            return words
    for verb in _SUBJECT_VERB.finditer(text):
        before = text[:verb.start()]
        if before.rstrip().endswith(","):
            # "Rui Tavares, general secretary of the FNE union, said": the subject is the name before the
            # apposition (the start of the clause that holds it up to its first comma)
            inner = before.rstrip()[:-1]
            head = inner[:inner.find(", ")] if ", " in inner else inner  # (", ": not the comma of "3,400")
            starts = list(_CLAUSE_START.finditer(head))
            subject = head[starts[-1].end():] if starts else head
        else:
            starts = list(_CLAUSE_START.finditer(before))
            subject = before[starts[-1].end():] if starts else before
        subject = subject.strip(" \"“”'’")
        if not subject or len(subject.split()) > MAX_SPEAKER_WORDS or subject.lower() in _PRONOUNS \
                or _NOT_A_SUBJECT.search(subject):
            continue
        words = speaker_words(subject)
        if words:
            return words
    m = _SAID_NAME.search(text)  # '"…," said Rui Tavares'
    if m:
        words = speaker_words(m.group("who"))
        if words:
            return words
    if quote_speaker and quote_speaker.lower() not in _PRONOUNS:
        return speaker_words(quote_speaker)
    return frozenset()


def different_speakers(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two speakers are known and are not the same: both named, sharing no name word."""
    return bool(a) and bool(b) and a.isdisjoint(b)
