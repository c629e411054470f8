"""Frozen records that flow between stages.

Every stage takes and returns these; none of them holds a reference to a model, a connection or a clock.
Offsets (`start`, `end`) are always character offsets into `Article.text` (the cleaned text), half-open.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

GRANULARITIES = ("day", "week", "month", "quarter", "year", "approximate")


@dataclass(frozen=True)
class DateWindow:
    """A date as a timeline needs it: a value at a granularity plus the window of real days it may be.

    `value` is YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or YYYY-Qn (None for approximate windows).
    """

    value: str | None
    granularity: str
    earliest: dt.date
    latest: dt.date
    estimated: bool = False

    def to_json(self) -> dict:
        return {
            "value": self.value,
            "granularity": self.granularity,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "estimated": self.estimated,
        }

    @property
    def width_days(self) -> int:
        return (self.latest - self.earliest).days + 1


@dataclass(frozen=True)
class RawArticle:
    """One article as an ingest module read it, before cleaning.

    `origin` names where it came from precisely enough to find it again ("dir/a.jsonl#L3", "feed.xml#item2").
    `text` is the article body as plain text (for HTML: the extracted main text); `raw` the decoded input record.
    Hints are what the input format itself states (header line, HTML metadata, JSONL fields, feed fields).
    """

    origin: str
    source_file: str | None
    fmt: str
    text: str
    raw: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    date_hint: str | None = None
    date_hint_source: str | None = None
    language_hint: str | None = None


@dataclass(frozen=True)
class Rejection:
    """An input that could not become an article. `code` is from errors.CODES."""

    origin: str
    code: str
    reason: str


@dataclass(frozen=True)
class Dateline:
    """'SEOUL, Oct. 26 (Yonhap) --' → place SEOUL, outlet Yonhap, month 10, day 26 (year unknown)."""

    place: str | None
    outlet: str | None
    month: int | None
    day: int | None
    year: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """A marked stretch of cleaned text, e.g. a photo caption or the headline."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Cleaned:
    """What cleaning made of a RawArticle: the cleaned text that every citation points into, plus what it found."""

    text: str
    title: str | None
    author: str | None
    dateline: Dateline | None
    spans: tuple[Span, ...] = ()
    removed_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class PubDate:
    """A publication date with the evidence it rests on. `window.estimated` marks inferred dates."""

    window: DateWindow
    evidence: str


@dataclass(frozen=True)
class Article:
    id: str
    origin: str
    source_file: str | None
    fmt: str
    raw: str
    text: str
    title: str | None
    url: str | None
    outlet: str | None
    author: str | None
    language: str | None
    language_score: float | None
    pub_date: PubDate | None
    dateline: Dateline | None = None
    spans: tuple[Span, ...] = ()
    duplicate_of: str | None = None
    # Whose reporting a republished copy carries, when the article credits it ("Harbor Times | From Reuters",
    # "Source: Reuters", a byline of another outlet than the page's): corroboration counts it, not `outlet`.
    wire: str | None = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    kind: str = "body"  # body | caption | headline


@dataclass(frozen=True)
class TimeExpr:
    """A time expression found in text, normalised against a reference date.

    `type` is a TIMEX3 type (DATE, TIME, DURATION, SET); `value` a TIMEX3 value ("2023-10-26", "2023-W35",
    "P24Y", "PAST_REF", "XXXX-WXX-1"); `window` the real days it denotes, when it denotes days at all
    (durations and sets have none). `mod` is a TIMEX3 mod (START, MID, END, APPROX, BEFORE, AFTER, ...).
    `anchor` tells how it was resolved (absolute, dct, narrative, planned, ...), for explanations.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    window: DateWindow | None = None
    mod: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Mention:
    """An entity mention; `key` is the canonical key within the article (filled by canonicalisation)."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    key: str | None = None


@dataclass(frozen=True)
class Role:
    entity_key: str
    role: str
    as_of: dt.date | None
    sentence: int


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float | None
    unit: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """What one sentence reports: who did what to whom, when, how sure."""

    sentence: int
    trigger: str
    event_type: str
    actor: str | None = None
    target: str | None = None
    location: str | None = None
    modality: str = "reported"  # reported | planned | denied | conditional | hypothetical | negated
    quantities: tuple[Quantity, ...] = ()
    timex: tuple[int, ...] = ()  # indexes into Analysis.timexes


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    verb: str | None
    direct: bool
    sentence: int


@dataclass(frozen=True)
class Analysis:
    """Everything the per-article stage derives from one article. Pure data; stored as JSON."""

    article_id: str
    sentences: tuple[Sentence, ...]
    timexes: tuple[TimeExpr, ...] = ()
    mentions: tuple[Mention, ...] = ()
    roles: tuple[Role, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    versions: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (component, algorithm@version)


@dataclass(frozen=True)
class Citation:
    article_id: str
    sentence: str
    start: int
    end: int
    time_expression: str | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    story_id: str
    date: DateWindow
    summary: str
    sources: tuple[Citation, ...]
    independent_sources: int
    entity_ids: tuple[str, ...] = ()
    event_type: str | None = None
    flags: tuple[str, ...] = ()
    salience: float = 0.0


@dataclass(frozen=True)
class Disagreement:
    kind: str
    description: str
    article_ids: tuple[str, ...]
    entry_ids: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Story:
    id: str
    title: str | None
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class EntityRole:
    role: str
    as_of: dt.date | None = None


@dataclass(frozen=True)
class Entity:
    """A canonical entity across the whole pile (id is stable: a hash of type + canonical name)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[EntityRole, ...] = ()
    mention_count: int = 0


@dataclass(frozen=True)
class Timeline:
    """What the cross-article stage produces; export/html/web render it (via the JSON document)."""

    stories: tuple[Story, ...]
    entities: tuple[Entity, ...]
    entries: tuple[Entry, ...]
    disagreements: tuple[Disagreement, ...]
    pub_dates: tuple[tuple[str, DateWindow], ...] = ()  # article id → estimated publication date (undated articles)
    # article id → what its estimate rests on ("81 % of the evidence (dates in the lead, similar dated articles)")
    pub_date_reasons: tuple[tuple[str, str], ...] = ()
    duplicates: tuple[tuple[str, str], ...] = ()  # article id → id of the article it copies
