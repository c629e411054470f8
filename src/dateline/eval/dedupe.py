"""Near-duplicate benchmark: syndicated and re-edited copies of T17 dev articles mixed with distinct same-topic ones.

Each sampled original gets one to three copies, each made by a random mix of the edits wire copy goes through:
a new headline, dropped paragraphs, reordered paragraphs, added boilerplate, light paraphrase (synonyms, dropped
function words) and word substitutions as a different machine translation would make. Distinct articles of the same
topic are added as distractors. The pile of each topic goes through `dedupe.find_duplicates`; scoring is pairwise
over "same copy group" pairs (precision and recall).

T17 itself holds real wire copies (the same AP story filed under two outlets). So that they do not count against
precision, originals and distractors are drawn so that no two of them share a verbatim run: a sampled article is
skipped when 30 % of its word 8-grams occur in one already taken (a stricter, different test than the one measured).
"""
from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from dateline.dedupe import DedupeOptions, find_duplicates, normalised_words
from dateline.eval.story_data import TOPICS, load_t17
from dateline.records import Article

BOILERPLATE = (
    "Share this article", "Copyright 2010 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.", "Related News", "Follow us on Twitter and Facebook",
    "Click here to subscribe to our newsletter", "Advertisement", "Read more: World news", "Comments (12)",
    "Join our WhatsApp group for the latest updates", "Reporting by staff; editing by the news desk",
)
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "about": "around", "but": "however",
    "help": "assist", "also": "additionally", "start": "begin", "started": "began", "show": "demonstrate",
    "many": "numerous", "people": "persons", "officials": "authorities", "government": "administration",
    "country": "nation", "killed": "slain", "attack": "assault", "week": "week", "before": "prior to",
    "after": "following", "because": "since", "biggest": "largest", "company": "firm", "try": "attempt",
    "tried": "attempted", "need": "require", "needs": "requires", "enough": "sufficient", "get": "obtain",
    "buy": "purchase", "make": "produce", "made": "produced", "near": "close to", "ask": "request",
    "asked": "requested", "end": "conclusion", "whole": "entire", "very": "extremely", "quickly": "rapidly",
}
FUNCTION_WORDS = frozenset({"the", "a", "an", "that", "of", "to", "in", "on", "and", "is", "was", "it"})


@dataclass(frozen=True)
class CopyEdits:
    headline: bool
    drop: bool
    reorder: bool
    boilerplate: bool
    paraphrase: bool
    substitution: float  # share of words replaced, 0 for none


def random_edits(rng: random.Random) -> CopyEdits:
    while True:
        e = CopyEdits(rng.random() < 0.5, rng.random() < 0.6, rng.random() < 0.4, rng.random() < 0.6,
                      rng.random() < 0.5, rng.choice((0.0, 0.0, 0.05, 0.1, 0.15)))
        if any(dataclasses.astuple(e)):
            return e


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _swap_words(line: str, rng: random.Random, *, rate: float, vocabulary: Sequence[str], paraphrase: bool) -> str:
    out = []
    for word in line.split(" "):
        low = word.lower()
        if paraphrase and low in SYNONYMS and rng.random() < 0.7:
            out.append(SYNONYMS[low])
        elif paraphrase and low in FUNCTION_WORDS and rng.random() < 0.1:
            continue
        elif rate and word.isalpha() and rng.random() < rate:
            out.append(SYNONYMS.get(low) or rng.choice(vocabulary))
        else:
            out.append(word)
    return " ".join(out)


def make_copy(text: str, edits: CopyEdits, rng: random.Random, *, vocabulary: Sequence[str],
              headlines: Sequence[str]) -> str:
    """A re-edited copy of `text`. Pure given the random generator."""
    paras = _paragraphs(text)
    head, body = paras[0], paras[1:] or [paras[0]]
    if edits.drop and len(body) > 2:
        keep = max(2, int(len(body) * rng.uniform(0.5, 0.9)))
        kept = sorted(rng.sample(range(len(body)), keep))
        if 0 not in kept:  # wire copy keeps its lead
            kept = [0] + kept[1:]
        body = [body[i] for i in kept]
    if edits.reorder and len(body) > 3:
        for _ in range(max(1, len(body) // 4)):
            i = rng.randrange(1, len(body) - 1)
            body[i], body[i + 1] = body[i + 1], body[i]
    if edits.paraphrase or edits.substitution:
        body = [_swap_words(p, rng, rate=edits.substitution, vocabulary=vocabulary, paraphrase=edits.paraphrase)
                for p in body]
    if edits.headline:
        head = rng.choice(headlines)
    lines = [head, *body]
    if edits.boilerplate:
        lines = [*rng.sample(BOILERPLATE, 1), *lines, *rng.sample(BOILERPLATE, 3)]
    return "\n".join(lines) + "\n"


def _grams(text: str, n: int = 8) -> frozenset[tuple[str, ...]]:
    w = normalised_words(text)
    return frozenset(tuple(w[i:i + n]) for i in range(max(0, len(w) - n + 1)))


def _pick_distinct(articles: Sequence[Article], k: int, rng: random.Random, *, min_words: int) -> list[Article]:
    pool = [a for a in articles if len(a.text.split()) >= min_words]
    rng.shuffle(pool)
    chosen: list[Article] = []
    grams: list[frozenset] = []
    for art in pool:
        g = _grams(art.text)
        if not g or any(len(g & o) / min(len(g), len(o)) >= 0.3 for o in grams):
            continue
        chosen.append(art)
        grams.append(g)
        if len(chosen) >= k:
            break
    return chosen


def pile_for_topic(articles: Sequence[Article], rng: random.Random, *, originals: int, distractors: int,
                   min_words: int = 120) -> tuple[list[Article], dict[str, str]]:
    """(pile, gold copy → original) for one topic."""
    picked = _pick_distinct(articles, originals + distractors, rng, min_words=min_words)
    vocabulary = sorted({w for a in picked for w in a.text.split() if w.isalpha() and len(w) > 3})
    headlines = [_paragraphs(a.text)[0] for a in articles if a.text.strip()]
    gold: dict[str, str] = {}
    pile = list(picked)
    for orig in picked[:originals]:
        for n in range(rng.randint(1, 3)):
            text = make_copy(orig.text, random_edits(rng), rng, vocabulary=vocabulary, headlines=headlines)
            copy = dataclasses.replace(orig, id=f"{orig.id}#copy{n}", text=text, outlet=f"syndicator{n}",
                                       origin=orig.origin + f"#copy{n}")
            pile.append(copy)
            gold[copy.id] = orig.id
    rng.shuffle(pile)
    return pile, gold


def _pairs(mapping: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, set[str]] = {}
    for copy, orig in mapping.items():
        groups.setdefault(orig, {orig}).add(copy)
    return {tuple(sorted(p)) for g in groups.values() for p in combinations(sorted(g), 2)}


def evaluate(t17_dir: Path, *, topics: Sequence[str] = TOPICS, originals: int = 40, distractors: int = 40,
             seed: int = 17, options: DedupeOptions = DedupeOptions()) -> dict:
    """Pairwise precision/recall of find_duplicates on generated copies; one pile per topic."""
    rng = random.Random(seed)
    tp = fp = fn = 0
    per_topic = {}
    n_articles = 0
    errors: list[dict] = []
    for topic in topics:
        pile, gold = pile_for_topic(list(load_t17(t17_dir, topic)), rng, originals=originals, distractors=distractors)
        predicted = find_duplicates(pile, options=options)
        g, p = _pairs(gold), _pairs(predicted)
        t_tp, t_fp, t_fn = len(g & p), len(p - g), len(g - p)
        tp, fp, fn = tp + t_tp, fp + t_fp, fn + t_fn
        n_articles += len(pile)
        per_topic[topic] = {"articles": len(pile), "gold_pairs": len(g), "tp": t_tp, "fp": t_fp, "fn": t_fn}
        errors += [{"topic": topic, "kind": "fp", "pair": list(x)} for x in sorted(p - g)[:5]]
        errors += [{"topic": topic, "kind": "fn", "pair": list(x)} for x in sorted(g - p)[:5]]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "articles": n_articles,
            "gold_pairs": tp + fn, "per_topic": per_topic, "examples": errors, "seed": seed,
            "options": dataclasses.asdict(options)}
