"""analyze: a pure function Article -> Analysis.

No database, no network, no global mutable state (resources load lazily and
read-only): that is what lets it run in worker processes or on a Dask cluster
unchanged.  Time expressions are resolved against the article's publication
date, so a corrected date means re-running this function, nothing else.
"""

from __future__ import annotations

from dataclasses import replace

from marsad.analyze.entities import find_mentions
from marsad.analyze.events import find_events
from marsad.analyze.pubdate import infer_published
from marsad.analyze.quotes import find_quotes
from marsad.analyze.times import find_times
from marsad.model import Analysis, Article


def date_article(article: Article) -> Article:
    """The article with its publication date inferred from content when the page's
    metadata left it unknown (basis ``content`` or ``header``; never invented)."""
    if article.published.value is not None:
        return article
    found = infer_published(article.body, page_date=article.page_date)
    if found.value is None:
        return article
    page_date = None if found.basis == "header" else article.page_date
    return replace(article, published=found, page_date=page_date)


def analyze(article: Article) -> Analysis:
    """Everything the analyze stage finds in one article."""
    body = article.body
    mentions = find_mentions(body)
    times = find_times(body, article.published.value)
    return Analysis(
        article_id=article.id,
        mentions=mentions,
        times=times,
        quotes=find_quotes(body, mentions),
        events=find_events(body, mentions, times),
    )


__all__ = ["analyze", "date_article"]
