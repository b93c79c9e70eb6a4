"""A progress bar for long runs: on a terminal's standard error only, so it never mixes with a report on standard
output (json, sarif...) and never appears in a pipe, a file or CI logs."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30
EVERY = 0.2  # seconds between redraws


class Progress:
    def __init__(self, stream: TextIO, what: str = "documents") -> None:
        self.stream, self.what = stream, what
        self.started = self.last = time.monotonic()
        self.shown = False

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < EVERY:
            return
        if not self.shown and now - self.started < 1.0 and done < total:
            return  # a run that ends within a second needs no bar
        self.last, self.shown = now, True
        filled = WIDTH * done // max(total, 1)
        rate = done / max(now - self.started, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {self.what} "
                          f"({rate:.0f}/s)")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (WIDTH + 40) + "\r")
            self.stream.flush()
