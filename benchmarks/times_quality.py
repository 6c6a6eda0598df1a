"""Quality of time-expression values: Marsad's rules vs dateparser alone, per form.

    python benchmarks/times_quality.py            # prints JSON

The annotated set lives in ``benchmarks/data/times/``:

* ``snn.jsonl``: expressions in SaudiNewsNet articles (CC BY-NC-SA 4.0), stored
  as pointers (zip, url, character offsets, a short SHA-1 of the expression)
  plus the article's reference date (its publication date, read from the
  article) and the expected value, annotated by reading;
* ``wojood.jsonl``: DATE/TIME spans of the Wojood public sample (MIT), as
  pointers (file, sentence, token range); no date is known for these
  documents, so relative expressions must stay ``None``;
* ``constructed.jsonl``: forms the corpora lack (Levantine, Maghreb and Hijri
  dates, slash pairs, relative weekdays, Arabic-Indic digits), written by the
  Marsad authors; reported separately.

Corpus text is read at run time from ``marsad.paths.corpora_dir()`` and never
stored in the repository; rows whose corpus is absent are skipped (and counted
as ``skipped``).

Scoring: a row is right when the mention overlapping its span has exactly the
expected value.  A row whose expected value is ``None`` (an expression that
cannot be placed, e.g. a hedged count) is right when no overlapping mention
has a value: Marsad must not invent one.  dateparser is given the annotated
span itself (a generous setting: it does not have to find it), once raw and
once behind ``time_dateparser.normalise``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import zipfile
from collections import defaultdict
from functools import cache
from pathlib import Path

from marsad.analyze.time_dateparser import dateparser_value
from marsad.analyze.times import find_times
from marsad.paths import corpora_dir

DATA = Path(__file__).resolve().parent / "data" / "times"
FLOOR = 0.95  # pinned: exact value accuracy over the whole set


@cache
def _snn_zip(name: str) -> dict[str, str]:
    path = corpora_dir() / "saudinewsnet" / name
    with zipfile.ZipFile(path) as z:
        records = json.loads(z.read(z.namelist()[0]))
    out: dict[str, str] = {}
    for r in records:
        out.setdefault(r["url"], r["content"])
    return out


def snn_text(zip_name: str, url: str) -> str | None:
    """The content of one SaudiNewsNet article, or ``None`` when the corpus is absent."""
    try:
        return _snn_zip(zip_name).get(url)
    except (FileNotFoundError, KeyError, zipfile.BadZipFile):
        return None


@cache
def _wojood(file: str) -> list[list[str]]:
    path = corpora_dir() / "ner" / "wojood_sample" / f"{file}.txt"
    sents: list[list[str]] = []
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cur.append(line.split(" ")[0])
    if cur:
        sents.append(cur)
    return sents


def wojood_span(file: str, sent: int, ts: int, te: int) -> tuple[str, int, int] | None:
    """A Wojood sentence as text (tokens joined by spaces) and the span of tokens ts..te."""
    try:
        toks = _wojood(file)[sent]
    except (FileNotFoundError, IndexError):
        return None
    starts, pos = [], 0
    for t in toks:
        starts.append(pos)
        pos += len(t) + 1
    text = " ".join(toks)
    return text, starts[ts], starts[te - 1] + len(toks[te - 1])


def _sha(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()[:12]


def load_cases() -> tuple[list[dict], int]:
    """Every annotated row with its text and span resolved; and how many were skipped."""
    cases, skipped = [], 0
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if r["source"] == "constructed":
                text = r["text"]
                s = text.index(r["expr"])
                e = s + len(r["expr"])
            elif r["source"] == "saudinewsnet":
                text = snn_text(r["zip"], r["url"])
                s, e = r["start"], r["end"]
                if text is None or _sha(text[s:e]) != r["sha1"]:
                    skipped += 1
                    continue
            elif r["source"] == "wojood":
                got = wojood_span(r["file"], r["sent"], r["tok_start"], r["tok_end"])
                if got is None or _sha(got[0][got[1]:got[2]]) != r["sha1"]:
                    skipped += 1
                    continue
                text, s, e = got
            else:
                continue
            cases.append({**r, "text": text, "start": s, "end": e})
    return cases, skipped


def _ours(text: str, anchor: str | None, s: int, e: int, cache_: dict) -> str | bool | None:
    key = (id(text), anchor)
    if key not in cache_:
        cache_[key] = find_times(text, anchor)
    over = [m for m in cache_[key] if m.start < e and s < m.end]
    if not over:
        return False  # nothing found
    best = max(over, key=lambda m: min(e, m.end) - max(s, m.start))
    return best.value


def evaluate(cases: list[dict], with_dateparser: bool = True) -> dict:
    """Accuracy overall, per source kind, per form and per tag, side by side."""
    cache_: dict = {}
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses = []
    systems = ["marsad"] + (["dateparser", "dateparser_normalised"] if with_dateparser else [])
    for c in cases:
        gold = c["value"]
        got = _ours(c["text"], c["anchor"], c["start"], c["end"], cache_)
        ok = {"marsad": (got is False or got is None) if gold is None else got == gold}
        if with_dateparser:
            span = c["text"][c["start"]:c["end"]]
            for name, norm in (("dateparser", False), ("dateparser_normalised", True)):
                v = dateparser_value(span, c["anchor"], normalise_first=norm)
                ok[name] = v == gold
        kind = "constructed" if c["source"] == "constructed" else "real"
        groups = ["all", f"source:{kind}", f"form:{c['form']}"] + [f"tag:{t}" for t in c.get("tags", [])]
        for g in groups:
            for sname in systems:
                tally[g][sname][0] += int(ok[sname])
                tally[g][sname][1] += 1
        if not ok["marsad"]:
            misses.append({"id": c["id"], "expr": c["text"][c["start"]:c["end"]], "anchor": c["anchor"],
                           "gold": gold, "got": None if got is False else got,
                           "found": got is not False})
    out: dict = {}
    for g, by_sys in sorted(tally.items()):
        n = by_sys["marsad"][1]
        out[g] = {"n": n, **{s: round(v[0] / v[1], 4) for s, v in by_sys.items()}}
    return {"groups": out, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-dateparser", action="store_true", help="score Marsad only (faster)")
    ap.add_argument("--misses", action="store_true", help="list the rows Marsad gets wrong")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    cases, skipped = load_cases()
    res = evaluate(cases, with_dateparser=not args.no_dateparser)
    report = {
        "benchmark": "times_quality",
        "rows": len(cases),
        "skipped_no_corpus": skipped,
        "floor": FLOOR,
        "accuracy": res["groups"].get("all", {}).get("marsad"),
        "groups": res["groups"],
        "seconds": round(time.perf_counter() - t0, 2),
    }
    if args.misses:
        report["misses"] = res["misses"]
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
