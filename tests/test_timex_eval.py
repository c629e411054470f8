"""The TempEval-3 scorer and .tml reader/writer on small hand-made cases."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dateline.eval.timex import Span, Counts, read_tml, score_document, summarise, tagged_tml, write_tml
from dateline.records import TimeExpr

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>tiny</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Sales rose <TIMEX3 tid="t1" type="DATE" value="1997" functionInDocument="NONE">last year</TIMEX3> &amp; fell
<EVENT eid="e1">on</EVENT> <TIMEX3 tid="t2" type="DATE" value="1998-01-06">Tuesday</TIMEX3>.
</TEXT>
<TLINK lid="l1" timeID="t1" relatedToTime="t0"/>
</TimeML>
"""


@pytest.fixture()
def tml(tmp_path: Path) -> Path:
    p = tmp_path / "sub" / "tiny.tml"
    p.parent.mkdir()
    p.write_text(TML, encoding="utf-8")
    return p


def test_read_tml_offsets_index_the_tag_stripped_text(tml: Path) -> None:
    doc = read_tml(tml)
    assert doc.dct == dt.date(1998, 1, 8)
    assert doc.text == "".join(ET.parse(tml).getroot().find(".//TEXT").itertext())
    assert [(doc.text[g.start:g.end], g.value) for g in doc.timexes] == [("last year", "1997"), ("Tuesday", "1998-01-06")]
    assert "&" in doc.text  # entities decoded


def S(a: int, b: int, t: str = "DATE", v: str = "1997") -> Span:
    return Span(a, b, t, v)


def test_strict_and_relaxed_matches() -> None:
    gold = [S(0, 9), S(20, 27, v="1998-01-06")]
    system = [S(0, 9), S(18, 27, v="1998-01-07"), S(40, 45)]
    c = score_document(gold, system).counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.value_ok, c.type_ok) == (2, 3, 1, 2, 1, 2)


def test_relaxed_pairs_are_one_to_one() -> None:
    # one long system span overlapping two gold spans matches only one of them
    c = score_document([S(0, 5), S(6, 10)], [S(0, 10)]).counts
    assert c.relaxed == 1 and c.strict == 0


def test_type_is_case_insensitive_and_value_ignores_whitespace() -> None:
    c = score_document([S(0, 5, "DATE", "1997")], [S(0, 5, "date", " 1997 ")]).counts
    assert c.type_ok == 1 and c.value_ok == 1


def test_summary_definitions() -> None:
    c = Counts(gold=10, system=8, strict=6, relaxed=8, type_ok=8, value_ok=4)
    s = summarise(c, documents=1)
    assert s.strict_p == pytest.approx(6 / 8) and s.strict_r == pytest.approx(6 / 10)
    assert s.relaxed_f1 == pytest.approx(2 * 1.0 * 0.8 / 1.8)
    assert s.value_f1 == pytest.approx(s.relaxed_f1 * 0.5)
    assert s.type_f1 == pytest.approx(s.relaxed_f1)


def test_empty_scores_are_zero_not_errors() -> None:
    s = summarise(Counts(), documents=0)
    assert s.relaxed_f1 == 0.0 and s.value_f1 == 0.0


def test_write_tml_keeps_text_and_dct(tml: Path, tmp_path: Path) -> None:
    doc = read_tml(tml)
    start = doc.text.index("Tuesday")
    system = (TimeExpr(start, start + 7, "Tuesday", "DATE", "1998-01-06"),)
    out = write_tml(doc, system, tmp_path / "out", relative_to=tmp_path)
    assert out == tmp_path / "out" / "sub" / "tiny.tml"
    again = read_tml(out)
    assert again.text == doc.text
    assert again.dct == doc.dct
    assert [(g.start, g.end, g.type, g.value) for g in again.timexes] == [(start, start + 7, "DATE", "1998-01-06")]
    assert 'tid="t1"' in tagged_tml(doc, system)
    assert "TLINK" not in out.read_text()
