"""Seed acceptance: run ../shared/tools/seed_score.py (it holds the matching rules) against a dateline executable.

The script builds the seed folder into a temporary store with the given CLI (`build`, `export --format json`,
`articles --json`) and prints one JSON line; this module only runs it and returns that line, parsed.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dateline.errors import ConfigError


def seed_score_script(seeds_dir: Path) -> Path:
    script = Path(seeds_dir).resolve().parent / "tools" / "seed_score.py"
    if not script.is_file():
        raise ConfigError(f"seed scorer not found beside the seeds ({script})", origin=str(seeds_dir))
    return script


def run_seed_score(seeds_dir: Path, *, dateline_exe: str, timeout: int = 600) -> dict:
    """The seed scorer's result for a build made with `dateline_exe` (its `ok` says whether every figure holds)."""
    script = seed_score_script(seeds_dir)
    proc = subprocess.run([sys.executable, str(script), "--build", dateline_exe], capture_output=True, text=True,
                          timeout=timeout)
    lines = [l for l in proc.stdout.splitlines() if l.strip().startswith("{")]
    if not lines:
        raise ConfigError(f"seed scorer printed no result (exit {proc.returncode}): {proc.stderr.strip()[-300:]}",
                          origin=str(script))
    return json.loads(lines[-1])
