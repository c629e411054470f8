"""Canonical entities across the whole pile, and the map from each mention to its entity.

Within an article, `analyse` already gave every Mention a `key`: the entity's canonical name in that article
("North Korea", "Kim Jong-un", "joint statement" is never a mention). Across articles this module groups the keys:

- states: keys are already the gazetteer's display name ("North Korea"), so they group as they are; capitals and
  seats that acted as their state carry the state's key, so "Pyongyang" and "Kremlin" become aliases of the state;
- people: by the spelling fold of `extract.entities.fold_name` ("Kim Jong Un" = "Kim Jong-un", "Sergei Shoigu" =
  "Sergey Shoigu"), then names with the same first and last parts ("George W. Bush" / "George Bush") when that is
  unambiguous in the pile; a key that is a lone surname ("Putin" in an article that never gives the full name)
  joins the one full name in the pile that ends (or, for East Asian order, starts) with it — the most mentioned
  one when several do and it dominates (≥ 3× the next), else it stays apart;
- organisations and other places: by a normalised form (case, "the", punctuation); an acronym key ("UNSC") joins
  the entity some article defined it for ("U.N. Security Council (UNSC)").
People with different folds never merge (Sergei Shoigu ≠ Sergey Lavrov; Kim Jong Un ≠ Kim Seung-yeon).

Mapping mentions to entities — the contract for the story stage:

    resolution = resolve_entities(articles, analyses)
    resolution.entities                      # tuple[Entity, ...]
    resolution.index[(article_id, mention.key)] -> entity id
    resolution.entity_for(article_id, key)   # same, None when unknown

`entity_index(articles, analyses)` returns just that dict and `merge_entities(...)` just the entities. Event actors,
targets and locations and quote speakers are mention keys too when they name an entity, so the same lookup
`index[(article_id, event.actor)]` gives an event's actor entity (a key missing from the index is a plain phrase such
as "three countries"). Entity ids are `entity_id(type, name)`: a hash of type + canonical name.
"""
from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dateline.extract.entities import fold_name, fold_tokens
from dateline.records import Analysis, Article, Entity, EntityRole

VERSION = "canonical@1"

def most_common_key(counter) -> str:
    """The most frequent key, ties broken by the key itself: Counter.most_common breaks ties by insertion order,
    which follows set iteration and so the process's hash seed — two builds of one pile must not differ."""
    return min(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]



def entity_id(etype: str, name: str) -> str:
    return "ent_" + hashlib.sha1(f"{etype}\0{name}".encode()).hexdigest()[:12]


_THE = re.compile(r"^(?:the)\s+", re.I)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_UPPER = re.compile(r"[A-Z]")
_THE_WORD = re.compile(r"(?i)the\s+[a-z]")
_ACRONYM = re.compile(r"[A-Z]{2,8}")
_INITIALS = re.compile(r"[A-Z]{2,6}")
_WORD_BREAK = re.compile(r"[\s.\-]+")


def _norm_org(key: str) -> str:
    return _NOT_ALNUM.sub("", _THE.sub("", key.strip()).lower())


class _Group:
    """What the pile says about one (article, key). A slotted class with plain dicts rather than a dataclass with
    default factories: a pile has one group per (article, key) (~10^5), and creating them was a third of the
    resolution's time."""

    __slots__ = ("labels", "surfaces", "roles", "count")

    def __init__(self) -> None:
        self.labels: dict[str, int] = {}
        self.surfaces: dict[str, int] = {}  # insertion order matters: it orders the acronym pass (step 2a)
        self.roles: set = set()
        self.count = 0


@dataclass(frozen=True)
class EntityResolution:
    entities: tuple[Entity, ...]
    index: Mapping[tuple[str, str], str]

    def entity_for(self, article_id: str, key: str | None) -> str | None:
        return self.index.get((article_id, key)) if key else None


@functools.lru_cache(maxsize=65536)
def _alias_ok(text: str) -> bool:
    return bool(_UPPER.search(text)) and not _THE_WORD.match(text) and "\n" not in text


def _top(counts: Mapping[str, int]) -> str:
    """`most_common_key` with a shortcut for the usual single key."""
    if len(counts) == 1:
        for key in counts:
            return key
    return most_common_key(counts)


def _add_counts(into: dict, counts: Mapping) -> None:
    for key, n in counts.items():
        into[key] = into.get(key, 0) + n


def resolve_entities(articles: Iterable[Article], analyses: Iterable[Analysis]) -> EntityResolution:
    """Group every (article, mention key) of the pile into canonical entities (see the module docstring).

    Speed (this runs over the whole pile in every build and every `add`): plain dicts and loops instead of Counters
    and per-key closures, and a group of one key (most of them) reuses that key's counts instead of merging copies.
    The order of every dict that is iterated is the one the straightforward version had, so ties break alike."""
    analyses = list(analyses)
    articles_by_id = {a.id: a for a in articles}
    # 1. Per-article keys with their labels, surfaces, counts, roles.
    per_key: dict[tuple[str, str], _Group] = {}
    alias_ok = _alias_ok
    for an in analyses:
        aid = an.article_id
        for m in an.mentions:
            if not m.key:
                continue
            k = (aid, m.key)
            g = per_key.get(k)
            if g is None:
                g = per_key[k] = _Group()
            labels = g.labels
            labels[m.label] = labels.get(m.label, 0) + 1
            if alias_ok(m.text):
                surface = m.text.strip()
                g.surfaces[surface] = g.surfaces.get(surface, 0) + 1
            g.count += 1
        for r in an.roles:
            g = per_key.get((aid, r.entity_key))
            if g is not None:
                g.roles.add((r.role, r.as_of))

    # 1a. A byline author is a person of their own, even when the text never names them.
    keys_of: dict[str, list[tuple[str, str]]] = defaultdict(list)  # per article: scanning every key was quadratic
    for k in per_key:
        keys_of[k[0]].append(k)
    for an in analyses:
        art = articles_by_id.get(an.article_id)
        for author in byline_names(art.author if art else None):
            fa = fold_name(author)
            own = [k for k in keys_of[an.article_id] if fold_name(k[1]) == fa]
            k = own[0] if own else (an.article_id, author)
            g = per_key.get(k)
            if g is None:
                g = per_key[k] = _Group()
            if not own:
                keys_of[an.article_id].append(k)
                g.labels["PERSON"] = g.labels.get("PERSON", 0) + 1
                g.surfaces[author] = g.surfaces.get(author, 0) + 1
                g.count += 1  # the byline itself
            as_of = art.pub_date.window.earliest if art and art.pub_date and not art.pub_date.window.estimated else None
            g.roles.add(("reporter (byline)", as_of))

    # 2. Group keys by a type-specific signature.
    # a defaultdict as before: step 2a extends a target that an earlier acronym may have merged away (re-created)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    acronym_target: dict[str, set[tuple[str, str]]] = defaultdict(set)
    norm_org: dict[str, str] = {}  # many articles share a key: normalise each spelling once
    for k, g in per_key.items():
        label = _top(g.labels)
        name = k[1]
        if label == "PERSON":
            sig = ("PERSON", fold_name(name))
        elif label == "GPE":
            sig = ("GPE", name)
        else:
            norm = norm_org.get(name)
            if norm is None:
                norm = norm_org[name] = _norm_org(name)
            sig = ("OTHER", norm)
        groups[sig].append(k)
        for surface in g.surfaces:
            if surface != name and _ACRONYM.fullmatch(surface):
                acronym_target[surface].add(sig)

    # 2a. Acronym keys join the entity they were defined for (when one definition exists in the pile).
    for acro, sigs in acronym_target.items():
        own = ("OTHER", _norm_org(acro))
        if len(sigs) == 1 and own in groups:
            target = next(iter(sigs))
            if target != own:
                groups[target].extend(groups.pop(own))

    # 2a'. An all-caps key that spells the initials of exactly one other organisation or place joins it
    # ("UN" → "United Nations", "EU" → "European Union").
    names_by_initials: dict[str, set] = defaultdict(set)
    for sig, ks in groups.items():
        if sig[0] == "OTHER":
            words = [w for w in _WORD_BREAK.split(ks[0][1]) if w and w.lower() not in ("of", "the", "and", "for")]
            if len(words) >= 2 and all(w[0].isupper() for w in words):
                names_by_initials["".join(w[0] for w in words)].add(sig)
    for sig in [s_ for s_ in groups if s_[0] == "OTHER"]:
        key = groups[sig][0][1] if sig in groups else ""
        if _INITIALS.fullmatch(key) and len(names_by_initials.get(key, ())) == 1:
            target = next(iter(names_by_initials[key]))
            if target in groups and target != sig:
                groups[target].extend(groups.pop(sig))

    # 2b. People: single names join a dominant full name; "George W. Bush" absorbs "George Bush".
    people = {sig: ks for sig, ks in groups.items() if sig[0] == "PERSON"}
    # Folded once per name and indexed by first/last token: comparing every pair of names and re-folding both each
    # time made this step quadratic and the slowest part of the story stage on large piles.
    tokens = {sig: tuple(fold_tokens(ks[0][1])) for sig, ks in people.items()}
    mentions_of = {sig: sum(per_key[k].count for k in ks) for sig, ks in people.items()}
    full = [sig for sig in people if len(tokens[sig]) > 1]
    by_ends: dict[tuple[str, str], list] = defaultdict(list)
    for o in full:
        by_ends[(tokens[o][0], tokens[o][-1])].append(o)
    for sig in sorted(full, key=lambda s: len(tokens[s])):
        toks = tokens[sig]
        longer = [o for o in by_ends[(toks[0], toks[-1])]
                  if o != sig and o in groups and len(tokens[o]) > len(toks)]
        if len(longer) == 1 and sig in groups:
            groups[longer[0]].extend(groups.pop(sig))
    full = [sig for sig in full if sig in groups]
    by_token = {position: defaultdict(list) for position in (-1, 0)}
    for o in full:
        for position in (-1, 0):
            by_token[position][tokens[o][position]].append(o)
    for sig in [s for s in people if len(tokens[s]) == 1 and s in groups]:
        f = tokens[sig][0]
        for position in (-1, 0):
            cands = list(by_token[position].get(f, ()))
            if not cands:
                continue
            cands.sort(key=lambda o: -mentions_of[o])
            if len(cands) == 1 or mentions_of[cands[0]] >= 3 * mentions_of[cands[1]]:
                groups[cands[0]].extend(groups.pop(sig))
            break

    # 3. Build entities.
    entities: list[Entity] = []
    index: dict[tuple[str, str], str] = {}
    for sig, ks in groups.items():
        if len(ks) == 1:  # read the key's own counts: nothing to merge
            g = per_key[ks[0]]
            labels, surfaces, roles, count = g.labels, g.surfaces, g.roles, g.count
            names = {ks[0][1]: count}
        else:
            labels, surfaces, names, roles, count = {}, {}, {}, set(), 0
            for k in ks:
                g = per_key[k]
                _add_counts(labels, g.labels)
                _add_counts(surfaces, g.surfaces)
                names[k[1]] = names.get(k[1], 0) + g.count
                roles |= g.roles
                count += g.count
        etype = _top(labels)
        if etype == "PERSON":
            multi = {n: c for n, c in names.items() if len(n.split()) > 1} or names
            name = max(multi.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        else:
            name = max(names.items(), key=lambda kv: (kv[1], kv[0]))[0]
        eid = entity_id(etype, name)
        aliases = sorted(set(surfaces).union(n for n in names if _alias_ok(n)))
        entity_roles = tuple(
            EntityRole(role, as_of)
            for role, as_of in sorted(roles, key=lambda r: (r[1] is None, r[1] or 0, r[0].lower(), r[0]))
        ) if roles else ()
        entities.append(Entity(eid, name, etype, tuple(aliases), entity_roles, count))
        for k in ks:
            index[k] = eid
    entities.sort(key=lambda e: (-e.mention_count, e.name))
    return EntityResolution(tuple(entities), index)


def byline_names(author: str | None) -> list[str]:
    """'By Kim Seung-yeon' / 'Jane Doe and John Roe' → person names (2–4 capitalised words each)."""
    if not author:
        return []
    parts = re.split(r"\s+and\s+|\s*[,;&]\s*", re.sub(r"^(?:by)\s+", "", author.strip(), flags=re.I))
    return [p for p in parts if re.fullmatch(r"[A-Z][\w'\-]+(?:\s+[A-Z][\w'.\-]+){1,3}", p)]


def merge_entities(articles: Iterable[Article], analyses: Iterable[Analysis]) -> tuple[Entity, ...]:
    """Canonical entities of the pile, most mentioned first."""
    return resolve_entities(articles, analyses).entities


def entity_index(articles: Iterable[Article], analyses: Iterable[Analysis]) -> dict[tuple[str, str], str]:
    """(article_id, mention key) → entity id, for every mention key in the pile."""
    return dict(resolve_entities(articles, analyses).index)


def entities_to_json(entities: Sequence[Entity]) -> list[dict]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "aliases": list(e.aliases),
            "roles": [{"role": r.role, "as_of": r.as_of.isoformat() if r.as_of else None} for r in e.roles],
            "mention_count": e.mention_count,
        }
        for e in entities
    ]
