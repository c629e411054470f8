"""Scoring a timeline document against a gold file in the seeds' conventions (samples/gold.json for the bundled
sample corpus).

The matching rules are those of ../shared/tools/seed_score.py: an entry matches a gold event when its date window
overlaps the gold window, is at most twice as wide (7 days always allowed), and its summary or cited sentences
contain one of the event's keywords. Articles are keyed by their origin relative to the corpus folder (records of
multi-article files keep their '#L<n>' / '#item<n>' suffix), which is how the gold file names them.

Besides the whole timeline, the default view (entries flagged `key`) is scored on its own: it should keep the core
events while dropping the noise.
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s[:10])


def _window(date_obj: Mapping | None) -> tuple[dt.date, dt.date] | None:
    if not date_obj or not date_obj.get("earliest") or not date_obj.get("latest"):
        return None
    return _d(date_obj["earliest"]), _d(date_obj["latest"])


def _text(entry: Mapping) -> str:
    return " ".join([entry.get("summary") or ""] + [s.get("sentence") or "" for s in entry.get("sources", [])]).lower()


def matches(entry: Mapping, event: Mapping) -> bool:
    w = _window(entry.get("date"))
    if w is None:
        return False
    g0, g1 = _d(event["window"][0]), _d(event["window"][1])
    if w[1] < g0 or w[0] > g1:
        return False
    if (w[1] - w[0]).days + 1 > max(2 * ((g1 - g0).days + 1), 7):
        return False
    t = _text(entry)
    return any(k.lower() in t for k in event["keywords"])


def origin_key(origin: str, corpus_dir: Path) -> str:
    """'…/samples/corpus/northline-wire.jsonl#L2' → 'northline-wire.jsonl#L2' (relative to the corpus folder)."""
    path, sep, frag = origin.partition("#")
    p = Path(path)
    for base in (Path(corpus_dir), Path(corpus_dir).resolve()):
        try:
            return p.relative_to(base).as_posix() + sep + frag
        except ValueError:
            continue
    try:
        return p.resolve().relative_to(Path(corpus_dir).resolve()).as_posix() + sep + frag
    except ValueError:
        return p.name + sep + frag


def _entries_score(entries: list, events: list) -> dict:
    core = [e for e in events if e["core"]]
    found = {ev["id"]: any(matches(en, ev) for en in entries) for ev in events}
    good = sum(1 for en in entries if any(matches(en, ev) for ev in events))
    return {"core_found": sum(1 for ev in core if found[ev["id"]]), "core_total": len(core),
            "core_missing": [ev["id"] for ev in core if not found[ev["id"]]],
            "optional_found": sum(1 for ev in events if not ev["core"] and found[ev["id"]]),
            "entries": len(entries), "precision": round(good / len(entries), 3) if entries else 0.0}


def score_document(doc: Mapping, gold: Mapping, *, key_of: Callable[[Mapping], str]) -> dict:
    """Core events found, precision, disagreements and copies found, pub dates of undated articles, citation and
    boilerplate checks, for the whole timeline and for its default view (`key` entries)."""
    art_key = {a["id"]: key_of(a) for a in doc.get("articles", [])}
    off_topic = set(gold.get("off_topic", ()))
    # entries resting only on a gold off-topic article belong to that article's own story: not this story's noise
    entries = [e for e in doc.get("entries", [])
               if not off_topic or not e.get("sources")
               or any(art_key.get(s.get("article_id")) not in off_topic for s in e["sources"])]
    events = gold["events"]
    out = _entries_score(entries, events)
    key = [e for e in entries if "key" in e.get("flags", ())]
    ks = _entries_score(key, events)
    out.update({"key_" + k: v for k, v in ks.items() if k != "core_total"})
    out["disagreements"] = len(doc.get("disagreements", []))
    out["disagreements_found"] = [
        g["id"] for g in gold.get("disagreements", [])
        if any(set(g["sources"]) <= {art_key.get(a) for a in x.get("article_ids", [])}
               for x in doc.get("disagreements", []))]
    out["disagreements_total"] = len(gold.get("disagreements", []))
    if "not_disagreements" in gold:
        # traps: two sources whose figures or dates differ for a good reason (a toll that grew, litres spilled vs
        # recovered, a range and a point inside it); reporting them as a disagreement is a false alarm
        out["false_alarms"] = [
            g.get("id") or i for i, g in enumerate(gold["not_disagreements"])
            if len(set(g["sources"])) > 1 and any(
                set(g["sources"]) <= {art_key.get(a) for a in x.get("article_ids", [])}
                for x in doc.get("disagreements", []))]
        out["traps_total"] = len(gold["not_disagreements"])
    dup_of = {art_key.get(a["id"]): art_key.get(a.get("duplicate_of")) for a in doc.get("articles", [])}
    out["duplicates_found"] = sum(1 for g in gold.get("duplicates", []) if dup_of.get(g["article"]) == g["duplicate_of"]
                                  or dup_of.get(g["duplicate_of"]) == g["article"])
    undated_ok, covered = {}, {}
    for name, info in gold.get("articles", {}).items():
        if info.get("pub_date") is None and info.get("acceptable_window"):
            a = next((a for a in doc.get("articles", []) if art_key.get(a["id"]) == name), None)
            w = _window(a.get("pub_date")) if a else None
            lo, hi = _d(info["acceptable_window"][0]), _d(info["acceptable_window"][1])
            undated_ok[name] = bool(w and lo <= w[0] and w[1] <= hi)
            # weaker: the estimated window at least contains the true day(s) (a wide window is honest, a narrow
            # wrong one misleads)
            t0, t1 = (_d(info["true_window"][0]), _d(info["true_window"][1])) if info.get("true_window") else (lo, hi)
            covered[name] = bool(w and w[0] <= t0 and t1 <= w[1]) if info.get("true_window") else bool(
                w and w[0] <= hi and lo <= w[1])
    out["undated_pub_dates_ok"] = undated_ok
    out["undated_covered"] = covered
    if gold.get("off_topic"):
        out["off_topic_separated"] = _off_topic_separated(doc, gold["off_topic"], art_key, doc.get("entries", []))
    texts = {a["id"]: a.get("text", "") for a in doc.get("articles", [])}
    out["bad_citations"] = sum(1 for en in entries for s in en.get("sources", [])
                               if texts.get(s["article_id"], "")[s["start"]:s["end"]] != s["sentence"])
    blob = json.dumps(entries, ensure_ascii=False)
    out["boilerplate_leaks"] = [b for b in gold.get("boilerplate_never_in_output", []) if b in blob]
    return out


def _off_topic_separated(doc: Mapping, off_topic: list, art_key: Mapping, entries: list) -> dict:
    """For each gold off-topic article: True when it is not in the story holding most of the pile's articles and no
    entry of that story cites it (an article about something else must not stretch or fill the story's timeline)."""
    stories = doc.get("stories", [])
    main = max(stories, key=lambda st: len(st.get("article_ids", ())), default=None)
    main_ids = set(main.get("article_ids", ())) if main else set()
    main_id = main.get("id") if main else None
    out = {}
    for name in off_topic:
        ids = {a for a, k in art_key.items() if k == name}
        cited = any(src.get("article_id") in ids for en in entries if en.get("story_id") == main_id
                    for src in en.get("sources", ()))
        out[name] = bool(ids) and not (ids & main_ids) and not cited
    return out


def build_document(corpus_dir: Path, *, db: Path | None = None) -> dict:
    """Build the corpus into a (temporary) store with the library pipeline and return its timeline document."""
    from dateline.pipeline import build
    from dateline.store import open_store

    with tempfile.TemporaryDirectory(prefix="dateline-samples-") as tmp:
        path = db or Path(tmp) / "samples.db"
        with open_store(path) as store:
            build(store, [str(corpus_dir)])
            return store.timeline_document() or {}


def run_samples(corpus_dir: Path, gold_path: Path) -> dict:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    doc = build_document(corpus_dir)
    return score_document(doc, gold, key_of=lambda a: origin_key(a.get("origin") or "", corpus_dir))
