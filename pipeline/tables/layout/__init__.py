"""The layout route: tables from PDF geometry (words and rulings), page by page."""
from pipeline.tables.layout.words import page_grids

__all__ = ["page_grids"]
