"""Draw candidate units for a fresh quote batch by the heldout2 rule (README, steps 1-4); prints JSON lines.

    python benchmarks/data/quotes/draw.py --seed 20261136 > /tmp/candidates.jsonl

Excluded: the sports outlets and every article that a file under ``benchmarks/data/`` points
into (any ``url`` of a JSON line, any http address in a TSV).  Each line is a pointer (zip,
url, start, end) plus the outlet and the unit's text *for reading*; nothing of the corpus is
stored in the repository.  The batch's units are the first N lines, in order.

``--unwritten`` draws by the dev14 rule instead (README): from each article its first
paragraph after the first whose cue has no written subject (a verb with و/ف followed by
أن/إن/بأن/a colon/a quotation mark, a participle after a comma, a rank pronoun such as سموه,
or the openers من جهته/بدوره); the text for reading then carries the article up to the unit.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from pathlib import Path

from marsad.paths import corpora_dir

DATA = Path(__file__).resolve().parents[1]
SPORTS = {"arreyadi", "arriyadiyah"}
CUES = Path(__file__).resolve().parents[3] / "src" / "marsad" / "resources" / "speech" / "cues.tsv"
_URL = re.compile(r"https?://[^\s\"\t]+")


def used_urls() -> set[str]:
    out = set()
    for f in sorted(DATA.rglob("*")):
        if f.is_file() and f.suffix in (".jsonl", ".tsv", ".json"):
            out.update(_URL.findall(f.read_text(encoding="utf-8")))
    return out


def cue_forms() -> set[str]:
    forms = set()
    for line in CUES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[1] in ("verb", "participle"):
            for f in cols[2].split():
                f = f.rstrip(":")
                forms.update((f, "و" + f, "ف" + f))
    return forms


def chunks(par: str) -> list[tuple[int, int]]:
    """A paragraph over 700 characters cut at sentence ends into chunks of >= 150 characters."""
    if len(par) <= 700:
        return [(0, len(par))]
    out, s = [], 0
    for m in re.finditer(r"[.!؟](?=\s|$)", par):
        if m.end() - s >= 150:
            out.append((s, m.end()))
            s = m.end()
            while s < len(par) and par[s] == " ":
                s += 1
    if s < len(par):
        out.append((s, len(par)))
    return out


def units(content: str, forms: set[str]) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for par in content.split("\n"):
        start = pos
        pos += len(par) + 1
        lead = len(par) - len(par.lstrip())
        p = par.strip()
        if len(p) < 30:
            continue
        for s, e in chunks(p):
            if any(w in forms for w in re.findall(r"\w+", p[s:e])):
                out.append((start + lead + s, start + lead + e))
                break
        if len(out) == 2:
            break
    return out


def unwritten_cue(forms_verb: set[str], forms_part: set[str]) -> re.Pattern:
    """A cue whose speaker is not written next to it (the dev14 rule)."""
    verbs = "|".join(sorted({f for f in forms_verb}, key=len, reverse=True))
    parts = "|".join(sorted(forms_part, key=len, reverse=True))
    return re.compile(
        rf"(?:^|[.،,:؛]\s*)[وف](?:{verbs})\s*(?:أن|إن|بأن|:|«|\")"
        rf"|[،,]\s*(?:{parts})(?:\s+(?:إلى|على|من|ب))?\s*(?:أن|إن|بأن|:|«|\")"
        r"|(?:سموه|معاليه|سعادته|فضيلته|سماحته|دولته|فخامته)"
        r"|(?:^|[.،]\s*)(?:من جهته|من جهتها|من جهتهم|بدوره|بدورها|بدورهم)\b")


def cue_forms_by_kind() -> tuple[set[str], set[str]]:
    verbs, parts = set(), set()
    for line in CUES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[1] in ("verb", "participle"):
            (verbs if cols[1] == "verb" else parts).update(f.rstrip(":") for f in cols[2].split())
    return verbs, parts


def unwritten_unit(content: str, pat: re.Pattern) -> tuple[int, int] | None:
    pos = 0
    first = True
    for par in content.split("\n"):
        start = pos
        pos += len(par) + 1
        lead = len(par) - len(par.lstrip())
        p = par.strip()
        if len(p) < 30:
            continue
        if first:
            first = False
            continue
        for s, e in chunks(p) if len(p) > 900 else [(0, len(p))]:
            if pat.search(p[s:e]):
                return start + lead + s, start + lead + e
    return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--unwritten", action="store_true", help="the dev14 rule (module docstring)")
    args = ap.parse_args()
    pat = unwritten_cue(*cue_forms_by_kind()) if args.unwritten else None
    root = corpora_dir() / "saudinewsnet"
    used = used_urls()
    forms = cue_forms()
    by_source: dict[str, list] = {}
    for z in sorted(p.name for p in root.glob("*.zip")):
        with zipfile.ZipFile(root / z) as fh:
            rows = json.loads(fh.read(fh.namelist()[0]))
        for r in rows:
            if r["source"] in SPORTS or r["url"] in used:
                continue
            by_source.setdefault(r["source"], []).append((z, r))
    rng = random.Random(args.seed)
    lists = []
    for src in sorted(by_source):
        arts = sorted(by_source[src], key=lambda x: (x[0], x[1]["url"]))
        rng.shuffle(arts)
        lists.append(arts)
    n = 0
    for i in range(max(len(x) for x in lists)):
        for arts in lists:
            if i >= len(arts):
                continue
            z, r = arts[i]
            if pat is not None:
                u = unwritten_unit(r["content"], pat)
                found = [u] if u else []
            else:
                found = units(r["content"], forms)
            for s, e in found:
                text = r["content"][:e] if pat is not None else r["content"][s:e]
                print(json.dumps({"zip": z, "url": r["url"], "start": s, "end": e, "source": r["source"],
                                  "text": text}, ensure_ascii=False))
                n += 1
                if n >= args.n:
                    return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
