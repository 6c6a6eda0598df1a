"""Where shared, read-only material lives (seeds, corpora), found without hard-coding a machine."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """``$MARSAD_SHARED`` if set, else the ``shared/`` folder beside the repository."""
    env = os.environ.get("MARSAD_SHARED")
    if env:
        return Path(env)
    return REPO.parent / "shared"


def corpora_dir() -> Path:
    return shared_dir() / "corpora"


def seeds_dir() -> Path:
    return shared_dir() / "seeds"
