"""Restoring Norwegian characters (æ, ø, å) and OCR letter confusions in OCR'd text."""
from pipeline.normalize.restore import Reading, TokenDecision, explain_lines, restore_lines

__all__ = ["Reading", "TokenDecision", "explain_lines", "restore_lines"]
