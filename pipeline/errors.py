"""The errors a user sees: each carries a code from the catalogue and reads as one clear line."""
from __future__ import annotations

from pipeline.codes import Code


class PipelineError(Exception):
    """Base class; `code` is what programs compare, str(error) the one line shown to the user."""

    def __init__(self, code: Code, subject: str | None = None, **details: object):
        self.code = code
        self.subject = subject  # the file, warehouse or setting the error is about
        self.details = details
        message = code.message(**details)
        super().__init__(f"{subject}: {message}" if subject else message)


class InputError(PipelineError):
    """An input file that cannot be read as a report."""

    @property
    def path(self) -> str | None:
        return self.subject


class WarehouseError(PipelineError):
    """The warehouse cannot be opened or written (missing, busy, unreadable)."""


class SettingsError(PipelineError, ValueError):
    """A setting with an unknown key or a value out of its range."""


class ClusterError(PipelineError):
    """The cluster engine cannot be used: Ray is not installed, or no cluster can be started or reached."""
