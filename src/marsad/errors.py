"""Errors a user sees: each names the input and says why."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class for errors Marsad reports to users (never a bare traceback)."""


class InputError(MarsadError):
    """One input could not be read.  The batch goes on; the store is untouched."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason

    def __reduce__(self) -> tuple:
        # Picklable, so a worker process can hand a failure back to the writer.
        return (self.__class__, (self.name, self.reason))


class FetchRefused(InputError):
    """The safe fetcher refused a URL (private address, wrong type, too large…)."""


class QueryError(MarsadError):
    """A search query that cannot be run, with a message fit for the user."""
