"""Publication dates inferred from content alone, on real articles whose date is known.

    python benchmarks/pubdate_quality.py          # prints JSON

``benchmarks/data/times/pubdate.json`` lists SaudiNewsNet articles (pointers:
zip, url, SHA-1 of the content) with their verified publication date and
whether a careful reader could infer it from the text alone:

* ``inferable``: the text states today's (or yesterday's, tomorrow's) weekday
  together with a full date ("اليوم الاثنين 25/10/1436هـ"), and that date agrees
  with the crawl time of the corpus;
* not inferable: the text has only relative expressions or yearless dates;
  the right answer there is ``None`` (never a guess).

Metadata is removed first: the crawl date is not passed, and agency datelines
("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس") are cut from the body
(``strip`` offsets).  Bars: accuracy on inferable >= 0.90; wrong-rate on the
others == 0.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from times_quality import snn_text

from marsad.analyze.pubdate import infer_published

DATA = Path(__file__).resolve().parent / "data" / "times" / "pubdate.json"
ACCURACY_FLOOR = 0.90
WRONG_CEILING = 0.0


def load_cases() -> tuple[list[dict], int]:
    """Rows with their (stripped) body; and how many were skipped for want of the corpus."""
    cases, skipped = [], 0
    for r in json.loads(DATA.read_text(encoding="utf-8")):
        text = snn_text(r["zip"], r["url"])
        if text is None or hashlib.sha1(text.encode()).hexdigest()[:12] != r["sha1"]:
            skipped += 1
            continue
        if r["strip"]:
            s, e = r["strip"]
            text = text[:s] + text[e:]
        cases.append({**r, "body": text})
    return cases, skipped


def evaluate(cases: list[dict]) -> dict:
    inf = [c for c in cases if c["inferable"]]
    non = [c for c in cases if not c["inferable"]]
    details = []
    right = wrong_inf = wrong_non = 0
    for c in cases:
        got = infer_published(c["body"])
        ok = got.value == c["expected"]
        if c["inferable"]:
            right += ok
            wrong_inf += got.value is not None and not ok
        else:
            wrong_non += got.value is not None
        if not ok:
            details.append({"id": c["id"], "expected": c["expected"], "got": got.value, "basis": got.basis})
    return {
        "inferable": len(inf),
        "accuracy_inferable": round(right / len(inf), 4) if inf else None,
        "wrong_inferable": wrong_inf,
        "not_inferable": len(non),
        "wrong_rate_not_inferable": round(wrong_non / len(non), 4) if non else None,
        "misses": details,
    }


def main() -> int:
    t0 = time.perf_counter()
    cases, skipped = load_cases()
    res = evaluate(cases)
    report = {"benchmark": "pubdate_quality", "articles": len(cases), "skipped_no_corpus": skipped,
              "floors": {"accuracy_inferable": ACCURACY_FLOOR, "wrong_rate_not_inferable": WRONG_CEILING},
              **res, "seconds": round(time.perf_counter() - t0, 2)}
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
