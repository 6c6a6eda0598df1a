"""Re-draw the candidate sentences of ``heldout3.jsonl`` (see the README here); prints JSON lines.

    python benchmarks/data/events/draw_heldout3.py > /tmp/candidates3.jsonl

The rule of ``draw_heldout2.py`` (same time and event words, sentence split, 40-400 characters,
one sentence per article, at most 10 per outlet) with a new seed, and a wider exclusion: every
article whose url occurs anywhere under ``benchmarks/data/`` (any file, any folder: events, quotes,
stories, times, semantic, contradictions ...) and every article among the candidates of
``heldout2`` (read by its annotator, even when passed over) is skipped.  Each line points into
SaudiNewsNet (zip, url, start, end, crawl date) and carries the outlet and the sentence, for
reading; nothing of the corpus is stored in the repository.  The annotated sentences are a
subset of the candidates, taken in this order (the others were passed over as the README tells).
"""

from __future__ import annotations

import json
import random
import re
import sys
import zipfile
from pathlib import Path

from marsad.paths import corpora_dir

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import draw_heldout2  # noqa: E402
from draw_heldout2 import PER_OUTLET, sentences  # noqa: E402

SEED = 20261124
CANDIDATES = 150
URL = re.compile(r"https?://[^\s\"'\t<>]+")


# annotated from this draw or after it: not part of the exclusion the draw was made with
LATER = ("heldout3.jsonl", "dev4.jsonl")


def used_urls() -> set[str]:
    """Every url written in any file under benchmarks/data/ (except the files of `LATER`)."""
    used: set[str] = set()
    for f in sorted(HERE.parent.rglob("*")):
        if not f.is_file() or (f.parent == HERE and f.name in LATER):
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for u in URL.findall(text):
            used.add(u.rstrip(".,;:)]}"))
    return used


def draw(arts: list, seed: int, skip: set[str], limit: int) -> list[dict]:
    """The draw of draw_heldout2.py: shuffle, skip used urls, one random sentence per article."""
    arts = list(arts)
    rng = random.Random(seed)
    rng.shuffle(arts)
    per: dict[str, int] = {}
    out = []
    for z, r in arts:
        if r["url"] in skip:
            continue
        cands = sentences(r["content"])
        if not cands or per.get(r["source"], 0) >= PER_OUTLET:
            continue
        s, e = rng.choice(cands)
        per[r["source"]] = per.get(r["source"], 0) + 1
        out.append({"zip": z, "url": r["url"], "start": s, "end": e,
                    "anchor": r["date_extracted"][:10], "source": r["source"],
                    "text": r["content"][s:e]})
        if len(out) >= limit:
            break
    return out


def load_articles() -> list[tuple[str, dict]]:
    """(zip name, article) of every SaudiNewsNet article, zips in name order."""
    root = corpora_dir() / "saudinewsnet"
    arts = []
    for z in sorted(p.name for p in root.glob("*.zip")):
        with zipfile.ZipFile(root / z) as fh:
            rows = json.loads(fh.read(fh.namelist()[0]))
        arts.extend((z, r) for r in rows)
    return arts


def heldout2_urls(arts: list[tuple[str, dict]], later: tuple[str, ...]) -> set[str]:
    """The articles of heldout2's candidates, drawn as draw_heldout2.py draws them (its
    exclusion: the events and quotes files, less ``later``: the files annotated after it)."""
    used2 = set()
    for folder in (HERE, HERE.parent / "quotes"):
        for f in sorted(folder.glob("*.jsonl")):
            if f.name in ("heldout2.jsonl", *later):
                continue
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    used2.add(json.loads(line).get("url"))
    return {c["url"] for c in draw(arts, draw_heldout2.SEED, used2, 150)}


def main() -> int:
    arts = load_articles()
    used = used_urls() | heldout2_urls(arts, ("heldout3.jsonl",))
    for c in draw(arts, SEED, used, CANDIDATES):
        print(json.dumps(c, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
