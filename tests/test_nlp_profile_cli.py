"""`--nlp` (and `nlp` in dateline.toml) choose the NLP profile of build and add; the analyses record it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXE = str(Path(sys.executable).with_name("dateline"))
TEXT = (" date 2024-03-05 \nFloods close Kell bridge\nKELLTON — The county closed the Kell bridge on Monday after "
        "floods, officials said. Mayor Ana Ruiz said repairs would start next week.\n")


def _run(*args, cwd):
    return subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _versions(cwd, db):
    out = _run("articles", "--db", db, "--json", cwd=cwd)
    assert out.returncode == 0, out.stderr
    return out


def test_build_with_each_profile_and_a_bad_one(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    for profile in ("balanced", "full"):
        r = _run("build", "a.txt", "--db", f"{profile}.db", "--nlp", profile, "-q", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        from dateline.store import open_store

        with open_store(tmp_path / f"{profile}.db", readonly=True) as store:
            analyses = list(store.analyses().values())
        assert analyses and any(profile in json.dumps(a.versions) for a in analyses)
    bad = _run("build", "a.txt", "--db", "x.db", "--nlp", "turbo", "-q", cwd=tmp_path)
    assert bad.returncode != 0 and "--nlp must be" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_the_setting_file_chooses_the_profile(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "dateline.toml").write_text('[dateline]\nnlp = "balanced"\n')
    assert _run("build", "a.txt", "--db", "s.db", "-q", cwd=tmp_path).returncode == 0
    from dateline.store import open_store

    with open_store(tmp_path / "s.db", readonly=True) as store:
        assert any("balanced" in json.dumps(a.versions) for a in store.analyses().values())
