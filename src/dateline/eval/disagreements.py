"""Precision of the story stage's disagreements on real news, against a fixed file of hand judgements.

Each disagreement gets a stable id from its kind and the sentences it cites (article id and offset), so a judgement
made once keeps applying while the code that found it changes; a disagreement the file does not judge is reported
as unjudged, never guessed. The mechanism that found a disagreement is told apart from its kind, because two
mechanisms share the kind "denial" (a denial against a confirming sentence, and a denial against the other
outlet's earlier report) and two share "date_conflict".

Pure functions; the benchmark script (benchmarks/bench_disagreements.py) does the reading, caching and printing.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping, Sequence

from dateline.records import Article, Disagreement

MECHANISMS = ("claim_denial", "denial_vs_report", "negation_vs_report", "conflicting_numbers", "title_body_conflict",
              "date_conflict", "same_happening_date_conflict", "dated_statements_conflict")
VERDICTS = ("real", "false")


def mechanism(d: Disagreement) -> str:
    """Which detector found `d` (its description says so where two detectors share a kind)."""
    if d.kind == "denial" and "(reported by " in d.description:
        return "denial_vs_report"
    if d.kind == "denial" and d.description.startswith("Contradicted: "):
        return "negation_vs_report"
    if d.kind in ("denial", "disputed_claim"):
        return "claim_denial"
    if d.kind == "date_conflict":
        if d.description.startswith("Sources date one happening"):
            return "dated_statements_conflict"
        return "same_happening_date_conflict" if d.description.startswith("The same happening") else "date_conflict"
    return d.kind


def disagreement_id(d: Disagreement) -> str:
    """Stable across runs: the kind and the cited sentences (article id, start offset and, when a citation names
    one, its time expression: two date conflicts between the same sentences differ by it), order-free."""
    cites = sorted(f"{c.article_id}@{c.start}" + (f"#{c.time_expression}" if c.time_expression else "")
                   for c in d.citations)
    return hashlib.sha1("|".join([d.kind, *cites]).encode()).hexdigest()[:12]


def sample_articles(articles: Sequence[Article], *, n: int, seed: int) -> list[Article]:
    """A fixed random sample of `n` articles (all when fewer), in the input order."""
    if len(articles) <= n:
        return list(articles)
    keep = set(random.Random(seed).sample(range(len(articles)), n))
    return [a for i, a in enumerate(articles) if i in keep]


def record(d: Disagreement, *, topic: str, max_chars: int = 240) -> dict:
    """What a judge needs to see of one disagreement: its id, mechanism, description and cited sentences."""
    return {
        "id": disagreement_id(d), "topic": topic, "kind": d.kind, "mechanism": mechanism(d),
        "description": d.description[:max_chars],
        "citations": [{"article_id": c.article_id, "start": c.start, "sentence": c.sentence[:max_chars]}
                      for c in d.citations],
    }


def score(found: Iterable[Mapping], judgements: Mapping[str, Mapping]) -> dict:
    """Counts and precision per mechanism and per topic; ids without a judgement are listed as unjudged.

    `found`: records (see `record`); `judgements`: id → {"verdict": "real" | "false", ...}. Precision is over the
    judged ones only (None when none is judged).
    """
    per_mech: dict[str, dict] = {}
    per_topic: dict[str, dict[str, int]] = {}
    unjudged = []
    for r in found:
        m = per_mech.setdefault(r["mechanism"], {"found": 0, "judged": 0, "real": 0})
        m["found"] += 1
        t = per_topic.setdefault(r["topic"], {})
        t[r["mechanism"]] = t.get(r["mechanism"], 0) + 1
        j = judgements.get(r["id"])
        if j is None:
            unjudged.append({"id": r["id"], "topic": r["topic"], "mechanism": r["mechanism"]})
            continue
        m["judged"] += 1
        m["real"] += j["verdict"] == "real"
    for m in per_mech.values():
        m["precision"] = round(m["real"] / m["judged"], 3) if m["judged"] else None
    judged = sum(m["judged"] for m in per_mech.values())
    real = sum(m["real"] for m in per_mech.values())
    return {"per_mechanism": dict(sorted(per_mech.items())), "per_topic": dict(sorted(per_topic.items())),
            "overall": {"found": sum(m["found"] for m in per_mech.values()), "judged": judged, "real": real,
                        "precision": round(real / judged, 3) if judged else None},
            "unjudged": unjudged}


def judged_sample(ids: Sequence[str], *, k: int, seed: int) -> list[str]:
    """The ids to judge: all when at most `k`, else a fixed random `k` of them."""
    ids = sorted(ids)
    return ids if len(ids) <= k else sorted(random.Random(seed).sample(ids, k))
