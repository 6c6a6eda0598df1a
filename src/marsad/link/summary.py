"""Cited extractive summaries of a story.

Each summary sentence is a lead sentence taken verbatim from one of the
story's articles, and cites every article whose lead says the same thing, so
a reader can always click through.  Copies of the same wire are not counted
as separate sources, and a sentence that repeats one already chosen only adds
its citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marsad.arabic.clitics import index_terms
from marsad.arabic.sentences import iter_sentences

MAX_SENTENCES = 5
SAME = 0.5  # term overlap above which two lead sentences say the same thing


@dataclass(frozen=True)
class SummarySentence:
    text: str
    articles: tuple[str, ...]
    article: str  # where the text was taken from
    start: int  # its span in that article's body
    end: int


def lead_sentence(body: str) -> tuple[int, int] | None:
    """The first real sentence of the body (headings are too short to count)."""
    for s, e in iter_sentences(body):
        if len(body[s:e].split()) >= 8:
            return s, e
    return None


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def summarise(articles: Sequence[tuple[str, str]], copies: set[str] = frozenset()) -> list[SummarySentence]:
    """``articles``: (id, body) in the story's canonical order (earliest first)."""
    chosen: list[tuple[SummarySentence, set[str]]] = []
    for aid, body in articles:
        span = lead_sentence(body)
        if span is None:
            continue
        text = body[span[0]:span[1]].strip()
        terms = set(index_terms(text))
        for i, (sent, t) in enumerate(chosen):
            if _overlap(terms, t) >= SAME:
                if aid not in sent.articles:
                    chosen[i] = (SummarySentence(sent.text, (*sent.articles, aid), sent.article,
                                                 sent.start, sent.end), t)
                break
        else:
            if aid in copies or len(chosen) >= MAX_SENTENCES:
                continue
            chosen.append((SummarySentence(text, (aid,), aid, span[0], span[0] + len(text)), terms))
    return [s for s, _ in chosen]
