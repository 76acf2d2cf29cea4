"""Restoring Norwegian characters (æ, ø, å) and OCR letter confusions in OCR'd text."""
from pipeline.normalize.restore import restore_lines

__all__ = ["restore_lines"]
