"""Near-duplicates, syndication and outlet independence.

Two articles are copies of one another when most of the shorter one's word bigrams occur in the longer one
(containment, not Jaccard: a re-edited wire copy that dropped half the paragraphs and added boilerplate still
contains the same text). MinHash/LSH over the bigram sets proposes candidate pairs cheaply; the exact containment
decides. Bigrams (not longer shingles) keep a copy recognisable after light paraphrase or a different machine
translation: replacing 15 % of the words breaks about 28 % of the bigrams but 40 % of the trigrams.

A copy never counts as corroboration: `source_key` maps every article to the outlet it speaks for (the wire agency
of its dateline, else the wire it credits, else its outlet, else itself; spellings of one outlet share a key:
`outlet.outlet_key`), and `independent_count` counts distinct keys after collapsing copies onto their original.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from dateline import minhash

from dateline.outlet import outlet_key
from dateline.records import Article

VERSION = "dedupe@1"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Penn-Treebank bracket tokens (T17) and similar artefacts carry no content.
_PTB = re.compile(r"-[LR][RSC]B-")


@dataclass(frozen=True)
class DedupeOptions:
    """Thresholds, measured on benchmarks/bench_story.py dedupe (T17 dev copies)."""

    containment: float = 0.5  # share of the shorter text's bigrams found in the longer one
    min_shingles: int = 12  # shorter texts are only duplicates when identical after normalisation
    lsh_threshold: float = 0.15  # Jaccard threshold of the candidate search (low: containment decides)
    num_perm: int = 128


# ASCII text: every byte that is not a letter or digit becomes a space, capitals become small letters. For ASCII
# characters `_WORD` matches exactly [A-Za-z0-9], so splitting the translated text gives `_WORD`'s words, lowered,
# about three times faster than the regex (this runs once or twice per article in every story stage).
_ASCII_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))


def normalised_words(text: str) -> list[str]:
    """Lower-cased words without accents or punctuation, the unit of every comparison here."""
    text = _PTB.sub(" ", text)
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    # accents only exist outside ASCII; most English text skips this per-character pass
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [w.lower() for w in _WORD.findall(text)]


def shingles(text: str) -> frozenset[str]:
    """The set of word bigrams of a text (single words for one-word texts)."""
    words = normalised_words(text)
    if len(words) < 2:
        return frozenset(words)
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:]))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """|A ∩ B| / min(|A|, |B|): 1.0 when the smaller set lies entirely in the larger."""
    small = min(len(a), len(b))
    if small == 0:
        return 0.0
    return len(a & b) / small


def _signature(sh: frozenset[str], num_perm: int) -> np.ndarray:
    """datasketch's `MinHash(num_perm, seed=1)` signature of the bigram set (`dateline.minhash`: the same values
    without importing datasketch)."""
    return minhash.signature([s.encode("utf-8") for s in sorted(sh)], minhash.permutations(num_perm, seed=1))


def _body(article: Article) -> str:
    """The text compared: the title is left out, since syndicated copies routinely get a new headline."""
    text = article.text
    if article.title and text.startswith(article.title):
        text = text[len(article.title):]
    return text


def is_copy(a: frozenset[str], b: frozenset[str], *, options: DedupeOptions = DedupeOptions()) -> bool:
    """The pairwise decision: identical short texts, or high containment of reasonably long ones."""
    if min(len(a), len(b)) < options.min_shingles:
        return bool(a) and a == b
    return containment(a, b) >= options.containment


def candidate_pairs(sets: Mapping[str, frozenset[str]], *, options: DedupeOptions = DedupeOptions()) -> set[tuple[str, str]]:
    """Pairs of ids whose MinHash signatures collide in the LSH index (plus exact-equal short texts)."""
    from datasketch import MinHash, MinHashLSH  # the reference index that `sketch_pairs` is tested against

    lsh = MinHashLSH(threshold=options.lsh_threshold, num_perm=options.num_perm)
    pairs: set[tuple[str, str]] = set()
    exact: dict[frozenset[str], str] = {}
    for key in sorted(sets):
        sh = sets[key]
        if not sh:
            continue
        if len(sh) < options.min_shingles:
            other = exact.setdefault(sh, key)
            if other != key:
                pairs.add((other, key))
            continue
        m = MinHash(num_perm=options.num_perm, seed=1, scheme="affine32",
                    hashvalues=_signature(sh, options.num_perm))
        for other in lsh.query(m):
            pairs.add((min(other, key), max(other, key)))
        lsh.insert(key, m)
    return pairs


# -- sketches: what the store keeps per article so that `add` finds the copies of a new article without re-hashing
# the pile. A sketch is (distinct bigrams, MinHash signature as uint64 bytes or None, short-text key or None).
Sketch = tuple[int, "bytes | None", "str | None"]


def sketch(article: Article, *, options: DedupeOptions = DedupeOptions()) -> Sketch:
    """The article's dedupe sketch: texts under `options.min_shingles` bigrams are only ever copies when equal, so
    they keep a hash of their bigram set instead of a signature."""
    sh = shingles(_body(article))
    if not sh:
        return (0, None, None)
    if len(sh) < options.min_shingles:
        return (len(sh), None, hashlib.sha1("\n".join(sorted(sh)).encode("utf-8")).hexdigest())
    return (len(sh), _signature(sh, options.num_perm).astype(np.uint64).tobytes(), None)


def _bands(options: DedupeOptions) -> list[tuple[int, int]]:
    """The LSH bands of `MinHashLSH(options.lsh_threshold, options.num_perm)`: two signatures are candidates when
    they agree on every value of at least one band."""
    return minhash.bands(options.lsh_threshold, options.num_perm)


def sketch_pairs(sketches: Mapping[str, Sketch], *, among: Iterable[str] | None = None,
                 options: DedupeOptions = DedupeOptions()) -> set[tuple[str, str]]:
    """Candidate pairs (smaller id first) of colliding sketches — the pairs `candidate_pairs` gives — restricted,
    when `among` is given, to the pairs with at least one id in it (what a few new articles add to a pile)."""
    focus = None if among is None else set(among)
    bands = _bands(options)
    if focus is not None and len(focus) * 20 < len(sketches):
        return _focus_pairs(sketches, focus, bands)
    if focus is None:
        return _all_pairs(sketches, bands)
    buckets: dict[tuple, list[str]] = {}
    for key in sorted(sketches):
        n, sig, short = sketches[key]
        if not n:
            continue
        if sig is None:
            buckets.setdefault(("short", short), []).append(key)
            continue
        values = np.frombuffer(sig, dtype=np.uint64)
        for k, (lo, hi) in enumerate(bands):
            buckets.setdefault((k, values[lo:hi].tobytes()), []).append(key)
    pairs: set[tuple[str, str]] = set()
    for bucket, ids in buckets.items():
        if len(ids) < 2:
            continue
        if bucket[0] == "short":  # equal short texts: each pairs with the first, as in `candidate_pairs`
            pairs.update((ids[0], b) for b in ids[1:] if focus is None or ids[0] in focus or b in focus)
        elif focus is None:
            pairs.update((a, b) for x, a in enumerate(ids) for b in ids[x + 1:])
        else:
            hot = [a for a in ids if a in focus]
            pairs.update((min(a, b), max(a, b)) for a in hot for b in ids if a != b)
    return pairs


def _all_pairs(sketches: Mapping[str, Sketch], bands: list[tuple[int, int]]) -> set[tuple[str, str]]:
    """`sketch_pairs` of a whole pile, band by band over the matrix of all signatures: the rows of a band are
    sorted so that equal ones (a bucket) lie together, and each bucket's pairs come out as array arithmetic instead
    of one dictionary entry per article and band."""
    keys = sorted(k for k, (n, sig, _) in sketches.items() if n and sig is not None)
    m = len(keys)
    found = []
    if m > 1:
        matrix = np.frombuffer(b"".join(sketches[k][1] for k in keys), dtype=np.uint64).reshape(m, -1)
        for lo, hi in bands:
            band = matrix[:, lo:hi]
            order = np.lexsort(band.T[::-1])  # equal rows next to each other
            rows = band[order]
            starts = np.flatnonzero(np.concatenate([[True], (rows[1:] != rows[:-1]).any(axis=1)]))
            ends = np.append(starts[1:], m)
            # the sorted position p of a bucket [start, end) pairs with the positions p+1 .. end-1
            after = np.repeat(ends, ends - starts) - np.arange(m) - 1
            left = np.repeat(np.arange(m), after)
            right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after)
            a, b = order[left], order[right]
            found.append(np.minimum(a, b) * m + np.maximum(a, b))
    codes = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    pairs = {(keys[c // m], keys[c % m]) for c in codes.tolist()}
    return pairs | _short_text_pairs(sketches)


def _short_text_pairs(sketches: Mapping[str, Sketch], focus: set[str] | None = None) -> set[tuple[str, str]]:
    """Articles too short for a signature pair by equal short text: each with the first of its text, as in
    `candidate_pairs`; with `focus`, only pairs that hold one of those articles."""
    shorts: dict[str, list[str]] = {}
    for k in sorted(sketches):
        n, sig, short = sketches[k]
        if n and sig is None:
            shorts.setdefault(short, []).append(k)
    return {(ids[0], b) for ids in shorts.values() for b in ids[1:]
            if focus is None or ids[0] in focus or b in focus}


def _focus_pairs(sketches: Mapping[str, Sketch], focus: set[str], bands: list[tuple[int, int]]
                 ) -> set[tuple[str, str]]:
    """`sketch_pairs` for a few new articles in a large pile: each new signature is compared with the matrix of
    all signatures band by band (vectorised), instead of bucketing every band of every article."""
    keys = sorted(k for k, (n, sig, _) in sketches.items() if n and sig is not None)
    pairs: set[tuple[str, str]] = set()
    if keys:
        matrix = np.frombuffer(b"".join(sketches[k][1] for k in keys), dtype=np.uint64).reshape(len(keys), -1)
        width = bands[-1][1]
        size = bands[0][1] - bands[0][0]
        grid = matrix[:, :width].reshape(len(keys), len(bands), size)
        row = {k: i for i, k in enumerate(keys)}
        for f in sorted(focus):
            if f not in row:
                continue
            hits = (grid == grid[row[f]]).all(axis=2).any(axis=1)
            pairs.update((min(f, keys[i]), max(f, keys[i])) for i in np.flatnonzero(hits) if keys[i] != f)
    return pairs | _short_text_pairs(sketches, focus)


def extend_duplicates(previous: Mapping[str, str], new: Sequence[Article], sketches: Mapping[str, Sketch], *,
                      load: Callable[[Iterable[str]], Mapping[str, Article]],
                      options: DedupeOptions = DedupeOptions()) -> dict[str, str]:
    """`find_duplicates` of the pile plus `new`, from `previous` (its result on the pile) and the sketches of every
    article (pile and new): only the new articles' candidate pairs are checked, and only the copy groups they join
    are re-decided. `load(ids)` reads stored articles (candidates and members of the joined groups)."""
    new_ids = {a.id for a in new}
    pairs = sorted(sketch_pairs(sketches, among=new_ids, options=options))
    if not pairs:
        return dict(previous)
    wanted = {x for p in pairs for x in p}
    members_of: dict[str, set[str]] = {}
    for copy, original in previous.items():
        members_of.setdefault(original, {original}).add(copy)
    arts = {a.id: a for a in new}
    arts.update(load(sorted(wanted - new_ids)))
    sets = {aid: shingles(_body(a)) for aid, a in arts.items()}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        x = previous.get(x, x)  # a stored copy stands for its group's original
        parent.setdefault(x, x)
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in pairs:
        if a in sets and b in sets and is_copy(sets[a], sets[b], options=options):
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for x in parent:
        groups.setdefault(root(x), set()).update(members_of.get(x, {x}))
    out = dict(previous)
    changed = [g for g in groups.values() if len(g) > 1]
    if not changed:
        return out
    need = {x for g in changed for x in g} - set(arts)
    arts.update(load(sorted(need)))
    for g in changed:
        original = min((arts[x] for x in g), key=_original_order)
        for x in g:
            out.pop(x, None)
            if x != original.id:
                out[x] = original.id
    return out


def _original_order(article: Article) -> tuple:
    """Which member of a copy group is the original: the earliest dated, then the longest, then the smallest id."""
    pub = article.pub_date.window.earliest.toordinal() if article.pub_date else 10**9
    return (pub, -len(article.text), article.id)


def find_duplicates(articles: Sequence[Article], *, options: DedupeOptions = DedupeOptions(),
                    sketches: Mapping[str, Sketch] | None = None) -> dict[str, str]:
    """Map each copy's id to the id of the original it copies (originals and unique articles are absent).

    `sketches` (every article's `sketch`, e.g. from the store) replace the MinHash step; the result is the same
    (`pair_checks` and `copies_among` are that path in parts, for a caller that runs the checks in a pool)."""
    if sketches is None:
        sets = {a.id: shingles(_body(a)) for a in articles}
        pairs = candidate_pairs(sets, options=options)
        return duplicates_of(articles, [(a, b) for a, b in sorted(pairs) if is_copy(sets[a], sets[b], options=options)])
    return duplicates_of(articles, [p for check in pair_checks(articles, sketches, options=options)
                                    for p in copies_among(check)])


@dataclass(frozen=True)
class PairCheck:
    """Candidate pairs to decide with the exact containment, and the compared text (`_body`) of every article
    they name: plain data, so that a process pool can decide them (`copies_among`)."""

    pairs: tuple[tuple[str, str], ...]
    bodies: Mapping[str, str]
    options: DedupeOptions


def pair_checks(articles: Sequence[Article], sketches: Mapping[str, Sketch], *, parts: int = 1,
                options: DedupeOptions = DedupeOptions()) -> list[PairCheck]:
    """The candidate pairs of the articles' sketches (`sketch_pairs`), sorted and cut into at most `parts`
    consecutive runs of about equal length. Each run carries the bodies of the articles it names: a loose LSH
    pairs an article with dozens of others (48,000 pairs on 2,789 T17 articles), so each run shingles an article
    once however many of its pairs it holds; with two runs about 1.65 times the pile is shingled in all."""
    by_id = {a.id: a for a in articles}
    pairs = sorted(p for p in sketch_pairs(sketches, options=options) if p[0] in by_id and p[1] in by_id)
    parts = max(1, min(parts, len(pairs)))
    runs = [pairs[k * len(pairs) // parts:(k + 1) * len(pairs) // parts] for k in range(parts)]
    return [PairCheck(tuple(run), {x: _body(by_id[x]) for x in sorted({x for p in run for x in p})}, options)
            for run in runs if run]


def copies_among(check: PairCheck) -> list[tuple[str, str]]:
    """The pairs of `check` that are copies (`is_copy` of their bigram sets), in its order."""
    sets = {x: shingles(body) for x, body in check.bodies.items()}
    return [(a, b) for a, b in check.pairs if is_copy(sets[a], sets[b], options=check.options)]


def duplicates_of(articles: Sequence[Article], copies: Iterable[tuple[str, str]]) -> dict[str, str]:
    """`find_duplicates` from the pairs found to be copies: each connected group's original (`_original_order`)
    and its copies. A group's root is its smallest id whichever order the pairs come in, so the result does not
    depend on the order (or the grouping) of `copies`."""
    by_id = {a.id: a for a in articles}
    parent = {a.id: a.id for a in articles}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in copies:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[Article]] = {}
    for art in articles:
        groups.setdefault(root(art.id), []).append(by_id[art.id])
    duplicates: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = min(members, key=_original_order)
        for m in members:
            if m.id != original.id:
                duplicates[m.id] = original.id
    return duplicates


def source_key(article: Article) -> str:
    """Who an article speaks for: a wire agency named in its dateline, else the wire it credits (a republished
    copy), else its outlet, else the article itself. Two articles of one outlet share the key whatever the
    spelling ("AP" / "The Associated Press", "Buckeye Herald" / "Buckeye Herald Media"), so they never count as two
    independent sources; an outlet's republished agency copy speaks for the agency.

    Articles without any outlet cue each count as their own source.
    """
    for name in ((article.dateline.outlet if article.dateline else None), article.wire, article.outlet):
        if name and name.strip():
            return "outlet:" + (outlet_key(name) or " ".join(normalised_words(name)))
    return "article:" + article.id


def independent_count(article_ids: Iterable[str], articles: Mapping[str, Article],
                      duplicates: Mapping[str, str]) -> int:
    """Distinct independent outlets among the given articles: copies collapse onto their original first."""
    keys = set()
    for aid in article_ids:
        original = duplicates.get(aid, aid)
        art = articles.get(original) or articles.get(aid)
        keys.add(source_key(art) if art else "article:" + original)
    return max(1, len(keys)) if keys else 0
