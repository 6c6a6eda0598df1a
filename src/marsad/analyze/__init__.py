"""analyze: a pure function Article -> Analysis.

No database, no network, no global mutable state: that is what lets it run in
worker processes or on a Dask cluster unchanged.
"""

from __future__ import annotations

from marsad.model import Analysis, Article


def analyze(article: Article) -> Analysis:
    """Everything the analyze stage finds in one article."""
    return Analysis(article_id=article.id)


__all__ = ["analyze"]
