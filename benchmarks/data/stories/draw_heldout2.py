"""Re-draw the seed articles of ``heldout2.tsv`` (see the README here); prints JSON lines.

    python benchmarks/data/stories/draw_heldout2.py > /tmp/seeds.jsonl

Each line is one seed in draw order (its index, crawl day, outlet, url and title, for reading);
nothing of the corpus is stored in the repository. The pool is every article of the crawl days
2015-08-06 to 2015-08-10 (the five crawl days the earlier story sets used least) with a title and
a url found in no file under ``benchmarks/data/`` as it stood at commit ``BASE`` (before this set
was added), taken in (crawl day, url) order; 150 seeds are drawn from it with ``SEED``. How each
seed was followed (or passed over) and how its story was gathered is in the README.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from marsad.paths import corpora_dir

SEED = 20151106
SEEDS = 150
BASE = "e6b5c0b"  # benchmarks/data before heldout2.tsv was added
DAYS = ("2015-08-06", "2015-08-07", "2015-08-08", "2015-08-09", "2015-08-10")
REPO = Path(__file__).resolve().parents[3]
URL = re.compile(r"https?://[^\s\"'\t<>]+")
ESCAPED_URL = re.compile(r"https?:\\?/\\?/[^\s\"\t]+")


def used_urls(commit: str = BASE) -> set[str]:
    """Every url written in a file under benchmarks/data at ``commit``."""
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", commit, "benchmarks/data"],
                           cwd=REPO, check=True, capture_output=True, text=True).stdout.split()
    out: set[str] = set()
    for name in names:
        blob = subprocess.run(["git", "show", f"{commit}:{name}"], cwd=REPO, check=True,
                              capture_output=True).stdout
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.update(URL.findall(text))
        out.update(u.replace("\\/", "/") for u in ESCAPED_URL.findall(text))
    return out


def pool() -> list[dict]:
    used = used_urls()
    out = []
    for day in DAYS:
        with zipfile.ZipFile(corpora_dir() / "saudinewsnet" / f"{day}.zip") as zf:
            for name in sorted(zf.namelist()):
                for rec in json.loads(zf.read(name)):
                    if not (rec.get("content") or "").strip() or not (rec.get("title") or "").strip():
                        continue
                    if rec["url"] in used:
                        continue
                    out.append({"day": day, "outlet": rec["source"], "url": rec["url"],
                                "title": rec["title"]})
    out.sort(key=lambda r: (r["day"], r["url"]))
    return out


def main() -> None:
    seeds = random.Random(SEED).sample(pool(), SEEDS)
    for i, r in enumerate(seeds):
        sys.stdout.write(json.dumps({"i": i, **r}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
