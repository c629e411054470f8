"""`dateline eval stories`: pooling per split, off-topic separation, and the CLI on a folder of stories."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.eval.samples import score_document
from dateline.eval.stories import pooled, split_of, story_dirs


def _doc(off_cited: bool, off_in_main: bool) -> dict:
    main_ids = ["a1", "a2"] + (["a3"] if off_in_main else [])
    entries = [{"id": "e1", "story_id": "s1", "date": {"earliest": "2025-03-04", "latest": "2025-03-04"},
                "summary": "The bridge collapsed.", "sources": [{"article_id": "a1", "sentence": "x", "start": 0,
                                                                 "end": 1}], "flags": ["key"]}]
    if off_cited:
        entries.append({"id": "e2", "story_id": "s1", "date": {"earliest": "1958-01-01", "latest": "1958-12-31"},
                        "summary": "The stadium opened in 1958.",
                        "sources": [{"article_id": "a3", "sentence": "y", "start": 0, "end": 1}], "flags": []})
    return {"articles": [{"id": "a1", "origin": "one.txt", "text": "x"}, {"id": "a2", "origin": "two.txt", "text": "x"},
                         {"id": "a3", "origin": "off.txt", "text": "y"}],
            "stories": [{"id": "s1", "article_ids": main_ids}, {"id": "s2", "article_ids": [] if off_in_main else ["a3"]}],
            "entries": entries, "disagreements": []}


GOLD = {"events": [{"id": "E1", "core": True, "window": ["2025-03-04", "2025-03-04"], "keywords": ["collapsed"]}],
        "off_topic": ["off.txt"]}


def _key(a):
    return a["origin"]


def test_an_off_topic_article_apart_from_the_main_story_counts_as_separated():
    assert score_document(_doc(False, False), GOLD, key_of=_key)["off_topic_separated"] == {"off.txt": True}


def test_an_off_topic_article_inside_the_main_story_or_cited_by_it_is_not_separated():
    assert score_document(_doc(False, True), GOLD, key_of=_key)["off_topic_separated"] == {"off.txt": False}
    assert score_document(_doc(True, True), GOLD, key_of=_key)["off_topic_separated"] == {"off.txt": False}


def test_pooled_counts_add_up_over_stories():
    a = {"core_found": 3, "core_total": 4, "entries": 10, "precision": 0.5, "disagreements_found": ["D1"],
         "disagreements_total": 2, "undated_pub_dates_ok": {"x": True}, "off_topic_separated": {"o": False}}
    b = {"core_found": 1, "core_total": 1, "entries": 30, "precision": 0.9, "disagreements_found": [],
         "disagreements_total": 1, "undated_pub_dates_ok": {"y": False}}
    p = pooled([a, b])
    assert (p["core_found"], p["core_total"], p["core_recall"]) == (4, 5, 0.8)
    assert p["precision"] == round((5 + 27) / 40, 3)
    assert (p["disagreements_found"], p["disagreements_total"]) == (1, 3)
    assert (p["undated_ok"], p["undated_total"], p["off_topic_separated"], p["off_topic_total"]) == (1, 2, 0, 1)


def test_story_folders_and_split(tmp_path: Path):
    for name in ("b", "a", "c"):
        (tmp_path / name / "corpus").mkdir(parents=True)
        (tmp_path / name / "gold.json").write_text("{}")
    (tmp_path / "notastory").mkdir()
    (tmp_path / "split.json").write_text(json.dumps({"dev": ["a"], "held_out": ["b"]}))
    assert [p.name for p in story_dirs(tmp_path)] == ["a", "b", "c"]
    assert split_of(tmp_path) == {"a": "dev", "b": "held_out"}


def test_cli_refuses_a_folder_without_stories(tmp_path: Path):
    from dateline.cli import make_app

    r = CliRunner().invoke(make_app(), ["eval", "stories", str(tmp_path)])
    assert r.exit_code == 2 and "no story folders" in r.output


def test_entries_of_a_separated_off_topic_article_are_not_counted_against_precision():
    doc = _doc(False, False)
    doc["entries"].append({"id": "e3", "story_id": "s2", "date": {"earliest": "1958-01-01", "latest": "1958-12-31"},
                           "summary": "The stadium opened in 1958.",
                           "sources": [{"article_id": "a3", "sentence": "y", "start": 0, "end": 1}], "flags": ["key"]})
    r = score_document(doc, GOLD, key_of=_key)
    assert (r["entries"], r["precision"], r["key_entries"], r["key_precision"]) == (1, 1.0, 1, 1.0)


def test_a_trap_reported_as_a_disagreement_is_a_false_alarm():
    doc = _doc(False, False)
    doc["disagreements"] = [{"article_ids": ["a1", "a2"]}]
    gold = dict(GOLD, disagreements=[], not_disagreements=[{"id": "N1", "sources": ["one.txt", "two.txt"]},
                                                             {"id": "N2", "sources": ["one.txt", "off.txt"]}])
    r = score_document(doc, gold, key_of=_key)
    assert (r["false_alarms"], r["traps_total"]) == (["N1"], 2)
