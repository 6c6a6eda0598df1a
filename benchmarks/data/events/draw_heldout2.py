"""Re-draw the candidate sentences of ``heldout2.jsonl`` (see the README here); prints JSON lines.

    python benchmarks/data/events/draw_heldout2.py > /tmp/candidates.jsonl

Each line points into SaudiNewsNet (zip, url, start, end, crawl date) and carries the outlet and the
sentence, for reading; nothing of the corpus is stored in the repository.  The 60 annotated
sentences are a subset of the 138 candidates, taken in this order (the others were passed over as
the README tells).
"""

from __future__ import annotations

import json
import random
import re
import sys
import zipfile
from pathlib import Path

from marsad.paths import corpora_dir

SEED = 20261123
PER_OUTLET = 10
CANDIDATES = 150
HERE = Path(__file__).resolve().parent
TIME = re.compile(
    r"أمس|اليوم|الليلة الماضية|الأسبوع الماضي|الشهر الماضي|العام الماضي|(?:يوم |)(?:الأحد|الاثنين|الإثنين"
    r"|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)|\d+ ?(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس"
    r"|اغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|شوال|رمضان)")
EVENT = re.compile(
    r"زار|زيارة|وصل إلى|جولة|اجتماع|اجتمع|التقى|لقاء|استقبل|قمة|مباحثات|محادثات|أدان|ندد|رحب|مؤتمر صحفي"
    r"|اتفاق|وقع|هدنة|عقوبات|غارة|غارات|قصف|اشتباك|معارك|سيطر|هجوم|تفجير|انفجار|انتحاري|اغتيال|انتخاب"
    r"|مظاهر|تظاهر|احتجاج|اعتصام|إضراب|حريق|زلزال|فيضان|سيول|تحطم|غرق|اصطدام|حادث|اتهم|دعوة|اعتقل"
    r"|اعتقال|القبض|احتجاز|تعيين|إعفاء|استقالة")


def sentences(c: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``c`` (split at . ! ؟ and newlines) of 40-400
    characters that hold a time word and an event word."""
    out = []
    for m in re.finditer(r"[^.!؟\n]+[.!؟]?", c):
        s, e = m.start(), m.end()
        while s < e and c[s] in " \t":
            s += 1
        t = c[s:e]
        if 40 <= len(t) <= 400 and TIME.search(t) and EVENT.search(t):
            out.append((s, e))
    return out


def main() -> int:
    root = corpora_dir() / "saudinewsnet"
    used = set()
    for folder in (HERE, HERE.parent / "quotes"):
        for f in sorted(folder.glob("*.jsonl")):
            if f == HERE / "heldout2.jsonl":
                continue
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    used.add(json.loads(line).get("url"))
    arts = []
    for z in sorted(p.name for p in root.glob("*.zip")):
        with zipfile.ZipFile(root / z) as fh:
            rows = json.loads(fh.read(fh.namelist()[0]))
        arts.extend((z, r) for r in rows)
    rng = random.Random(SEED)
    rng.shuffle(arts)
    per: dict[str, int] = {}
    n = 0
    for z, r in arts:
        if r["url"] in used:
            continue
        c = r["content"]
        cands = sentences(c)
        if not cands or per.get(r["source"], 0) >= PER_OUTLET:
            continue
        s, e = rng.choice(cands)
        per[r["source"]] = per.get(r["source"], 0) + 1
        print(json.dumps({"zip": z, "url": r["url"], "start": s, "end": e,
                          "anchor": r["date_extracted"][:10], "source": r["source"],
                          "text": c[s:e]}, ensure_ascii=False))
        n += 1
        if n >= CANDIDATES:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
