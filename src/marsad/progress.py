"""A progress line on a terminal, silence in pipes."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts items and, when writing to a terminal, shows count, rate and, when the
    size of the work is known, the share done and the time left.

    The work's size is given by whoever knows it, as plain attributes (so that any
    object with ``step`` and ``close`` serves as a progress): ``total``, the number of
    items to come, or ``fraction``, the share of the input done so far (ingest counts
    input bytes, since a file may hold any number of documents)."""

    def __init__(self, label: str, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.n = 0
        self.total: int | None = None
        self.fraction: float | None = None
        self.t0 = time.monotonic()
        self._last = 0.0

    def step(self, n: int = 1, note: str = "") -> None:
        self.n += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        self.stream.write(f"\r{self.line(now - self.t0)} {note[:40]:<40}")
        self.stream.flush()

    def line(self, elapsed: float) -> str:
        """``label: count[/total] (rate/s[, share, ETA m:ss])`` after ``elapsed`` seconds."""
        rate = self.n / max(elapsed, 1e-9)
        done = self.fraction if self.fraction is not None else (
            self.n / self.total if self.total else None)
        head = f"{self.label}: {self.n:,}" + (f"/{self.total:,}" if self.total else "")
        if done is None or not 0 < done < 1:
            return f"{head} ({rate:,.0f}/s)"
        left = round(elapsed * (1 - done) / done)
        return f"{head} ({rate:,.0f}/s, {done:.0%}, ETA {left // 60}:{left % 60:02d})"

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
