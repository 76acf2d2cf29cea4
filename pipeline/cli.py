"""The command line: a thin layer over the pipeline's Python API."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from pipeline.errors import PipelineError

DEFAULT_DB = "extracted/warehouse.duckdb"

app = typer.Typer(help="Turn Norwegian municipal annual reports into data you can query.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
console = Console()
err = Console(stderr=True, soft_wrap=True)  # an error stays one line, however narrow the terminal

DbOption = Annotated[str, typer.Option("--db", help="The DuckDB warehouse file.")]


def _fail(exc: PipelineError) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    raise typer.Exit(2)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Report files or folders (.txt, .pdf, .html, .md).")],
    db: DbOption = DEFAULT_DB,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Documents processed in parallel; for a "
                                      "single document, its scanned pages OCR'd in parallel.")] = 1,
) -> None:
    """Run the pipeline over reports and load them into the warehouse.

    Example: pipeline run raw/ --db extracted/warehouse.duckdb --jobs 2
    """
    from pipeline.batch import run_batch

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        docs_task = progress.add_task("documents", total=None)
        pages_task = progress.add_task("pages", total=None)

        def on_document(path, result, error):
            progress.advance(docs_task)
            if result is not None:
                progress.advance(pages_task, len(result.document.pages))
            else:
                progress.console.print(f"[red]failed:[/red] {error}", highlight=False)

        try:
            summary = run_batch(paths, db, jobs=jobs, on_document=on_document)
        except PipelineError as exc:
            _fail(exc)
    table = RichTable(title=f"Loaded into {db}")
    for column in ("documents", "pages", "tables", "facts", "validation issues", "failed", "seconds"):
        table.add_column(column, justify="right")
    table.add_row(str(summary.documents), str(summary.pages), str(summary.tables), str(summary.facts),
                  str(summary.issues), str(len(summary.failures)), f"{summary.seconds:.2f}")
    console.print(table)
    if summary.failures:
        raise typer.Exit(1)


def _print_rows(columns: list[str], rows: list[tuple], as_csv: bool, as_json: bool) -> None:
    if as_json:
        json.dump([dict(zip(columns, row)) for row in rows], sys.stdout, ensure_ascii=False, default=str, indent=1)
        sys.stdout.write("\n")
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = RichTable()
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)


CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV for scripts.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="The SQL query.")],
    db: DbOption = DEFAULT_DB,
    as_csv: CsvOption = False,
    as_json: JsonOption = False,
) -> None:
    """Run SQL against the warehouse, opened read-only.

    Example: pipeline sql "select key, period, value, unit from facts order by key"
    """
    import duckdb

    from pipeline.warehouse import connect_read_only

    try:
        con = connect_read_only(db)
    except PipelineError as exc:
        _fail(exc)
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall() if columns else []
    except duckdb.Error as exc:
        err.print(f"[red]error:[/red] {str(exc).splitlines()[0]}", highlight=False)
        raise typer.Exit(2)
    finally:
        con.close()
    _print_rows(columns, rows, as_csv, as_json)


@app.command()
def normalize(
    path: Annotated[Path, typer.Argument(help="A text file (OCR output).")],
    diff: Annotated[bool, typer.Option("--diff", help="Show only the changed tokens with line numbers.")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="For each changed or weighed token: the readings considered, their scores and why one won.")
    ] = False,
) -> None:
    """Print the restored text, one output line per input line.

    Example: pipeline normalize raw/000_254b6088d6d1ac92.txt --diff
    """
    from pipeline.errors import InputError
    from pipeline.ingest.text import DecodeError, decode, split_lines
    from pipeline.normalize import explain_lines, restore_lines

    try:
        if not path.is_file():
            raise InputError(str(path), "no such file")
        try:
            lines = split_lines(decode(path.read_bytes()))
        except DecodeError as exc:
            raise InputError(str(path), str(exc)) from exc
    except PipelineError as exc:
        _fail(exc)
    out = sys.stdout
    if explain:
        for decision in explain_lines(lines)[1]:
            out.write(decision.describe() + "\n")
        return
    restored = restore_lines(lines)
    if not diff:
        out.write("\n".join(restored))
        out.write("\n" if restored and restored[-1] else "")
        return
    for number, (before, after) in enumerate(zip(lines, restored), start=1):
        if before != after:
            changes = [f"{a} -> {b}" for a, b in zip(before.split(), after.split()) if a != b]
            out.write(f"{number}: {'; '.join(changes)}\n")


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


@app.command()
def lexicon() -> None:
    """Compile the normalizer's bokmål lexicon if the cache lacks it, and say where it is.

    The set-up script runs this once; otherwise the first `run` or `normalize` does it (a few seconds).
    """
    from pipeline.normalize.lexicon import WORD_LIST, load_lexicon

    if not WORD_LIST.is_file():
        err.print(f"[yellow]warning:[/yellow] no word list at {WORD_LIST} (Debian package wnorwegian); "
                  "the lexicon has wordfreq's forms only", highlight=False)
    lexicon = load_lexicon()
    print(f"{len(lexicon):,} word forms in {lexicon.path}")


@app.command("validate")
def validate_command(
    db: DbOption = DEFAULT_DB,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 if an issue of this severity or worse exists.")]
    = FailOn.never,
    show_issues: Annotated[bool, typer.Option("--issues", help="List every issue instead of the summary.")] = False,
    as_csv: CsvOption = False,
    as_json: JsonOption = False,
) -> None:
    """Summarize the validation issues in the warehouse per document and rule.

    Example: pipeline validate --db extracted/warehouse.duckdb --fail-on error
    """
    from pipeline.validate.report import fails, issue_rows, issue_summary, quarantined_rows
    from pipeline.warehouse import connect_read_only

    try:
        con = connect_read_only(db)
    except PipelineError as exc:
        _fail(exc)
    try:
        columns, summary = issue_summary(con)
        shown = issue_rows(con) if show_issues else (columns, summary)
        held = quarantined_rows(con)
    finally:
        con.close()
    _print_rows(*shown, as_csv, as_json)
    counts = {s: sum(row[-1] for row in summary if row[1] == s) for s in ("error", "warning")}
    err.print(f"{counts['error']} errors, {counts['warning']} warnings; rows in quarantine: "
              + (", ".join(f"{name} {n}" for name, n in held.items()) or "none"), highlight=False)
    if fails([row[1] for row in summary], fail_on.value):
        raise typer.Exit(1)


@app.command()
def regress(
    snapshots: Annotated[Path, typer.Option("--snapshots", help="Folder of approved tables, one CSV per table.")],
    db: DbOption = DEFAULT_DB,
    approve: Annotated[bool, typer.Option("--approve", help="Write the current tables as the new snapshots.")]
    = False,
) -> None:
    """Compare the warehouse's tables with approved snapshots cell by cell; exit 1 on any unapproved change.

    Example: pipeline regress --snapshots tests/snapshots --db extracted/warehouse.duckdb [--approve]
    """
    from pipeline.regress import describe
    from pipeline.regress import regress as compare

    try:
        changes, compared = compare(db, snapshots, approve=approve)
    except PipelineError as exc:
        _fail(exc)
    for line in describe(changes):
        sys.stdout.write(line + "\n")
    cells = sum(len(t.cells) for t in changes)
    if approve:
        err.print(f"approved {compared} tables into {snapshots} ({len(changes)} tables, {cells} cells changed)",
                  highlight=False)
    elif changes:
        err.print(f"[red]{len(changes)} tables differ from {snapshots} ({cells} cells)[/red]; "
                  "approve with --approve if intended", highlight=False)
        raise typer.Exit(1)
    else:
        err.print(f"{compared} tables match {snapshots}", highlight=False)
