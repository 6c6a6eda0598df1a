"""store stage: SQLite (the embedded default) or PostgreSQL, chosen by ``open_store``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.store.postgres import PostgresStore
    from marsad.store.sqlite import Store

POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def is_postgres(target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` names a PostgreSQL database (a postgresql:// URL)."""
    return os.fspath(target).lower().startswith(POSTGRES_PREFIXES)


def open_store(target: str | os.PathLike[str]) -> Store | PostgresStore:
    """The store at ``target``: a ``postgresql://user@host/db`` URL opens a
    PostgresStore, anything else is the path of an SQLite store file."""
    if is_postgres(target):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(os.fspath(target))
    from marsad.store.sqlite import Store

    return Store(target)
