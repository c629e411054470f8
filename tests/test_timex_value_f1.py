"""Value F1 against the TempEval-3 definition, computed by hand on a small made-up document.

TempEval-3 (UzZaman et al. 2013, Task A): an attribute is scored on the relaxed matches (extents share a
character); attribute P = relaxed matches with the right attribute / system timexes, attribute R = the same count /
gold timexes, attribute F1 their harmonic mean. The scorer reports value F1 as relaxed F1 x value accuracy; these
tests check that this is the same number, including the cases that make it differ from a naive count.
"""
from __future__ import annotations

import pytest

from dateline.eval.timex import Counts, Span, score_document, summarise


def S(a: int, b: int, v: str, t: str = "DATE") -> Span:
    return Span(a, b, t, v)


def tempeval3_value_f1(gold: list[Span], system: list[Span], value_ok: int) -> float:
    p, r = value_ok / len(system), value_ok / len(gold)
    return 2 * p * r / (p + r)


def test_value_f1_is_value_correct_relaxed_matches_over_system_and_gold() -> None:
    gold = [
        S(0, 9, "1997"),          # exact extent, right value            -> counts
        S(20, 27, "1998-01-06"),  # system extent wider, right value     -> counts (relaxed)
        S(40, 48, "1998-W02"),    # overlaps, wrong value                -> matched, value wrong
        S(60, 66, "P3D", "DURATION"),  # missed                          -> only in R's denominator
        S(80, 85, "1998-02"),     # a system timex with this value but no overlap: not a match
    ]
    system = [
        S(0, 9, "1997"),
        S(17, 27, "1998-01-06"),
        S(44, 52, "1998-W01"),
        S(86, 90, "1998-02"),     # right value, disjoint extent: spurious
        S(100, 104, "PRESENT_REF"),  # spurious
        S(110, 115, "1998", "TIME"),  # spurious
    ]
    c = score_document(gold, system).counts
    assert (c.gold, c.system, c.relaxed, c.value_ok) == (5, 6, 3, 2)
    s = summarise(c, documents=1)
    # by hand: P = 2/6, R = 2/5, F1 = 2 * (1/3) * (2/5) / (1/3 + 2/5) = 4/11
    assert s.value_f1 == pytest.approx(4 / 11)
    assert s.value_f1 == pytest.approx(tempeval3_value_f1(gold, system, 2))


def test_value_of_an_unmatched_system_timex_never_counts() -> None:
    # the only system timex carrying the gold value does not overlap it; the overlapping one has another value
    gold = [S(0, 5, "1997")]
    system = [S(2, 5, "1996"), S(10, 15, "1997")]
    s = summarise(score_document(gold, system).counts, documents=1)
    assert s.value_f1 == 0.0
    assert s.relaxed_f1 == pytest.approx(2 * 0.5 * 1.0 / 1.5)


@pytest.mark.parametrize("gold,system,relaxed,value_ok", [
    (10, 8, 8, 4), (7, 12, 5, 5), (3, 3, 0, 0), (100, 95, 90, 61),
])
def test_relaxed_f1_times_value_accuracy_equals_value_p_r_f1(gold: int, system: int, relaxed: int,
                                                             value_ok: int) -> None:
    s = summarise(Counts(gold=gold, system=system, relaxed=relaxed, value_ok=value_ok), documents=1)
    p, r = value_ok / system, value_ok / gold
    assert s.value_f1 == pytest.approx(2 * p * r / (p + r) if p + r else 0.0)
