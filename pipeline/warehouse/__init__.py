"""The DuckDB warehouse: migrations from pipeline/schemas/*.sql and one transaction per document."""
from pipeline.warehouse.store import Warehouse, connect_read_only

__all__ = ["Warehouse", "connect_read_only"]
