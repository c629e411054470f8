"""Contradictions no denial word announces: a named source saying a thing did not happen against another source's
report that it did, and one happening dated to different days by two sources.

Hand-made articles (one sentence per line); the fictional names mean nothing outside these tests.
"""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.contradict import negations, negations_vs_reports, verb_lemma
from dateline.disagree import SentenceRef, StoryArticle
from dateline.eval.disagreements import mechanism
from dateline.records import Sentence
from story_helpers import analysis, article

D = dt.date(2025, 9, 1)


def member(aid: str, text: str, outlet: str, day: dt.date | None) -> StoryArticle:
    art = article(aid, text, day=day, outlet=outlet)
    return StoryArticle(art, analysis(art), "outlet:" + outlet.lower(), outlet, day.toordinal() if day else None)


def _negations(text: str):
    return negations(SentenceRef("a", Sentence(0, 0, len(text), text, "body")))


REPORT = member("r", "Inspectors said divers from Osk Marine drilled through two ballast tanks of the Lorne ferry "
                     "before it listed.\nThe ferry was towed to Brill.", "Courier", D)
DENIAL = member("d", "Osk Marine said its divers did not drill any ballast tank, contrary to the inspectors' "
                     "findings.\nThe firm is based in Brill.", "Ledger", D + dt.timedelta(days=2))


def test_a_named_sources_negation_contradicts_the_other_outlets_earlier_report():
    found = negations_vs_reports([REPORT, DENIAL])
    assert len(found) == 1
    d = found[0]
    assert d.kind == "denial" and mechanism(d) == "negation_vs_report"
    assert [c.article_id for c in d.citations] == ["r", "d"]
    assert d.citations[0].sentence.startswith("Inspectors said divers")
    assert d.citations[1].sentence.startswith("Osk Marine said its divers did not drill")


def test_within_one_article_two_named_speakers_contradict_each_other():
    one = member("a", "Divers from Osk Marine drilled through two ballast tanks, the inspectors said.\n"
                      '"Our divers did not drill any ballast tank," the company said.', "Courier", D)
    assert len(negations_vs_reports([one])) == 1
    same_voice = member("a", "Divers from Osk Marine drilled through two ballast tanks, the inspectors said.\n"
                             "The inspectors said the divers did not drill the ballast tanks of the second ferry.",
                        "Courier", D)
    assert negations_vs_reports([same_voice]) == []


@pytest.mark.parametrize("report", [
    "Inspectors said divers from Osk Marine may have drilled through two ballast tanks of the Lorne ferry.",
    "Inspectors said divers from Osk Marine did not drill through ballast tanks of the Lorne ferry.",
    "Inspectors found no sign that divers from Osk Marine drilled through two ballast tanks of the Lorne ferry.",
    "Inspectors said divers from Osk Marine will drill through two ballast tanks of the Lorne ferry.",
    "Inspectors said divers from Osk Marine inspected two ballast tanks of the Lorne ferry.",
    "Inspectors said divers from Kell Salvage drilled through two ballast tanks of the Lorne ferry.",
])
def test_no_report_of_the_negated_thing(report):
    """Hypothetical, negated, future, another verb, another actor: the negation can be true with it."""
    assert negations_vs_reports([member("r", report, "Courier", D), DENIAL]) == []


def test_a_report_naming_no_actor_is_contradicted_too():
    plain = member("r", "Inspectors said divers drilled through two ballast tanks of the Lorne ferry.", "Courier", D)
    assert len(negations_vs_reports([plain, DENIAL])) == 1


def test_a_report_published_after_the_negation_or_by_the_same_outlet_is_not_contradicted():
    late = member("r", REPORT.article.text, "Courier", D + dt.timedelta(days=5))
    same = member("r", REPORT.article.text, "Ledger", D)
    assert negations_vs_reports([late, DENIAL]) == []
    assert negations_vs_reports([same, DENIAL]) == []


@pytest.mark.parametrize("text", [
    "He said the divers did not drill any ballast tank.",  # a pronoun: no one we can name
    "The divers did not drill any ballast tank.",  # nobody says it
    "Osk Marine said it would not drill any ballast tank.",  # a decision, not a denial
    "Osk Marine said it did not respond to the inspectors.",  # a non-answer
    "Osk Marine said the cost would be lower if divers had not drilled the tanks.",  # a conditional
])
def test_no_denial_of_a_fact(text):
    assert _negations(text) == []


def test_negations_read_the_verb_and_its_object():
    (n,) = _negations("Osk Marine said its divers did not drill any ballast tank.")
    assert n.verb == verb_lemma("drilled") == verb_lemma("drilling") == "drill"
    assert {"ballast", verb_lemma("tanks")} <= n.objects
    assert n.speaker == {"osk", "marine"}
