"""The text route: tables from the lines of OCR'd text.

`lines.py` gives every line a role from its own features; `headers.py` recognises and names
column headers; `regions.py` finds tables as runs of roles and decides their columns; `rows.py`
assembles rows; `atoms.py` splits a line into its label and values and groups digits into cells.
"""
from pipeline.tables.text.regions import text_grids

__all__ = ["text_grids"]
