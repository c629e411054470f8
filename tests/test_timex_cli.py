"""`dateline eval timex DIR --write-tml OUT` on a tiny hand-made TimeML file."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import make_app
from dateline.eval.timex import read_tml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>tiny</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Sales rose <TIMEX3 tid="t1" type="DATE" value="1997">last year</TIMEX3> and fell on <TIMEX3 tid="t2" type="DATE" value="1998-01-06">Tuesday</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_eval_timex_scores_and_writes_tml(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "tiny.tml").write_text(TML)
    out = tmp_path / "out"
    result = CliRunner().invoke(make_app(), ["eval", "timex", str(src), "--write-tml", str(out), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["gold"] == 2 and scores["relaxed_f1"] == 1.0 and scores["value_f1"] == 1.0
    written = read_tml(out / "tiny.tml")
    assert written.text == read_tml(src / "tiny.tml").text
    assert [(g.text, g.value) for g in written.timexes] == [("last year", "1997"), ("Tuesday", "1998-01-06")]


def test_eval_timex_missing_dir_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(make_app(), ["eval", "timex", str(tmp_path)])
    assert result.exit_code == 2
    assert "E001" in result.output
