"""The timeline document in parts (store schema 4): pure functions between the one document dict every reader gets
and the rows the store keeps, so that `dateline add` reads and writes only the parts it changes.

The document of a 5,000-article pile is ~46 MB of JSON; kept as one blob, every `add` parsed and wrote all of it.
In parts: one row per article record, per story (its record, its disagreements, the entity ids its entries name),
per entry (with its sort key, so the global entry order is the store's index order, not a sort on every add) and per
entity (keyed by id), and a small head (the other top-level fields, the key order, the disagreements of no story, the
order of the entities).
`assemble_json` joins the rows' texts back into the document's JSON text, which parses to exactly the document that
was split: same keys, same order, same values.

A document that does not follow the orders the parts encode (entries by date then id; disagreements story by story,
then those of no story) is kept whole in the head: any dict round-trips, and a document the story stage made is
always split.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple, Sequence

PART_KEYS = ("articles", "stories", "entities", "entries", "disagreements")
OUTLIER_FLAG = "pub_date_outlier"


class ArticleRow(NamedTuple):
    id: str
    duplicate_of: str | None
    outlier: bool  # the record carries the pub-date outlier flag (re-decided pile-wide on every add)
    data: str


class StoryRow(NamedTuple):
    id: str
    data: str
    disagreements: str  # JSON list: the story's disagreements, in document order
    entity_ids: str  # JSON list: the entity ids its entries name, sorted (which old entities an add must keep)


class EntryRow(NamedTuple):
    id: str
    story_id: str | None
    earliest: str
    latest: str
    data: str


class EntityRow(NamedTuple):
    key: str  # "id:" and its id when unique in the document, else "pos:" and its position
    id: str | None
    data: str


@dataclass(frozen=True)
class TimelineParts:
    head: dict  # {"keys": [...], "fields": {...}, "loose": [...]} or {"whole": document}
    articles: tuple[ArticleRow, ...] = ()
    stories: tuple[StoryRow, ...] = ()
    entries: tuple[EntryRow, ...] = ()
    entities: tuple[EntityRow, ...] = ()


@dataclass(frozen=True)
class TimelineUpdate:
    """The changes an `add` makes to the stored document (`db._write_update`)."""

    head: dict
    articles: tuple[ArticleRow, ...]  # records of stored articles that changed, replacing theirs (by id)
    appended: tuple[ArticleRow, ...]  # records of new articles, after all others, in this order
    stories: tuple[StoryRow, ...]  # every story, in document order
    dropped_stories: frozenset[str]  # stories whose stored entries go (`entries` has their new ones)
    entries: tuple[EntryRow, ...]  # new entries, in document order among themselves
    entities: tuple[EntityRow, ...]  # the entities that changed or were added (the head has their order)
    dropped_entities: frozenset[str]  # keys of the entities no longer in the document
    # entries that go one by one: of a story whose stored entries are known (`entries` then holds only its new
    # and changed ones; entries sort by date and id, so the unchanged ones stay in place)
    dropped_entries: frozenset[str] = frozenset()


def encoder() -> Callable[[object], str]:
    """The compact JSON text of one part (as `db._document_json`). One encoder object for all the parts of a
    document: `json.dumps` with options builds a new one per call, and a document has tens of thousands of parts."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def entry_key(entry: dict) -> tuple[str, str, str]:
    """The order of entries in a document (`document.build_document`): ISO dates compare as the dates do."""
    return entry["date"]["earliest"], entry["date"]["latest"], entry["id"]


def story_finder(story_of_article: dict, story_of_entry: dict) -> Callable[[dict], str | None]:
    """The story a disagreement belongs to: that of its first article in a story, else of its first entry."""

    def story_of(d: dict) -> str | None:
        for aid in d["article_ids"]:
            if aid in story_of_article:
                return story_of_article[aid]
        return next((story_of_entry[e] for e in d["entry_ids"] if e in story_of_entry), None)

    return story_of


def article_row(record: dict, encode: Callable[[object], str]) -> ArticleRow:
    flags = record.get("flags")
    dup = record.get("duplicate_of")
    return ArticleRow(record["id"], dup if isinstance(dup, str) else None,
                      isinstance(flags, list) and OUTLIER_FLAG in flags, encode(record))


def story_row(record: dict, disagreements: Sequence[dict], entity_ids: Iterable[str],
              encode: Callable[[object], str]) -> StoryRow:
    return StoryRow(record["id"], encode(record), encode(list(disagreements)), encode(sorted(set(entity_ids))))


def entry_row(entry: dict, encode: Callable[[object], str]) -> EntryRow:
    return EntryRow(entry["id"], entry["story_id"], entry["date"]["earliest"], entry["date"]["latest"],
                    encode(entry))


def entity_id(entity) -> str | None:
    eid = entity.get("id") if isinstance(entity, dict) else None
    return eid if isinstance(eid, str) else None


def entity_keys(ids: Sequence[str | None]) -> list[str]:
    """The row key of each entity, given their ids in document order: the id where it is unique, else the
    position (never equal to an id key)."""
    seen: dict[str | None, int] = {}
    for eid in ids:
        seen[eid] = seen.get(eid, 0) + 1
    return [f"id:{eid}" if eid is not None and seen[eid] == 1 else f"pos:{k}" for k, eid in enumerate(ids)]


def _is_str_list(x) -> bool:
    return isinstance(x, list) and all(isinstance(v, str) for v in x)


def _well_formed(doc: dict) -> bool:
    """Whether every record has the fields the parts are keyed and ordered by."""
    if not all(isinstance(doc.get(k), list) for k in PART_KEYS):
        return False
    if not all(isinstance(a, dict) and isinstance(a.get("id"), str) for a in doc["articles"]):
        return False
    stories = doc["stories"]
    if not all(isinstance(s, dict) and isinstance(s.get("id"), str) and _is_str_list(s.get("article_ids"))
               for s in stories) or len({s["id"] for s in stories}) != len(stories):
        return False
    for e in doc["entries"]:
        if not (isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("date"), dict)
                and isinstance(e["date"].get("earliest"), str) and isinstance(e["date"].get("latest"), str)
                and (e.get("story_id") is None or isinstance(e["story_id"], str)) and "story_id" in e
                and _is_str_list(e.get("entity_ids"))):
            return False
    return all(isinstance(d, dict) and _is_str_list(d.get("article_ids")) and _is_str_list(d.get("entry_ids"))
               for d in doc["disagreements"])


def split_document(doc: dict) -> TimelineParts:
    """The parts of `doc`; a document that is not in the orders the parts encode is kept whole in the head."""
    whole = TimelineParts({"whole": doc})
    if not isinstance(doc, dict) or not _well_formed(doc):
        return whole
    keys = [entry_key(e) for e in doc["entries"]]
    if any(keys[k] > keys[k + 1] for k in range(len(keys) - 1)):
        return whole
    story_ids = [s["id"] for s in doc["stories"]]
    story_of = story_finder({aid: s["id"] for s in doc["stories"] for aid in s["article_ids"]},
                            {e["id"]: e["story_id"] for e in doc["entries"]})
    groups: dict[str | None, list[dict]] = {}
    for d in doc["disagreements"]:
        groups.setdefault(story_of(d), []).append(d)
    regrouped = [d for sid in story_ids for d in groups.get(sid, [])] + groups.get(None, [])
    if len(regrouped) != len(doc["disagreements"]) or any(
            a is not b for a, b in zip(regrouped, doc["disagreements"])):
        return whole
    named: dict[str | None, set[str]] = {}
    for e in doc["entries"]:
        named.setdefault(e["story_id"], set()).update(e["entity_ids"])
    encode = encoder()
    keys = entity_keys([entity_id(e) for e in doc["entities"]])
    return TimelineParts(
        head=head_of(doc, groups.get(None, []), keys),
        articles=tuple(article_row(a, encode) for a in doc["articles"]),
        stories=tuple(story_row(s, groups.get(s["id"], []), named.get(s["id"], ()), encode) for s in doc["stories"]),
        entries=tuple(entry_row(e, encode) for e in doc["entries"]),
        entities=tuple(EntityRow(key, entity_id(e), encode(e)) for key, e in zip(keys, doc["entities"])),
    )


def head_of(doc: dict, loose: Sequence[dict], entities: Sequence[str]) -> dict:
    """The head of a split document: its key order, its fields that are not parts, its disagreements of no story,
    the keys of its entities in order."""
    return {"keys": list(doc), "fields": {k: v for k, v in doc.items() if k not in PART_KEYS}, "loose": list(loose),
            "entities": list(entities)}


def _inner(list_json: str) -> str:
    """The items of a JSON list text, without the brackets ("" for an empty list)."""
    return list_json[1:-1]


def assemble_json(head: dict, articles: Iterable[str], stories: Sequence[tuple[str, str]], entries: Iterable[str],
                  entities: dict[str, str]) -> str:
    """The JSON text of the document of `head` and the texts of its parts, in order (stories as (record, its
    disagreements list); entities by key). Joined as text and parsed once by the caller: as fast as parsing the one
    blob was."""
    encode = encoder()
    loose = encode(head["loose"])
    dis = ",".join(t for t in [*(_inner(d) for _, d in stories), _inner(loose)] if t)
    lists = {"articles": ",".join(articles), "stories": ",".join(s for s, _ in stories),
             "entities": ",".join([entities[k] for k in head["entities"]]), "entries": ",".join(entries), "disagreements": dis}
    fields = head["fields"]
    body = ",".join(f"{encode(k)}:[{lists[k]}]" if k in lists else f"{encode(k)}:{encode(fields[k])}"
                    for k in head["keys"])
    return "{" + body + "}"


def item_texts(items: Sequence, old: Sequence[str | None], encode: Callable[[object], str]) -> list[str]:
    """The JSON text of each of `items`, reusing the text `old[k]` (None: none) where item k is unchanged. An add
    re-encoded every entity of the pile (~16,000 calls of the encoder, whose per-call cost is most of it) to find the
    few that changed; here the whole list is encoded in one call, the old texts parsed in one, only the items that compare
    unequal encoded alone, and the result checked against the one-call text, so it is exact (an equal item whose
    text differs, e.g. in key order, fails the check and every item is encoded)."""
    whole = encode(list(items))
    old = [*old[:len(items)], *[None] * (len(items) - len(old))]
    parsed = json.loads("[" + ",".join(["null" if t is None else t for t in old]) + "]")
    texts = [old[k] if old[k] is not None and parsed[k] == item else encode(item) for k, item in enumerate(items)]
    if "[" + ",".join(texts) + "]" == whole:
        return texts
    return [encode(item) for item in items]
