"""Shared fixtures. ../shared (seeds, bench data, tools) is read in place, never copied into the repo."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# `dateline add` into a big store leaves a standby adder running (cli.core._start_standby): no test's add starts one
# unless it asks with --warm (tests/test_handoff.py), and every process a test starts inherits this
os.environ["DATELINE_WARM"] = "0"

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared not found at {SHARED}: seed and benchmark tests need it beside the repo")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def gold(seeds_dir: Path) -> dict:
    import json

    return json.loads((seeds_dir / "gold.json").read_text())
