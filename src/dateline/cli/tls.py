"""CLI commands: `dateline tls predict` and `dateline eval tls` (timeline summarisation on the Timeline17 layout)."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from dateline.errors import DatelineError

err = Console(stderr=True)
out = Console()

DEFAULT_RESULTS = Path("benchmarks/results/tls.json")


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def _topic_dirs(root: Path) -> list[Path]:
    """A T17 folder: its topic subfolders; a folder that is itself a topic: just it."""
    if (root / "articles.jsonl.gz").is_file() or (root / "articles.jsonl").is_file():
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("articles.jsonl*")))


TIMEX_HELP = "Day-mention tagger: 'regex' (fast stand-in, the tuned default) or 'dateline' (extract.timex)."


def _predict(
    topic_dirs: list[Path], *, n_dates: int | None, n_sentences: int | None, timex: str = "regex"
) -> tuple[list, dict, dict]:
    from dateline.tls import TlsOptions, predict_topic
    from dateline.tls_data import read_topic

    records, golds, seconds = [], {}, {}
    for topic_dir in topic_dirs:
        started = time.perf_counter()
        topic = read_topic(topic_dir)
        records.extend(
            predict_topic(topic, options=TlsOptions(timex=timex), n_dates=n_dates, n_sentences=n_sentences)
        )
        seconds[topic.name] = round(time.perf_counter() - started, 2)
        golds.update({(topic.name, g.name): g for g in topic.timelines})
        err.print(f"{topic.name}: {len(topic.articles)} articles, {len(topic.timelines)} timelines, "
                  f"{seconds[topic.name]:.1f} s", highlight=False)
    return records, golds, seconds


def _check_timex(timex: str) -> str:
    if timex not in ("regex", "dateline"):
        raise _fail(f"--timex {timex!r}: expected 'regex' or 'dateline' (E041)")
    return timex


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the app (and to `dateline eval`)."""
    tls_app = typer.Typer(help="Timeline summarisation (TLS): L dates, K sentences per date.", no_args_is_help=True)

    @tls_app.command("predict")
    def predict(
        topic_dirs: List[Path] = typer.Argument(..., help="Topic folders in the Timeline17 layout (articles.jsonl.gz "
                                                          "[+ timelines.jsonl]), or a folder of such topics."),
        output: Path = typer.Option(..., "-o", "--output", help="JSONL file: one predicted timeline per line."),
        dates: Optional[int] = typer.Option(None, "--dates", help="L, dates per timeline (default: as many as "
                                                                    "the gold timeline, else a third of the days)."),
        sentences: Optional[int] = typer.Option(None, "--sentences", help="K, sentences per date (default: the "
                                                                            "gold's mean, else 2)."),
        timex: str = typer.Option("regex", "--timex", help=TIMEX_HELP),
    ) -> None:
        """Write one JSON line per gold timeline: {"topic", "timeline", "entries": [{"date", "sentences"}]}."""
        dirs: list[Path] = []
        for path in topic_dirs:
            if not path.is_dir():
                raise _fail(f"{path}: not a folder")
            dirs.extend(_topic_dirs(path))
        if not dirs:
            raise _fail("no topic folder with articles.jsonl(.gz) found")
        try:
            records, _, _ = _predict(dirs, n_dates=dates, n_sentences=sentences, timex=_check_timex(timex))
        except DatelineError as exc:
            raise _fail(str(exc))
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        err.print(f"wrote {len(records)} timelines to {output}", highlight=False)

    app.add_typer(tls_app, name="tls")

    @eval_app.command("tls")
    def eval_tls(
        t17_dir: Path = typer.Argument(..., help="Timeline17-layout folder (topic subfolders with timelines.jsonl)."),
        results: Path = typer.Option(DEFAULT_RESULTS, "--results", help="Where to write the JSON results."),
        topics: Optional[List[str]] = typer.Option(None, "--topic", help="Only these topics (repeatable)."),
        timex: str = typer.Option("regex", "--timex", help=TIMEX_HELP),
    ) -> None:
        """Predict every gold timeline and score it: AR-1, AR-2 (align+ m:1) and Date-F1, per topic and averaged."""
        from dateline.eval.tls import TUNED_TOPICS, score_predictions, summarise_scores
        from dateline.tls import VERSION

        if not t17_dir.is_dir():
            raise _fail(f"{t17_dir}: not a folder")
        dirs = [d for d in _topic_dirs(t17_dir) if (d / "timelines.jsonl").is_file()]
        if topics:
            dirs = [d for d in dirs if d.name in topics]
        if not dirs:
            raise _fail(f"{t17_dir}: no topic folder with timelines.jsonl")
        started = time.perf_counter()
        try:
            records, golds, seconds = _predict(dirs, n_dates=None, n_sentences=None, timex=_check_timex(timex))
        except DatelineError as exc:
            raise _fail(str(exc))
        predict_seconds = time.perf_counter() - started
        started = time.perf_counter()
        scores = score_predictions(records, golds)
        score_seconds = time.perf_counter() - started
        summary = summarise_scores(scores, tuned=TUNED_TOPICS)

        table = Table(title=f"TLS on {t17_dir} ({VERSION})")
        for column in ("topic", "timelines", "AR-1 F1", "AR-2 F1", "Date-F1"):
            table.add_column(column, justify="left" if column == "topic" else "right")
        for name, row in summary["per_topic"].items():
            marker = " (tuned)" if name in summary["topics_tuned_on"] else ""
            count = sum(1 for s in scores if s.topic == name)
            table.add_row(name + marker, str(count), f"{row['ar1_f1']:.3f}", f"{row['ar2_f1']:.3f}",
                          f"{row['date_f1']:.3f}")
        for name, row in summary["averages"].items():
            table.add_row(f"[bold]avg {name}[/]", row["timeline"].split()[0], f"{row['ar1_f1']:.3f}",
                          f"{row['ar2_f1']:.3f}", f"{row['date_f1']:.3f}")
        out.print(table)
        out.print(f"predict {predict_seconds:.1f} s, scoring {score_seconds:.1f} s", highlight=False)

        document = {
            "benchmark": "Timeline17 (dev part), news-tls protocol: L = gold dates, K = round(mean sentences/date), "
                         "articles within the gold range; AR = tilse align+ m:1 with ROUGE-1.5.5 (-m -s); "
                         "P and R averaged over timelines, then F1",
            "method": VERSION,
            "timex": timex,
            "data": str(t17_dir),
            **summary,
            "predict_seconds": {**seconds, "total": round(predict_seconds, 2)},
            "score_seconds": round(score_seconds, 2),
        }
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        err.print(f"results written to {results}", highlight=False)
