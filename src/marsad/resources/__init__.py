"""Versioned data files shipped with the package (lexicons, gazetteers, models).

Each file is built or written by a script or note in this folder that states
its sources and licence; nothing here is downloaded at run time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """A JSON resource by its path relative to this package (cached, read-only)."""
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def read_text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def tsv_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a resource, comment lines (#) and blank lines left out."""
    return [line.split("\t") for line in read_text(name).splitlines()
            if line.strip() and not line.startswith("#")]
