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
- organisations and other places: by a normalised form (case, "the", punctuation, a legal suffix: "Halvorsen
  Construction Co." = "Halvorsen Construction"); an acronym key ("UNSC") joins the entity some article defined it
  for ("U.N. Security Council (UNSC)"), or the one organisation whose initials it spells, function words in or out
  ("ODOT" = Ohio Department of Transportation);
- one type per name: which of the three families above a key falls in is decided by the label most of that name's
  mentions across the pile have (`pile_kinds`), not by each article's NER ("Kessler" read as a person in one
  article and as a place in nine is one place);
- a lone name that also starts an organisation's name ("Halvorsen": Greg Halvorsen or Halvorsen Construction)
  joins whichever is mentioned three times as often as the other, else stays apart.
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

import datetime as dt
import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

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


# A company's legal suffix is not part of what it is called: "Halvorsen Construction Co." = "Halvorsen Construction".
_CORPORATE_SUFFIX = re.compile(r"(?:,?\s+(?:co|inc|corp|ltd|llc|plc)\.?)+$", re.I)


@functools.lru_cache(maxsize=65536)
def _norm_org(key: str) -> str:
    # Memoised like fold_name: called once per key of the pile (and per unit) on a few thousand distinct names.
    key = _THE.sub("", key.strip())
    return _NOT_ALNUM.sub("", (_CORPORATE_SUFFIX.sub("", key) or key).lower())


def pile_kinds(labelled: Iterable[tuple[str, str | Mapping[str, int], int]]) -> dict[str, str]:
    """One type per name across the pile: `_norm_org(name)` -> the signature family ("PERSON", "GPE", "OTHER") of
    the label most of the name's mentions have, over every (name, label or label -> count, mentions) given. Each
    article's label already rests on what its text shows (`extract.entities.settle_lone_names`); this settles
    what the articles still disagree on ("Kessler" a person in one article, a place in nine) instead of making
    one entity per label."""
    votes: dict[str, dict[str, int]] = {}
    for name, label, count in labelled:
        v = votes.setdefault(_norm_org(name), {})
        if isinstance(label, str):
            v[label] = v.get(label, 0) + count
        else:
            for one, c in label.items():
                v[one] = v.get(one, 0) + c
    return {norm: _kind(most_common_key(v)) for norm, v in votes.items()}


@dataclass(frozen=True)
class EntityResolution:
    entities: tuple[Entity, ...]
    index: Mapping[tuple[str, str], str]

    def entity_for(self, article_id: str, key: str | None) -> str | None:
        return self.index.get((article_id, key)) if key else None


@functools.lru_cache(maxsize=65536)
def _alias_ok(text: str) -> bool:
    return bool(_UPPER.search(text)) and not _THE_WORD.match(text) and "\n" not in text


def _surfaces(entry) -> tuple[str, ...] | Iterable[str]:
    """A group's surfaces: kept as None, the one surface, or a dict used as an ordered set (see `resolve_entities`)."""
    if entry is None:
        return ()
    return (entry,) if isinstance(entry, str) else entry


def resolve_entities(articles: Iterable[Article], analyses: Iterable[Analysis]) -> EntityResolution:
    """Group every (article, mention key) of the pile into canonical entities (see the module docstring).

    Speed (this runs over the whole pile in every build and every `add`): each (article, key) is a number into
    flat per-group lists, holding its one label and one surface as plain strings until a second one turns up (a
    rare dict then); a group of one key (most of them) is read as it is instead of merged. Containers per key
    are what cost: the cyclic garbage collector re-walks the whole heap (the loaded pile) each time enough new
    ones survive, and that was a third of the resolution's time. Surface counts are not kept: only which
    surfaces occur is ever read. The order of everything iterated is the first-seen order the straightforward
    version had, so ties break alike."""
    analyses = list(analyses)
    articles_by_id = {a.id: a for a in articles}
    # 1. Per-article keys with their labels, surfaces, counts, roles; group gi is (article, key) `keys[gi]`.
    per_key: dict[tuple[str, str], int] = {}
    keys: list[tuple[str, str]] = []
    counts: list[int] = []  # mentions (and bylines) of the group; also the count of its label while it has one
    labels: list = []  # the group's label, or a dict label -> count once it has two
    surfaces: list = []  # None, the group's one surface, or a dict (ordered set) once it has two
    roles: dict[int, set] = {}
    alias_ok = _alias_ok

    def group(k: tuple[str, str], label) -> int:
        gi = per_key[k] = len(keys)
        keys.append(k)
        counts.append(0)
        labels.append(label)
        surfaces.append(None)
        return gi

    def add(gi: int, label, surface: str | None) -> None:
        """One more mention of group gi (the hot loop below inlines this)."""
        cur = labels[gi]
        if isinstance(cur, dict):
            cur[label] = cur.get(label, 0) + 1
        elif cur != label:
            labels[gi] = {cur: counts[gi], label: 1}
        counts[gi] += 1
        if surface is not None:
            cur = surfaces[gi]
            if cur is None:
                surfaces[gi] = surface
            elif isinstance(cur, dict):
                cur[surface] = None
            elif cur != surface:
                surfaces[gi] = {cur: None, surface: None}

    for an in analyses:
        aid = an.article_id
        local: dict[str, int] = {}  # key -> group, within this article: no tuple per mention
        for m in an.mentions:
            key = m.key
            if not key:
                continue
            label = m.label
            gi = local.get(key)
            if gi is None:
                k = (aid, key)
                gi = per_key.get(k)
                if gi is None:
                    gi = group(k, label)
                local[key] = gi
            cur = labels[gi]
            if cur != label:
                if isinstance(cur, dict):
                    cur[label] = cur.get(label, 0) + 1
                else:
                    labels[gi] = {cur: counts[gi], label: 1}
            counts[gi] += 1
            text = m.text
            if alias_ok(text):
                surface = text.strip()
                cur = surfaces[gi]
                if cur is None:
                    surfaces[gi] = surface
                elif isinstance(cur, dict):
                    cur[surface] = None
                elif cur != surface:
                    surfaces[gi] = {cur: None, surface: None}
        for r in an.roles:
            gi = per_key.get((aid, r.entity_key))
            if gi is not None:
                roles.setdefault(gi, set()).add((r.role, r.as_of))

    # 1a. A byline author is a person of their own, even when the text never names them.
    keys_of: dict[str, list[tuple[str, str]]] = defaultdict(list)  # per article: scanning every key was quadratic
    for k in keys:
        keys_of[k[0]].append(k)
    for an in analyses:
        art = articles_by_id.get(an.article_id)
        for author in byline_names(art.author if art else None):
            fa = fold_name(author)
            own = [k for k in keys_of[an.article_id] if fold_name(k[1]) == fa]
            k = own[0] if own else (an.article_id, author)
            gi = per_key.get(k)
            if gi is None:
                gi = group(k, "PERSON")
            if not own:
                keys_of[an.article_id].append(k)
                add(gi, "PERSON", author)  # the byline itself
            as_of = art.pub_date.window.earliest if art and art.pub_date and not art.pub_date.window.estimated else None
            roles.setdefault(gi, set()).add(("reporter (byline)", as_of))

    # 2. Group keys by a type-specific signature. A group lists its keys by number (`keys[gi]`).
    # a defaultdict as before: step 2a extends a target that an earlier acronym may have merged away (re-created)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    acronym_target: dict[str, set[tuple[str, str]]] = defaultdict(set)
    # Many articles share a key: the signature of each (type, spelling) is worked out once, and its list in `groups`
    # kept at hand (nothing leaves `groups` in this step, so the list stays the group's). Per type, by spelling:
    # no tuple per key, and each tuple that survives costs the garbage collector a look at every pass.
    sig_of: dict[str, dict[str, tuple[str, str]]] = {"PERSON": {}, "GPE": {}, "OTHER": {}}
    list_of: dict[str, dict[str, list[int]]] = {"PERSON": {}, "GPE": {}, "OTHER": {}}
    kind_of = pile_kinds((k[1], labels[gi], counts[gi]) for gi, k in enumerate(keys))
    for gi, k in enumerate(keys):
        label = labels[gi]
        if isinstance(label, dict):
            label = most_common_key(label)
        name = k[1]
        kind = "PERSON" if label == "PERSON" else "GPE" if label == "GPE" else "OTHER"  # the article's own reading
        members = list_of[kind].get(name)
        if members is None:
            sig = _signature(kind_of[_norm_org(name)], name)  # the pile's reading
            sig_of[kind][name] = sig
            members = list_of[kind][name] = groups[sig]
        members.append(gi)
        surface = surfaces[gi]
        if surface is not None:
            for surface in _surfaces(surface):
                if surface != name and _ACRONYM.fullmatch(surface):
                    acronym_target[surface].add(sig_of[kind][name])

    # 2a. Acronym keys join the entity they were defined for (when one definition exists in the pile).
    for acro, sigs in acronym_target.items():
        own = ("OTHER", _norm_org(acro))
        if len(sigs) == 1 and own in groups:
            target = next(iter(sigs))
            if target != own:
                groups[target].extend(groups.pop(own))

    # 2a'. Initials ("UN" → "United Nations"); 2b. people (`_merge_initials`, `_merge_people`).
    key_names = [k[1] for k in keys]
    _merge_initials(groups, key_names)
    _merge_people(groups, key_names, counts)

    # 3. Build entities.
    entities: list[Entity] = []
    index: dict[tuple[str, str], str] = {}
    for sig, gis in groups.items():
        if len(gis) == 1:  # one key (most entities): its own counts, name and surfaces, nothing to merge
            gi = gis[0]
            count = counts[gi]
            etype = labels[gi]
            if isinstance(etype, dict):
                etype = most_common_key(etype)
            name = keys[gi][1]  # what the choice below gives for one name, person or not
            surface = surfaces[gi]
            aliases = set() if surface is None else {surface} if isinstance(surface, str) else set(surface)
            if alias_ok(name):
                aliases.add(name)
            g_roles = roles.get(gi)
        else:
            g_labels: dict = {}
            aliases = set()  # only which surfaces occur matters
            names: dict[str, int] = {}
            g_roles = set()
            count = 0
            for gi in gis:
                n = counts[gi]
                label = labels[gi]
                if isinstance(label, dict):
                    for one, c in label.items():
                        g_labels[one] = g_labels.get(one, 0) + c
                else:
                    g_labels[label] = g_labels.get(label, 0) + n
                surface = surfaces[gi]
                if surface is not None:
                    if isinstance(surface, str):
                        aliases.add(surface)
                    else:
                        aliases.update(surface)
                name = keys[gi][1]
                names[name] = names.get(name, 0) + n
                if gi in roles:
                    g_roles |= roles[gi]
                count += n
            etype = most_common_key(g_labels)
            if etype == "PERSON":
                multi = {n: c for n, c in names.items() if len(n.split()) > 1} or names
                name = max(multi.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
            else:
                name = max(names.items(), key=lambda kv: (kv[1], kv[0]))[0]
            aliases.update([n for n in names if alias_ok(n)])
        entity_roles = tuple(
            EntityRole(role, as_of)
            for role, as_of in sorted(g_roles, key=lambda r: (r[1] is None, r[1] or 0, r[0].lower(), r[0]))
        ) if g_roles else ()
        eid = entity_id(etype, name)
        entities.append(Entity(eid, name, etype, tuple(sorted(aliases)), entity_roles, count))
        for gi in gis:
            index[keys[gi]] = eid
    entities.sort(key=lambda e: (-e.mention_count, e.name))
    return EntityResolution(tuple(entities), index)


def _merge_initials(groups: dict, names: Sequence[str]) -> None:
    """Step 2a': an all-caps key that spells the initials of exactly one other organisation or place joins it
    ("UN" → "United Nations", "EU" → "European Union"). `groups` maps a signature to its members, numbers into
    `names` (a member's key); merged in place."""
    names_by_initials: dict[str, set] = defaultdict(set)
    for sig, ms in groups.items():
        if sig[0] == "OTHER":
            for initials in name_initials(names[ms[0]]):
                names_by_initials[initials].add(sig)
    for sig in [s_ for s_ in groups if s_[0] == "OTHER"]:
        key = names[groups[sig][0]] if sig in groups else ""
        if _INITIALS.fullmatch(key) and len(names_by_initials.get(key, ())) == 1:
            target = next(iter(names_by_initials[key]))
            if target in groups and target != sig:
                groups[target].extend(groups.pop(sig))


_FUNCTION_WORDS = ("of", "the", "and", "for")


@functools.lru_cache(maxsize=16384)
def name_initials(name: str) -> frozenset[str]:
    """The acronyms a name of two or more capitalised words can have: its words' initials, each of its function
    words' initial in or out ("Ohio Department of Transportation" → ODT, ODOT; "United Nations" → UN)."""
    words = [w for w in _WORD_BREAK.split(name) if w and w.lower() != "the"]
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if len(content) < 2 or not all(w[0].isupper() for w in content):
        return frozenset()
    out = {""}
    for w in words:
        if w.lower() in _FUNCTION_WORDS:
            out |= {x + w[0].upper() for x in out} if len(out) < 64 else set()
        else:
            out = {x + w[0] for x in out}
    return frozenset(out)


def _merge_people(groups: dict, names: Sequence[str], counts: Sequence[int]) -> None:
    """Step 2b: single names join a dominant full name; "George W. Bush" absorbs "George Bush". Members are
    numbers into `names` and `counts` (mentions); merged in place."""
    people = {sig: ms for sig, ms in groups.items() if sig[0] == "PERSON"}
    # Folded once per name and indexed by first/last token: comparing every pair of names and re-folding both each
    # time made this step quadratic and the slowest part of the story stage on large piles.
    tokens = {sig: tuple(fold_tokens(names[ms[0]])) for sig, ms in people.items()}
    mentions_of = {sig: sum([counts[m] for m in ms]) for sig, ms in people.items()}
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
    # A lone name that also starts an organisation's name ("Halvorsen": Greg Halvorsen or Halvorsen Construction)
    # joins whichever of the two is mentioned three times as often as the other, else stays apart.
    org_first: dict[str, list] = defaultdict(list)
    for sig, ms in groups.items():
        words = names[ms[0]].split() if sig[0] == "OTHER" else ()
        if len(words) > 1:
            org_first[fold_name(words[0])].append(sig)
    for sig in [s for s in people if len(tokens[s]) == 1 and s in groups]:
        f = tokens[sig][0]
        orgs = org_first.get(f, ())
        org = max(orgs, key=lambda o: (sum([counts[m] for m in groups[o]]), o)) if orgs else None
        org_mentions = sum([counts[m] for m in groups[org]]) if org else 0
        person = None
        for position in (-1, 0):
            cands = list(by_token[position].get(f, ()))
            if not cands:
                continue
            cands.sort(key=lambda o: -mentions_of[o])
            if len(cands) == 1 or mentions_of[cands[0]] >= 3 * mentions_of[cands[1]]:
                person = cands[0]
            elif org is not None:
                org_mentions = 0  # the name's people are ambiguous already: it is not the organisation's either
            break
        if person is not None and mentions_of[person] >= 3 * org_mentions:
            groups[person].extend(groups.pop(sig))
        elif org is not None and org_mentions >= 3 * (mentions_of[person] if person is not None else 0) \
                and org_mentions and len(orgs) == 1:
            groups[org].extend(groups.pop(sig))


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


# -- `dateline add`: the resolution kept up to date instead of redone over the pile ------------------------------
#
# Steps 2 and 3 of `resolve_entities` never look at which article a key came from: they read, per (type, key)
# "unit" (a key of the pile with the type its article's label majority gave it), the sum of its mention counts and
# label counts, which surfaces occur, its roles and where it first occurs (ties and "the first key of a group" follow
# first-seen order). Those sums only grow when articles are appended to the pile, so `add` keeps them in the store
# (`entity_units`, JSON data), folds in the new articles' keys (`add_to_units`) and runs steps 2-3 over the units
# (`resolve_units`): a third as many as the (article, key) pairs, and no pass over every mention. The index is
# made for the articles the add reads (those of the stories it recomputes) only: nothing else of it is read.
#
# Units are columns of plain values (a unit is a number into them), not a record each: a container per unit is
# what the cyclic garbage collector re-walks in a process that holds the loaded pile (see `resolve_entities`).
# Where a unit first occurs is one number, `_position(phase, article ordinal, number of the key in its article)`:
# phase 0 for mention keys, phase 1 for keys only a byline gives (step 1a runs after step 1 over the whole pile):
# the order `resolve_entities` numbers its groups in.

UNITS_VERSION = f"{VERSION}/units@1"
_KINDS = ("PERSON", "GPE", "OTHER")


def _position(phase: int, ordinal: int, number: int) -> int:
    return (phase * 10**8 + ordinal) * 10**7 + number


def _kind(label: str) -> str:
    return "PERSON" if label == "PERSON" else "GPE" if label == "GPE" else "OTHER"


def _signature(kind: str, name: str) -> tuple[str, str]:
    """The group a key of that kind and name falls in before the merges of steps 2a-2b."""
    return ("PERSON", fold_name(name)) if kind == "PERSON" else ("GPE", name) if kind == "GPE" else (
        "OTHER", _norm_org(name))


class KeyGroup(NamedTuple):
    """One (article, key) of `resolve_entities` step 1/1a: what the article says about its key. A named tuple, not
    a dataclass: a cold `add` makes one per (article, key) of the pile."""

    key: str
    kind: str  # "PERSON", "GPE" or "OTHER": the signature family its label majority picks
    first: int  # `_position` of the key
    count: int
    labels: str | dict  # its one label, or label -> count
    surfaces: tuple[str, ...]  # first-seen order
    roles: set | None


def article_key_groups(article, analysis, ordinal: int) -> list[KeyGroup]:
    """Steps 1 and 1a of `resolve_entities` for one article (`article` may be None: no byline), the article being
    number `ordinal` of the pile in storage order. Per key, plain values until a second label or surface turns up,
    as in `resolve_entities`."""
    number: dict[str, int] = {}
    keys: list[str] = []
    counts: list[int] = []
    labels: list = []
    surfaces: list = []
    roles: dict[int, set] = {}
    alias_ok = _alias_ok
    for m in analysis.mentions:
        key = m.key
        if not key:
            continue
        label = m.label
        n = number.get(key)
        if n is None:
            n = number[key] = len(keys)
            keys.append(key)
            counts.append(0)
            labels.append(label)
            surfaces.append(None)
        cur = labels[n]
        if cur != label:
            if isinstance(cur, dict):
                cur[label] = cur.get(label, 0) + 1
            else:
                labels[n] = {cur: counts[n], label: 1}
        counts[n] += 1
        text = m.text
        if alias_ok(text):
            surface = text.strip()
            cur = surfaces[n]
            if cur is None:
                surfaces[n] = surface
            elif isinstance(cur, dict):
                cur[surface] = None
            elif cur != surface:
                surfaces[n] = {cur: None, surface: None}
    for r in analysis.roles:
        n = number.get(r.entity_key)
        if n is not None:
            roles.setdefault(n, set()).add((r.role, r.as_of))
    in_text = len(keys)
    for author in byline_names(article.author if article else None):
        fa = fold_name(author)
        n = next((n for n, k in enumerate(keys) if fold_name(k) == fa), None)
        if n is None:  # a person of its own: one mention, its byline as surface, numbered after every mention key
            n = len(keys)
            keys.append(author)
            counts.append(1)
            labels.append("PERSON")
            surfaces.append(author)
        pub = article.pub_date
        roles.setdefault(n, set()).add(
            ("reporter (byline)", pub.window.earliest if pub and not pub.window.estimated else None))
    out = []
    for n, key in enumerate(keys):
        label = labels[n]
        kind = _kind(label if isinstance(label, str) else most_common_key(label))
        surface = surfaces[n]
        first = _position(0, ordinal, n) if n < in_text else _position(1, ordinal, n - in_text)
        out.append(KeyGroup(key, kind, first, counts[n], label,
                            () if surface is None else (surface,) if isinstance(surface, str) else tuple(surface),
                            roles.get(n)))
    return out


def article_key_kinds(author: str | None, labelled: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """key -> kind of every (article, key) group of one article, from its (key, label, mentions) counts and its
    byline: what the index of an article needs (`article_key_groups` without counts, surfaces and roles)."""
    labels: dict[str, dict] = {}
    for key, label, n in labelled:
        counts = labels.get(key)
        if counts is None:
            labels[key] = {label: n}
        else:
            counts[label] = counts.get(label, 0) + n
    kinds = {key: _kind(most_common_key(counts)) for key, counts in labels.items()}
    for name in byline_names(author):
        fa = fold_name(name)
        if not any(fold_name(k) == fa for k in kinds):
            kinds[name] = "PERSON"
    return kinds


def empty_units() -> dict:
    """No units: the columns of `add_to_units` (JSON data as the store keeps it). Per unit: kind, key, first
    position, mentions, labels (one label, or label -> count when several), surfaces (None, one, or a sorted list);
    sparse: roles (unit number as text -> flat [role, ISO date or None, ...]) and acronyms ([unit, surface,
    position of its first occurrence], step 2a's order)."""
    return {"version": UNITS_VERSION, "kinds": [], "names": [], "first": [], "counts": [], "labels": [],
            "surfaces": [], "roles": {}, "acronyms": []}


def add_to_units(units: dict, groups: Iterable[KeyGroup]) -> dict:
    """Fold key groups into `units` (`empty_units`). Updates `units` in place and returns it: it is the caller's
    own data, fresh from the store or from `empty_units`, and copying it would cost more than the fold."""
    kinds, names, first, counts = units["kinds"], units["names"], units["first"], units["counts"]
    labels, surfaces, roles, acronyms = units["labels"], units["surfaces"], units["roles"], units["acronyms"]
    number = {kind: {} for kind in _KINDS}
    for u, (kind, name) in enumerate(zip(kinds, names)):
        number[kind][name] = u
    for g in groups:
        u = number[g.kind].get(g.key)
        if u is None:
            u = number[g.kind][g.key] = len(names)
            kinds.append(g.kind)
            names.append(g.key)
            first.append(g.first)
            counts.append(0)
            labels.append(g.labels if isinstance(g.labels, str) else next(iter(g.labels)))
            surfaces.append(None)
        elif g.first < first[u]:
            first[u] = g.first
        counts[u] += g.count
        mine = labels[u]
        if isinstance(mine, dict) or g.labels != mine:  # a second label: label -> count from now on
            mine = {mine: counts[u] - g.count} if isinstance(mine, str) else mine
            for label, c in ({g.labels: g.count} if isinstance(g.labels, str) else g.labels).items():
                mine[label] = mine.get(label, 0) + c
            labels[u] = mine
        if g.surfaces:
            have = surfaces[u]
            have = set() if have is None else {have} if isinstance(have, str) else set(have)
            have.update(g.surfaces)
            surfaces[u] = next(iter(have)) if len(have) == 1 else sorted(have)
            for k, surface in enumerate(g.surfaces):
                if surface != g.key and _ACRONYM.fullmatch(surface):  # rare: a scan of the few kept is enough
                    at = g.first * 10**6 + k
                    same = next((a for a in acronyms if a[0] == u and a[1] == surface), None)
                    if same is None:
                        acronyms.append([u, surface, at])
                    elif at < same[2]:
                        same[2] = at
        if g.roles:
            flat = roles.setdefault(str(u), [])
            have = set(zip(flat[::2], flat[1::2]))
            for role, as_of in sorted(g.roles, key=lambda r: (r[0], "" if r[1] is None else r[1].isoformat())):
                iso = None if as_of is None else as_of.isoformat()
                if (role, iso) not in have:
                    have.add((role, iso))
                    flat += [role, iso]
    return units


def entity_units(articles: Iterable, analyses: Iterable) -> dict:
    """The units of a pile (`analyses` in storage order)."""
    by_id = {a.id: a for a in articles}
    return add_to_units(empty_units(), (g for k, an in enumerate(analyses)
                                        for g in article_key_groups(by_id.get(an.article_id), an, k)))


def resolve_units(units: Mapping, wanted: Mapping[str, Mapping[str, str]]) -> EntityResolution:
    """Steps 2 and 3 of `resolve_entities` over units: the same entities, and the index of the articles in `wanted`
    (article id -> its `article_key_kinds`): `resolve_entities`'s entries for those articles."""
    entities, eid_of = unit_entities(units)
    return EntityResolution(entities, unit_index(units, eid_of, wanted))


def unit_numbers(units: Mapping) -> dict[str, dict[str, int]]:
    """kind -> name -> the number of its unit: how `unit_index` finds an article key's unit."""
    number: dict[str, dict[str, int]] = {kind: {} for kind in _KINDS}
    for u, (kind, name) in enumerate(zip(units["kinds"], units["names"])):
        number[kind][name] = u
    return number


def unit_index(units: Mapping, eid_of: Mapping[int, str], wanted: Mapping[str, Mapping[str, str]], *,
               numbers: Mapping[str, Mapping[str, int]] | None = None) -> dict[tuple[str, str], str]:
    """The index of the articles in `wanted` (article id -> its `article_key_kinds`): (article id, key) -> the id
    of its entity, given each unit's entity id (`unit_entities`). `numbers`: `unit_numbers(units)` when the
    caller has it already."""
    index: dict[tuple[str, str], str] = {}
    if wanted:
        number = unit_numbers(units) if numbers is None else numbers
        for aid, key_kinds in wanted.items():
            for key, kind in key_kinds.items():
                index[(aid, key)] = eid_of[number[kind][key]]
    return index


def unit_entities(units: Mapping) -> tuple[tuple[Entity, ...], dict[int, str]]:
    """Steps 2 and 3 of `resolve_entities` over units: the entities, and the entity id of each unit. The part of
    `resolve_units` that does not depend on the articles to index (a long-lived process works it out beside other
    work, `warm.SideProcess.resolve`)."""
    kinds, names, first, counts = units["kinds"], units["names"], units["first"], units["counts"]
    labels, surfaces = units["labels"], units["surfaces"]
    roles = {int(u): flat for u, flat in units["roles"].items()}
    order = sorted(range(len(names)), key=first.__getitem__)  # first-seen order: `resolve_entities`'s numbering
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    sig_of: dict[str, dict[str, tuple[str, str]]] = {kind: {} for kind in _KINDS}
    kind_of = pile_kinds(zip(names, labels, counts))
    for u in order:
        kind, name = kinds[u], names[u]
        sig = _signature(kind_of[_norm_org(name)], name)
        sig_of[kind][name] = sig
        groups[sig].append(u)
    # 2a. (as in `resolve_entities`: in the order the acronyms first occur, a group re-created when merged away)
    acronym_first: dict[str, int] = {}
    acronym_target: dict[str, set] = defaultdict(set)
    for u, surface, at in units["acronyms"]:
        if surface not in acronym_first or at < acronym_first[surface]:
            acronym_first[surface] = at
        acronym_target[surface].add(sig_of[kinds[u]][names[u]])
    for acro in sorted(acronym_target, key=acronym_first.__getitem__):
        sigs = acronym_target[acro]
        own = ("OTHER", _norm_org(acro))
        if len(sigs) == 1 and own in groups:
            target = next(iter(sigs))
            if target != own:
                groups[target].extend(groups.pop(own))
    # 2a', 2b.
    _merge_initials(groups, names)
    _merge_people(groups, names, counts)
    # 3. Entities: a group of one unit is what `resolve_entities` makes of one key, or of one spelling's keys.
    entities: list[Entity] = []
    eid_of: dict[int, str] = {}
    for sig, us in groups.items():
        if len(us) == 1:
            u = us[0]
            count = counts[u]
            etype = labels[u] if isinstance(labels[u], str) else most_common_key(labels[u])
            name = names[u]
            surface = surfaces[u]
            aliases = set() if surface is None else {surface} if isinstance(surface, str) else set(surface)
            if _alias_ok(name):
                aliases.add(name)
            flat = roles.get(u)
        else:
            g_labels: dict = {}
            aliases = set()
            g_names: dict[str, int] = {}
            flat = []
            count = 0
            for u in us:
                n = counts[u]
                label = labels[u]
                if isinstance(label, str):
                    g_labels[label] = g_labels.get(label, 0) + n
                else:
                    for one, c in label.items():
                        g_labels[one] = g_labels.get(one, 0) + c
                surface = surfaces[u]
                if surface is not None:
                    if isinstance(surface, str):
                        aliases.add(surface)
                    else:
                        aliases.update(surface)
                g_names[names[u]] = g_names.get(names[u], 0) + n
                if u in roles:
                    flat = flat + roles[u]
                count += n
            etype = most_common_key(g_labels)
            if etype == "PERSON":
                multi = {n: c for n, c in g_names.items() if len(n.split()) > 1} or g_names
                name = max(multi.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
            else:
                name = max(g_names.items(), key=lambda kv: (kv[1], kv[0]))[0]
            aliases.update([n for n in g_names if _alias_ok(n)])
        entity_roles = tuple(
            EntityRole(role, as_of)
            for role, as_of in sorted({(role, None if iso is None else dt.date.fromisoformat(iso))
                                       for role, iso in zip(flat[::2], flat[1::2])},
                                      key=lambda r: (r[1] is None, r[1] or 0, r[0].lower(), r[0]))
        ) if flat else ()
        eid = entity_id(etype, name)
        entities.append(Entity(eid, name, etype, tuple(sorted(aliases)), entity_roles, count))
        for u in us:
            eid_of[u] = eid
    entities.sort(key=lambda e: (-e.mention_count, e.name))
    return tuple(entities), eid_of
