"""The ui commands: export, html, show, serve (argument handling and errors)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import make_app

FIXTURE = Path(__file__).parent / "fixtures" / "ui" / "timeline.json"


@pytest.fixture(scope="module")
def app():
    return make_app()


def run(app, *args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def store_db(tmp_path) -> Path:
    """A real store holding the fixture document (the path the commands are made for)."""
    from dateline.records import Article
    from dateline.store import open_store

    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    path = tmp_path / "story.db"
    with open_store(path) as store:
        store.add_articles([
            Article(id=a["id"], origin=a["id"], source_file=a["source_file"], fmt="text", raw=a["text"], text=a["text"],
                    title=a["title"], url=a["url"], outlet=a["outlet"], author=a.get("author"), language="en",
                    language_score=1.0, pub_date=None)
            for a in doc["articles"]
        ])
        store.save_document(doc)
    return path


def test_export_json_from_a_store_is_schema_valid(app, store_db, shared_dir):
    import jsonschema

    result = run(app, "export", "--db", store_db, "--format", "json")
    assert result.exit_code == 0, result.output
    schema = json.loads((shared_dir / "spec" / "timeline.schema.json").read_text())
    jsonschema.validate(json.loads(result.stdout), schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("fmt,marker", [("csv", "entry_id,story_id"), ("md", "# Timeline report"),
                                        ("graphml", "<graphml"), ("ics", "BEGIN:VCALENDAR")])
def test_export_formats_to_a_file(app, store_db, tmp_path, fmt, marker):
    out = tmp_path / f"t.{fmt}"
    result = run(app, "export", "--db", store_db, "-f", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


def test_export_rejects_an_unknown_format(app, store_db):
    result = CliRunner().invoke(app, ["export", "--db", str(store_db), "--format", "pdf"])
    assert result.exit_code != 0
    assert "pdf" in result.output


def test_html_writes_one_self_contained_file(app, store_db, tmp_path):
    out = tmp_path / "timeline.html"
    result = run(app, "html", "--db", store_db, "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Kestrel Bay ferry sinking" in page
    assert "<link" not in page and " src=" not in page


def test_show_prints_the_timeline(app, store_db):
    result = CliRunner().invoke(app, ["show", "--db", str(store_db), "--story", "marrow"], env={"COLUMNS": "140"})
    assert result.exit_code == 0, result.output
    assert "Marrow Valley dam vote" in result.output and "1 Feb 2025" in result.output
    assert "Kestrel" not in result.output


KEY_IDS = ("entry_003", "entry_004", "entry_005", "entry_008")  # story 1 has 11 entries; story 2 (3) has no key


def keyed_document(tmp_path: Path) -> Path:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for entry in doc["entries"]:
        if entry["id"] in KEY_IDS:
            entry["flags"] = [*entry["flags"], "key"]
    path = tmp_path / "keyed.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_show_defaults_to_key_events_and_all_shows_everything(app, tmp_path):
    path = keyed_document(tmp_path)
    wide = {"COLUMNS": "200"}
    default = CliRunner().invoke(app, ["show", "--db", str(path)], env=wide)
    assert default.exit_code == 0, default.output
    assert "showing 4 of 11 entries (key events; --all for every entry)" in default.output
    assert "showing 3 of 3 entries" in default.output  # a story without key entries shows them all
    assert "showing 7 of 14 entries in 2 stories (key events; --all for every entry)" in default.output
    assert "became transport minister" not in default.output  # entry_001, not key
    assert "key" not in default.output.replace("key events", "")  # a view property, not a flag
    everything = CliRunner().invoke(app, ["show", "--db", str(path), "--all"], env=wide)
    assert everything.exit_code == 0, everything.output
    assert "showing 11 of 11 entries" in everything.output and "became transport minister" in everything.output
    assert "showing 14 of 14 entries in 2 stories\n" in everything.output
    limited = CliRunner().invoke(app, ["show", "--db", str(path), "--limit", "2"], env=wide)
    assert "showing 2 of 11 entries" in limited.output


def test_json_document_files_are_accepted_too(app):
    result = run(app, "export", "--db", FIXTURE, "-f", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") > 10


@pytest.mark.parametrize("command", [["export"], ["html", "-o", "x.html"], ["show"], ["serve"]])
def test_missing_database_fails_with_a_coded_message(app, tmp_path, command):
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(app, command[:1] + ["--db", str(missing)] + command[1:])
    assert result.exit_code == 1
    assert "E001" in result.output and "missing.db" in result.output


def test_store_without_a_timeline_says_so(app, tmp_path):
    from dateline.store import open_store

    path = tmp_path / "empty.db"
    open_store(path).close()
    result = CliRunner().invoke(app, ["export", "--db", str(path)])
    assert result.exit_code == 1 and "dateline build" in result.output


def test_html_says_what_the_page_opens_on(app, tmp_path):
    out = tmp_path / "keyed.html"
    result = CliRunner().invoke(app, ["html", "--db", str(keyed_document(tmp_path)), "-o", str(out)],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "(14 entries, opens on 7 key events, 6 articles)" in result.output
    assert 'id="view-toggle"' in out.read_text(encoding="utf-8")
