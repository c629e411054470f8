"""Small hand-built Articles and Analyses for the story-stage tests."""
from __future__ import annotations

import datetime as dt

from dateline.records import Analysis, Article, DateWindow, Event, Mention, PubDate, Sentence, TimeExpr


def article(aid: str, text: str, *, day: dt.date | None = None, outlet: str | None = None,
            title: str | None = None) -> Article:
    pub = PubDate(DateWindow(day.isoformat(), "day", day, day), "test") if day else None
    return Article(id=aid, origin=aid, source_file=f"{aid}.txt", fmt="text", raw=text, text=text, title=title,
                   url=None, outlet=outlet, author=None, language="en", language_score=1.0, pub_date=pub)


def sentences(text: str, kinds: dict[int, str] | None = None) -> tuple[Sentence, ...]:
    out, start = [], 0
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            out.append(Sentence(len(out), start, start + len(line), line, (kinds or {}).get(i, "body")))
        start += len(line) + 1
    return tuple(out)


def timex(text: str, phrase: str, value: str, window: DateWindow | None, *, anchor: str = "absolute") -> TimeExpr:
    i = text.index(phrase)
    return TimeExpr(i, i + len(phrase), phrase, "DATE", value, window, None, anchor)


def day(d: dt.date) -> DateWindow:
    return DateWindow(d.isoformat(), "day", d, d)


def mentions(text: str, names: dict[str, str], sents: tuple[Sentence, ...]) -> tuple[Mention, ...]:
    out = []
    for name, label in names.items():
        start = 0
        while (i := text.find(name, start)) >= 0:
            sent = next(s.index for s in sents if s.start <= i < s.end)
            out.append(Mention(i, i + len(name), name, label, sent, name))
            start = i + 1
    return tuple(sorted(out, key=lambda m: m.start))


def analysis(art: Article, *, timexes=(), events=(), names=None, kinds=None) -> Analysis:
    sents = sentences(art.text, kinds)
    return Analysis(art.id, sents, tuple(timexes), mentions(art.text, names or {}, sents), (), tuple(events))


def event(sentence: int, trigger: str, etype: str, **kw) -> Event:
    return Event(sentence=sentence, trigger=trigger, event_type=etype, **kw)
