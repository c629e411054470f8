"""How fast the outputs render a large pile: static HTML, each export, and web pages (in-process client).

A synthetic document (fictional text, N articles, ~3 entries per article) stands in for a big build, so the
numbers measure the renderers, not the pipeline. Writes benchmarks/results/ui.json and prints the numbers.
Fails (exit 1) only on a large regression: static page over 20 s or a story page over 5 s for the default size.

    .venv/bin/python benchmarks/bench_ui.py [--articles 1000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
import warnings
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "ui.json"
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOP"]
WORDS = ("harbour council ferry inquiry minister vote dam river storm bridge rescue divers report court budget "
         "officials said police statement week island crew passengers families coast guard").split()


def synthetic_document(n_articles: int, *, seed: int = 7) -> dict:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    articles, entries, stories = [], [], []
    n_stories = max(1, n_articles // 100)
    for s in range(n_stories):
        stories.append({"id": f"story_{s}", "title": f"Synthetic story {s}", "article_ids": []})
    for i in range(n_articles):
        sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."
                     for _ in range(rng.randint(15, 30))]
        text = f"Headline {i}\n\n" + " ".join(sentences)
        day = (start + dt.timedelta(days=rng.randint(0, 200))).isoformat()
        art_id = f"a{i:06d}"
        story = stories[i % n_stories]
        story["article_ids"].append(art_id)
        articles.append({
            "id": art_id, "source_file": f"f{i}.txt", "url": None, "title": f"Headline {i}",
            "outlet": rng.choice(OUTLETS), "language": "en",
            "pub_date": {"value": day, "granularity": "day", "earliest": day, "latest": day, "estimated": False},
            "duplicate_of": None, "author": None, "pub_date_evidence": "synthetic", "spans": [], "text": text,
        })
        for k in range(3):
            pos = text.index(sentences[k * 3])
            sentence = sentences[k * 3]
            entries.append({
                "id": f"e{i:06d}_{k}", "story_id": story["id"],
                "date": {"value": day, "granularity": "day", "earliest": day, "latest": day, "estimated": False},
                "summary": sentence, "event_type": rng.choice(["statement", "accident", "decision"]),
                "entity_ids": [], "sources": [{"article_id": art_id, "sentence": sentence, "start": pos,
                                               "end": pos + len(sentence), "outlet": articles[-1]["outlet"]}],
                "independent_sources": 1, "flags": ["single_source"], "salience": 0.5,
            })
    return {"schema": "dateline/timeline@1", "generated_by": "bench_ui", "articles": articles, "stories": stories,
            "entities": [], "entries": entries, "disagreements": []}


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - t0, out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()

    from dateline import export
    from dateline.html import render_html
    from dateline.web.app import create_app

    doc = synthetic_document(args.articles)
    results: dict = {"articles": len(doc["articles"]), "entries": len(doc["entries"]), "seconds": {}, "bytes": {}}
    seconds, size = timed(render_html, doc)
    results["seconds"]["html"] = round(seconds, 3)
    results["bytes"]["html"] = len(size.encode())
    for fmt in export.FORMATS:
        seconds, text = timed(export.export_text, doc, fmt)
        results["seconds"][fmt] = round(seconds, 3)
        results["bytes"][fmt] = len(text.encode())

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

            client = TestClient(create_app(path), base_url="http://127.0.0.1")
            for name, url in (("web_home", "/"), ("web_story", f"/stories/{doc['stories'][0]['id']}"),
                              ("web_article", f"/articles/{doc['articles'][0]['id']}"),
                              ("web_search", "/search?q=ferry+inquiry")):
                client.get(url)  # warm
                seconds, response = timed(client.get, url)
                assert response.status_code == 200, (url, response.status_code)
                results["seconds"][name] = round(seconds, 3)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    if args.articles == 1000 and (results["seconds"]["html"] > 20 or results["seconds"]["web_story"] > 5):
        print("regression: rendering is far slower than measured before", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
