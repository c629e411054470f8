"""`dateline eval cleaning` runs end to end on a small sample."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from dateline.cli import make_app


def test_eval_cleaning_json(shared_dir):
    result = CliRunner().invoke(make_app(), ["eval", "cleaning", "--shared", str(shared_dir), "--per-topic", "3",
                                             "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["version"] == "clean@2"
    groups = doc["t17_injected"]["groups"]
    assert {"all", "tune_topics", "held_out_topics", "lexicon_languages", "non_lexicon_languages"} <= set(groups)
    assert doc["t17_injected"]["articles"] == 15
    assert doc["html_fixtures"]["summary"]["pages"] >= 4


def test_eval_cleaning_missing_shared(tmp_path):
    result = CliRunner().invoke(make_app(), ["eval", "cleaning", "--shared", str(tmp_path)])
    assert result.exit_code == 2
