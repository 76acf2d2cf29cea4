"""The DuckDB warehouse: migrations from pipeline/schemas/*.sql and one transaction per document.

The single writer is `pipeline.warehouse.store.Warehouse` (it loads pandas); read-only commands
use `connect_read_only` and start without it.
"""
from pipeline.warehouse.connection import connect_read_only, query

__all__ = ["connect_read_only", "query"]
