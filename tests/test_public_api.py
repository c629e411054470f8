"""The public API is small and deliberate: this test pins it (a change here is an API change)."""
from __future__ import annotations

import dateline

PINNED = {
    "__version__", "build", "add", "open_store", "read_inputs", "prepare_article", "analyse", "load_resources",
    "build_story_timeline", "tag_time_expressions", "records", "errors",
}


def test_all_is_pinned():
    assert set(dateline.__all__) == PINNED


def test_every_public_name_resolves():
    for name in dateline.__all__:
        assert getattr(dateline, name) is not None, name


def test_import_is_cheap():
    import subprocess
    import sys

    code = "import sys, dateline; print('spacy' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
