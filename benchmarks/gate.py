"""The quality gate: measured scores must stay at or above their pinned floors.

Floors live in benchmarks/floors.json.  Raising a floor is a normal commit
(``--pin`` raises every floor to today's score); lowering one needs
``--lower METRIC --reason "…"``, which records the reason in the file.
A metric whose measurement is unavailable (its corpus missing) fails the gate
unless ``--allow-missing`` is given: a gate that silently measures nothing is
no gate.

    python benchmarks/gate.py            # check (CI)
    python benchmarks/gate.py --pin      # raise floors to current scores
    python benchmarks/gate.py --lower clean.seeds.ratio --to 0.9 --reason "…"
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors.json"


def run_json(cmd: list[str]) -> dict:
    out = subprocess.run([sys.executable, *cmd], cwd=HERE.parent, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout)


def dig(doc: dict, path: str) -> float | None:
    cur: object = doc
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur if isinstance(cur, int | float) else None


def measure(spec: dict) -> dict[str, float | None]:
    """Run each benchmark once and read every metric it backs."""
    cache: dict[str, dict] = {}
    values: dict[str, float | None] = {}
    for name, m in spec["metrics"].items():
        key = " ".join(m["cmd"])
        if key not in cache:
            try:
                cache[key] = run_json(m["cmd"])
            except (RuntimeError, json.JSONDecodeError) as exc:
                print(f"gate: {name}: {exc}", file=sys.stderr)
                cache[key] = {}
        values[name] = dig(cache[key], m["path"])
    return values


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pin", action="store_true")
    ap.add_argument("--lower")
    ap.add_argument("--to", type=float)
    ap.add_argument("--reason")
    ap.add_argument("--allow-missing", action="store_true")
    args = ap.parse_args()
    spec = json.loads(FLOORS.read_text(encoding="utf-8"))
    if args.lower:
        if not args.reason or args.to is None:
            print("lowering a floor needs --to VALUE and --reason TEXT", file=sys.stderr)
            return 2
        m = spec["metrics"][args.lower]
        spec.setdefault("lowered", []).append({"metric": args.lower, "from": m["floor"], "to": args.to,
                                               "reason": args.reason, "date": date.today().isoformat()})
        m["floor"] = args.to
        FLOORS.write_text(json.dumps(spec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return 0
    values = measure(spec)
    report, ok = {}, True
    for name, m in spec["metrics"].items():
        v = values[name]
        passed = v is not None and v >= m["floor"]
        if v is None and args.allow_missing:
            passed = True
        ok &= passed
        report[name] = {"value": v, "floor": m["floor"], "ok": passed}
        if args.pin and v is not None and v > m["floor"]:
            m["floor"] = v
    if args.pin:
        FLOORS.write_text(json.dumps(spec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"ok": ok, "metrics": report}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
