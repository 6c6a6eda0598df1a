"""The seed articles in shared/seeds/, read at test time (their text is not copied here)."""

from __future__ import annotations

import pytest

from marsad.paths import seeds_dir


def seed_texts() -> list[str]:
    """Every seed article's text; the calling test is skipped when shared/ is absent."""
    folder = seeds_dir()
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not paths:
        pytest.skip(f"no seed articles under {folder}")
    return [p.read_text(encoding="utf-8") for p in paths]
