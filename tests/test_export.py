"""Exports: every format is parsed back by a library and says what the document says."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from dateline import export

FIXTURES = Path(__file__).parent / "fixtures" / "ui"


def load(name: str = "timeline.json") -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def doc() -> dict:
    return load()


@pytest.fixture(scope="module")
def schema(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "spec" / "timeline.schema.json").read_text())


def validate(document: dict, schema: dict) -> None:
    import jsonschema

    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("name", ["timeline.json", "timeline_xss.json"])
def test_fixtures_are_valid_against_the_schema(name, schema):
    validate(load(name), schema)


@pytest.mark.parametrize("name", ["timeline.json", "timeline_xss.json"])
def test_fixture_citations_point_at_their_sentences(name):
    document = load(name)
    texts = {a["id"]: a["text"] for a in document["articles"]}
    cites = [s for e in document["entries"] for s in e["sources"]]
    cites += [c for d in document["disagreements"] for c in d.get("citations", ())]
    assert cites
    for c in cites:
        assert texts[c["article_id"]][c["start"]:c["end"]] == c["sentence"]


def test_json_export_is_valid_and_round_trips(doc, schema):
    text = export.export_text(doc, "json")
    parsed = json.loads(text)
    validate(parsed, schema)
    assert parsed == {**doc, "schema": "dateline/timeline@1"}


def test_json_export_does_not_share_state_with_the_input(doc):
    out = export.to_json(doc)
    out["entries"][0]["summary"] = "changed"
    assert doc["entries"][0]["summary"] != "changed"


def test_json_export_fills_missing_lists(schema):
    out = export.to_json({"schema": "x", "articles": []})
    validate(out, schema)


def test_csv_has_one_row_per_entry_and_source(doc):
    rows = list(csv.DictReader(io.StringIO(export.to_csv(doc))))
    assert len(rows) == sum(len(e["sources"]) for e in doc["entries"])
    assert {r["entry_id"] for r in rows} == {e["id"] for e in doc["entries"]}
    by_entry = {e["id"]: e for e in doc["entries"]}
    for row in rows:
        entry = by_entry[row["entry_id"]]
        source = entry["sources"][int(row["source_index"]) - 1]
        assert row["sentence"] == source["sentence"]
        assert int(row["start"]) == source["start"]
        assert row["earliest"] == entry["date"]["earliest"]
        assert int(row["independent_sources"]) == entry["independent_sources"]
    # chronological order
    earliest = [r["earliest"] for r in rows]
    assert earliest == sorted(earliest)


def test_csv_neutralises_spreadsheet_formulas(doc):
    evil = json.loads(json.dumps(doc))
    evil["entries"][0]["summary"] = "=HYPERLINK(\"http://x\")"
    rows = list(csv.DictReader(io.StringIO(export.to_csv(evil))))
    summaries = {r["summary"] for r in rows}
    assert "'=HYPERLINK(\"http://x\")" in summaries
    assert not any(s.startswith("=") for s in summaries)


def test_markdown_report_structure(doc):
    from markdown_it import MarkdownIt

    text = export.to_markdown(doc)
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Timeline report"
    for story in doc["stories"]:
        assert story["title"] in headings
    assert "Sources" in headings and "Disagreements" in headings
    # every footnote reference has a definition, and every cited sentence appears in a definition
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defs = set(re.findall(r"^\[\^(\d+)\]:", text, flags=re.M))
    assert refs and refs == defs
    assert "2025\\-" not in text  # prose stays readable: no needless escapes
    assert "13 Mar 2025" in text and "estimated date" in text


def test_markdown_escapes_markup(doc):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(export.to_markdown(load("timeline_xss.json")))
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_graphml_parses_back_with_entities_and_events(doc, tmp_path):
    import networkx as nx

    path = tmp_path / "t.graphml"
    path.write_text(export.to_graphml(doc), encoding="utf-8")
    graph = nx.read_graphml(path)
    kinds = nx.get_node_attributes(graph, "kind")
    assert sum(1 for k in kinds.values() if k == "entity") == len(doc["entities"])
    assert sum(1 for k in kinds.values() if k == "event") == len(doc["entries"])
    entry = next(e for e in doc["entries"] if len(e["entity_ids"]) > 1)
    for entity_id in entry["entity_ids"]:
        assert graph.has_edge(entity_id, entry["id"])
        assert graph.edges[entity_id, entry["id"]]["relation"] == "participates"
    assert graph.nodes[entry["id"]]["earliest"] == entry["date"]["earliest"]


def test_ics_parses_back_as_all_day_events(doc):
    from icalendar import Calendar

    cal = Calendar.from_ical(export.to_ics(doc))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(doc["entries"])
    by_uid = {str(ev.get("uid")): ev for ev in events}
    for entry in doc["entries"]:
        ev = by_uid[f"{entry['id']}@dateline"]
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        assert type(start) is dt.date and type(end) is dt.date  # all-day, not datetimes
        assert start == dt.date.fromisoformat(entry["date"]["earliest"])
        assert end == dt.date.fromisoformat(entry["date"]["latest"]) + dt.timedelta(days=1)
        assert str(ev.get("summary")) == entry["summary"]


def test_ics_is_deterministic_and_takes_an_explicit_stamp(doc):
    assert export.to_ics(doc) == export.to_ics(doc)
    stamp = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    assert "DTSTAMP:20300102T030405Z" in export.to_ics(doc, dtstamp=stamp)


def test_unknown_format_is_refused(doc):
    with pytest.raises(ValueError, match="unknown export format"):
        export.export_text(doc, "pdf")


def test_empty_document_exports_everywhere():
    empty = {"schema": "dateline/timeline@1", "articles": [], "stories": [], "entities": [], "entries": [],
             "disagreements": []}
    for fmt in export.FORMATS:
        assert export.export_text(empty, fmt)


def _loose_document() -> dict:
    """What a real build may emit: outlets unknown (null) and a role date as a bare ISO string."""
    loose = load()
    for article in loose["articles"]:
        article["outlet"] = None
    for entry in loose["entries"]:
        for source in entry["sources"]:
            source["outlet"] = None
    loose["entities"][0]["roles"] = [{"role": "spokesman", "as_of": "2025-03-14"}, {"role": "x", "as_of": "2024-02"}]
    return loose


def test_json_export_normalises_bare_dates(schema):
    out = export.to_json(_loose_document())
    validate(out, schema)
    assert out["entities"][0]["roles"][0]["as_of"]["granularity"] == "day"
    assert out["entities"][0]["roles"][1]["as_of"]["latest"] == "2024-02-29"


def test_every_format_renders_a_loose_document():
    from dateline.html import render_html

    loose = _loose_document()
    for fmt in export.FORMATS:
        assert export.export_text(loose, fmt)
    page = render_html(loose)
    assert "harbor-courier-ferry.html" in page  # a nameless outlet is called by its file, not "unknown"


def test_the_default_ics_stamp_is_the_latest_real_publication_day_not_a_far_plan():
    doc = {"articles": [{"id": "a", "pub_date": {"latest": "2010-05-03", "estimated": False}},
                        {"id": "b", "pub_date": {"latest": "2011-02-01", "estimated": True}}],
           "entries": [{"id": "e", "date": {"earliest": "2010-05-01", "latest": "2099-12-31"}}]}
    assert export._latest_day(doc) == dt.date(2010, 5, 3)
    assert export._latest_day({"articles": [], "entries": doc["entries"]}) == dt.date(2099, 12, 31)
