"""Figures with units: one unit for one amount (currencies, acres and hectares, cubic metres and litres, shares in
words), what was done with an amount (leaked against recovered), and a later figure that says an earlier was wrong.

Hand-made articles; the fictional names mean nothing outside these tests.
"""
from __future__ import annotations

import datetime as dt

import pytest

from dateline.disagree import amount_role, article_claims, conflicting_numbers, fraction_quantities, normalised_unit
from dateline.extract.numbers import find_quantities
from test_disagree_figures import member

D = dt.date(2025, 6, 2)


def _unit(text: str) -> tuple[str | None, float]:
    q = find_quantities(text, 0, len(text))[0]
    return normalised_unit(q, text)


@pytest.mark.parametrize("text, unit, value", [
    ("It caused at least €3.5 billion of damage to farms.", "euro", 3.5e9),
    ("The barge held about 40 cubic metres of diesel.", "litre", 40000.0),
    ("Mud covered 500 acres of orchards.", "hectare", 500 * 0.404686),
    ("The storm drove some 3,100 from their houses.", None, 3100.0),
    ("The gang wanted forty million dollars.", "dollar", 4e7),
])
def test_units_of_one_amount(text, unit, value):
    got_unit, got_value = _unit(text)
    assert got_unit == unit and got_value == pytest.approx(value)


def test_shares_in_words_are_percentages():
    text = "Officials think roughly a third of the wheat crop is gone and two-thirds of the barns."
    got = [(q.text, round(q.value, 1)) for q in fraction_quantities(text, 0, len(text))]
    assert got == [("roughly a third", 33.3), ("two-thirds", 66.7)]


@pytest.mark.parametrize("before, after, role", [
    ("Nearly ", " of diesel had seeped into the canal", "release"),
    ("Crews have skimmed ", " of diesel off the canal", "recovery"),
    ("The hackers asked for ", " in bitcoin", "demand"),
    ("The hackers demanded ", "", "demand"),
    ("The port said ", " of grain were on the quay", None),
])
def test_amount_roles(before, after, role):
    assert amount_role(before, after) == role


def _pair(first: str, second: str, *, days: int = 1):
    return conflicting_numbers([member("a1", first, "Fenwick Star", D),
                                member("b2", second, "Lowmoor Post", D + dt.timedelta(days=days))])


def test_amounts_in_two_units_conflict():
    assert _pair("Growers said floodwater covered 900 acres of orchards near Dunmere.",
                 "The county said floodwater covered 700 hectares of orchards near Dunmere.")


def test_leaked_and_recovered_are_two_amounts():
    assert not _pair("About 6,000 litres of diesel leaked into the Orrin canal, the harbour board said.",
                     "Crews have recovered 2,500 litres of diesel from the Orrin canal, the harbour board said.")


def test_two_demands_in_two_currency_forms_conflict():
    assert _pair("The hackers demanded forty million dollars to unlock the Velden council's files.",
                 "Sources said the hackers asked for $15 million in return for a key.")


def test_a_larger_later_figure_that_calls_the_first_wrong_is_no_update():
    assert _pair("The operator said about 2 million tonnes of slurry had escaped from the Harl pond.",
                 "The regulator said 5 million tonnes of slurry escaped from the Harl pond, twice the operator's "
                 "estimate.")


# Guards from the T17 false disagreements (hand-made sentences in the same shapes).

@pytest.mark.parametrize("before, after, unit, role", [
    # a share's role is what is done with the share, not the words of the whole it is taken of
    ("Engineers hope to collect as much as ", " % of the leaking diesel by Friday", "percent", "recovery"),
    ("The pipe was drawing off about ", " of the diesel leaking from the tank", "percent", None),
    # the unit itself is no role: "three leaks" counts leaks
    ("Divers found ", " leaks along the pipe", "leak", None),
    # a word of a name is no role ("the Canal Spill Relief Fund")
    ("The Canal Spill Relief Fund has about ", " left", "dollar", None),
    # a ceiling: "a $75 million cap on damages", "$2m available"
    ("Barrow law sets a ", " cap on damages", "dollar", "limit"),
])
def test_roles_that_are_not_what_was_done(before, after, unit, role):
    assert amount_role(before, after, unit=unit) == role


def test_a_share_is_not_given_the_role_of_the_whole_it_is_of():
    # (both would read "leaking": a hoped-for share skimmed and a share drawn off were compared as one)
    assert not _pair("Crews hope to skim as much as 85 % of the leaking diesel from the Orrin canal by Friday.",
                     "The Orrin pipe is drawing off 20 % of the leaking diesel from the canal, crews said.")


def test_one_of_three_is_no_count():
    assert not _pair("Divers said there were three leaks in the Orrin pipe and the flow might not fall much.",
                     "Divers said one of the three leaks in the Orrin pipe had been shut off with a valve.")


def test_a_cost_and_a_loss_far_apart_are_two_amounts():
    assert not _pair("The $1bn cost of the Orrin canal clean-up dwarfs the Velden board's budget.",
                     "Analysts expect a $200 million loss for the Velden board from the Orrin canal spill.")


def test_an_amount_so_far_is_no_more_than_a_later_one():
    assert not _pair("The Orrin canal clean-up has cost the Velden board $1.2bn so far.",
                     "The Orrin canal clean-up has cost the Velden board $5.3 billion, a bank said.")


def test_an_amount_now_and_an_estimated_total_are_two_amounts():
    assert not _pair("The Orrin canal clean-up has cost the Velden board $1.2bn, its chairman said.",
                     "The total cost is estimated at $5.3 billion for the Velden board's Orrin canal clean-up.")


def test_a_supposed_amount_is_no_figure():
    text = "The Velden board looks cheap unless its cost reaches $40bn for the Orrin canal clean-up."
    assert not article_claims(member("a1", text, "Fenwick Star", D))
    assert article_claims(member("a1", text.replace("unless its cost reaches", "after its cost of"), "Fenwick Star",
                                 D))


def test_same_role_figures_still_conflict():
    # (the guards leave a plain dispute of one amount alone)
    assert _pair("The Orrin canal clean-up cost the Velden board $300 million, its chairman said.",
                 "The Orrin canal clean-up cost the Velden board $90 million, the auditor said.")
