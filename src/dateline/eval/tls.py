"""Timeline-summarisation scores as published on Timeline17: AR-1, AR-2 ("align+ m:1") and Date-F1.

The ROUGE numbers come from tilse (PyPI `tilse==0.2.1`, installed with --no-deps from requirements-eval.txt) and
its bundled ROUGE-1.5.5 Perl script with tilse's defaults (stemming, stopword removal), as the published numbers
do. tilse calls Perl once per (date, reference) pair; here the requests of one timeline are first recorded,
then scored in a single Perl run and replayed, which gives the same counts about fifteen times faster.

Averaging follows news-tls: precision and recall are averaged over timelines, F1 is computed from the averages.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from dateline.tls_data import GoldTimeline

MEASURES = ("rouge_1", "rouge_2")
_COUNT_LINE = re.compile(r"^\S+ (ROUGE-[12]) Eval (\d+)\.\S+ R:(\d+) P:(\d+) F:(\d+)\s*$")
_TREEBANK = None


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total

    def to_json(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class TimelineScore:
    topic: str
    timeline: str
    ar1: PRF
    ar2: PRF
    date: PRF

    def to_json(self) -> dict:
        return {
            "topic": self.topic,
            "timeline": self.timeline,
            "ar1": self.ar1.to_json(),
            "ar2": self.ar2.to_json(),
            "date": self.date.to_json(),
        }


def tokenise(sentence: str) -> str:
    """Penn-Treebank tokens separated by spaces, as the T17 gold is; idempotent enough on already tokenised text."""
    global _TREEBANK  # a stateless tokenizer object, built lazily because nltk imports slowly
    if _TREEBANK is None:
        from nltk.tokenize import TreebankWordTokenizer

        _TREEBANK = TreebankWordTokenizer()
    return " ".join(_TREEBANK.tokenize(sentence))


def _rouge_safe(sentence: str) -> str:
    # ROUGE-1.5.5 reads a sentence only up to the first '<' and one line per sentence.
    return " ".join(sentence.replace("<", "&lt;").replace(">", "&gt;").split())


def date_prf(predicted: Iterable[dt.date], gold: Iterable[dt.date]) -> PRF:
    predicted, gold = set(predicted), set(gold)
    shared = len(predicted & gold)
    return PRF(
        precision=shared / len(predicted) if predicted else 0.0,
        recall=shared / len(gold) if gold else 0.0,
    )


def average(scores: Sequence[TimelineScore], *, topic: str = "average") -> TimelineScore:
    """news-tls averaging: mean precision and mean recall over timelines, F1 from those means."""

    def mean(pick) -> PRF:
        return PRF(
            precision=sum(pick(s).precision for s in scores) / len(scores),
            recall=sum(pick(s).recall for s in scores) / len(scores),
        )

    return TimelineScore(
        topic=topic,
        timeline=f"{len(scores)} timelines",
        ar1=mean(lambda s: s.ar1),
        ar2=mean(lambda s: s.ar2),
        date=mean(lambda s: s.date),
    )


class _RecordingRouge:
    """Stands in for tilse's pyrouge.Rouge155: first records every request, then answers them from one Perl run."""

    def __init__(self) -> None:
        self.requests: list[tuple[tuple, tuple]] = []
        self.index: dict[tuple, int] = {}
        self.counts: list[dict[str, int]] | None = None

    @staticmethod
    def _key(summary, references) -> tuple:
        summary_key = tuple(" ".join(sent) for sent in summary)
        refs_key = tuple((name, tuple(" ".join(sent) for sent in ref)) for name, ref in sorted(references.items()))
        return summary_key, refs_key

    def score_summary(self, summary, references) -> dict[str, int]:
        key = self._key(summary, references)
        if self.counts is None:
            if key not in self.index:
                self.index[key] = len(self.requests)
                self.requests.append(key)
            return {f"{m}_{c}_count": 0 for m in MEASURES for c in "hpm"}
        return self.counts[self.index[key]]


def _rouge_home() -> Path:
    try:
        import pyrouge.base  # installed by tilse
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "TLS scoring needs tilse: pip install --no-deps -r requirements-eval.txt (and perl, libxml-parser-perl)"
        ) from err
    return Path(pyrouge.base.ROUGE_EVAL_HOME)


def _see_document(title: str, sentences: Sequence[str]) -> str:
    # The SEE format tilse writes; ROUGE reads the text between `id=N>` and the next '<'.
    body = "\n".join(
        f'<a name="{i}">[{i}]</a> <a href="#{i}" id={i}>{sent.replace("^", "&circ;")}</a>'
        for i, sent in enumerate(sentences, 1)
    )
    return f"<html>\n<head>\n<title>{title}</title>\n</head>\n<body>\n{body}\n</body>\n</html>"


def run_rouge_batch(requests: Sequence[tuple[tuple, tuple]]) -> list[dict[str, int]]:
    """Raw ROUGE-1/2 counts (h, p, m) for many (summary, references) requests in one ROUGE-1.5.5 run."""
    if not requests:
        return []
    home = _rouge_home()
    workdir = Path(tempfile.mkdtemp(prefix="dateline-rouge-"))
    try:
        evals = []
        for number, (summary, references) in enumerate(requests):
            peer_dir, model_dir = workdir / f"p{number}", workdir / f"m{number}"
            peer_dir.mkdir()
            model_dir.mkdir()
            (peer_dir / "A.html").write_text(_see_document("A", summary), encoding="utf-8")
            models = []
            for position, (name, sentences) in enumerate(references):
                (model_dir / f"{name}.html").write_text(_see_document(name, sentences), encoding="utf-8")
                models.append(f'<M ID="{chr(65 + position)}">{name}.html</M>')
            evals.append(
                f'<EVAL ID="{number}"><MODEL-ROOT>{model_dir}</MODEL-ROOT><PEER-ROOT>{peer_dir}</PEER-ROOT>'
                f'<INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT><PEERS><P ID="0">A.html</P></PEERS>'
                f"<MODELS>{''.join(models)}</MODELS></EVAL>"
            )
        settings = workdir / "settings.xml"
        settings.write_text('<ROUGE_EVAL version="1.55">\n' + "\n".join(evals) + "\n</ROUGE_EVAL>", encoding="utf-8")
        command = [
            "perl", str(home / "ROUGE-1.5.5.pl"), "-e", str(home / "data"),
            "-a", "-n", "2", "-x", "-f", "A", "-d", "-m", "-s", "-t", "2", str(settings),
        ]
        output = subprocess.run(command, check=True, capture_output=True, text=True, env={**os.environ}).stdout
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    counts: list[dict[str, int]] = [
        {f"{m}_{c}_count": 0 for m in MEASURES for c in "hpm"} for _ in requests
    ]
    seen = 0
    for line in output.splitlines():
        match = _COUNT_LINE.match(line)
        if match:
            measure = "rouge_1" if match.group(1) == "ROUGE-1" else "rouge_2"
            number = int(match.group(2))
            counts[number][f"{measure}_m_count"] = int(match.group(3))
            counts[number][f"{measure}_p_count"] = int(match.group(4))
            counts[number][f"{measure}_h_count"] = int(match.group(5))
            seen += 1
    if seen != 2 * len(requests):
        raise RuntimeError(f"ROUGE-1.5.5 answered {seen} of {2 * len(requests)} requests")
    return counts


def score_timeline(
    predicted: Mapping[dt.date, Sequence[str]],
    gold: GoldTimeline,
    *,
    topic: str = "",
    tokenise_predictions: bool = True,
) -> TimelineScore:
    """AR-1, AR-2 (tilse's align+ m:1 against this one gold timeline) and Date P/R for one predicted timeline."""
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    prepare = tokenise if tokenise_predictions else (lambda s: s)
    predicted_sentences = {
        date: [_rouge_safe(prepare(s)) for s in sentences] for date, sentences in predicted.items() if sentences
    }
    gold_sentences = {entry.date: [_rouge_safe(s) for s in entry.sentences] for entry in gold.entries}
    dates = date_prf(predicted_sentences, gold_sentences)
    if not predicted_sentences:
        zero = PRF(0.0, 0.0)
        return TimelineScore(topic=topic, timeline=gold.name, ar1=zero, ar2=zero, date=dates)

    prediction = TilseTimeline(predicted_sentences)
    reference = GroundTruth([TilseTimeline(gold_sentences)])
    evaluator = TimelineRougeEvaluator(measures=set(MEASURES), rouge_computation="reimpl")
    recorder = _RecordingRouge()
    evaluator.rouge = recorder
    evaluator.evaluate_align_date_content_costs_many_to_one(prediction, reference)
    recorder.counts = run_rouge_batch(recorder.requests)
    result = evaluator.evaluate_align_date_content_costs_many_to_one(prediction, reference)
    return TimelineScore(
        topic=topic,
        timeline=gold.name,
        ar1=PRF(result["rouge_1"]["precision"], result["rouge_1"]["recall"]),
        ar2=PRF(result["rouge_2"]["precision"], result["rouge_2"]["recall"]),
        date=dates,
    )


# Dev topics the method's defaults were tuned on; the others are reported as unseen.
TUNED_TOPICS = ("bpoil", "h1n1")


def score_predictions(predictions: Sequence[Mapping], golds: Mapping[tuple[str, str], GoldTimeline]) -> list[TimelineScore]:
    """Score prediction records ({topic, timeline, entries}) against the gold timelines they name."""
    scores = []
    for record in predictions:
        key = (record["topic"], record["timeline"])
        if key not in golds:
            raise KeyError(f"no gold timeline {key[1]!r} in topic {key[0]!r}")
        predicted = {dt.date.fromisoformat(e["date"]): list(e["sentences"]) for e in record["entries"]}
        scores.append(score_timeline(predicted, golds[key], topic=record["topic"]))
    return scores


def summarise_scores(scores: Sequence[TimelineScore], *, tuned: Sequence[str] = TUNED_TOPICS) -> dict:
    """Per-topic averages plus the averages over tuned topics, unseen topics and all timelines."""
    topics = sorted({s.topic for s in scores})
    per_topic = {t: average([s for s in scores if s.topic == t], topic=t) for t in topics}
    groups = {
        "tuned": [s for s in scores if s.topic in tuned],
        "unseen": [s for s in scores if s.topic not in tuned],
        "all": list(scores),
    }
    return {
        "topics_tuned_on": [t for t in topics if t in tuned],
        "topics_unseen": [t for t in topics if t not in tuned],
        "per_topic": {t: _flat(score) for t, score in per_topic.items()},
        "averages": {name: _flat(average(group, topic=name)) for name, group in groups.items() if group},
        "timelines": [_flat(s) for s in scores],
    }


def _flat(score: TimelineScore) -> dict:
    return {
        "topic": score.topic,
        "timeline": score.timeline,
        "ar1_f1": round(score.ar1.f1, 4),
        "ar2_f1": round(score.ar2.f1, 4),
        "date_f1": round(score.date.f1, 4),
        "ar1": score.ar1.to_json(),
        "ar2": score.ar2.to_json(),
        "date": score.date.to_json(),
    }


def anchor_predictions(topics: Sequence, *, kind: str, seed: int = 17) -> list[dict]:
    """Prediction records of the DESIGN.md sanity anchors, to check the scorer's wiring on the same timelines.

    kind: "gold-k" (gold dates, first K gold sentences), "gold-shifted" (every gold date + 1 day, all its
    sentences) or "random" (L random days in range, K sentences from another topic's articles).
    """
    import random

    from dateline.tls_data import task_for

    rng = random.Random(seed)
    records = []
    for number, topic in enumerate(topics):
        other = topics[(number + 1) % len(topics)]
        foreign = [line for a in other.articles[:400] for line in a.text.splitlines() if len(line.split()) > 5]
        for gold in topic.timelines:
            task = task_for(topic.name, gold)
            if kind == "gold-k":
                entries = [(e.date, list(e.sentences[: task.n_sentences])) for e in gold.entries]
            elif kind == "gold-shifted":
                entries = [(e.date + dt.timedelta(days=1), list(e.sentences)) for e in gold.entries]
            elif kind == "random":
                span = (task.end - task.start).days + 1
                days = sorted(rng.sample(range(span), min(task.n_dates, span)))
                entries = [
                    (task.start + dt.timedelta(days=d), rng.sample(foreign, min(task.n_sentences, len(foreign))))
                    for d in days
                ]
            else:
                raise ValueError(f"unknown anchor {kind!r}")
            records.append(
                {
                    "topic": topic.name,
                    "timeline": gold.name,
                    "entries": [{"date": d.isoformat(), "sentences": s} for d, s in entries],
                }
            )
    return records
