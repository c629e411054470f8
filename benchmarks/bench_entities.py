"""NLP stage benchmark on a T17 dev sample: speed (sentences/s, articles/s per core) and a dump for hand judging.

    nice .venv/bin/python benchmarks/bench_entities.py                       # speed, writes results/entities.json
    nice .venv/bin/python benchmarks/bench_entities.py --dump /tmp/judge     # + entities/events to judge by hand
    nice .venv/bin/python benchmarks/bench_entities.py --judgments FILE      # + precision from hand judgments

The sample: `--per-topic` articles per T17 dev topic (seeded random choice, non-empty texts), analysed in one process
(one core) with `analyse_many`, the balanced cascade (the product's default) and, with `--compare`, the "fast"
cascade and no cascade (parser + NER on every sentence). Articles are built directly from the JSONL records (text as shipped, PTB-tokenised; pub date from
the record) so the numbers measure the NLP stage alone, not cleaning.

Hand judgments (JSON: {"entities": {entity_id: "ok"|"wrong"|"partial"}, "events": {"article#sentence#trigger":
"ok"|"wrong"|"partial"}}) stay outside the repo when they quote text; the results file keeps only counts. The
script fails (exit 1) only on a large speed regression against the committed result (under half).
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import sys
import time
from pathlib import Path

# Per-core numbers: keep any BLAS pool to one thread so process_time() is one core's time (on this box it made no
# measurable difference: 6.3 vs 6.4 articles/s on 40 articles).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DATELINE_SHARED", REPO.parent / "shared"))
RESULT = REPO / "benchmarks" / "results" / "entities.json"
TOPICS = ("bpoil", "finan", "h1n1", "haiti", "iraq")


def load_sample(per_topic: int, seed: int):
    from dateline.records import Article, DateWindow, PubDate

    rng = random.Random(seed)
    out = []
    for topic in TOPICS:
        path = SHARED / "bench" / "t17" / topic / "articles.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        rows = [r for r in rows if r["text"].strip()]
        for r in rng.sample(rows, min(per_topic, len(rows))):
            day = dt.date.fromisoformat(r["pub_date"])
            out.append(
                Article(
                    id=f"{topic}:{r['id']}", origin=r["id"], source_file=str(path), fmt="jsonl", raw=r["text"],
                    text=r["text"], title=None, url=None, outlet=r.get("source"), author=None, language="en",
                    language_score=None, pub_date=PubDate(DateWindow(r["pub_date"], "day", day, day), "t17 folder"),
                )
            )
    return out


def run(articles, resources):
    from dateline.analyse import analyse_many

    t0 = time.process_time()
    w0 = time.perf_counter()
    analyses = list(analyse_many(articles, resources))
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    n_sent = sum(len(a.sentences) for a in analyses)
    words = sum(len(a.text.split()) for a in articles)
    return analyses, {
        "articles": len(articles),
        "sentences": n_sent,
        "words": words,
        "cpu_seconds": round(cpu, 2),
        "wall_seconds": round(wall, 2),
        "articles_per_s_per_core": round(len(articles) / cpu, 2),
        "sentences_per_s_per_core": round(n_sent / cpu, 1),
        "words_per_s_per_core": round(words / cpu, 0),
        "words_per_article_median": sorted(len(a.text.split()) for a in articles)[len(articles) // 2],
        # T17 articles average about 900 words; the sample's mean is pulled up by a few very long pages.
        "articles_per_s_per_core_at_900_words": round(words / cpu / 900, 2),
    }


def dump(path: Path, articles, analyses, resolution, *, n_entities: int, n_events: int, seed: int) -> None:
    rng = random.Random(seed)
    path.mkdir(parents=True, exist_ok=True)
    ents = list(resolution.entities)
    sample_e = rng.sample(ents, min(n_entities, len(ents)))
    with open(path / "entities.txt", "w") as fh:
        for e in sample_e:
            roles = "; ".join(f"{r.role}@{r.as_of}" for r in e.roles[:4])
            fh.write(f"{e.id}\t{e.type}\t{e.name}\t{' | '.join(e.aliases[:12])}\t{roles}\t{e.mention_count}\n")
    with open(path / "entities_top.txt", "w") as fh:
        for e in ents[:30]:  # most mentioned first: where merging errors would matter most
            roles = "; ".join(f"{r.role}@{r.as_of}" for r in e.roles[:6])
            fh.write(f"{e.id}\t{e.type}\t{e.name}\t{' | '.join(e.aliases)}\t{roles}\t{e.mention_count}\n")
    by_id = {a.id: a for a in articles}
    # Events stratified by article (one per article per round): one long comment thread must not fill the sample.
    pools = [[(an.article_id, e) for e in an.events] for an in analyses if an.events]
    for pool in pools:
        rng.shuffle(pool)
    rng.shuffle(pools)
    sample_v = []
    while len(sample_v) < n_events and any(pools):
        for pool in pools:
            if pool and len(sample_v) < n_events:
                sample_v.append(pool.pop())
    with open(path / "events.txt", "w") as fh:
        for aid, e in sample_v:
            an = next(x for x in analyses if x.article_id == aid)
            sent = an.sentences[e.sentence].text
            key = f"{aid}#{e.sentence}#{e.trigger}"
            fh.write(
                f"{key}\n  S: {sent}\n  type={e.event_type} actor={e.actor!r} target={e.target!r} "
                f"loc={e.location!r} modality={e.modality} q={[q.text for q in e.quantities]} "
                f"timex={[an.timexes[i].text for i in e.timex]}\n"
            )
    del by_id


def precision(judgments: dict) -> dict:
    out = {}
    for kind in ("entities", "entities_top", "events"):
        verdicts = list(judgments.get(kind, {}).values())
        if not verdicts:
            continue
        ok = sum(v == "ok" for v in verdicts)
        partial = sum(v == "partial" for v in verdicts)
        out[kind] = {
            "judged": len(verdicts),
            "ok": ok,
            "partial": partial,
            "wrong": len(verdicts) - ok - partial,
            "precision_strict": round(ok / len(verdicts), 3),
            "precision_lenient": round((ok + partial) / len(verdicts), 3),
        }
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-topic", type=int, default=20)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--compare", action="store_true", help="also measure without the cascade")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--judgments", type=Path)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    if not (SHARED / "bench" / "t17").is_dir():
        print(f"T17 not found under {SHARED}; skipping")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    from dateline.canonical import resolve_entities
    from dateline.nlp import load_resources

    articles = load_sample(args.per_topic, args.seed)
    t = time.perf_counter()
    resources = load_resources()
    load_s = time.perf_counter() - t
    analyses, speed = run(articles, resources)
    resolution = resolve_entities(articles, analyses)
    result = {
        "benchmark": "entities",
        "sample": f"T17 dev, {args.per_topic} random non-empty articles per topic ({', '.join(TOPICS)}), seed {args.seed}",
        "components": list(resources.components),
        "model_load_seconds": round(load_s, 2),
        "cascade": speed,
        "counts": {
            "mentions": sum(len(a.mentions) for a in analyses),
            "events": sum(len(a.events) for a in analyses),
            "quotes": sum(len(a.quotes) for a in analyses),
            "roles": sum(len(a.roles) for a in analyses),
            "canonical_entities": len(resolution.entities),
        },
    }
    if args.dump:
        dump(args.dump, articles, analyses, resolution, n_entities=60, n_events=60, seed=args.seed)
        print(f"wrote {args.dump}/entities.txt and events.txt")
    if args.compare:
        from dataclasses import replace

        _, full = run(articles, replace(resources, cascade="off"))
        result["no_cascade"] = full
        fast_analyses, fast = run(articles, replace(resources, cascade="fast"))
        fast["events"] = sum(len(a.events) for a in fast_analyses)
        fast["mentions"] = sum(len(a.mentions) for a in fast_analyses)
        result["fast_cascade"] = fast
    previous = json.loads(RESULT.read_text()) if RESULT.exists() else {}
    if args.judgments:
        judged = json.loads(args.judgments.read_text())
        result["precision"] = precision(judged)
        result["judgments"] = judged  # ids and verdicts only, no article text
    else:
        for key in ("precision", "judgments"):
            if key in previous:
                result[key] = previous[key]
    for key in ("how_judged", "notes", "no_cascade", "fast_cascade", "typical_article"):
        if key in previous and key not in result:
            result[key] = previous[key]  # kept from the last run that measured it
    print(json.dumps(result, indent=1))
    regressed = False
    old = previous.get("cascade", {}).get("articles_per_s_per_core")
    if old and speed["articles_per_s_per_core"] < old / 2:
        print(f"REGRESSION: {speed['articles_per_s_per_core']} articles/s per core vs {old} committed")
        regressed = True
    if not args.no_write:
        RESULT.parent.mkdir(parents=True, exist_ok=True)
        RESULT.write_text(json.dumps(result, indent=1) + "\n")
    return 1 if regressed else 0


if __name__ == "__main__":
    raise SystemExit(main())
