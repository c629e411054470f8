"""Conflicting figures: small tallies of people (a death toll, arrests), a figure the later source says is wrong,
two named speakers of one article giving different figures, and who a sentence says is speaking.

Hand-made articles (one sentence per line); the fictional names mean nothing outside these tests.
"""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.attribution import different_speakers, speaker
from dateline.disagree import StoryArticle, conflicting_numbers, tally_of
from story_helpers import analysis, article

D = dt.date(2025, 5, 12)


def member(aid: str, text: str, outlet: str, day: dt.date | None, *, names: dict | None = None) -> StoryArticle:
    art = article(aid, text, day=day, outlet=outlet)
    return StoryArticle(art, analysis(art, names=names), "outlet:" + outlet.lower(), outlet,
                        day.toordinal() if day else None)


@pytest.mark.parametrize("text, who", [
    ("Wardens said 12 people were detained at the gate.", {"wardens"}),
    ("The Brill Street tenants' group said 30 families had been evicted.", {"brill", "street", "tenants", "group"}),
    ("Ona Vale, chair of the Marsh Board, said the levy would rise by 4 per cent.", {"ona", "vale"}),
    ("The levy rises by 3 per cent, according to a Marsh Board official.", {"marsh"}),
    ("Six people drowned in the flood, Governor Ilse Krantz said on Monday.", {"ilse", "krantz"}),
    ("The guild has put the figure at 9%, with bonuses.", {"guild"}),
    ("Harbour officials on Monday put the death toll at four.", {"harbour"}),
    ('"The count we gave is four," said Pim Oster.', {"pim", "oster"}),
    ("According to the WHO, 20 countries reported cases.", {"who"}),
])
def test_speakers(text, who):
    assert speaker(text) == frozenset(who)


@pytest.mark.parametrize("text", [
    "He said the levy would rise.",  # a pronoun names no one we can compare
    "About 4,200 residents of Elm Ford and Caddow were told to leave their homes.",  # a passive, not a speaker
    "Canada has reported 165 cases.",  # a count of Canada's cases, not Canada quoted
    "The ferry sank near the pier.",
])
def test_no_speaker(text):
    assert speaker(text) == frozenset()


def test_speakers_differ_only_when_both_are_named_and_share_no_name():
    assert different_speakers(frozenset({"wardens"}), frozenset({"guild"}))
    assert not different_speakers(frozenset({"pim", "oster"}), frozenset({"oster"}))
    assert not different_speakers(frozenset(), frozenset({"guild"}))


@pytest.mark.parametrize("before, after, tally", [
    ("", " were killed in the blast", "death"),
    ("The blast killed ", " on the quay", "death"),
    ("Wardens said ", " were detained and two guards were hurt", "arrest"),
    ("Wardens said 12 people were detained and ", " were hurt", "injury"),
    ("", " left the town on foot", None),
    ("A vaccine given to ", " killed 25", None),  # the people are no subject of "killed"
])
def test_tally_of(before, after, tally):
    assert tally_of(before, after) == tally


def test_a_small_death_toll_that_the_later_source_says_is_wrong_is_a_conflict_not_an_update():
    early = member("a", "Four people died when the Osk ferry capsized, Governor Ilse Krantz said.", "Courier", D)
    correction = member("b", "The Osk ferry capsizing killed five people, not four, according to a Lorne Clinic "
                             "doctor.", "Ledger", D + dt.timedelta(days=1))
    found = conflicting_numbers([early, correction])
    assert [d.kind for d in found] == ["conflicting_numbers"]
    assert {c.article_id for c in found[0].citations} == {"a", "b"}
    # a later, higher toll without the correction is the toll growing: an update
    update = member("b", "The Osk ferry capsizing killed five people, a Lorne Clinic doctor said.", "Ledger",
                    D + dt.timedelta(days=1))
    assert conflicting_numbers([early, update]) == []


def test_tallies_orders_of_magnitude_apart_count_different_things():
    a = member("a", "The Osk fever has killed about 150 people in Brill, doctors said.", "Courier", D)
    b = member("b", "The Osk fever has killed about 1 million people in Brill, doctors said.", "Ledger", D)
    c = member("c", "The Osk fever has killed about 350 people in Brill, doctors said.", "Wire", D)
    assert conflicting_numbers([a, b]) == []
    assert len(conflicting_numbers([a, c])) == 1


def test_a_small_count_that_is_no_tally_of_people_is_not_compared_across_outlets():
    a = member("a", "Four cranes lifted the Osk ferry off the quay on Monday.", "Courier", D)
    b = member("b", "Five cranes lifted the Osk ferry off the quay on Monday.", "Ledger", D)
    assert conflicting_numbers([a, b]) == []


def test_two_named_speakers_of_one_article_giving_different_tallies_disagree():
    a = member("a", "Wardens said 12 people were detained at the Osk gate.\n"
                    "The dockers' guild said 17 of its members had been arrested, and called it a raid.", "Post", D)
    found = conflicting_numbers([a])
    assert len(found) == 1 and found[0].kind == "conflicting_numbers"
    assert [c.start for c in found[0].citations] == [0, a.article.text.index("The dockers")]
    assert found[0].article_ids == ("a",)


def test_one_speaker_or_an_unnamed_one_or_two_places_give_two_counts_not_a_conflict():
    one = member("a", "Wardens said 12 people were detained at the Osk gate.\n"
                      "Wardens said 17 people were detained at the Osk gate.", "Post", D)
    unnamed = member("a", "Wardens said 12 people were detained at the Osk gate.\n"
                          "Some 17 people were detained at the Osk gate.", "Post", D)
    places = member("a", "Wardens said 12 people were detained in Brill.\n"
                         "The guild said 17 people were detained in Lorne.", "Post", D,
                    names={"Brill": "GPE", "Lorne": "GPE"})
    for m in (one, unnamed, places):
        assert conflicting_numbers([m]) == []


def test_two_speakers_percentages_of_the_same_thing_near_each_other_disagree():
    a = member("a", "The guild's leader, Pim Oster, said members would get a pay rise of 8 per cent.\n"
                    "Ona Vale, for the employers, said the pay rise was 5 per cent.", "Post", D)
    assert len(conflicting_numbers([a])) == 1
    # a figure that restates the one before it ("put the figure at"), with no other word in common
    b = member("b", "According to the guild, members get an 8% pay rise over three years.\n"
                    "The employers have put the figure at 5%, with bonuses tied to output.", "Review", D)
    assert len(conflicting_numbers([b])) == 1
    # percentages are never compared across outlets (too many things are a percentage)
    c = member("c", "Pim Oster said members would get a pay rise of 8 per cent.", "Post", D)
    d = member("d", "Ona Vale said members would get a pay rise of 5 per cent.", "Review", D)
    assert conflicting_numbers([c, d]) == []


def test_two_speakers_own_amounts_are_two_amounts():
    a = member("a", "Pim Oster claims 40 million dollars in damages.\nOna Vale claims 90 million dollars in damages.",
               "Post", D)
    assert conflicting_numbers([a]) == []


def test_estimates_of_two_analysts_are_no_conflict():
    a = member("a", "Kell Partners said the repairs would probably cost 40 million dollars.\n"
                    "Osk Capital said the repairs would probably cost 90 million dollars.", "Post", D)
    assert conflicting_numbers([a]) == []


def test_pairs_with_the_same_two_values_are_one_disagreement_citing_every_source():
    a = member("a", "Wardens said 12 people were detained at the Osk gate on Monday.", "Post", D)
    b = member("b", "The guild said 17 people were detained at the Osk gate on Monday.", "Review", D)
    c = member("c", "Some 17 people were detained at the Osk gate on Monday, the guild said.", "Wire", D)
    found = conflicting_numbers([a, b, c])
    assert len(found) == 1
    assert set(found[0].article_ids) == {"a", "b", "c"}
    assert found[0].description.startswith("Post reports")  # 12 (one source) against 17 (two)
    assert "Review and Wire report" in found[0].description
