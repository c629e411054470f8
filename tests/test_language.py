"""Language identification: deterministic, normalised probability, None for text without enough letters."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.language import identify


@pytest.mark.parametrize("text, lang", [
    ("The council voted on Thursday to close the old grain silo, ending a long dispute.", "en"),
    ("Der Stadtrat stimmte am Donnerstag dafür, den alten Getreidesilo zu schließen.", "de"),
    ("Le conseil a voté jeudi la fermeture du vieux silo à grains, mettant fin à un long conflit.", "fr"),
    ("El consejo votó el jueves para cerrar el viejo silo de grano, poniendo fin a una larga disputa.", "es"),
    ("Міська рада проголосувала в четвер за закриття старого зерносховища, і мешканці були незадоволені.", "uk"),
])
def test_identify_languages(text, lang):
    got, score = identify(text)
    assert got == lang and 0.5 < score <= 1.0


def test_too_little_text():
    assert identify("") == (None, None)
    assert identify("12 34 -- !!") == (None, None)


def test_seed_articles_are_english(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        assert identify(path.read_text(encoding="utf-8"))[0] == "en", path.name


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_identify_is_total_and_deterministic(text):
    first = identify(text)
    assert first == identify(text)
    lang, score = first
    assert (lang is None) == (score is None)
    if score is not None:
        assert 0.0 <= score <= 1.0 and isinstance(lang, str)
