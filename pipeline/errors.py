"""The errors a user sees: each one is a single clear line naming the input and the reason."""


class PipelineError(Exception):
    """Base class; str(error) is the one line shown to the user."""


class InputError(PipelineError):
    """An input file that cannot be read as a report."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class WarehouseBusyError(PipelineError):
    def __init__(self, db: str):
        super().__init__(f"{db}: warehouse is busy (another pipeline run is writing to it); try again when it ends")
