"""`add` recomputes only the stories its new articles touch, and gives what a full rebuild gives.

The contract (pipeline._add_to_stories): stored articles never change story; a new copy joins its original's story,
a new original the story whose stored centroid it is nearest, or a story of its own. The document after `add` is
exactly that of a full build with the stories pinned to the ones after the add (`build_story_timeline(...,
stories=...)`); on piles whose stories are clear-cut (this corpus) that is also what an unpinned rebuild gives.
`add` reads the document, the story index, sketches and entity keys, and the articles and analyses of the touched
stories only — never the whole pile.

Corpus: two fictional stories with their own vocabulary (a mine collapse, a wildfire), generated here from sentence
pools so that no article copies another; then one more mine article is added. Nothing here comes from ../shared.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

import pytest

from dateline import pipeline, timeline
from dateline.records import Story
from dateline.store import open_store
from dateline.timeline import update_story_timeline

STORIES = {
    "mine": ("Kessel mine collapse", (
        "Rescuers at the Kessel copper mine reached {n} trapped miners {when}, the operator Dunmark Mining said.",
        "A tunnel section {n}00 metres below ground collapsed {when} after a tremor shook the Kessel valley.",
        "Engineers drilled a ventilation shaft to the sealed gallery {when} and lowered water and lamps.",
        "Families of the miners gathered at the Kessel pithead {when}, where Dunmark posted lists of names.",
        "Safety inspector Mara Quill said {when} that shoring in the lower gallery had not been checked for {n} months.",
        "The miners' union called a {n}-day strike at all Dunmark pits {when} to demand new inspections.",
        "Paramedics treated {n} rescued miners for dehydration at the Kessel field hospital {when}.",
        "Dunmark chief executive Oren Vale apologised to the families {when} and promised compensation.",
    )),
    "fire": ("Brindle forest wildfire", (
        "A wildfire in the Brindle pine forest spread across {n},000 hectares {when}, the fire service said.",
        "Firefighters evacuated {n} villages along the Saro river {when} as winds pushed the flames east.",
        "Water-bombing aircraft from Velmar joined the crews {when}, dropping retardant near Oakridge.",
        "Fire chief Lena Strand said {when} that a discarded barbecue probably started the blaze.",
        "Smoke closed the Brindle highway for {n} hours {when}, and schools in Oakridge stayed shut.",
        "Volunteers opened shelters for {n}00 evacuees in the Saro sports hall {when}.",
        "Rain fell over the eastern Brindle ridge {when}, letting crews contain {n}0 per cent of the fire.",
        "Insurers estimated the damage to farms around Oakridge at {n} million {when}.",
    )),
}
WHEN = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "yesterday", "late on Sunday")
OUTLETS = ("Valley Post", "Northern Ledger", "Coast Courier", "Evening Star")
# Per-article voices, so that articles share events but are not near-copies of each other.
FIRST = ("Anika", "Boris", "Celia", "Dario", "Edda", "Felix", "Greta", "Hugo", "Ilse", "Jonas", "Kira", "Lev")
LAST = ("Amsel", "Brecht", "Corvin", "Dahl", "Eckert", "Falk", "Grimm", "Holm", "Ilves", "Jarl", "Kolb", "Lund")
JOBS = ("baker", "teacher", "nurse", "driver", "farmer", "student", "pastor", "welder", "clerk", "fisher")
SAYINGS = ("nobody had warned them about the danger", "the whole town was holding its breath",
           "help arrived faster than anyone expected", "the authorities should have acted years ago",
           "she had never seen anything like it", "neighbours were sharing food and blankets",
           "the roads were packed with cars and tractors", "his cousin was among those waiting for news",
           "the radio gave conflicting reports all night", "they would rebuild whatever it took")


def _write_article(directory: Path, story: str, index: int, day: dt.date, rng: random.Random) -> Path:
    title, pool = STORIES[story]
    sentences = [t.format(n=rng.randint(2, 9), when=rng.choice(WHEN)) for t in rng.sample(pool, 3)]
    half = slice(0, 6) if story == "mine" else slice(6, 12)  # each story has its own people
    for _ in range(3):
        sentences.append(f"{rng.choice(FIRST[half])} {rng.choice(LAST[half])}, a {rng.choice(JOBS)} from "
                         f"{title.split()[0]}, said that {rng.choice(SAYINGS)}.")
    rng.shuffle(sentences)
    text = (f" date {day.isoformat()} {title}, day {index + 1}\n\n"
            + "\n\n".join(sentences) + "\n")
    path = directory / f"{story}_{index:02d}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def write_two_stories(directory: Path, *, per_story: int = 10, seed: int = 3) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = {"mine": dt.date(2025, 3, 3), "fire": dt.date(2025, 7, 14)}
    return [_write_article(directory, story, i, start[story] + dt.timedelta(days=i), rng)
            for story in STORIES for i in range(per_story)]


VOLATILE_KEYS = frozenset({"generated_at", "generated_by", "run_id"})


def _document(db: Path) -> dict:
    with open_store(str(db), readonly=True) as store:
        return store.timeline_document()


def _stable(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in VOLATILE_KEYS}


def _entries_by_story(doc: dict) -> dict[str, str]:
    """Each story's entries and disagreements, serialised (for byte comparison)."""
    out = {}
    for s in doc["stories"]:
        ids = set(s["article_ids"])
        entries = [e for e in doc["entries"] if e["story_id"] == s["id"]]
        dis = [d for d in doc["disagreements"] if ids & set(d["article_ids"])]
        out[s["id"]] = json.dumps({"entries": entries, "disagreements": dis}, sort_keys=True)
    return out


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """(store before the add, store after an incremental add, store after a full rebuild of the same pile)."""
    root = tmp_path_factory.mktemp("incremental")
    pile = write_two_stories(root / "pile")
    (root / "new").mkdir()
    new = [_write_article(root / "new", "mine", 20, dt.date(2025, 3, 9), random.Random(99))]
    before = root / "before.db"
    with open_store(str(before)) as store:
        pipeline.build(store, [str(p) for p in pile])
    added, full = root / "added.db", root / "full.db"
    shutil.copy(before, added)
    with open_store(str(added)) as store:
        pipeline.build(store, [str(p) for p in new], command="add")
    shutil.copy(added, full)
    with open_store(str(full)) as store:
        pipeline.rebuild_timeline(store, run_id=None, report=pipeline.RunReport())
    return _document(before), _document(added), _document(full)


def test_add_keeps_untouched_stories_and_ids(stores):
    before, added, _ = stores
    old, new = _entries_by_story(before), _entries_by_story(added)
    assert len(old) >= 2, "the corpus must hold more than one story"
    touched = {s for s in new if s not in old or new[s] != old[s]}
    assert len(touched) == 1, touched
    (story_id,) = touched
    assert story_id in old, "the new mine article should join the existing mine story (stable id)"
    for sid in old.keys() - touched:
        assert new[sid] == old[sid]
    assert {s["id"] for s in before["stories"]} == {s["id"] for s in added["stories"]}


def _source_keys(entry: dict) -> set[tuple[str, int]]:
    return {(s["article_id"], s["start"]) for s in entry["sources"]}


def test_an_entry_keeps_its_id_when_a_later_article_corroborates_it(stores):
    """An entry is named by its first-reported sentence, so an add that only brings it more sources (published
    later) leaves its id, and its page, as they were; before, every new source renamed it."""
    before, added, _ = stores
    published = {a["id"]: (a["pub_date"] or {}).get("earliest") or "9999" for a in added["articles"]}
    old_ids = {e["id"] for e in before["entries"]}
    grown = kept = 0
    for old in before["entries"]:
        keys = _source_keys(old)
        successor = [e for e in added["entries"] if e["story_id"] == old["story_id"] and keys <= _source_keys(e)]
        if len(successor) != 1:
            continue
        (new,) = successor
        first = min(new["sources"], key=lambda s: (published[s["article_id"]], s["article_id"], s["start"]))
        if (first["article_id"], first["start"]) not in keys:
            continue  # the new article reported it first: a new first sentence, a new name
        assert new["id"] == old["id"], (old["summary"], len(old["sources"]), len(new["sources"]))
        kept += 1
        grown += len(new["sources"]) > len(old["sources"])
    assert grown >= 1, "the added article should corroborate at least one existing entry"
    assert kept >= len(old_ids) // 2, (kept, len(old_ids))


def test_add_equals_full_rebuild(stores):
    _, added, full = stores
    assert _stable(added) == _stable(full)


def test_update_runs_the_story_work_only_for_changed_stories(tmp_path):
    pile = write_two_stories(tmp_path / "pile")
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        pipeline.build(store, [str(p) for p in pile])
        doc = store.timeline_document()
        articles, analyses = store.articles(), store.analyses()
    stories = tuple(Story(s["id"], s["title"], tuple(s["article_ids"])) for s in doc["stories"])
    copies = {a["id"]: a["duplicate_of"] for a in doc["articles"]}
    timeline, changed = update_story_timeline(articles, analyses, previous_stories=stories,
                                              previous_duplicates=copies)
    assert changed == frozenset() and timeline.entries == ()
    assert len(stories) >= 2
    # Drop one article from the previous run's view of one story: only that story is recomputed, fully.
    changed_story = stories[0]
    shrunk = tuple(Story(s.id, s.title, s.article_ids[:-1]) if s is changed_story else s for s in stories)
    timeline, changed = update_story_timeline(articles, analyses, previous_stories=shrunk,
                                              previous_duplicates=copies)
    assert changed == {changed_story.id}
    assert {e.story_id for e in timeline.entries} == {changed_story.id}
    assert len(timeline.entries) == sum(e["story_id"] == changed_story.id for e in doc["entries"])


def _pinned_rebuild(db: Path) -> dict:
    """A full build of the store's pile with the stories pinned to those of its document."""
    from dateline.document import build_document
    from dateline.timeline import build_story_timeline

    with open_store(str(db), readonly=True) as store:
        doc = store.timeline_document()
        articles, analyses = store.articles(), store.analyses()
    pinned = [Story(s["id"], s["title"], tuple(s["article_ids"])) for s in doc["stories"]]
    timeline = build_story_timeline(articles, analyses, stories=pinned)
    return build_document(timeline, articles, generated_by=doc["generated_by"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental2")
    pile = write_two_stories(root / "pile")
    db = root / "before.db"
    with open_store(str(db)) as store:
        pipeline.build(store, [str(p) for p in pile])
        assert store.story_index() is not None, "a full build leaves the story index for the next add"
    return root, pile, db


def _add(root: Path, db: Path, files: list[Path], name: str, monkeypatch) -> Path:
    """`add` on a copy of `db`; reading the whole pile (articles or analyses) fails the test."""
    from dateline.store.db import Store

    out = root / f"{name}.db"
    shutil.copy(db, out)

    def whole_pile(self, *a, **k):
        raise AssertionError("add read the whole pile")

    with monkeypatch.context() as m:
        m.setattr(Store, "articles", whole_pile)
        m.setattr(Store, "analyses", whole_pile)
        with open_store(str(out)) as store:
            report = pipeline.build(store, [str(p) for p in files], command="add")
    assert report.stored == len(files)
    return out


def test_add_of_a_new_topic_founds_a_story_and_equals_the_pinned_rebuild(built, monkeypatch):
    root, _, db = built
    (root / "quake").mkdir(exist_ok=True)
    # two articles: a word only one article of the pile uses does not weigh in story vectors (as in a full build)
    quakes = []
    for k, (town, hour) in enumerate((("Veska", "dawn"), ("Lumen", "noon"))):
        quakes.append(root / "quake" / f"quake{k}.txt")
        quakes[-1].write_text(
            f" date 2025-05-0{2 + k} Orla earthquake\n\nA magnitude 6.1 earthquake struck the Orla plateau at "
            f"{hour}, collapsing the old cathedral tower in {town}, the seismology bureau reported.\n\n"
            f"Geologist Tomas Brin said aftershocks shook the Orla plateau and {town} throughout the night, and "
            "seismology crews checked every cathedral and bridge.\n", encoding="utf-8")
    before = _document(db)
    out = _add(root, db, quakes, "quake", monkeypatch)
    after = _document(out)
    assert len(after["stories"]) == len(before["stories"]) + 1
    old_members = {s["id"]: s["article_ids"] for s in before["stories"]}
    for s in after["stories"]:
        if s["id"] in old_members:
            assert s["article_ids"] == old_members[s["id"]], "stored articles never move"
    assert _stable(after) == _stable(_pinned_rebuild(out))


def test_add_of_a_copy_joins_its_original_and_equals_the_pinned_rebuild(built, monkeypatch):
    root, pile, db = built
    (root / "copy").mkdir(exist_ok=True)
    original = pile[3]
    copy = root / "copy" / "copy.txt"
    copy.write_text(original.read_text(encoding="utf-8").replace("said", "stated") + "\nAll rights reserved.\n",
                    encoding="utf-8")
    before = {a["id"]: a["duplicate_of"] for a in _document(db)["articles"] if a["duplicate_of"]}
    out = _add(root, db, [copy], "copy", monkeypatch)
    after = _document(out)
    copies = {a["id"]: a["duplicate_of"] for a in after["articles"] if a["duplicate_of"]}
    assert len(copies) == len(before) + 1 and before.items() <= copies.items()
    (copy_id, original_id), = copies.items() - before.items()
    story_of = {aid: s["id"] for s in after["stories"] for aid in s["article_ids"]}
    assert story_of[copy_id] == story_of[original_id]
    assert _stable(after) == _stable(_pinned_rebuild(out))


def test_add_into_the_mine_story_equals_the_pinned_rebuild(stores, tmp_path_factory):
    _, added, full = stores
    assert _stable(added) == _stable(full)


def test_add_latency_helpers(built, tmp_path):
    from dateline.eval.add_latency import analysed_ids, fit_exponent, seeded_subset, subset_store

    points = [{"articles": n, "cpu_s": 0.01 * n ** 1.5} for n in (100, 200, 400, 1600)]
    assert fit_exponent(points) == 1.5
    ids = [f"a{i:03d}" for i in range(50)]
    pick = seeded_subset(ids, 10, seed=3)
    assert pick == seeded_subset(ids, 10, seed=3) and pick == sorted(pick) and len(set(pick)) == 10
    _, _, db = built
    stored = analysed_ids(db)
    keep = stored[:5]
    assert subset_store(db, tmp_path / "sub.db", keep) == 5
    assert analysed_ids(tmp_path / "sub.db") == keep
    with open_store(str(tmp_path / "sub.db")) as store:
        assert store.timeline_document() is None and store.story_index() is None


def test_warm_adds_time_each_add_in_one_loaded_process(built, tmp_path):
    """The warm measurement (`dateline watch`'s add) adds each article into a fresh copy of its store and reports
    what it added and the story it joined; the source store stays as it was."""
    from dateline.eval.add_latency import warm_adds

    root, _, db = built
    (tmp_path / "new").mkdir()
    new = _write_article(tmp_path / "new", "mine", 20, dt.date(2025, 3, 9), random.Random(7))
    before = db.read_bytes()
    results = warm_adds([(db, new), (db, new)], warmup=(db, new))
    assert db.read_bytes() == before
    assert [r["added"] for r in results] == [1, 1]
    for r in results:
        assert r["wall_s"] > 0 and r["cpu_s"] > 0 and r["story_articles"] >= 2
        assert set(r["stage_seconds"]) == {"ingest", "analyse", "timeline"}


def test_watch_adds_add_a_burst_one_after_another_into_one_store(built, tmp_path):
    """The steady-state watch measurement adds each article of a burst into the store the adds before it left
    (the story grows by one each time), times all but the first, and leaves the source store as it was."""
    from dateline.eval.add_latency import analysed_ids, burst, largest_stories, watch_adds

    root, _, db = built
    (tmp_path / "new").mkdir()
    rng = random.Random(11)
    news = [_write_article(tmp_path / "new", "mine", 20 + k, dt.date(2025, 3, 9 + k), rng) for k in range(3)]
    before = db.read_bytes()
    (results,) = watch_adds(db, [news])
    assert db.read_bytes() == before
    assert len(results) == 2
    for r in results:
        assert r["wall_s"] > 0 and r["cpu_s"] > 0
        assert set(r["stage_seconds"]) == {"ingest", "analyse", "timeline"}
    assert results[-1]["story_articles"] >= 4  # the story holds the burst's three articles and the stored ones
    ids = [f"a{i:02d}" for i in range(30)]
    run = burst(ids, 5, seed=1, avoid=["a03"])
    assert run == burst(ids, 5, seed=1, avoid=["a03"]) and len(run) == 5 and "a03" not in run
    assert [ids.index(a) for a in run] == list(range(ids.index(run[0]), ids.index(run[0]) + 5))
    story = ids[::2]
    run = burst(ids, 4, seed=2, within=story)
    assert set(run) <= set(story) and [story.index(a) for a in run] == list(range(story.index(run[0]),
                                                                                   story.index(run[0]) + 4))
    first, second = largest_stories(db, 2)
    assert len(first) >= len(second) > 0 and set(first + second) <= set(analysed_ids(db))


def test_handed_adds_time_the_cli_handing_each_article_to_a_running_watch(built, tmp_path):
    """The handed measurement runs a real `dateline watch` on a copy of the store and times `dateline add` in fresh
    processes that hand their file to it (it fails when an add was not handed); the watch is stopped afterwards
    and the source store is left as it was."""
    from dateline.eval.add_latency import handed_adds

    root, _, db = built
    (tmp_path / "new").mkdir()
    rng = random.Random(13)
    news = [_write_article(tmp_path / "new", "mine", 30 + k, dt.date(2025, 3, 12 + k), rng) for k in range(3)]
    before = db.read_bytes()
    (results,) = handed_adds(db, [news])
    assert db.read_bytes() == before
    assert len(results) == 2 and [r["added"] for r in results] == [1, 1]
    for r in results:
        assert r["wall_s"] > 0 and r["client_cpu_s"] > 0
        assert set(r["stage_seconds"]) == {"ingest", "analyse", "timeline"}
    assert results[-1]["story_articles"] >= 4
    assert not Path(str(db.with_name(db.stem + ".handed.db")) + ".watch.json").exists()  # the watch withdrew


def test_a_full_build_leaves_the_entity_units_for_the_first_add(built, monkeypatch):
    """The units a full build saves cover every analysed article, so the first `add` folds in only its new
    articles (making them from every row again was ~1 s at 5,000 articles)."""
    from dateline import canonical
    from dateline.store.db import ENTITY_UNITS_DOC

    _, _, db = built
    with open_store(str(db), readonly=True) as store:
        units = store.timeline_document(name=ENTITY_UNITS_DOC)
        assert units is not None and units["articles"] == len(store.analysed_ids())
        folded = []
        real = canonical.article_key_groups
        monkeypatch.setattr(canonical, "article_key_groups", lambda *a: folded.append(a) or real(*a))
        assert store.entity_units() == units  # up to date: nothing folded in again
        assert folded == []


@pytest.mark.parametrize("beside_from", [0, 10**9], ids=["side-process", "this-process"])
def test_cli_add_into_a_big_store_gives_the_same_document_with_its_side_process(built, tmp_path, monkeypatch,
                                                                                 beside_from):
    """`dateline add` into a store of `RESOLVE_BESIDE_MIN` articles or more runs the entity resolution and a big
    story's disagreement passes in a side process (started in the background while the model loads); the
    document is the one the plain add gives."""
    from typer.testing import CliRunner

    from dateline.cli import make_app

    monkeypatch.setattr(timeline, "_SPLIT_STORY", 2)  # the small test story runs as two halves
    monkeypatch.setattr(pipeline, "RESOLVE_BESIDE_MIN", beside_from)
    _, _, db = built
    (tmp_path / "new").mkdir()
    new = _write_article(tmp_path / "new", "mine", 30, dt.date(2025, 3, 12), random.Random(5))
    docs = []
    for name, threshold in (("plain", 10**9), ("tried", beside_from)):
        monkeypatch.setattr(pipeline, "RESOLVE_BESIDE_MIN", threshold)
        copy = tmp_path / f"{name}.db"
        shutil.copy(db, copy)
        result = CliRunner().invoke(make_app(), ["add", str(new), "--db", str(copy), "--quiet"])
        assert result.exit_code == 0, result.output
        docs.append(_stable(_document(copy)))
    assert docs[0] == docs[1]
