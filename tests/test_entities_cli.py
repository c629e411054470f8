"""`dateline entities --db FILE [--json]` reads the entities of the stored timeline document."""
from __future__ import annotations

import json

from typer.testing import CliRunner


def _store_with_entities(path):
    from dateline.store import open_store

    doc = {
        "schema": "dateline/timeline@1",
        "entities": [
            {"id": "ent_a", "name": "Kim Jong Un", "type": "PERSON", "aliases": ["Kim Jong Un", "Kim Jong-un"],
             "roles": [{"role": "North's leader", "as_of": "2023-10-26"}], "mention_count": 7},
            {"id": "ent_b", "name": "North Korea", "type": "GPE", "aliases": ["North Korea", "DPRK", "Pyongyang"],
             "roles": [], "mention_count": 50},
        ],
    }
    with open_store(path) as store:
        store.save_document(doc)


def test_entities_json_and_table(tmp_path):
    from dateline.cli import make_app

    db = tmp_path / "s.db"
    _store_with_entities(db)
    runner = CliRunner()
    res = runner.invoke(make_app(), ["entities", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["name"] for r in rows] == ["North Korea", "Kim Jong Un"]  # most mentioned first
    res = runner.invoke(make_app(), ["entities", "--db", str(db), "--type", "person"])
    assert res.exit_code == 0 and "Kim Jong Un" in res.stdout and "North Korea" not in res.stdout
    assert "2023-10-26" in res.stdout


def test_entities_without_a_build_fails_cleanly(tmp_path):
    from dateline.cli import make_app
    from dateline.store import open_store

    db = tmp_path / "empty.db"
    open_store(db).close()
    res = CliRunner().invoke(make_app(), ["entities", "--db", str(db)])
    assert res.exit_code != 0
    assert "no timeline" in res.output


def test_roles_show_each_role_once_with_the_span_of_its_dates():
    from dateline.cli.entities import _role_text

    def as_of(d):
        return {"value": d, "granularity": "day", "earliest": d, "latest": d, "estimated": False}
    roles = [{"role": "union leader", "as_of": as_of("2025-12-08")}, {"role": "Union leader", "as_of": as_of("2026-01-09")},
             {"role": "spokesman", "as_of": "2025-12-20"}, {"role": "chair"}]
    text = _role_text(roles)
    assert text == "union leader (2025-12-08 … 2026-01-09); spokesman (2025-12-20); chair"
    assert "{" not in text
