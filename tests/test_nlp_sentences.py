"""Sentence splitter: news abbreviations, initials, quotes, PTB text, paragraphs, kinds, exact offsets."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.sentences import sentence_at, split_sentences
from dateline.records import Span


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_abbreviations_months_and_initials_do_not_split():
    t = "SEOUL, Oct. 26 (Yonhap) -- They met on Sept. 23, 2023. N. Korea and S. Korea talked. Gen. Smith and John F. Kennedy Jr. left."
    assert texts(t) == [
        "SEOUL, Oct. 26 (Yonhap) -- They met on Sept. 23, 2023.",
        "N. Korea and S. Korea talked.",
        "Gen. Smith and John F. Kennedy Jr. left.",
    ]


def test_dotted_acronym_splits_only_before_a_sentence_starter():
    assert texts("He lives in the U.S. The ministry said so.") == ["He lives in the U.S.", "The ministry said so."]
    assert texts("The U.S. Secretary of State spoke.") == ["The U.S. Secretary of State spoke."]


def test_quotes_stay_with_their_sentence():
    t = '"We will fight," he said. "It is over." Then they left!'
    assert texts(t) == ['"We will fight," he said.', '"It is over."', "Then they left!"]


def test_ptb_tokenised_text():
    t = "Haiti lies on a boundary . The Dominican Republic is east . \n`` We are done . '' He said ."
    assert texts(t) == ["Haiti lies on a boundary .", "The Dominican Republic is east .", "`` We are done . ''", "He said ."]


def test_lines_are_paragraph_boundaries():
    assert texts("Headline without stop\nBody sentence one. Body two.") == [
        "Headline without stop",
        "Body sentence one.",
        "Body two.",
    ]


def test_spans_give_kinds():
    t = "Big news today\nA caption here.\nThe body."
    sents = split_sentences(t, spans=(Span("headline", 0, 14), Span("caption", 15, 30)))
    assert [s.kind for s in sents] == ["headline", "caption", "body"]


def test_sentence_at():
    sents = split_sentences("One. Two.\nThree.")
    assert sentence_at(sents, 0) == 0 and sentence_at(sents, 5) == 1 and sentence_at(sents, 11) == 2
    assert sentence_at(sents, 4) is None  # the space between sentences


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab AB.!?\"'\n,U1") + ["Oct. ", "Mr. ", " . ", "``", "''", "U.S. "]), max_size=80).map("".join))
def test_offsets_exact_ordered_and_never_cross_lines(text):
    sents = split_sentences(text)
    prev_end = 0
    for i, s in enumerate(sents):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert "\n" not in s.text
        assert s.start >= prev_end
        prev_end = s.end
    # Nothing but whitespace is lost.
    assert "".join("".join(s.text.split()) for s in sents) == "".join(text.split())
