"""Progress of the seed and the bulk loader: bars on a terminal, log lines elsewhere.

On a terminal, rich draws a bar per step (rows done, rate, time left). Anywhere else (a
pipe, a file, a container's log collector) nothing is drawn: each step ends with one INFO
line, so stderr stays one JSON object per line.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

log = logging.getLogger("rightsgraph.progress")

Advance = Callable[[int], None]


class Reporter(Protocol):
    def step(self, name: str, total: int, done: int = 0) -> AbstractContextManager[Advance]: ...


class Silent:
    """No progress at all (tests, benchmarks)."""

    @contextmanager
    def step(self, name: str, total: int, done: int = 0) -> Iterator[Advance]:
        yield lambda count: None


class Logged:
    """One log line when a step ends: how much, how fast."""

    @contextmanager
    def step(self, name: str, total: int, done: int = 0) -> Iterator[Advance]:
        started, count = time.perf_counter(), 0

        def advance(by: int) -> None:
            nonlocal count
            count += by

        yield advance
        seconds = time.perf_counter() - started
        log.info(
            f"{name} done",
            extra={
                "step": name,
                "done": done + count,
                "total": total,
                "seconds": round(seconds, 1),
                "perSecond": round(count / seconds, 1) if seconds else None,
            },
        )


class Bars:
    """A bar per step, drawn on the terminal."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    @contextmanager
    def step(self, name: str, total: int, done: int = 0) -> Iterator[Advance]:
        task = self.progress.add_task(name, total=total, completed=done)
        yield lambda by: self.progress.advance(task, by)


@contextmanager
def progress_on(stream: TextIO | None = None) -> Iterator[Reporter]:
    """Bars when `stream` (stderr) is a terminal, log lines otherwise."""
    stream = stream or sys.stderr
    console = Console(file=stream)
    if not console.is_terminal:
        yield Logged()
        return
    columns = (
        TextColumn("{task.description:<14}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress, _logs_above_the_bars(stream):
        yield Bars(progress)


@contextmanager
def _logs_above_the_bars(stream: TextIO) -> Iterator[None]:
    """While bars are drawn, log lines meant for the terminal go through rich (which holds
    sys.stderr then), so that they print above the bars instead of through them."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.stream is stream
    ]
    for handler in handlers:
        handler.setStream(sys.stderr)
    try:
        yield
    finally:
        for handler in handlers:
            handler.setStream(stream)
