"""The DuckDB warehouse: migrations from pipeline/schemas/*.sql and one transaction per document.

The single writer is `pipeline.warehouse.store.Warehouse`; read-only commands use
`connect_read_only` and never import the writer.
"""
from pipeline.warehouse.connection import connect_read_only, query

__all__ = ["connect_read_only", "query"]
