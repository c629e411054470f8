"""Settings: file < options; bad files are one-line errors naming the file."""
from __future__ import annotations

import pytest

from dateline.config import Settings, load_settings
from dateline.errors import ConfigError


def test_defaults_without_file(tmp_path):
    assert load_settings(cwd=tmp_path) == Settings()


def test_file_overrides_defaults(tmp_path):
    (tmp_path / "dateline.toml").write_text('[dateline]\ndb = "x.db"\nworkers = 2\n')
    s = load_settings(cwd=tmp_path)
    assert (s.db, s.workers, s.port) == ("x.db", 2, 8080)


@pytest.mark.parametrize("body,words", [
    ("[dateline]\nnope = 1\n", "unknown setting"),
    ("[dateline]\nworkers = 'two'\n", "whole number"),
    ("[dateline]\nengine = 'spark'\n", "engine"),
    ("[dateline]\nnlp = 'turbo'\n", "nlp must be"),
    ("this is = = not toml", "TOML"),
])
def test_bad_files_name_the_file_and_reason(tmp_path, body, words):
    path = tmp_path / "dateline.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        load_settings(cwd=tmp_path)
    assert str(path) in str(info.value) and words in str(info.value) and "\n" not in str(info.value)


def test_missing_explicit_file(tmp_path):
    with pytest.raises(ConfigError):
        load_settings(tmp_path / "missing.toml")


def test_nlp_profile_setting(tmp_path):
    (tmp_path / "dateline.toml").write_text('[dateline]\nnlp = "balanced"\n')
    assert load_settings(cwd=tmp_path).nlp == "balanced"
    assert Settings().nlp == "fast"
