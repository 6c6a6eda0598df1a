"""Cleaning quality: every check a careful reader makes, on annotated pages.

Reads expectation files (the seeds' in benchmarks/data/clean/seeds.json, read
from shared/seeds; the sample corpus's in examples/expected/) and prints JSON:
checks passed per kind of check, overall, and each failure.

    python benchmarks/clean_quality.py [--failures]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from marsad.errors import InputError
from marsad.ingest.readers import read_path
from marsad.paths import REPO, seeds_dir
from marsad.pipeline import process

SCALARS = ("title", "outlet", "section", "credited_source", "page_date")


def articles_of(path: Path) -> list:
    out = []
    for doc in read_path(path):
        if isinstance(doc, InputError):
            continue
        try:
            out.extend(process(doc).articles)
        except InputError:
            continue
    return out


def check_article(exp: dict, got, siblings: list, add) -> None:
    paras = got.body.split("\n\n") if got else []
    for key in SCALARS:
        if key in exp:
            add(key, got is not None and getattr(got, key) == exp[key], f"{key}: {getattr(got, key, None)!r}")
    if "published" in exp:
        add("published", got is not None and got.published.value == exp["published"],
            f"published: {got.published if got else None}")
    if exp.get("published_basis") and exp.get("published"):
        add("published_basis", got is not None and got.published.basis == exp["published_basis"],
            f"basis: {got.published.basis if got else None}")
    if "parent" in exp:
        want = None if exp["parent"] is None else siblings[exp["parent"]].id if exp["parent"] < len(siblings) else "?"
        add("parent", got is not None and got.parent == want, f"parent: {got.parent if got else None}")
    for key, pick in (("body_first", 0), ("body_last", -1)):
        if key in exp:
            add("body_bounds", bool(paras) and paras[pick] == exp[key], f"{key}: {paras[pick][:60] if paras else None!r}")
        if key + "_prefix" in exp:
            add("body_bounds", bool(paras) and paras[pick].startswith(exp[key + "_prefix"]),
                f"{key}: {paras[pick][:60] if paras else None!r}")
    for h in exp.get("headings", []):
        add("headings", h in paras, f"heading missing: {h!r}")
    for s in exp.get("body_must_not_contain", []):
        add("furniture_gone", got is not None and s not in got.body, f"still in body: {s!r}")
    for r in exp.get("removed", []):
        ok = got is not None and any(x.kind == r["kind"] and r["contains"] in x.text for x in got.removed)
        add("removed_kind", ok, f"not removed as {r['kind']}: {r['contains']!r}")


def evaluate(cases: list[tuple[Path, dict]]) -> dict:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: list[str] = []
    for path, spec in cases:
        got = articles_of(path)

        def add(kind: str, ok: bool, why: str, _p: Path = path) -> None:
            tally[kind][1] += 1
            if ok:
                tally[kind][0] += 1
            else:
                failures.append(f"{_p.name}: {kind}: {why}")

        expected = spec["articles"]
        add("article_count", len(got) == len(expected), f"{len(got)} articles, expected {len(expected)}")
        for i, exp in enumerate(expected):
            check_article(exp, got[i] if i < len(got) else None, got, add)
    passed = sum(v[0] for v in tally.values())
    total = sum(v[1] for v in tally.values())
    return {
        "pages": len(cases),
        "checks": total,
        "passed": passed,
        "ratio": round(passed / total, 4) if total else None,
        "by_check": {k: round(v[0] / v[1], 4) for k, v in sorted(tally.items())},
        "failures": failures,
    }


def seed_cases() -> list[tuple[Path, dict]]:
    folder = seeds_dir()
    if not folder.is_dir():
        return []
    specs = json.loads((REPO / "benchmarks/data/clean/seeds.json").read_text(encoding="utf-8"))
    return [(folder / s["file"], s) for s in specs]


def example_cases() -> list[tuple[Path, dict]]:
    out = []
    for f in sorted((REPO / "examples/expected").rglob("*.json")):
        spec = json.loads(f.read_text(encoding="utf-8"))
        out.append((REPO / "examples" / spec["file"], spec))
    return out


def measure() -> dict:
    return {"seeds": evaluate(seed_cases()), "examples": evaluate(example_cases())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--failures", action="store_true", help="list every failed check")
    args = ap.parse_args()
    res = measure()
    if not args.failures:
        for part in res.values():
            part["failures"] = part["failures"][:10]
    json.dump(res, sys.stdout, ensure_ascii=False, indent=2)
    print()


if __name__ == "__main__":
    main()
