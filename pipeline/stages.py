"""Failures of a stage, a page or a table, kept as coded issues so the rest of a document goes on.

`pipeline run --strict` sets STRICT: a failure then propagates with its traceback instead, for
debugging. Whatever a stage could not do on a document becomes an Issue and the stages that
succeeded still load.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import TypeVar

from pipeline import codes
from pipeline.models import Issue

STRICT: ContextVar[bool] = ContextVar("strict", default=False)
T = TypeVar("T")
R = TypeVar("R")


def coded(code: codes.Code, stage: str, page: int | None = None, /, **details: object) -> Issue:
    """The issue of a code, its message made from the details, the stage and the page."""
    return Issue(code=code.name, severity=code.severity, message=code.message(stage=stage, page=page, **details),
                 stage=stage, page_no=page)


def error_detail(error: BaseException) -> str:
    """An exception in one line for an issue's message: its type and the first line of its text."""
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0] if text else ''}"[:300]


def failure(stage: str, error: BaseException, page: int | None = None) -> Issue:
    """The coded issue for an exception being handled; under --strict the exception goes on."""
    if STRICT.get():
        raise error
    code = codes.STAGE_FAILED if page is None else codes.PAGE_FAILED
    return coded(code, stage, page, error=error_detail(error))


def each(stage: str, items: Iterable[T], work: Callable[[T], R],
         page_of: Callable[[T], int | None]) -> tuple[list[R], list[Issue]]:
    """`work` on every item; an item that raises leaves an issue naming its page, the others go on."""
    results, issues = [], []
    for item in items:
        try:
            results.append(work(item))
        except Exception as error:  # one page or table must not cost the document's others
            issues.append(failure(stage, error, page_of(item)))
    return results, issues
