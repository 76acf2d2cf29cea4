"""Regression tests on extracted tables: compare the warehouse's tables with approved snapshots."""
from __future__ import annotations

from pathlib import Path

from pipeline.regress.diff import TableChange, describe, diff_tables
from pipeline.regress.snapshots import current_tables, read_snapshots, write_snapshots
from pipeline.warehouse import connect_read_only

__all__ = ["TableChange", "describe", "regress"]


def regress(db: str, snapshots: Path, approve: bool = False) -> tuple[list[TableChange], int]:
    """The changes from the approved snapshots, and how many tables were compared.

    With approve, the snapshot folder is then rewritten to hold exactly the current tables.
    """
    con = connect_read_only(db)
    try:
        current = current_tables(con)
    finally:
        con.close()
    changes = diff_tables(read_snapshots(snapshots), current)
    if approve:
        write_snapshots(snapshots, current)
    return changes, len(current)
