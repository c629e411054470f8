"""CLI commands: eval_story — `dateline eval seeds|samples|dedupe|cluster|dating` (story stage benchmarks)."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import typer

DEFAULT_SHARED = Path("../shared")


def _print(result: dict) -> None:
    typer.echo(json.dumps(result, ensure_ascii=False))


def _t17(shared: Path) -> Path:
    path = shared / "bench" / "t17"
    if not path.is_dir():
        typer.echo(f"E001 {path}: T17 dev data not found", err=True)
        raise typer.Exit(2)
    return path


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the app (and to `dateline eval`)."""

    @eval_app.command("seeds")
    def seeds(seeds_dir: Path = typer.Argument(DEFAULT_SHARED / "seeds", help="folder with the seed articles"),
              exe: str = typer.Option("", help="dateline executable to score (default: this one)")) -> None:
        """Build the seed articles and score them with ../shared/tools/seed_score.py."""
        from dateline.eval.seeds import run_seed_score

        exe = exe or shutil.which("dateline") or str(Path(sys.executable).with_name("dateline"))
        result = run_seed_score(seeds_dir, dateline_exe=exe)
        _print(result)
        raise typer.Exit(0 if result.get("ok") else 1)

    @eval_app.command("samples")
    def samples(corpus: Path = typer.Argument(Path("samples/corpus"), help="the bundled sample corpus"),
                gold: Path = typer.Option(Path("samples/gold.json"), help="its gold file")) -> None:
        """Build the bundled sample corpus and score it against samples/gold.json (core events found, precision
        of the whole timeline and of its default `key` view, disagreements, copies, undated articles)."""
        from dateline.eval.samples import run_samples

        for path in (corpus, gold):
            if not path.exists():
                typer.echo(f"E001 {path}: not found", err=True)
                raise typer.Exit(2)
        _print(run_samples(corpus, gold))

    @eval_app.command("stories")
    def stories(root: Path = typer.Argument(Path("benchmarks/data/stories"),
                                            help="a folder of story folders, each with corpus/ and gold.json")) -> None:
        """Build and score every story folder (`eval samples` on each): per story, and pooled per split
        (dev / held_out, from split.json) — core events found, precision, disagreements, copies, undated
        articles, off-topic articles kept apart."""
        from dateline.eval.stories import run_stories, story_dirs

        if not root.is_dir() or not story_dirs(root):
            typer.echo(f"E001 {root}: no story folders (corpus/ + gold.json) found", err=True)
            raise typer.Exit(2)
        _print(run_stories(root))

    @eval_app.command("dedupe")
    def dedupe(shared: Path = typer.Option(DEFAULT_SHARED, help="the shared folder (bench/t17)"),
               seed: int = typer.Option(17), per_topic: int = typer.Option(40, help="originals per topic")) -> None:
        """Near-duplicate precision/recall on generated copies of T17 dev articles."""
        from dateline.eval.dedupe import evaluate

        _print(evaluate(_t17(shared), seed=seed, originals=per_topic, distractors=per_topic))

    @eval_app.command("cluster")
    def cluster(shared: Path = typer.Option(DEFAULT_SHARED, help="the shared folder (bench/t17)"),
                per_topic: int = typer.Option(0, help="sample this many articles per topic (0: all)"),
                seed: int = typer.Option(17)) -> None:
        """Story clustering B-cubed precision/recall/F1 on the mixed T17 dev topics."""
        from dateline.eval.cluster import evaluate

        _print(evaluate(_t17(shared), per_topic=per_topic or None, seed=seed))

    @eval_app.command("dating")
    def dating(shared: Path = typer.Option(DEFAULT_SHARED, help="the shared folder (bench/t17)"),
               max_hidden: int = typer.Option(0, help="hide at most this many articles per topic (0: a fifth)"),
               seed: int = typer.Option(17)) -> None:
        """Publication-date estimation for undated articles: coverage and median window width."""
        from dateline.eval.dating import evaluate

        _print(evaluate(_t17(shared), seed=seed, max_hidden_per_topic=max_hidden or None))
