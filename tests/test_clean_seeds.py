"""Golden tests of cleaning and publication dates on the five seed articles (read in place from ../shared)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dateline.clean import clean
from dateline.ingest import read_inputs
from dateline.pubdate import publication_date
from dateline.records import Cleaned, RawArticle

def seed_raw(path: Path) -> RawArticle:
    """The seed as ingest reads it (the ` date YYYY-MM-DD ` header becomes date_hint and leaves the text)."""
    (raw,) = list(read_inputs([str(path)]))
    assert isinstance(raw, RawArticle), raw
    return raw


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[RawArticle, Cleaned]]:
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = seed_raw(path)
        out[path.stem[:3]] = (raw, clean(raw))
    assert len(out) == 5
    return out


def test_no_boilerplate_in_any_cleaned_text(seeds, gold):
    for key, (_, cleaned) in seeds.items():
        for string in gold["boilerplate_never_in_output"]:
            assert string not in cleaned.text, (key, string)


KEPT = {
    "000": ["South Korea, the United States and Japan on Thursday strongly condemned",
            "Russian Foreign Minister Sergey Lavrov mocked a recent US claim",
            "The United States, South Korea and other countries believe the North is seeking"],
    "001": ["issued a joint statement Thursday condemning North Korea's provision",
            "Pyongyang had sent over 1,000 containers of military equipment",
            "The joint statement was issued to show that the three countries \"take the matter seriously\""],
    "002": ["Points of attention",
            "On June 18, Russian dictator Vladimir Putin visited North Korea for the first time in 24 years",
            "Putin said that supplying South Korean weapons to Ukraine would be \"a huge mistake.\""],
    "003": ["Washington DC – Russia is in secret and active talks with North Korea",
            "The UN hits back at Russia and North Korea over arms talks",
            "\"Any such arm deals would be a serious violation of resolutions"],
    "004": ["including the United States, Ukraine, the United Kingdom, and numerous others",
            "These weapons were reported to have been utilized against Ukraine on December 30 and January 2.",
            "In August of the preceding year, Linda Thomas-Greenfield"],
}


@pytest.mark.parametrize("key", sorted(KEPT))
def test_article_sentences_are_kept(seeds, key):
    _, cleaned = seeds[key]
    for sentence in KEPT[key]:
        assert sentence in cleaned.text


def test_every_body_paragraph_of_the_seeds_survives(seeds):
    """Every input line that reads as a body paragraph (long, ends a sentence) is in the output verbatim."""
    for key, (raw, cleaned) in seeds.items():
        for line in raw.text.split("\n"):
            line = line.strip().removeprefix("- ")
            if len(line) > 120 and line.endswith((".", '"', "”")) and not line.startswith("|"):
                assert line in cleaned.text, (key, line[:60])


def test_001_byline_dateline_caption_and_headline(seeds):
    _, cleaned = seeds["001"]
    assert cleaned.author == "Kim Seung-yeon"
    assert "By Kim Seung-yeon" not in cleaned.text
    dl = cleaned.dateline
    assert (dl.place, dl.outlet, dl.month, dl.day, dl.year) == ("SEOUL", "Yonhap", 10, 26, None)
    assert cleaned.text[dl.start:dl.end] == "SEOUL, Oct. 26 (Yonhap) --"
    captions = [s for s in cleaned.spans if s.kind == "caption"]
    assert len(captions) == 1
    caption = cleaned.text[captions[0].start:captions[0].end]
    assert caption.startswith("South Korean Foreign Minister Park Jin (R) stands alongside")
    assert "General Assembly in New York on Sept. 23, 2023" in caption
    assert cleaned.title == "S. Korea, U.S., Japan jointly condemn N. Korea's arms transfers to Russia"
    headline = [s for s in cleaned.spans if s.kind == "headline"][0]
    assert cleaned.text[headline.start:headline.end] == cleaned.title


def test_other_datelines(seeds):
    dl = seeds["000"][1].dateline
    assert (dl.place, dl.outlet, dl.month) == ("SEOUL, South Korea", "AP", None)
    dl = seeds["003"][1].dateline
    assert (dl.place, dl.outlet) == ("Washington DC", None)
    assert seeds["002"][1].dateline is None
    assert seeds["004"][1].dateline is None


def test_004_repeated_headline_kept_once_and_tail_headlines_dropped(seeds):
    _, cleaned = seeds["004"]
    title = "Several Countries Condemn Alleged Transfers of Weapons from Russia to North Korea"
    assert cleaned.text.count(title) == 1
    assert cleaned.title == title
    assert cleaned.text.rstrip().endswith("substantial quantities and various types of munitions.")


def test_removed_lines_are_recorded(seeds):
    _, cleaned = seeds["001"]
    assert "(END)" in cleaned.removed_lines
    assert "By Kim Seung-yeon" in cleaned.removed_lines
    _, cleaned = seeds["003"]
    assert cleaned.removed_lines == ("Cover photo: imago / Steinach",)


def test_pub_dates_match_gold(seeds, gold):
    for name, expected in gold["articles"].items():
        raw, cleaned = seeds[name[:3]]
        pub = publication_date(raw, cleaned)
        if expected["pub_date"] is not None:
            assert pub.window.value == expected["pub_date"], name
            assert pub.window.earliest == pub.window.latest == dt.date.fromisoformat(expected["pub_date"])
            assert pub.window.estimated is expected["estimated"]


def test_001_date_comes_from_dateline_and_content_year(seeds):
    raw, cleaned = seeds["001"]
    assert raw.date_hint is None
    pub = publication_date(raw, cleaned)
    assert pub.evidence.startswith("dateline+content-year")
    assert "Sept. 23, 2023" in pub.evidence


def test_004_is_estimated_and_its_window_holds_the_true_date(seeds, gold):
    raw, cleaned = seeds["004"]
    pub = publication_date(raw, cleaned)
    assert pub is not None and pub.window.estimated
    assert pub.window.granularity == "approximate"
    true_window = gold["articles"]["004_0c7dcb4ecd07623e"]["true_window"]
    true_earliest, true_latest = (dt.date.fromisoformat(x) for x in true_window)
    assert pub.window.earliest <= true_earliest and true_latest <= pub.window.latest
    assert pub.window.width_days <= 3 * 366
    assert "2022" in pub.evidence


def test_header_dates_are_hints(seeds):
    raw, cleaned = seeds["000"]
    assert publication_date(raw, cleaned).evidence == "hint:header"
