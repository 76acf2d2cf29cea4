"""The text route: tables from the lines of OCR'd text."""
from pipeline.tables.text.regions import text_grids

__all__ = ["text_grids"]
