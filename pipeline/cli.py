"""The command line: a thin layer over the pipeline's Python API."""
from __future__ import annotations

import csv
import json
import sys
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from rich.text import Text

from pipeline import codes
from pipeline.errors import PipelineError, SettingsError

from pipeline.settings import DEFAULT_DB

app = typer.Typer(help="Turn Norwegian municipal annual reports into data you can query.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
console = Console()
err = Console(stderr=True, soft_wrap=True)  # an error stays one line, however narrow the terminal

DbOption = Annotated[str, typer.Option("--db", help="The DuckDB warehouse file.")]


def _fail(exc: PipelineError) -> None:
    # the message as plain text: a path or an install hint such as '.[cluster]' is not markup
    err.print(Text.assemble(("error:", "red"), f" {exc}"), highlight=False)
    raise typer.Exit(2)


def _settings(overrides: list[str] | None, settings_file: Path | None):
    """Settings from --settings FILE, then --set KEY=VALUE options in order."""
    from pipeline.settings import DEFAULT

    settings = DEFAULT.with_file(settings_file) if settings_file else DEFAULT
    pairs = {}
    for item in overrides or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise SettingsError(codes.SETTING_INVALID, key=item, value="", reason="expected KEY=VALUE")
        pairs[key.strip()] = value.strip()
    return settings.with_overrides(pairs)


SetOption = Annotated[list[str] | None, typer.Option(
    "--set", metavar="KEY=VALUE", help="Change a setting, e.g. --set tables.max_gap_lines=10 (see `pipeline settings`).")]
SettingsFileOption = Annotated[Path | None, typer.Option(
    "--settings", help="A TOML file of settings ([tables] max_gap_lines = 10 ...).", dir_okay=False)]


class EngineName(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Report files or folders (.txt, .pdf, .html, .md).")],
    db: DbOption = DEFAULT_DB,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes; each reads one "
                                             "document at a time (default 1; with --engine ray, the "
                                             "CPUs of the local cluster, default all).")] = None,
    engine: Annotated[EngineName, typer.Option("--engine", help="local: worker processes on this machine; ray: "
                                               "tasks on a Ray cluster (needs the extra cluster; README, Running "
                                               "on a cluster).")] = EngineName.local,
    address: Annotated[str | None, typer.Option("--address", help="--engine ray: the cluster to run on "
                                                "(HOST:6379, or auto on one of its machines); without it a local "
                                                "cluster of --jobs CPUs is started.")] = None,
    results: Annotated[Path | None, typer.Option("--results", metavar="DIR", file_okay=False, help="--engine ray: "
                                                 "where workers leave large results as Parquet files for the "
                                                 "writer; every machine must reach it (default: results/ beside "
                                                 "the warehouse).")] = None,
    force: Annotated[bool, typer.Option("--force", help="--engine ray: process documents already in the "
                                        "warehouse again instead of skipping them.")] = False,
    ocr_jobs: Annotated[int | None, typer.Option("--ocr-jobs", min=1, help="Tesseract processes per document for "
                                                 "scanned pages (setting ingest.ocr_jobs).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first failure with its traceback "
                                         "(for debugging) instead of recording it and going on.")] = False,
    debug: Annotated[Path | None, typer.Option("--debug", metavar="DIR", file_okay=False, help="Write each "
                                               "document's intermediate decisions as JSON into DIR.")] = None,
    overrides: SetOption = None,
    settings_file: SettingsFileOption = None,
) -> None:
    """Run the pipeline over reports and load them into the warehouse.

    Every document ends `loaded`, `partial` (a stage or page failed; the rest is loaded) or
    `failed` (unreadable); `pipeline sql "select * from document_issues"` says why.
    Exit status 0 when every input loaded fully, 1 otherwise.

    Example: pipeline run raw/ --db extracted/warehouse.duckdb --jobs 2 --debug extracted/debug

    On a cluster: pipeline run /shared/reports --engine ray --address head:6379 --results /shared/results
    """
    from pipeline.batch import run_batch

    if engine is EngineName.local and (address or results or force):
        raise typer.BadParameter("--address, --results and --force go with --engine ray", param_hint="--engine")
    if address and jobs:
        raise typer.BadParameter("a cluster at --address has its own workers; --jobs sizes a local one",
                                 param_hint="--jobs")
    try:
        settings = _settings(overrides, settings_file)
        if ocr_jobs is not None:
            settings = settings.with_overrides({"ingest.ocr_jobs": ocr_jobs})
    except PipelineError as exc:
        _fail(exc)
    stack = ExitStack()
    cluster = None
    if engine is EngineName.ray:
        try:
            from pipeline.cluster import RayCluster  # Ray is imported only here

            cluster = stack.enter_context(RayCluster(address, jobs, results or Path(db).parent / "results"))
        except PipelineError as exc:
            _fail(exc)
        err.print(cluster.describe(), highlight=False)
    with stack, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                         console=err, transient=True) as progress:
        docs_task = progress.add_task("documents", total=None)
        pages_task = progress.add_task("pages", total=None)

        def on_document(path, result, error):
            progress.advance(docs_task)
            if result is not None:
                progress.advance(pages_task, len(result.document.pages))
                for issue in result.issues:
                    if codes.lookup(issue.code).family in (codes.Family.STAGE, codes.Family.INPUT,
                                                           codes.Family.CLUSTER):
                        where = f" (page {issue.page_no})" if issue.page_no else ""
                        progress.console.print(Text.assemble((f"{result.status}:", "red"),
                                                             f" {path}{where}: {issue.message} [{issue.code}]"))
            elif error is not None:
                progress.console.print(Text.assemble(("not read:", "red"), f" {error}"))

        try:
            summary = run_batch(paths, db, jobs=jobs or 1, settings=settings, on_document=on_document,
                                debug_dir=debug, strict=strict, engine=cluster, force=force)
        except PipelineError as exc:
            if strict:
                raise
            _fail(exc)
    counts = summary.statuses
    table = RichTable(title=f"Loaded into {db}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_column("detail")
    table.add_row("documents", str(summary.documents),
                  f"loaded {counts['loaded']}, partial {counts['partial']}, failed {counts['failed']}")
    table.add_row("not read", str(len(summary.not_read)), "paths that are no report")
    if cluster is not None:
        table.add_row("skipped", str(summary.skipped), "already in the warehouse (--force runs them again)")
    table.add_row("pages", str(summary.pages), "")
    table.add_row("tables", str(summary.tables), "")
    table.add_row("facts", str(summary.facts), "")
    table.add_row("issues", str(summary.errors + summary.warnings),
                  f"errors {summary.errors}, warnings {summary.warnings}")
    table.add_row("seconds", f"{summary.seconds:.2f}", "")
    console.print(table)
    if not summary.complete:
        raise typer.Exit(1)


@app.command("settings")
def settings_command(overrides: SetOption = None, settings_file: SettingsFileOption = None,
                     as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV for scripts.")] = False) -> None:
    """List every setting with its value and what it does.

    Example: pipeline settings --set tables.max_gap_lines=10
    """
    try:
        settings = _settings(overrides, settings_file)
    except PipelineError as exc:
        _fail(exc)
    _print_rows(["setting", "value", "what it does"], settings.describe(), as_csv, False)


@app.command("codes")
def codes_command(as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV for scripts.")] = False) -> None:
    """List the codes of failures, rules, repairs, flags and rejections with their messages.

    Example: pipeline codes --csv
    """
    rows = [(c.name, c.family.value, c.severity.value, c.template) for c in codes.CATALOGUE.values()]
    _print_rows(["code", "family", "severity", "message"], rows, as_csv, False)


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
    overrides: SetOption = None,
    settings_file: SettingsFileOption = None,
) -> None:
    """Print the restored text, one output line per input line.

    Example: pipeline normalize raw/000_254b6088d6d1ac92.txt --diff
    """
    from pipeline.errors import InputError
    from pipeline.ingest.text import decode, split_lines
    from pipeline.normalize import explain_lines, restore_lines

    try:
        settings = _settings(overrides, settings_file).normalize
        if not path.is_file():
            raise InputError(codes.INPUT_MISSING, str(path))
        lines = split_lines(decode(path.read_bytes(), str(path)))
    except PipelineError as exc:
        _fail(exc)
    out = sys.stdout
    if explain:
        for decision in explain_lines(lines, settings=settings)[1]:
            out.write(decision.describe() + "\n")
        return
    restored = restore_lines(lines, settings=settings)
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

    The set-up script runs this once; otherwise the first `run` or `normalize` does it (10–20 s).
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
