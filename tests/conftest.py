from __future__ import annotations

from pathlib import Path

import pytest

from marsad.clean import clean
from marsad.ingest.readers import read_path
from marsad.model import Article
from marsad.paths import seeds_dir


def clean_file(path: Path) -> list[Article]:
    docs = list(read_path(path))
    assert len(docs) == 1, docs
    return clean(docs[0])


@pytest.fixture(scope="session")
def seeds() -> dict[str, list[Article]]:
    """The five real seed pages, cleaned, keyed by their number ("000" … "004")."""
    folder = seeds_dir()
    if not folder.is_dir():
        pytest.skip(f"seeds not found at {folder} (set MARSAD_SHARED)")
    return {p.name[:3]: clean_file(p) for p in sorted(folder.glob("*.txt"))}
