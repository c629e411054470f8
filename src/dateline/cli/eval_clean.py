"""CLI commands: `dateline eval cleaning --shared ../shared` — boilerplate removal and text-only pub-date numbers."""
from __future__ import annotations

from pathlib import Path

import typer

_FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "clean"


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the app (and to `dateline eval`)."""

    @eval_app.command("cleaning")
    def eval_cleaning(
        shared: Path = typer.Option(Path("../shared"), "--shared", help="The shared folder (reads bench/t17)."),
        per_topic: int = typer.Option(150, "--per-topic", min=1, help="T17 articles sampled per topic."),
        seed: int = typer.Option(17, "--seed", help="Seed of the sampling and of the injected boilerplate."),
        fixtures: Path | None = typer.Option(None, "--fixtures",
                                             help="Folder of hand-written HTML pages with .json expectations "
                                                  "(default: the repo's tests/fixtures/clean when present)."),
        json_out: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    ) -> None:
        """Precision/recall of removed lines and share of article lines kept, on T17 articles with injected
        boilerplate (tune vs held-out topics, lexicon vs non-lexicon languages); HTML fixtures; text-only pub dates."""
        import json

        from rich.console import Console
        from rich.table import Table

        from dateline.eval.cleaning import run_all

        console = Console()
        if not (shared / "bench" / "t17").is_dir():
            console.print(f"[red]E001[/red] {shared}: no bench/t17 folder (pass --shared)")
            raise typer.Exit(2)
        folder = fixtures if fixtures is not None else (_FIXTURES if _FIXTURES.is_dir() else None)
        result = run_all(shared, folder, per_topic=per_topic, seed=seed)
        if json_out:
            typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
            return
        t17 = result["t17_injected"]
        table = Table(title=f"{result['version']}: T17 + injected boilerplate ({t17['articles']} articles; "
                            f"held-out topics {', '.join(t17['held_out_topics'])})")
        for col in ("group", "P", "R", "F1", "article kept", "boilerplate", "article"):
            table.add_column(col, justify="left" if col == "group" else "right", no_wrap=col == "group")
        for name, g in t17["groups"].items():
            table.add_row(name, f"{g['removed_precision']:.4f}", f"{g['removed_recall']:.4f}",
                          f"{g['removed_f1']:.4f}", f"{g['article_lines_kept']:.4f}", str(g["boilerplate_lines"]),
                          str(g["article_lines"]))
        console.print(table)
        console.print(f"recall by position: {t17['recall_by_position']}")
        sites = result["t17_sites"]
        for mode in ("without_repeated_lines", "with_repeated_lines"):
            g = sites[mode]["all"]
            console.print(f"simulated sites ({sites['sites']} sites, {sites['pages']} pages), {mode}: "
                          f"P {g['removed_precision']} R {g['removed_recall']} kept {g['article_lines_kept']}")
        html = result.get("html_fixtures", {}).get("summary")
        if html:
            console.print(f"HTML fixtures ({html['pages']} pages): sentences kept {html['keep_rate']}, boilerplate "
                          f"gone after trafilatura {html['removed_by_trafilatura_alone']} → after clean "
                          f"{html['removed_after_clean']}")
        tev = result.get("tempeval3_clean_newswire")
        if tev:
            console.print(f"TempEval-3 newswire without boilerplate ({tev['documents']} docs, untuned): lines kept "
                          f"{tev['article_lines_kept']}")
        pub = result["pubdate_t17_text_only"]
        for group in ("tune_topics", "held_out_topics"):
            g = pub[group]
            console.print(f"pub date from text only, {group}: {g['articles']} articles; exact day {g.get('dated', 0)}"
                          f" (accuracy {g['dated_accuracy']}); estimated {g.get('estimated', 0)} (window holds the "
                          f"truth {g['estimated_coverage']}); none {g.get('none', 0)}")
