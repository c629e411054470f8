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
    "Inspectors said welders drilled through two ballast tanks of the Lorne ferry.",
    "Inspectors said that in that case divers would be drilling through two ballast tanks of the Lorne ferry.",
    "Its meaning, inspectors said: divers are drilling through the ballast tanks of ferries like the Lorne.",
])
def test_no_report_of_the_negated_thing(report):
    """Hypothetical, negated, future, another verb, another actor (named, or another noun): the negation can be
    true with it."""
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
    '"Not ballast tanks or hulls," Osk Marine said.',  # no verb negated
    "Osk Marine said its divers were not drilling any ballast tank.",  # a state at the time
])
def test_no_denial_of_a_fact(text):
    assert _negations(text) == []


def test_negations_read_the_verb_and_its_object():
    (n,) = _negations("Osk Marine said its divers did not drill any ballast tank.")
    assert n.verb == verb_lemma("drilled") == verb_lemma("drilling") == "drill"
    assert {"ballast", verb_lemma("tanks")} <= n.objects
    assert n.speaker == {"osk", "marine"}


# --- one happening, two days -----------------------------------------------------------------------------------------

from dateline.contradict import dates_of_one_happening  # noqa: E402
from story_helpers import day, timex  # noqa: E402


def dated(aid: str, text: str, phrase: str, on: dt.date, outlet: str, *, anchor: str = "dct-past") -> StoryArticle:
    art = article(aid, text, day=D, outlet=outlet)
    an = analysis(art, timexes=[timex(text, phrase, on.isoformat(), day(on), anchor=anchor)])
    return StoryArticle(art, an, "outlet:" + outlet.lower(), outlet, D.toordinal())


START_A = dated("a", "Divers began salvage work on the sunken Lorne ferry on Aug. 4, port records show.\nThe ferry "
                     "sank in July.", "Aug. 4", dt.date(2025, 8, 4), "Courier")
START_B = dated("b", "The Brill firm began its salvage work on the sunken Lorne ferry on Aug. 11, according to a "
                     "timeline it shared.\nIt employs forty divers.", "Aug. 11", dt.date(2025, 8, 11), "Ledger")


def test_two_outlets_dating_one_happening_to_two_days_disagree():
    (d,) = dates_of_one_happening([START_A, START_B])
    assert d.kind == "date_conflict" and mechanism(d) == "dated_statements_conflict"
    assert "2025-08-04 (Courier), 2025-08-11 (Ledger)" in d.description
    assert [c.time_expression for c in d.citations] == ["Aug. 4", "Aug. 11"]


def test_two_plans_for_one_happening_disagree_but_a_plan_and_a_report_do_not():
    plan_a = dated("a", "The Lorne ferry pier will reopen to foot traffic on Sept. 15, the mayor announced.",
                   "Sept. 15", dt.date(2025, 9, 15), "Courier", anchor="planned")
    plan_b = dated("b", "The Lorne ferry pier will not reopen to foot traffic before Oct. 1, the harbour board said.",
                   "Oct. 1", dt.date(2025, 10, 1), "Ledger", anchor="planned")
    assert len(dates_of_one_happening([plan_a, plan_b])) == 1
    done = dated("b", "The Lorne ferry pier reopened to foot traffic on Oct. 1, the harbour board said.",
                 "Oct. 1", dt.date(2025, 10, 1), "Ledger")
    assert dates_of_one_happening([plan_a, done]) == []


@pytest.mark.parametrize("text, phrase, on", [
    ("Divers began salvage work on the sunken Lorne ferry again on Aug. 11, port records show.", "Aug. 11",
     dt.date(2025, 8, 11)),  # another time
    ("Divers began salvage work on the sunken Lorne ferry on Sept. 30, port records show.", "Sept. 30",
     dt.date(2025, 9, 30)),  # too far apart to be one happening
    ("Divers inspected the hull of a trawler moored near Brill on Aug. 11, port records show.", "Aug. 11",
     dt.date(2025, 8, 11)),  # another happening
    ("Divers began salvage work on the sunken Lorne ferry on Aug. 11 and 12, port records show.", "Aug. 11",
     dt.date(2025, 8, 11)),  # a span of days
    ("Divers began salvage work on the sunken Lorne ferry on Aug. 11 and Aug. 14, port records show.", "Aug. 11",
     dt.date(2025, 8, 11)),  # a list of days: two happenings
    ("Divers began salvage work on the sunken Lorne ferry by Aug. 11, port records show.", "Aug. 11",
     dt.date(2025, 8, 11)),  # a bound, not the day
    ("Divers began salvage work on the sunken Lorne ferry, pictured on Aug. 11 in this handout photo.", "Aug. 11",
     dt.date(2025, 8, 11)),  # a caption: the day of the picture
    ("Divers began salvage work on the sunken Lorne ferry after it was raised and towed on Aug. 11.", "Aug. 11",
     dt.date(2025, 8, 11)),  # the day of another happening of the sentence (the towing)
])
def test_not_one_happening_on_two_days(text, phrase, on):
    assert dates_of_one_happening([START_A, dated("b", text, phrase, on, "Ledger")]) == []


def test_one_outlet_or_one_voice_is_not_two_sources():
    same_outlet = dated("b", START_B.article.text, "Aug. 11", dt.date(2025, 8, 11), "Courier")
    assert dates_of_one_happening([START_A, same_outlet]) == []


def test_two_named_speakers_of_one_article_dating_one_happening_to_two_days_disagree():
    text = ("Divers began salvage work on the sunken Lorne ferry on Aug. 4, the port authority said.\n"
            "The Brill firm said its divers began salvage work on the sunken Lorne ferry on Aug. 11.")
    art = article("a", text, day=D, outlet="Courier")
    an = analysis(art, timexes=[timex(text, "Aug. 4", "2025-08-04", day(dt.date(2025, 8, 4))),
                                timex(text, "Aug. 11", "2025-08-11", day(dt.date(2025, 8, 11)))])
    assert len(dates_of_one_happening([StoryArticle(art, an, "outlet:courier", "Courier", D.toordinal())])) == 1
    one_voice = text.replace("The Brill firm said its divers", "The port authority said divers")
    art = article("a", one_voice, day=D, outlet="Courier")
    an = analysis(art, timexes=[timex(one_voice, "Aug. 4", "2025-08-04", day(dt.date(2025, 8, 4))),
                                timex(one_voice, "Aug. 11", "2025-08-11", day(dt.date(2025, 8, 11)))])
    assert dates_of_one_happening([StoryArticle(art, an, "outlet:courier", "Courier", D.toordinal())]) == []


def test_a_memo_kept_across_adds_gives_what_a_fresh_one_gives():
    """The pairs that passed every test are kept per story; an add tests only the pairs with the new article and
    scores the kept ones with the story's weights as they are now."""
    from dateline.disagree import SentenceMemo

    other = member("o", "Osk Marine said its divers did not drill any hull plates of the Brill barge.\n"
                        "Divers drilled two hull plates of the Brill barge, the coast guard said.", "Wire", D)
    memo = SentenceMemo()
    assert negations_vs_reports([REPORT, other], memo=memo) == negations_vs_reports([REPORT, other])
    assert memo.kept_pairs("negations", [REPORT, other, DENIAL])[0] == {"r", "o"}
    grown = [REPORT, other, DENIAL]
    assert negations_vs_reports(grown, memo=memo) == negations_vs_reports(grown)
    assert len(negations_vs_reports(grown, memo=memo)) == 2
    # a member whose day changed: its kept pairs are not reused
    moved = member("r", REPORT.article.text, "Courier", D + dt.timedelta(days=9))
    assert negations_vs_reports([moved, other, DENIAL], memo=memo) == negations_vs_reports([moved, other, DENIAL])
