"""The entity resolution as first written, kept as the reference `canonical.resolve_entities` must equal (same
entities in the same order, same index in the same order): the fast version changed how it counts, not what."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateline import canonical
from dateline.canonical import byline_names, entity_id, most_common_key
from dateline.extract.entities import fold_name, fold_tokens
from dateline.records import Analysis, Article, Entity, EntityRole


def _alias_ok(text: str) -> bool:
    return bool(re.search(r"[A-Z]", text)) and not re.match(r"(?i)the\s+[a-z]", text) and "\n" not in text


def _norm_org(key: str) -> str:
    key = re.sub(r"^(?:the)\s+", "", key.strip(), flags=re.I)
    key = re.sub(r"(?:,?\s+(?:co|inc|corp|ltd|llc|plc)\.?)+$", "", key, flags=re.I) or key  # "… Co." = "…"
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _initials_of(name: str) -> set[str]:
    """A name's possible acronyms: its content words' initials, each function word's in or out ("ODT", "ODOT")."""
    words = [w for w in re.split(r"[\s.\-]+", name) if w and w.lower() != "the"]
    content = [w for w in words if w.lower() not in ("of", "and", "for")]
    if len(content) < 2 or not all(w[0].isupper() for w in content):
        return set()
    out = {""}
    for w in words:
        if w.lower() in ("of", "and", "for"):
            if len(out) < 64:
                out |= {x + w[0].upper() for x in out}
        else:
            out = {x + w[0] for x in out}
    return out


@dataclass
class _Group:
    keys: list[tuple[str, str]] = field(default_factory=list)  # (article_id, key)
    labels: dict = field(default_factory=lambda: defaultdict(int))
    surfaces: dict = field(default_factory=lambda: defaultdict(int))
    key_names: dict = field(default_factory=lambda: defaultdict(int))
    roles: set = field(default_factory=set)
    count: int = 0


def reference_resolve_entities(articles: Iterable[Article],
                               analyses: Iterable[Analysis]) -> canonical.EntityResolution:
    """`canonical.resolve_entities` as first written (Counters, a record per key), before it was made fast, with
    the rules added since written the same straightforward way (one type per name, suffixes, initials with
    function words, lone names shared with an organisation)."""
    analyses = list(analyses)
    articles_by_id = {a.id: a for a in articles}
    # 1. Per-article keys with their labels, surfaces, counts, roles.
    per_key: dict[tuple[str, str], _Group] = defaultdict(_Group)
    for an in analyses:
        for m in an.mentions:
            if not m.key:
                continue
            g = per_key[(an.article_id, m.key)]
            g.labels[m.label] += 1
            if _alias_ok(m.text):
                g.surfaces[m.text.strip()] += 1
            g.count += 1
        for r in an.roles:
            if (an.article_id, r.entity_key) in per_key:
                per_key[(an.article_id, r.entity_key)].roles.add((r.role, r.as_of))

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
            g = per_key[k]
            if not own:
                keys_of[an.article_id].append(k)
                g.labels["PERSON"] += 1
                g.surfaces[author] += 1
                g.count += 1  # the byline itself
            as_of = art.pub_date.window.earliest if art and art.pub_date and not art.pub_date.window.estimated else None
            g.roles.add(("reporter (byline)", as_of))

    # One type per name across the pile: the label most of the name's mentions have, whatever each article said.
    votes: dict[str, Counter] = defaultdict(Counter)
    for k, g in per_key.items():
        votes[_norm_org(k[1])].update(g.labels)

    def label_of(k: tuple[str, str]) -> str:
        return most_common_key(votes[_norm_org(k[1])])

    # 2. Group keys by a type-specific signature.
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    acronym_target: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for k, g in per_key.items():
        label = label_of(k)
        if label == "PERSON":
            sig = ("PERSON", fold_name(k[1]))
        elif label == "GPE":
            sig = ("GPE", k[1])
        else:
            sig = ("OTHER", _norm_org(k[1]))
        groups[sig].append(k)
        for surface in g.surfaces:
            if re.fullmatch(r"[A-Z]{2,8}", surface) and surface != k[1]:
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
            for initials in _initials_of(ks[0][1]):
                names_by_initials[initials].add(sig)
    for sig in [s_ for s_ in groups if s_[0] == "OTHER"]:
        key = groups[sig][0][1] if sig in groups else ""
        if re.fullmatch(r"[A-Z]{2,6}", key) and len(names_by_initials.get(key, ())) == 1:
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
    # A lone name that also starts an organisation's name joins whichever of the two is mentioned three times as
    # often as the other (an organisation only when it is the one), else stays apart.
    org_first: dict[str, list] = defaultdict(list)
    for sig, ks in groups.items():
        if sig[0] == "OTHER" and len(ks[0][1].split()) > 1:
            org_first[fold_name(ks[0][1].split()[0])].append(sig)

    def org_count(o) -> int:
        return sum(per_key[k].count for k in groups[o])

    for sig in [s for s in people if len(tokens[s]) == 1 and s in groups]:
        f = tokens[sig][0]
        orgs = org_first.get(f, [])
        org = max(orgs, key=lambda o: (org_count(o), o)) if orgs else None
        person, ambiguous = None, False
        for position in (-1, 0):
            cands = list(by_token[position].get(f, ()))
            if not cands:
                continue
            cands.sort(key=lambda o: -mentions_of[o])
            if len(cands) == 1 or mentions_of[cands[0]] >= 3 * mentions_of[cands[1]]:
                person = cands[0]
            else:
                ambiguous = True
            break
        n_org = org_count(org) if org is not None and not ambiguous else 0
        n_person = mentions_of[person] if person is not None else 0
        if person is not None and n_person >= 3 * n_org:
            groups[person].extend(groups.pop(sig))
        elif org is not None and len(orgs) == 1 and n_org and n_org >= 3 * n_person:
            groups[org].extend(groups.pop(sig))

    # 3. Build entities.
    entities: list[Entity] = []
    index: dict[tuple[str, str], str] = {}
    for sig, ks in groups.items():
        labels: Counter = Counter()
        surfaces: Counter = Counter()
        names: Counter = Counter()
        roles: set = set()
        count = 0
        for k in ks:
            g = per_key[k]
            labels.update(g.labels)
            surfaces.update(g.surfaces)
            names[k[1]] += g.count
            roles |= g.roles
            count += g.count
        etype = most_common_key(labels)
        if etype == "PERSON":
            multi = Counter({n: c for n, c in names.items() if len(n.split()) > 1}) or names
            name = max(multi.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        else:
            name = max(names.items(), key=lambda kv: (kv[1], kv[0]))[0]
        eid = entity_id(etype, name)
        aliases = sorted(set(surfaces) | {n for n in names if _alias_ok(n)})
        entity_roles = tuple(
            EntityRole(role, as_of)
            for role, as_of in sorted(roles, key=lambda r: (r[1] is None, r[1] or 0, r[0].lower(), r[0]))
        )
        entities.append(Entity(eid, name, etype, tuple(aliases), entity_roles, count))
        for k in ks:
            index[k] = eid
    entities.sort(key=lambda e: (-e.mention_count, e.name))
    return canonical.EntityResolution(tuple(entities), index)

