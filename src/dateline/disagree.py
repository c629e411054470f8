"""Disagreements: where the sources (or one article's headline and body) do not say the same thing.

Three general mechanisms, each citing the sentences on both sides:
- claim vs denial/dismissal: a sentence reporting that someone denied, dismissed or mocked a claim, against a
  sentence of the story that confirms or asserts it (the same sentence when it says "despite its denials, X did Y");
- date conflict: the same happening (a shared event trigger and a shared person) dated to different days;
- headline vs body: the headline's "from A to B" reversed in the body ("from B to A"), with A and B resolved to
  the same entities.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dateline.records import Analysis, Article, Citation, Disagreement, Sentence

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
