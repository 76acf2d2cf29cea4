"""Opening the warehouse file, with coded errors for a missing, busy or unreadable one.

Kept apart from the writer (store.py) so that `pipeline sql` and `pipeline validate` start without
it; `query` imports pandas only when it is called.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import codes
from pipeline.errors import WarehouseError
from pipeline.settings import DEFAULT_DB


def open_warehouse(db: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not Path(db).exists():
        raise WarehouseError(codes.WAREHOUSE_MISSING, db)
    try:
        return duckdb.connect(db, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseError(codes.WAREHOUSE_BUSY, db) from exc
        raise WarehouseError(codes.WAREHOUSE_UNREADABLE, db, detail=str(exc).splitlines()[0]) from exc


def connect_read_only(db: str) -> duckdb.DuckDBPyConnection:
    return open_warehouse(db, read_only=True)


def query(sql: str, db: str = DEFAULT_DB, params: list | None = None):
    """The rows of a query on the warehouse (opened read-only) as a pandas DataFrame, for notebooks:
    `query("select * from budget_lines where year = ?", params=[2023])`."""
    con = connect_read_only(db)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()
