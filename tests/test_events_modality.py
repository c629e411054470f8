"""Events and quotes on small hand-written articles (uses the spaCy model once per module)."""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.records import Article, DateWindow, PubDate


@pytest.fixture(scope="module")
def resources():
    """The parse-based rules: every sentence parsed (the "fast" profile's word-based rules are tested below)."""
    from dateline.nlp import load_resources

    return load_resources(cascade="full")


@pytest.fixture(scope="module")
def fast():
    from dateline.nlp import load_resources

    return load_resources(cascade="fast")


def article(text: str, day: dt.date | None = dt.date(2024, 1, 10)) -> Article:
    pub = PubDate(DateWindow(day.isoformat(), "day", day, day), "test") if day else None
    return Article(
        id="t", origin="t.txt", source_file=None, fmt="text", raw=text, text=text, title=None, url=None,
        outlet=None, author=None, language="en", language_score=1.0, pub_date=pub,
    )


def events(resources, text):
    from dateline.analyse import analyse

    return analyse(article(text), resources)


def only(analysis, trigger):
    hits = [e for e in analysis.events if e.trigger == trigger]
    assert hits, [(e.trigger, e.event_type) for e in analysis.events]
    return hits[0]


def test_modalities(resources):
    a = events(
        resources,
        "Iran will retaliate if Israel attacks its nuclear sites.\n"
        "China did not send troops to the border.\n"
        "The president will visit Paris next week.\n"
        "Officials denied that the army shelled the town.\n"
        "The talks could collapse and the sides might sanction each other.\n"
        "Kremlin spokesman Dmitry Peskov declined to comment.\n"
        "The minister plans to travel to Brussels.",
    )
    assert only(a, "attack").modality == "conditional"
    assert only(a, "send").modality == "negated"
    assert only(a, "visit").modality == "planned"
    assert only(a, "shell").modality == "denied"
    assert only(a, "sanction").modality == "hypothetical"
    assert only(a, "comment").modality == "negated"
    assert only(a, "travel").modality == "planned"


def test_actor_target_location_and_types(resources):
    a = events(
        resources,
        "North Korea supplied artillery shells to Russia last year.\n"
        "Vladimir Putin met Kim Jong Un in Pyongyang on June 19.\n"
        "Russian Foreign Minister Sergey Lavrov arrived later.\n"
        "He condemned the sanctions imposed by Washington.",
    )
    supply = only(a, "supply")
    assert (supply.event_type, supply.actor, supply.target) == ("supply", "North Korea", "Russia")
    meet = only(a, "meet")
    assert (meet.event_type, meet.actor, meet.target) == ("meet", "Vladimir Putin", "Kim Jong Un")
    assert meet.location == "Pyongyang"
    condemn = only(a, "condemn")
    assert condemn.actor == "Sergey Lavrov"  # "He" → the last person mentioned
    assert condemn.event_type == "condemn"


def test_timex_indexes_point_into_the_events_sentence(resources):
    a = events(resources, "North Korea supplied artillery shells to Russia last year.\nNothing else happened here today.")
    for e in a.events:
        s = a.sentences[e.sentence]
        assert all(s.start <= a.timexes[i].start < s.end for i in e.timex)


def test_quotes_he_added_and_unattributed_continuation(resources):
    from dateline.analyse import analyse

    text = (
        'Foreign Minister Annalena Baerbock said the talks were useful.\n'
        '"We will keep talking to everyone," Baerbock said.\n'
        '"Nobody wants a war in Europe."\n'
        '"We are ready," she added.\n'
        'The joint statement said the sides had agreed on a ceasefire.\n'
        '"The ceasefire begins at noon," it said.'
    )
    a = analyse(article(text), resources)
    direct = [q for q in a.quotes if q.direct]
    assert [q.speaker for q in direct] == ["Annalena Baerbock"] * 3 + ["joint statement"]
    assert direct[2].verb == "add"
    indirect = [q for q in a.quotes if not q.direct]
    assert any(q.speaker == "Annalena Baerbock" and "useful" in q.text for q in indirect)
    assert any(q.speaker == "joint statement" and "ceasefire" in q.text for q in indirect)


def test_relative_pronouns_natural_forces_and_phrasal_senses(resources):
    a = events(
        resources,
        "Charl van der Merwe works for Oxfam, which has sent 200 staff into Haiti.\n"
        "An earthquake struck the capital on Tuesday.\n"
        "The workers had to give up their pensions.\n"
        "Aid agencies are warning that children are at great risk.",
    )
    send = only(a, "send")
    assert send.actor == "Oxfam" and send.event_type == "supply"
    assert any(q.value == 200 for q in send.quantities)
    assert only(a, "strike").event_type == "disaster"
    assert not [e for e in a.events if e.trigger == "give"]
    assert only(a, "warn").event_type == "statement"


# -- the "fast" profile: events and quotes without a parse ------------------------------------------------------


def test_fast_profile_loads_no_parser(fast):
    assert fast.parse_pipes == () and "parser" not in fast.nlp.pipe_names


def test_shallow_modalities(fast):
    a = events(
        fast,
        "Iran will retaliate if Israel attacks its nuclear sites.\n"
        "China did not send troops to the border.\n"
        "The president will visit Paris next week.\n"
        "Officials denied that the army shelled the town.\n"
        "The talks could collapse and the sides might sanction each other.\n"
        "Kremlin spokesman Dmitry Peskov declined to comment.\n"
        "The minister plans to travel to Brussels.\n"
        "Despite its denials, North Korea supplied rockets to Russia.",
    )
    assert only(a, "attack").modality == "conditional"
    assert only(a, "retaliate" if any(e.trigger == "retaliate" for e in a.events) else "send").modality in (
        "negated", "planned")
    assert only(a, "send").modality == "negated"
    assert only(a, "visit").modality == "planned"
    assert only(a, "shell").modality == "denied"
    assert only(a, "sanction").modality == "hypothetical"
    assert only(a, "comment").modality == "negated"
    assert only(a, "travel").modality == "planned"
    supply = only(a, "supply")
    assert (supply.modality, supply.actor, supply.target) == ("denied", "North Korea", "Russia")
    assert any(e.event_type == "deny" and e.actor == "North Korea" for e in a.events)


def test_shallow_word_classes_and_senses():
    """Base and -s forms of noun-like triggers are verbs only after a subject, an auxiliary or "to"."""
    from dateline.extract.events import extract_events_shallow
    from dateline.records import Sentence

    def triggers(text):
        return [(e.trigger, e.event_type) for e in extract_events_shallow(Sentence(0, 0, len(text), text), [], [], text)]

    assert triggers("Oil reached the shores of four states and shipping lanes stayed open.") == []
    assert triggers("The Coast Guard says the leak is small.") == [("say", "statement")]
    assert triggers("They will ban imports.") == [("ban", "sanction")]
    assert triggers("We ship aid to the island.") == [("ship", "supply")]
    assert triggers("It was a criminal probe.") == [("probe", "investigate")]  # a noun trigger, as parsed
    assert triggers("An earthquake struck the capital.") == [("strike", "disaster")]
    assert triggers("The workers had to give up their pensions.") == []
    assert triggers("Send contributions to the fund.") == []
    assert triggers("The explosion claimed 11 lives.") == []
    assert triggers("The summit ended.") == [("summit", "meet")]  # a noun trigger when no verb reports anything


def test_shallow_quotes_speakers(fast):
    from dateline.analyse import analyse

    text = (
        "Annalena Baerbock met officials in Kyiv.\n"
        "Germany sent aid to the region.\n"
        'Foreign Minister Annalena Baerbock said: "We will keep talking to everyone."\n'
        '"Nobody wants a war in Europe."\n'
        '"We are ready," she added.\n'
        "The joint statement said the sides had agreed on a ceasefire.\n"
        '"The ceasefire begins at noon," it said.'
    )
    a = analyse(article(text), fast)
    direct = [q for q in a.quotes if q.direct]
    assert [q.speaker for q in direct] == ["Annalena Baerbock"] * 3 + ["joint statement"]
    assert direct[2].verb == "add"
    indirect = [q for q in a.quotes if not q.direct]
    assert any(q.speaker == "joint statement" and "ceasefire" in q.text for q in indirect)


def test_shallow_speakers_apposition_common_nouns_and_titles(fast):
    from dateline.analyse import analyse

    text = (
        "Oil reached the coast of Louisiana on Monday.\n"
        "Crews worked through the night.\n"
        '"It is like a slow version of Katrina," Louisiana Gov. Bobby Jindal said.\n'
        "Doug Suttles, BP's chief operating officer, said the company was spending $6m a day.\n"
        "The damage will be large, federal officials said.\n"
        "Scientists said they had found plumes of oil."
    )
    a = analyse(article(text), fast)
    by_sentence = {q.sentence: q.speaker for q in a.quotes}
    assert by_sentence[2] == "Bobby Jindal"
    assert by_sentence[3] == "Doug Suttles"
    assert by_sentence[4] == "federal officials"
    assert by_sentence[5] == "Scientists"


def test_she_said_goes_to_the_last_woman_named(resources):
    """"…," she said: the last person named whom the text does not show to be a man (QA strike story: the labour
    minister Sofia Antunes had become the state Bulgaria, so her quote had no speaker)."""
    from dateline.analyse import analyse

    text = (
        "The deal was announced by the labour minister, Sofia Antunes, who chaired the talks.\n"
        '"Both sides have made difficult concessions," she said.\n'
        "Lisa Beaumont met Greg Halvorsen on Tuesday. Greg Halvorsen defended his crews.\n"
        '"We want answers," she said.'
    )
    a = analyse(article(text), resources)
    direct = [q for q in a.quotes if q.direct]
    assert [q.speaker for q in direct] == ["Sofia Antunes", "Lisa Beaumont"]


def test_shallow_passive_reporting_verb_reports_no_words(fast):
    from dateline.analyse import analyse

    text = ("The deal was announced at 4.30am by the labour minister, Sofia Antunes, who had chaired the talks.\n"
            '"Both sides have made difficult concessions," she said.')
    a = analyse(article(text), fast)
    assert [(q.speaker, q.direct) for q in a.quotes] == [("Sofia Antunes", True)]
