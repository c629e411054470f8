"""The outlet a reader sees in an article's first and last lines (`dateline.outlet`), and what prepare makes of it.

The lines are hand-made in the shapes real pages use; the outlets, people and places are invented.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from dateline.outlet import MAX_NAME_CHARS, outlet_key, read_outlet, same_outlet
from dateline.prepare import prepare_article
from dateline.records import RawArticle

BODY = ("Crews worked through the night to clear the wreckage from the river after the span gave way on Tuesday "
        "evening, officials said at a briefing on Wednesday morning.\n\n"
        "The city council will meet on Friday to discuss emergency funding for the repairs and for the families.")


def article(head: str = "", foot: str = "") -> str:
    return "\n".join(part for part in ("Bridge repairs to take two years", head, "", BODY, "", foot) if part)


@pytest.mark.parametrize("head, foot, outlet", [
    ("By Jane Roe, Harbor Times", "", "Harbor Times"),
    ("By Jane Roe | Harbor Times", "", "Harbor Times"),
    ("By Jane Roe - Harbor Times", "", "Harbor Times"),
    ("By Ana Silva and Rui Costa, Porto Evening Post", "", "Porto Evening Post"),
    ("By JANE ROE, Associated Press Writer", "", "Associated Press"),
    ("By Reuters", "", "Reuters"),
    ("Story by Jane Roe, Harbor Times", "", "Harbor Times"),
    ("BY JANE ROE | HARBOR TIMES", "", "HARBOR TIMES"),
    ("Jane Roe, Harbor Times staff", "", "Harbor Times"),
    ("Harbor Times staff and wire reports", "", "Harbor Times"),
    ("Coastal Freight Journal | Wire report", "", "Coastal Freight Journal"),
    ("Desert Shipping Weekly - Asia desk", "", "Desert Shipping Weekly"),
    ("Politico Europe - Brussels desk", "", "Politico Europe"),  # the desk says it: no publication noun needed
    ("Valley Radio — Local News", "", "Valley Radio"),
    ("Diario del Sur - Redacción", "", "Diario del Sur"),
    ("Rheinischer Hafenkurier (English edition) — machine translation", "", "Rheinischer Hafenkurier"),
    ("Nordlysavisa English edition (automatic translation)", "", "Nordlysavisa"),
    ("", "© 2025 Harbor Times. All rights reserved.", "Harbor Times"),
    ("", "Copyright Harbor Times 2025. All rights reserved", "Harbor Times"),
    ("", "© Copyright 2025 Harbor Times Company", "Harbor Times Company"),
    ("", "Copyright (c) 2025 Harbor Times Media Inc.", "Harbor Times Media"),
    ("", "(C) Yonhap News Agency. All Rights Reserved", "Yonhap News Agency"),
    ("", "Brightwater - all rights reserved", "Brightwater"),
    ("", "© Brightwater 2024", "Brightwater"),
    # One outlet in the byline and in the footer: the byline's spelling, not the company's.
    ("By Jane Roe, KXYZ News 7", "KXYZ News 7 — Copyright 2025 KXYZ-TV. All rights reserved.", "KXYZ News 7"),
    ("By Jane Roe, KXYZ News 7", "Copyright 2025 KXYZ-TV. All rights reserved.", "KXYZ News 7"),
    ("By Jane Roe, Harbor Times", "© 2025 Harbor Times Media Group Ltd. All rights reserved.", "Harbor Times"),
    # A one-word name is taken when a second cue names it too.
    ("By Jane Roe, Brightwater", "© 2025 Brightwater. All rights reserved.", "Brightwater"),
])
def test_the_outlet_a_reader_sees(head, foot, outlet):
    assert read_outlet(article(head, foot)).outlet == outlet


@pytest.mark.parametrize("head, foot", [
    ("By Jane Roe", ""),
    ("By Jane Roe, Staff Writer", ""),
    ("By Jane Roe, Local Affairs Reporter", ""),
    ("By Jane Roe, Professor of Economics", ""),
    ("By Jane Roe, Times Staff Writer", ""),
    ("By Jane Roe, Michael Stone", ""),  # two authors
    ("By Jane Roe, Lisbon", ""),  # a place
    ("By Jane Roe, Kessler, Ohio", ""),
    ("By Jane Roe, Harvard University", ""),  # an affiliation
    ("WASHINGTON — Local News", ""),
    ("Opinion | Why the port strike matters", ""),
    ("World News | Politics", ""),
    ("Opinion", ""),
    ("Lisbon - Strike ends after five weeks", ""),
    ("Post Office - Closures", ""),
    ("Election Special | Live Coverage", ""),
    ("Harbor Times", ""),  # a lone name may be a section or a headline as well
    ("From staff and wire reports", ""),
    ("Emergency Room Staff", ""),
    ("Jane Roe, Kessler staff", ""),
    ("", "© 2025 Getty Images"),
    ("", "Photo © 2025 Harbor Times"),
    ("", "© 2025 Jane Roe"),  # a person's notice
    ("", "© 2025 The Times. All rights reserved."),  # "Times" alone could be any paper: unsure, so none
    ("", "Copyright infringement claims rose again last year, the court said."),
    ("", "Translated automatically. This article was originally published in Spanish."),
    ("", "Follow us on Facebook"),
    ("", "Source: Ministry of Health"),
])
def test_no_outlet_from_people_places_sections_titles_or_prose(head, foot):
    cues = read_outlet(article(head, foot))
    assert (cues.outlet, cues.wire) == (None, None)


def test_a_dateline_or_body_sentence_is_no_masthead():
    text = ("WASHINGTON — The Harbor Times reported on Tuesday that the bridge had been rated poor in 2023, and "
            "the state's transport department confirmed the rating later that day.\n" + BODY)
    assert read_outlet(text).outlet is None
    # A byline below the body's first paragraph is not read (it would be a quote or a sign-off).
    assert read_outlet(BODY + "\nBy Jane Roe, Harbor Times\n" + BODY).outlet is None


@pytest.mark.parametrize("head, foot, outlet, wire", [
    ("Harbor Times | From Reuters", "", "Harbor Times", "Reuters"),
    ("By Jane Roe, Harbor Times", "This story was originally published by the Coastal Ledger.", "Harbor Times",
     "Coastal Ledger"),
    ("Harbor Times | Wire report", "This article was distributed by Pacific Newswire.", "Harbor Times",
     "Pacific Newswire"),
    ("Desert Shipping Weekly - Asia desk", "Source: Pacific Newswire. Desert Shipping Weekly is published in Doha.",
     "Desert Shipping Weekly", "Pacific Newswire"),
    # A page of one outlet carrying another's bylined story: the page's outlet, the byline's wire.
    ("By Jane Roe, Northwind Wire", "Copyright 2025 Valley Courier. All rights reserved.", "Valley Courier",
     "Northwind Wire"),
    # A paper printing agency copy under the agency's notice: the paper, and the agency as wire.
    ("By Jane Roe, Harbor Times", "Copyright 2025 The Associated Press. All rights reserved.", "Harbor Times",
     "The Associated Press"),
    ("By Jane Roe, Harbor Times", "© 2025 Harbor Times. All rights reserved.", "Harbor Times", None),
])
def test_a_republished_copy_names_its_wire(head, foot, outlet, wire):
    cues = read_outlet(article(head, foot))
    assert (cues.outlet, cues.wire) == (outlet, wire)


def test_spellings_of_one_outlet_share_a_key_and_different_outlets_do_not():
    assert outlet_key("AP") == outlet_key("The Associated Press") == outlet_key("Associated Press")
    assert outlet_key("Buckeye Herald") == outlet_key("The Buckeye Herald Media Inc.")
    assert outlet_key("Yonhap") == outlet_key("Yonhap News Agency")
    assert same_outlet("WKSL News 4", "WKSL-TV") and same_outlet("washingtonpost", "The Washington Post")
    assert same_outlet("guardian", "Guardian News and Media")
    for a, b in [("Lisbon Daily Post", "Lisbon Herald"), ("New York Times", "New York Post"), ("AP", "AFP"),
                 ("Kessler Ledger", "Maritime Ledger"), ("USA Today", "USA Herald")]:
        assert not same_outlet(a, b) and outlet_key(a) != outlet_key(b), (a, b)


def raw(text: str, *, outlet: str | None = None) -> RawArticle:
    return RawArticle(origin="a.txt", source_file="a.txt", fmt="text", text=text, outlet=outlet)


def test_prepare_reads_the_outlet_and_keeps_what_it_had_without_a_cue():
    assert prepare_article(raw(article("By Jane Roe, Harbor Times"))).outlet == "Harbor Times"
    # no cue at all: no outlet, as before
    plain = prepare_article(raw(article()))
    assert (plain.outlet, plain.wire) == (None, None)
    # a wire dateline alone still names the outlet, as before
    wire_copy = "KESSLER, Ohio (AP) — " + BODY
    assert prepare_article(raw(wire_copy)).outlet == "AP"
    # a republisher's masthead above the agency's dateline: the republisher publishes, the dateline's agency
    # stays the article's source (dedupe.source_key)
    republished = prepare_article(raw("Harbor Times staff and wire reports\n\n" + wire_copy))
    assert (republished.outlet, republished.dateline.outlet) == ("Harbor Times", "AP")


def test_prepare_keeps_the_inputs_outlet_field_and_credits_another_outlets_byline_as_wire():
    art = prepare_article(raw(article("By Jane Roe, Northwind Wire"), outlet="Valley Courier"))
    assert (art.outlet, art.wire) == ("Valley Courier", "Northwind Wire")
    same = prepare_article(raw(article("By Jane Roe, Valley Courier"), outlet="valleycourier"))
    assert (same.outlet, same.wire) == ("valleycourier", None)


_WORDS = st.sampled_from(["Harbor", "Times", "Valley", "News", "Weekly", "Q" * 70, "x" * 70, "Ä" * 3, "The", "of",
                          "Reuters", "WKSL-TV", "4", "Staff", "Writer", "Wire"])
_NAMES = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)
# Line shapes the reader looks for, with names of any length: the answer must still be short and on one line.
_SHAPED = st.builds(lambda before, name, after: before + name + after,
                    st.sampled_from(["By Jane Roe, ", "By ", "© 2025 ", "Copyright ", "(c) ", "Source: ",
                                     "This article was distributed by ", "", "Jane Roe, "]),
                    _NAMES,
                    st.sampled_from(["", " | Wire report", " - Europe desk", " staff", " (English edition)",
                                     ". All rights reserved", " 2025", " | From Reuters", "\r", "\n"]))
_TEXTS = st.one_of(st.text(max_size=400),
                   st.lists(st.one_of(_SHAPED, st.text(max_size=40), st.just(BODY)), max_size=12).map("\n".join))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_the_outlet_reader_never_crashes_and_returns_a_short_one_line_name(text):
    cues = read_outlet(text)
    for name in (cues.outlet, cues.wire):
        assert name is None or (isinstance(name, str) and 0 < len(name) <= MAX_NAME_CHARS and "\n" not in name
                                and "\r" not in name and name == name.strip())
        if name:
            assert isinstance(outlet_key(name), str) and same_outlet(name, name)
