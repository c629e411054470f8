"""Golden test on the seed articles: the dates the acceptance test needs fall out of the general rules."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dateline.extract.timex import tag

D = dt.date


def _seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def _values(text: str, dct: dt.date) -> dict[str, list]:
    out: dict[str, list] = {}
    for t in tag(text, dct):
        out.setdefault(t.text, []).append(t)
    return out


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_thursday_and_last_month_in_the_october_articles(seeds_dir: Path, prefix: str) -> None:
    got = _values(_seed(seeds_dir, prefix), D(2023, 10, 26))
    assert {t.value for t in got["Thursday"]} == {"2023-10-26"}
    assert {t.value for t in got["last month"]} == {"2023-09"}
    assert got["last month"][0].window.granularity == "month"


def test_sept_23_2023_in_the_caption(seeds_dir: Path) -> None:
    got = _values(_seed(seeds_dir, "001"), D(2023, 10, 26))
    assert got["Sept. 23, 2023"][0].value == "2023-09-23"


def test_june_18_and_19_in_002(seeds_dir: Path) -> None:
    got = _values(_seed(seeds_dir, "002"), D(2024, 6, 24))
    assert got["June 18"][0].value == "2024-06-18"
    assert got["June 19"][0].value == "2024-06-19"
    assert got["24 years"][0].value == "P24Y"


def test_003_published_on_a_sunday(seeds_dir: Path) -> None:
    got = _values(_seed(seeds_dir, "003"), D(2023, 9, 3))
    week = got["this week"][0].window
    assert (week.value, week.earliest, week.latest) == ("2023-W35", D(2023, 8, 28), D(2023, 9, 3))
    assert got["last year"][0].value == "2022"
    assert {t.value for t in got["June"]} == {"2023-06"}


def test_004_with_its_estimated_publication_date(seeds_dir: Path) -> None:
    got = _values(_seed(seeds_dir, "004"), D(2024, 1, 9))
    assert got["December 30"][0].value == "2023-12-30"
    assert got["January 2"][0].value == "2024-01-02"
    assert got["Wednesday"][0].value == "2024-01-10"  # a plan: "intend to bring this issue ... on Wednesday"
    assert got["August of the preceding year"][0].value == "2023-08"
    assert got["2006"][0].value == "2006"


def test_004_undated_stays_underspecified(seeds_dir: Path) -> None:
    got = _values(_seed(seeds_dir, "004"), None)
    assert got["December 30"][0].value == "XXXX-12-30" and got["December 30"][0].window is None
    assert got["Wednesday"][0].value == "XXXX-WXX-3"
    assert got["2006"][0].value == "2006"  # absolute years need no publication date
