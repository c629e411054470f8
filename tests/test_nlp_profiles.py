"""The NLP profiles (fast | balanced | full): which sentences and windows the model sees, and what fast still finds."""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.records import Article, DateWindow, PubDate

TEXT = (
    "Flooding hits the coast\n"
    "Heavy rain flooded the coast of Louisiana on Monday, officials said.\n"
    "The governor ordered an evacuation of low-lying towns.\n"
    "Rescue crews worked through the night in three parishes.\n"
    "Later, state engineer Kevin Davis said the levees had held.\n"
    "The rain is expected to ease by Wednesday, and Davis said repairs would start soon.\n"
    "Residents of Louisiana were told to stay indoors."
)


def article(text: str = TEXT) -> Article:
    day = dt.date(2024, 5, 6)
    return Article(id="p", origin="p.txt", source_file=None, fmt="text", raw=text, text=text, title=None, url=None,
                   outlet=None, author=None, language="en", language_score=1.0,
                   pub_date=PubDate(DateWindow(day.isoformat(), "day", day, day), "test"))


@pytest.fixture(scope="module")
def fast():
    from dateline.nlp import load_resources

    return load_resources(cascade="fast")


def test_unknown_profile_is_a_config_error():
    from dateline.errors import ConfigError
    from dateline.nlp import load_resources

    with pytest.raises(ConfigError):
        load_resources(cascade="turbo")


def test_fast_is_the_default_profile():
    from dateline.nlp import DEFAULT_PROFILE, PROFILES, Resources

    assert DEFAULT_PROFILE == "fast" and DEFAULT_PROFILE in PROFILES
    assert Resources.__dataclass_fields__["cascade"].default == DEFAULT_PROFILE


def test_windows_cover_only_unexplained_capitalised_words(fast):
    from dateline.analyse import NAME_WINDOW_WORDS, _name_windows, _prepare
    from dateline.extract.entities import RawEnt

    a = article()
    prep = _prepare(a, fast)
    lead = prep.parse | prep.ner
    assert {s.index for s in prep.sentences if s.index in lead} == {0, 1}  # the first two sentences (no headline span)
    louisiana = a.text.index("Louisiana")
    windows = _name_windows(prep, [RawEnt(louisiana, louisiana + 9, "GPE")], fast)
    texts = [w.text for w, _, _ in windows]
    assert any("Kevin Davis" in t for t in texts)
    assert not any("Louisiana" in t for t in texts)  # found in the lead already
    assert not any(t.startswith(("Rescue", "Residents")) for t in texts)  # sentence openers
    for w, cut_left, cut_right in windows:
        sent = prep.sentences[w.index]
        assert a.text[w.start:w.end] == w.text and sent.start <= w.start and w.end <= sent.end
        assert cut_left == (w.start > sent.start) and cut_right == (w.end < sent.end)
        assert len(w.text.split()) <= 2 * NAME_WINDOW_WORDS + 3


def test_fast_finds_a_name_first_mentioned_late_and_propagates_it(fast):
    from dateline.analyse import analyse

    an = analyse(article(), fast)
    people = [m for m in an.mentions if m.label == "PERSON"]
    assert {m.key for m in people} >= {"Kevin Davis"}
    assert sum(1 for m in people if m.key == "Kevin Davis") >= 2  # the later lone surname joins the full name
    assert sum(1 for m in an.mentions if m.key == "Louisiana") == 2
    assert any(e.event_type == "statement" for e in an.events if e.sentence == 4)
    assert dict(an.versions)["model"].endswith(":ner:fast")


def test_agreement_counts_precision_and_recall_against_the_reference():
    from dateline.eval.speed import _agreement
    from dateline.records import Analysis, Event, Mention, Quote

    def an(mentions, events=(), quotes=()):
        return Analysis(article_id="x", sentences=(), timexes=(), mentions=tuple(mentions), roles=(),
                        events=tuple(events), quotes=tuple(quotes), versions=())

    ref = an([Mention(0, 2, "BP", "ORG", 0, "BP"), Mention(5, 7, "BP", "ORG", 1, "BP"),
              Mention(9, 14, "Obama", "PERSON", 1, "Barack Obama")],
             [Event(sentence=1, trigger="say", event_type="statement")], [Quote(0, 5, "x", "BP", "say", False, 1)])
    got = an([Mention(0, 2, "BP", "ORG", 0, "BP"), Mention(20, 25, "Gulf", "LOC", 2, "Gulf")],
             [Event(sentence=1, trigger="say", event_type="statement", modality="negated")],
             [Quote(0, 5, "x", "BP", "say", False, 1)])
    out = _agreement([ref], [got])
    assert out["mentions"] == {"precision": 0.5, "recall": 0.333}
    assert out["entities"] == {"precision": 0.5, "recall": 0.5}
    assert out["events"] == {"precision": 0.0, "recall": 0.0}  # same sentence and type, another modality
    assert out["quotes"] == {"precision": 1.0, "recall": 1.0}
