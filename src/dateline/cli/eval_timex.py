"""CLI commands: `dateline eval timex DIR [--write-tml OUT_DIR]` — TempEval-3 scores of the time-expression tagger."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the app (and to `dateline eval`)."""

    @eval_app.command("timex")
    def eval_timex(
        directory: Path = typer.Argument(..., help="Folder of TempEval-3 .tml files (searched recursively)."),
        write_tml: Path | None = typer.Option(None, "--write-tml", help="Write tagged copies of the .tml files here."),
        errors: int = typer.Option(0, "--errors", help="Also print this many error examples per kind."),
        json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ) -> None:
        """Score `extract.timex.tag` on TempEval-3 files: strict/relaxed extent P/R/F1, type accuracy, value F1."""
        import json

        from rich.console import Console
        from rich.table import Table

        from dateline.errors import DatelineError
        from dateline.eval.timex import evaluate, read_dir, write_tml as write_one
        from dateline.extract.timex import tag

        console = Console()
        try:
            docs = read_dir(directory)
        except DatelineError as err:
            console.print(f"[red]{err.code}[/red] {err}")
            raise typer.Exit(2) from err
        scores, mismatches, outputs = evaluate(docs, lambda text, dct: tag(text, dct))
        if write_tml is not None:
            for doc in docs:
                write_one(doc, outputs[str(doc.path)], write_tml, relative_to=directory)
        if json_out:
            typer.echo(json.dumps(scores.to_json(), indent=2))
        else:
            table = Table(title=f"TempEval-3 timex scores: {directory} ({scores.documents} docs)")
            for col in ("", "P", "R", "F1"):
                table.add_column(col)
            table.add_row("strict", f"{scores.strict_p:.4f}", f"{scores.strict_r:.4f}", f"{scores.strict_f1:.4f}")
            table.add_row("relaxed", f"{scores.relaxed_p:.4f}", f"{scores.relaxed_r:.4f}", f"{scores.relaxed_f1:.4f}")
            console.print(table)
            console.print(
                f"gold {scores.gold}  system {scores.system}  type accuracy {scores.type_accuracy:.4f}  "
                f"value accuracy {scores.value_accuracy:.4f}  type F1 {scores.type_f1:.4f}  "
                f"[bold]value F1 {scores.value_f1:.4f}[/bold]"
            )
        if errors:
            kinds = Counter(m.kind for m in mismatches)
            console.print(f"errors by kind: {dict(kinds)}")
            shown: Counter[str] = Counter()
            for mm in mismatches:
                if shown[mm.kind] >= errors:
                    continue
                shown[mm.kind] += 1
                g = f"{mm.gold.type}:{mm.gold.value}" if mm.gold else "-"
                s = f"{mm.system.type}:{mm.system.value}" if mm.system else "-"
                console.print(f"{mm.kind:8} {mm.doc:28} {mm.text!r:40} gold={g} sys={s}", markup=False)
