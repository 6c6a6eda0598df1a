"""A progress line on a terminal, silence in pipes."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts items and, when writing to a terminal, shows count and rate."""

    def __init__(self, label: str, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.n = 0
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
        rate = self.n / max(now - self.t0, 1e-9)
        self.stream.write(f"\r{self.label}: {self.n} ({rate:,.0f}/s) {note[:50]:<50}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 90 + "\r")
            self.stream.flush()
