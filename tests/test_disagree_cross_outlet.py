"""Disagreements across outlets: a denial against the earlier report it denies, and conflicting figures.

Hand-made articles (one sentence per line); the fictional names mean nothing outside these tests.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.disagree import (CLAIM_DENIAL, StoryArticle, conflicting_numbers, count_interval, denial_vs_reports,
                               denied_words, unit_class)
from story_helpers import analysis, article

D = dt.date(2025, 3, 3)


def member(aid: str, text: str, outlet: str, day: dt.date | None, *, copies: tuple[str, ...] = ()) -> StoryArticle:
    art = article(aid, text, day=day, outlet=outlet)
    return StoryArticle(art, analysis(art), "outlet:" + outlet.lower(), outlet,
                        day.toordinal() if day else None, copies)


REPORT = member("r1", "A surveyor warned in May that deep fissures had opened in the Marlow viaduct piers, "
                      "according to a letter seen by the Gazette.\nThe letter went to Tarn Builders.", "Gazette", D)
DENIAL = member("d1", "Tarn Builders on Friday denied that it had ever received a warning about fissures in the "
                      "viaduct piers, a day after a newspaper reported it.\nThe viaduct stays closed.", "Wire",
                D + dt.timedelta(days=1), copies=("d1-copy",))


def test_a_denial_is_paired_with_the_other_outlets_earlier_report():
    found = denial_vs_reports([REPORT, DENIAL])
    assert len(found) == 1
    d = found[0]
    assert d.kind == "denial"
    assert d.article_ids == ("r1", "d1", "d1-copy")  # the report, the denial and the denial's copy
    assert d.citations[0].sentence.startswith("A surveyor warned")
    assert d.citations[1].sentence.startswith("Tarn Builders on Friday denied")
    assert "reported by Gazette" in d.description


def test_a_report_published_after_the_denial_is_not_what_was_denied():
    late = member("r1", REPORT.article.text, "Gazette", D + dt.timedelta(days=5))
    assert denial_vs_reports([late, DENIAL]) == []


def test_the_same_outlet_never_disputes_itself():
    same = member("r1", REPORT.article.text, "Wire", D)
    assert denial_vs_reports([same, DENIAL]) == []


def test_unrelated_sentences_are_no_report():
    other = member("o1", "Heavy rain closed three schools in the valley on Monday.\nBuses ran late.", "Gazette", D)
    assert denial_vs_reports([other, DENIAL]) == []


@pytest.mark.parametrize("text", [
    "The ministry denied that troops had crossed the border.",
    "Critics say the tower was built without permits, which the firm denies.",
    "The company repeated that it never received the memo.",
    "Officials refuted the claims on Monday.",
])
def test_denial_forms(text):
    assert CLAIM_DENIAL.search(text)


@pytest.mark.parametrize("text", [
    "The court dismissed the case.",
    "We have not seen this virus before.",
    "His offer of help was not better received.",
    "The board rejected the offer.",
])
def test_decisions_and_plain_negations_are_not_denials(text):
    assert not CLAIM_DENIAL.search(text)


def test_denied_words_are_the_denied_clause():
    text = "Tarn Builders on Friday denied that it had ever received a warning about fissures, a day after a report."
    words = denied_words(text, CLAIM_DENIAL.search(text))
    assert {"warn", "fissur"} <= words and "report" not in words
    text = "Critics say the tower was built without permits, which the firm denies."
    assert "permit" in denied_words(text, CLAIM_DENIAL.search(text))


FIG_A = member("a", "About 4,200 residents of Elm Ford and Caddow were told to leave their homes.", "Wire", D)
FIG_B = member("b", "Around 2,800 people left Elm Ford and Caddow on Thursday, the council said.", "Daily",
               D + dt.timedelta(days=1))


def test_conflicting_counts_of_the_same_thing_across_outlets():
    found = conflicting_numbers([FIG_A, FIG_B])
    assert [d.kind for d in found] == ["conflicting_numbers"]
    assert set(found[0].article_ids) == {"a", "b"}
    assert {c.sentence for c in found[0].citations} == {FIG_A.article.text, FIG_B.article.text}


def test_figures_that_agree_within_their_approximation_are_no_conflict():
    close = member("b", "Around 4,000 people left Elm Ford and Caddow on Thursday.", "Daily", D)
    assert conflicting_numbers([FIG_A, close]) == []


def test_counts_far_apart_in_time_or_from_one_outlet_or_about_other_things_are_no_conflict():
    late = member("b", FIG_B.article.text, "Daily", D + dt.timedelta(days=20))
    same_outlet = member("b", FIG_B.article.text, "Wire", D)
    other_thing = member("b", "Around 2,800 people attended the music festival in Lindow.", "Daily", D)
    change = member("b", "The number who left Elm Ford and Caddow rose to 2,800 people.", "Daily", D)
    for b in (late, same_outlet, other_thing, change):
        assert conflicting_numbers([FIG_A, b]) == []


def test_a_rate_is_not_compared_with_a_total_nor_a_conversion_with_its_figure():
    rate = member("a", "Some 5,000 barrels of oil a day leak from the Kell well.", "Wire", D)
    total = member("b", "Some 60,000 barrels of oil have leaked from the Kell well.", "Daily", D)
    assert conflicting_numbers([rate, total]) == []
    conv = member("b", "The Kell well lies about 40 miles (64 km) off the coast of Dunmore.", "Daily", D)
    conv2 = member("a", "The Kell well lies 40 miles off the coast of Dunmore.", "Wire", D)
    assert conflicting_numbers([conv, conv2]) == []


def test_unit_classes():
    assert unit_class("residents") == unit_class("people") == unit_class("villagers") == "people"
    assert unit_class("barrels") == "barrel"
    assert unit_class(None) is None


@given(st.floats(min_value=1, max_value=1e12, allow_nan=False),
       st.sampled_from(["", "about ", "more than ", "up to ", "nearly ", "at least "]))
def test_count_interval_contains_the_figure(value, prefix):
    low, high = count_interval(f"{prefix}{value:g} people", value)
    assert low <= value <= high


# --- precision fixes measured on T17 (benchmarks/bench_disagreements.py) -----------------------------------------

from dateline.disagree import (SentenceRef, claim_denial, claim_disagreements, comments_start,  # noqa: E402
                               figure_status)
from dateline.eval.disagreements import disagreement_id, mechanism, score  # noqa: E402
from dateline.records import Citation, Disagreement  # noqa: E402
from story_helpers import day as day_window, timex  # noqa: E402


@pytest.mark.parametrize("text", [
    "Lorne Varga has dismissed speculation the company was planning to sell its Tarn assets.",
    "The minister mocked a recent Gazette claim that the depot had received new pumps.",
    "A spokesman denied market talk that the firm was seeking bankruptcy protection.",
    "The ministry denied that troops had crossed the border.",
])
def test_claim_denials(text):
    assert claim_denial(text)


@pytest.mark.parametrize("text", [
    "But they mock him and call him names.",
    "This flood scare is ridiculous.",
    "The ministers rejected a proposal to close the Marlow bridge.",
    "The consul was denied access to the quarantined travellers.",
    "Would a kind expert please confirm or deny this?",
    "Why do its spokesmen cling to statements that are so readily refuted.",
    "The council seems to be in a state of denial about the floods.",
    "The firm declined to comment and denied nothing.",
    "Does the ministry deny that troops crossed the border?",
    "The ministry would neither confirm nor deny that troops had crossed the border.",
])
def test_mockery_refusals_decisions_questions_are_no_claim_denials(text):
    assert not claim_denial(text)


def _claims(text: str, aid: str = "c1"):
    art = article(aid, text, day=D, outlet="Wire")
    an = analysis(art)
    refs = [SentenceRef(aid, s) for s in an.sentences]
    return art, an, refs


def test_a_claim_denial_is_paired_with_a_confirming_sentence_of_its_own_article():
    art, an, refs = _claims("Tarn Builders denies that it acted negligently in building the Marlow viaduct.\n"
                            "The surveyor said the evidence shows Tarn's failure to secure the viaduct piers.")
    found = claim_disagreements(art, an, refs)
    assert [d.kind for d in found] == ["denial"]
    assert [c.sentence[:4] for c in found[0].citations] == ["Tarn", "The "]


def test_confirming_sentences_of_other_articles_or_negated_ones_are_no_counter():
    art, an, refs = _claims("Tarn Builders denies that it acted negligently in building the Marlow viaduct.\n"
                            "There is no evidence of negligence at the Marlow viaduct, the surveyor said.")
    assert claim_disagreements(art, an, refs) == []
    other, other_an, other_refs = _claims("Inspectors confirmed that Tarn Builders acted negligently at Marlow.",
                                          aid="c2")
    assert claim_disagreements(art, an, refs[:1] + other_refs) == []


def test_despite_its_denials_is_a_disagreement_in_one_sentence():
    art, an, refs = _claims("Despite its denials, Tarn Builders shipped the faulty girders to Marlow.")
    found = claim_disagreements(art, an, refs)
    assert len(found) == 1 and len(found[0].citations) == 1


COMMENTS = ("The council said the dam is safe.\n"
            "At 18:55 29th Apr 2025 , riverfan wrote : The council denies that the dam leaks , but I confirm it "
            "leaks every spring at the dam .\n"
            "At 19:02 29th Apr 2025 , other wrote : About 4,000 residents of Elm Ford and Caddow left already .")


def test_reader_comments_begin_at_the_first_comment_marker():
    assert COMMENTS[comments_start(COMMENTS):].startswith("At 18:55")
    assert comments_start("No comments here.") == len("No comments here.")


def test_reader_comments_are_neither_denials_nor_figures():
    art, an, refs = _claims(COMMENTS)
    assert claim_disagreements(art, an, refs) == []
    comment = member("b", COMMENTS, "Daily", D)
    assert conflicting_numbers([FIG_A, comment]) == []
    assert denial_vs_reports([REPORT, member("d1", COMMENTS.replace("dam", "viaduct"), "Wire", D)]) == []


def test_the_denied_clause_stops_before_the_context_of_the_denial():
    text = ("A ministry official denied that it was in settlement talks with Tarn Builders after a councillor told "
            "reporters the two parties were negotiating.")
    words = denied_words(text, claim_denial(text))
    assert {"settlement", "talk"} <= words and not {"councillor", "reporter", "negotiat"} & words


def test_a_report_sharing_only_names_with_the_denial_is_not_what_was_denied():
    denial = member("d1", "Lorne Varga has dismissed speculation that Tarn Builders would sell Marlow Quarry.",
                    "Wire", D + dt.timedelta(days=1))
    names_only = member("r1", "A barge from Marlow Quarry arrived to help Tarn Builders move cranes.", "Gazette", D)
    assert denial_vs_reports([names_only, denial]) == []
    real = member("r1", "Tarn Builders will sell Marlow Quarry to fund the repairs, two bankers said.", "Gazette", D)
    assert len(denial_vs_reports([real, denial])) == 1


def test_a_time_stamp_is_no_count():
    stamp = member("b", "Friday 1 May 2025 21.14 BST People cross a street in Elm Ford and Caddow.", "Daily", D)
    people = member("a", "About 4,200 people cross a street in Elm Ford and Caddow.", "Wire", D)
    assert conflicting_numbers([people, stamp]) == []


@pytest.mark.parametrize("before, after, status", [
    ("Of the ", "101 suspected deaths in Caddow", "tentative"),
    ("An ", "estimated 5,000 barrels leak", "tentative"),
    ("The repairs ", "will cost 425 million dollars", "tentative"),
    ("There are now ", "91 confirmed cases in Caddow", "confirmed"),
    ("Twenty people are ", "known to have died", "confirmed"),
    ("In May ", "26 people died", "plain"),
])
def test_figure_status(before, after, status):
    assert figure_status(before, after) == status


def test_suspected_and_confirmed_counts_are_different_counts():
    a = member("a", "Officials confirmed 26 deaths from flu in Caddow and Elm Ford.", "Wire", D)
    b = member("b", "Officials reported 101 suspected deaths from flu in Caddow and Elm Ford.", "Daily", D)
    assert conflicting_numbers([a, b]) == []
    plain = member("b", "Officials reported 101 deaths from flu in Caddow and Elm Ford.", "Daily", D)
    confirmed = member("b", "Officials confirmed 101 deaths from flu in Caddow and Elm Ford.", "Daily", D)
    assert conflicting_numbers([a, plain]) == []
    assert len(conflicting_numbers([a, confirmed])) == 1


def test_a_tally_that_grows_from_day_to_day_is_an_update_but_the_same_day_is_a_conflict():
    early = member("a", "Officials reported 20 cases of flu in Caddow and Elm Ford.", "Wire", D)
    later = member("b", "Officials reported 91 cases of flu in Caddow and Elm Ford.", "Daily", D + dt.timedelta(days=2))
    assert conflicting_numbers([early, later]) == []
    same_day = member("b", later.article.text, "Daily", D)
    assert len(conflicting_numbers([early, same_day])) == 1
    lower_later = member("a", early.article.text, "Wire", D + dt.timedelta(days=2))
    higher_earlier = member("b", later.article.text, "Daily", D)
    assert len(conflicting_numbers([lower_later, higher_earlier])) == 1  # a total cannot shrink


def test_a_sentence_dated_in_its_own_words_counts_for_its_own_day():
    text = "April 25 - the coast guard says 1,000 barrels of oil a day leak from the Kell well."
    dated = article("a", text, day=D, outlet="Wire")
    old_day = dt.date(2025, 2, 20)
    an = analysis(dated, timexes=[timex(text, "April 25", "2025-02-20", day_window(old_day))])
    a = StoryArticle(dated, an, "outlet:wire", "Wire", D.toordinal())
    b = member("b", "Some 5,000 barrels of oil a day leak from the Kell well, the coast guard says.", "Daily", D)
    assert conflicting_numbers([a, b]) == []  # an estimate of 11 days earlier, not today's
    undated = StoryArticle(dated, analysis(dated), "outlet:wire", "Wire", D.toordinal())
    assert len(conflicting_numbers([undated, b])) == 1


def _dis(kind, description, *cites):
    return Disagreement(kind, description, tuple(a for a, _ in cites), (),
                        tuple(Citation(a, "s", start, start + 1) for a, start in cites))


def test_disagreement_ids_are_stable_and_order_free_and_mechanisms_are_told_apart():
    d1 = _dis("denial", "Denied: x (reported by Gazette)", ("a", 1), ("b", 5))
    d2 = _dis("denial", "Denied: x (reported by Gazette)", ("b", 5), ("a", 1))
    assert disagreement_id(d1) == disagreement_id(d2) != disagreement_id(_dis("denial", "", ("a", 1), ("b", 6)))
    assert mechanism(d1) == "denial_vs_report"
    assert mechanism(_dis("denial", "Denied: x", ("a", 1))) == "claim_denial"
    assert mechanism(_dis("date_conflict", "The same happening is dated", ("a", 1))) == \
        "same_happening_date_conflict"


def test_score_counts_precision_per_mechanism_and_lists_unjudged():
    found = [{"id": "x", "topic": "t", "mechanism": "conflicting_numbers"},
             {"id": "y", "topic": "t", "mechanism": "conflicting_numbers"},
             {"id": "z", "topic": "u", "mechanism": "claim_denial"}]
    s = score(found, {"x": {"verdict": "real"}, "y": {"verdict": "false"}})
    assert s["per_mechanism"]["conflicting_numbers"] == {"found": 2, "judged": 2, "real": 1, "precision": 0.5}
    assert s["per_mechanism"]["claim_denial"]["precision"] is None
    assert s["unjudged"] == [{"id": "z", "topic": "u", "mechanism": "claim_denial"}]
    assert s["per_topic"] == {"t": {"conflicting_numbers": 2}, "u": {"claim_denial": 1}}


def test_the_passes_share_the_memo_they_are_given_even_an_empty_one():
    """A story's passes and a long-lived process's adds share one `SentenceMemo`: an empty one handed to a pass
    is filled, not swapped for a private one (an empty memo is falsy: `memo or SentenceMemo()` dropped it)."""
    from dateline.disagree import SentenceMemo, claim_disagreements

    for run in (lambda memo: denial_vs_reports([REPORT, DENIAL], memo=memo),
                lambda memo: conflicting_numbers([REPORT, DENIAL], memo=memo),
                lambda memo: claim_disagreements(DENIAL.article, DENIAL.analysis, [], memo=memo)):
        memo = SentenceMemo()
        first = run(memo)
        assert len(memo) > 0
        assert run(memo) == first == run(None)


def test_an_articles_figures_are_kept_by_everything_they_read():
    """The figures pass asks the memo for each member's figures (`SentenceMemo.article_claims`): worked out once per
    article, again when anything they read differs (here the day; an undated article re-tagged against another
    window has other time expressions), and the pass gives what it gives without a memo."""
    from dateline.disagree import SentenceMemo, article_claims

    early = member("a", "Officials reported 20 cases of flu in Caddow and Elm Ford.", "Wire", D)
    same_day = member("b", "Officials reported 91 cases of flu in Caddow and Elm Ford.", "Daily", D)
    memo = SentenceMemo()
    first = memo.article_claims(early)
    assert first == article_claims(early) and len(first) == 1 and first[0].day == D.toordinal()
    assert memo.article_claims(early) is first
    earlier = StoryArticle(early.article, early.analysis, early.source, early.outlet, D.toordinal() - 2)
    moved = memo.article_claims(earlier)
    assert moved is not first and moved[0].day == D.toordinal() - 2
    assert conflicting_numbers([early, same_day], memo=memo) == conflicting_numbers([early, same_day]) != []
    # two days before, the 20 cases are a tally that grew: no conflict, though the memo holds the same-day figures
    assert conflicting_numbers([earlier, same_day], memo=memo) == conflicting_numbers([earlier, same_day]) == []


def test_an_articles_own_disagreements_read_only_the_article():
    """`own_disagreements` (its denials against its own confirming sentences, its headline against its body) gives
    what `claim_disagreements` gives with the whole story's confirming sentences, and a memo keeps it per article."""
    from dateline.disagree import (SentenceMemo, SentenceRef, claim_disagreements, confirming,
                                   headline_body_disagreements, own_disagreements)

    own, own_an, _ = _claims("Tarn Builders denies that it acted negligently in building the Marlow viaduct.\n"
                             "The surveyor said the evidence shows Tarn's failure to secure the viaduct piers.")
    other, other_an, _ = _claims("Inspectors confirmed that Tarn Builders acted negligently at Marlow.", aid="c2")
    pairs = [(own, own_an), (other, other_an), (REPORT.article, REPORT.analysis), (DENIAL.article, DENIAL.analysis)]
    refs = [SentenceRef(a.id, s) for a, an in pairs for s in an.sentences if confirming(s.text)]
    for art, an in pairs:
        plain = tuple(claim_disagreements(art, an, refs) + headline_body_disagreements(art, an))
        memo = SentenceMemo()
        assert own_disagreements(art, an) == plain == memo.own_disagreements(art, an)
        assert memo.own_disagreements(art, an) is memo.own_disagreements(art, an)
    assert [d.kind for d in own_disagreements(own, own_an)] == ["denial"]  # (the case is not empty)


def test_story_word_weights_kept_across_adds_are_those_of_counting_everything():
    """`SentenceMemo.story_idf` counts only the new members' sentences when the members are a kept story's plus new
    ones, and gives the weights counting every sentence gives; a changed member means counting again."""
    from dateline.disagree import SentenceMemo, _idf

    def docs_of(m):
        return [frozenset(s.text.lower().split()) for s in m.analysis.sentences]

    a = member("a", "Officials reported 20 cases of flu in Caddow. The clinic stayed open.", "Wire", D)
    b = member("b", "Officials reported 91 cases of flu in Elm Ford. Schools closed.", "Daily", D)
    c = member("c", "The clinic in Caddow stayed open late. Flu cases rose.", "Post", D)
    memo = SentenceMemo()
    first = memo.story_idf("x", [a, b], docs_of)
    assert first == _idf([d for m in (a, b) for d in docs_of(m)])
    assert memo.story_idf("x", [b, a], docs_of) is first  # the same members
    grown = memo.story_idf("x", [a, c, b], docs_of)
    assert grown == _idf([d for m in (a, c, b) for d in docs_of(m)]) != first
    changed = StoryArticle(article("b", "Schools closed in Elm Ford.", day=D, outlet="Daily"),
                           analysis(article("b", "Schools closed in Elm Ford.", day=D, outlet="Daily")),
                           "outlet:daily", "Daily", D.toordinal())
    assert memo.story_idf("x", [a, changed, c], docs_of) == _idf([d for m in (a, changed, c) for d in docs_of(m)])
    assert memo.story_idf("y", [a], docs_of) == _idf(docs_of(a))  # another pass keeps its own


def test_figures_of_another_year_are_not_compared_with_today_s():
    from dateline.records import DateWindow
    from story_helpers import timex
    text = "In 1998 about 2,800 residents of Elm Ford and Caddow were told to leave their homes."
    art = article("b", text, day=D + dt.timedelta(days=1), outlet="Daily")
    y = DateWindow("1998", "year", dt.date(1998, 1, 1), dt.date(1998, 12, 31))
    old = StoryArticle(art, analysis(art, timexes=[timex(text, "1998", "1998", y)]), "outlet:daily", "Daily",
                       art.pub_date.window.earliest.toordinal(), ())
    assert conflicting_numbers([FIG_A, old]) == []
    # the same sentence without the year is today's count, and conflicts
    now_text = text.replace("In 1998 about", "About")
    now_art = article("b", now_text, day=D + dt.timedelta(days=1), outlet="Daily")
    now = StoryArticle(now_art, analysis(now_art), "outlet:daily", "Daily", now_art.pub_date.window.earliest.toordinal(), ())
    assert [d.kind for d in conflicting_numbers([FIG_A, now])] == ["conflicting_numbers"]
