"""The link stage at scale: a full link of 10k, 50k and 200k articles, then adding 1,000.

Issue #8's bar: link a store of 200,000 articles (SaudiNewsNet repeated with variation) in
under 10 minutes and under 4 GB; adding 1,000 articles to it then takes under 30 seconds.

The stores (built once, cached under benchmarks/out/, git-ignored):

1. Base: the first ``--base`` SaudiNewsNet articles (default 3,000: the corpus's first days,
   every outlet) written as one JSONL file and put through the real ``ingest`` (clean,
   analyse, index, embed); not linked.  Saved as ``link_base_B.db``.
2. Size N, at the SQL level (the analyze stage runs at about 25 articles/s here): a fresh
   store gets the base's ``raw`` and ``sources`` rows, then N articles with their analyses,
   article i being copy ``k = i // B`` of base article ``i % B`` (the base taken in canonical
   order, publication date then id, so a partial copy holds its first days).  Copy k of an
   article has a new id (``sha1("k:id")``, same length), its dates (``published``,
   ``page_date``, and every time value, anchor and event date in the analysis) moved
   ``28*k`` days later (the base spans three weeks, so copies' stories do not meet), and
   about 30% of its word types (Arabic words of 3+ letters) respelled: one letter of the
   word replaced by another, deterministically per (k, word), so the text keeps its length.
   The body and title are respelled word by word; every text in the analysis that is a
   slice of the body (mentions, times, quotes, speakers, event sentences, triggers and
   participants) is re-sliced from the respelled body at its offsets, other texts (cue,
   medium, place) respelled word by word, and name keys recomputed from the new texts.  So
   copies are not near-duplicates, and the vocabulary and the entity names grow with the
   store as they do over years of news.  Copy 0 is the base as analysed.  Not copied: the
   search index and meaning vectors (the link stage reads only ``articles`` and
   ``analyses``).  Saved as ``link_scale_v1_B_N.db`` (pristine, never linked).

Per size, each step in a fresh process, on a working copy of the pristine store:

* full: ``link(store, full=True)``: seconds and peak memory.  The link runs with its default
  worker processes (one per core, at most 4; they make story features and write stories up),
  so ``full_peak_rss_mb`` is the process's peak RSS plus its largest worker's (the worker's
  pages shared with the process at fork are counted twice: an overestimate), with both parts
  given apart;
* add: the next ``--add`` articles (articles N.., copies not yet in the store, the days
  after its last) inserted in one transaction that bumps the generation (as ingest does),
  then ``link(store)``, which must run incrementally; the saved link state's size and the
  time to load it are given apart (measured once before the insert), and the add's seconds
  are the insert plus the link (which loads the state again).

Prints one JSON record per size, then a summary: the bars, pass/fail, and the growth
(log-log slope of seconds and MB against articles, and the 200k projection from the two
largest sizes measured).  Timings are noisy on a shared machine: each record has the load
average before and after.

    python benchmarks/link_scale.py [--sizes 10000,50000,200000] [--add 1000] [--base 3000]
    python benchmarks/link_scale.py --sizes 50000 --profile      # cProfile of the full link
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

OUT = Path(__file__).resolve().parent / "out"
VARIATION = "v1"  # bump when the variation changes: cached stores are keyed by it
SHIFT_DAYS = 28
RESPELL_SHARE = 3  # in 10 word types per copy
BARS = {"full_200k_seconds": 600, "full_200k_peak_mb": 4096, "add_1000_seconds": 30}

_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]{3,}")
_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _workers_peak_mb() -> float:
    """The peak RSS of the largest child process (the link's workers, see marsad.linking)."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


# ---------------------------------------------------------------- base store (real pipeline)

def base_path(n: int) -> Path:
    return OUT / f"link_base_{n}.db"


def build_base(n: int, workers: int) -> Path:
    """The first ``n`` SaudiNewsNet articles through the real ingest (cached)."""
    from marsad.pipeline import ingest
    from marsad.store.sqlite import Store

    path = base_path(n)
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "saudinewsnet.jsonl"
        corpus.write_jsonl(jsonl, corpus.articles(n))
        building = path.with_suffix(".building")
        for p in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            p.unlink(missing_ok=True)
        with Store(building) as store:
            report = ingest(store, [str(jsonl)], workers=workers)
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    building.rename(path)
    log(f"base: {report.articles} articles analysed in {time.perf_counter() - t0:.0f} s")
    return path


# ---------------------------------------------------------------- variation

def shift_date(value: str | None, days: int) -> str | None:
    """A date value (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, A/B, or longer with a time)
    moved ``days`` later, at its own precision; anything else as it is."""
    if not value or not days or not isinstance(value, str):
        return value
    if "/" in value:
        return "/".join(shift_date(v, days) or "" for v in value.split("/", 1))
    w = _WEEK.match(value)
    if w:
        try:
            d = dt.date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1) + dt.timedelta(days=days)
        except ValueError:
            return value
        y, wk, _ = d.isocalendar()
        return f"{y}-W{wk:02d}"
    m = _DATE.match(value[:10])
    if not m:
        return value
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        first = dt.date(int(y), int(mo or 1), int(d or 1)) + dt.timedelta(days=days)
    except ValueError:
        return value
    head = first.isoformat()[:len(value[:10])] if d else (
        f"{first.year:04d}-{first.month:02d}" if mo else f"{first.year:04d}")
    return head + value[10:]


class _BaseArticle:
    __slots__ = ("analysis", "body_words", "row")

    def __init__(self, row: dict[str, Any], analysis: dict[str, Any]) -> None:
        self.row = row
        self.analysis = analysis
        self.body_words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(row["body"])]


class Variation:
    """Article ``i`` of a grown store: copy ``i // B`` of base article ``i % B``."""

    def __init__(self, base_db: Path) -> None:
        db = sqlite3.connect(f"file:{base_db}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT a.*, coalesce(n.data, '{}') AS analysis FROM articles a "
                          "LEFT JOIN analyses n ON n.article_id = a.id").fetchall()
        self.raw = db.execute("SELECT * FROM raw").fetchall()
        self.sources = db.execute("SELECT * FROM sources").fetchall()
        self.columns = [d[1] for d in db.execute("PRAGMA table_info(articles)")]
        db.close()
        rows.sort(key=lambda r: (not r["published"], (r["published"] or "")[:10], r["id"]))
        self.base = []
        for r in rows:
            d = dict(r)
            analysis = json.loads(d.pop("analysis"))
            self.base.append(_BaseArticle(d, analysis))
        self._k = -1
        self._map: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        from marsad.analyze.entities import mention_key

        self._mention_key = mention_key

    def __len__(self) -> int:
        return len(self.base)

    # -- words
    def _copy(self, k: int) -> None:
        if k != self._k:
            self._k, self._map, self._keys = k, {}, {}

    def word(self, w: str) -> str:
        v = self._map.get(w)
        if v is None:
            h = zlib.crc32(f"{self._k}:{w}".encode())
            if self._k == 0 or h % 10 >= RESPELL_SHARE:
                v = w
            else:
                i = (h >> 4) % len(w)
                c = _LETTERS[(h >> 12) % len(_LETTERS)]
                if c == w[i]:
                    c = _LETTERS[((h >> 12) + 1) % len(_LETTERS)]
                v = w[:i] + c + w[i + 1:]
            self._map[w] = v
        return v

    def text(self, s: str | None) -> str | None:
        if not s or self._k == 0:
            return s
        return _WORD.sub(lambda m: self.word(m.group(0)), s)

    def _body(self, b: _BaseArticle) -> str:
        body = b.row["body"]
        pieces, last = [], 0
        for s, e, w in b.body_words:
            v = self.word(w)
            if v != w:
                pieces.append(body[last:s])
                pieces.append(v)
                last = e
        pieces.append(body[last:])
        return "".join(pieces)

    def _key(self, text: str | None, old: str | None) -> str | None:
        if not text:
            return self.text(old)
        v = self._keys.get(text)
        if v is None:
            v = self._keys[text] = self._mention_key(text)
        return v

    # -- analysis
    def _slice(self, d: dict, field: str, s: str, e: str, body: str, new: str) -> None:
        val = d.get(field)
        if not isinstance(val, str):
            return
        a, b = d.get(s), d.get(e)
        if isinstance(a, int) and isinstance(b, int) and body[a:b] == val:
            d[field] = new[a:b]
        else:
            d[field] = self.text(val)

    def _analysis(self, src: dict, body: str, new: str, days: int) -> dict:
        out: dict[str, Any] = {}
        keymap: dict[str, str] = {}
        mentions = []
        for m in src.get("mentions", []):
            m = dict(m)
            self._slice(m, "text", "start", "end", body, new)
            old = m.get("key")
            m["key"] = self._key(m["text"], old)
            if old and old not in keymap:
                keymap[old] = m["key"]
            mentions.append(m)
        out["mentions"] = mentions
        times = []
        for t in src.get("times", []):
            t = dict(t)
            self._slice(t, "text", "start", "end", body, new)
            t["value"] = shift_date(t.get("value"), days)
            t["anchor"] = shift_date(t.get("anchor"), days)
            times.append(t)
        out["times"] = times
        quotes = []
        for q in src.get("quotes", []):
            q = dict(q)
            self._slice(q, "text", "start", "end", body, new)
            self._slice(q, "speaker_text", "speaker_start", "speaker_end", body, new)
            q["cue"] = self.text(q.get("cue"))
            q["medium"] = self.text(q.get("medium"))
            old = q.get("speaker_key")
            if old:
                q["speaker_key"] = keymap.get(old) or self._key(q.get("speaker_text"), old)
            quotes.append(q)
        out["quotes"] = quotes
        events = []
        for ev in src.get("events", []):
            ev = dict(ev)
            self._slice(ev, "text", "sentence_start", "sentence_end", body, new)
            self._slice(ev, "trigger", "start", "end", body, new)
            ev["place"] = self.text(ev.get("place"))
            ev["date"] = shift_date(ev.get("date"), days)
            parts = []
            for p in ev.get("participants", []):
                p = dict(p)
                self._slice(p, "text", "start", "end", body, new)
                parts.append(p)
            ev["participants"] = parts
            events.append(ev)
        out["events"] = events
        for key, val in src.items():  # fields this script does not know stay as they are
            out.setdefault(key, val)
        return out

    def article(self, i: int) -> tuple[tuple, str]:
        """(articles row in column order, analysis JSON) of article ``i``."""
        k, j = divmod(i, len(self.base))
        self._copy(k)
        b = self.base[j]
        r = dict(b.row)
        days = SHIFT_DAYS * k
        if k:
            r["id"] = hashlib.sha1(f"{k}:{b.row['id']}".encode()).hexdigest()[:len(b.row["id"])]
            if r.get("parent"):
                r["parent"] = hashlib.sha1(f"{k}:{r['parent']}".encode()).hexdigest()[:len(r["parent"])]
            r["body"] = self._body(b)
            r["title"] = self.text(r["title"])
            r["published"] = shift_date(r["published"], days)
            r["page_date"] = shift_date(r["page_date"], days)
            analysis = self._analysis(b.analysis, b.row["body"], r["body"], days)
        else:
            analysis = b.analysis
        return (tuple(r[c] for c in self.columns),
                json.dumps(analysis, ensure_ascii=False, sort_keys=True))

    def articles(self, start: int, stop: int) -> Iterator[tuple[tuple, str]]:
        for i in range(start, stop):
            yield self.article(i)


def insert_articles(db: sqlite3.Connection, var: Variation, start: int, stop: int) -> None:
    q = ",".join("?" * len(var.columns))
    batch: list[tuple[tuple, str]] = []

    def flush() -> None:
        db.executemany(f"INSERT INTO articles VALUES ({q})", [r for r, _ in batch])
        db.executemany("INSERT INTO analyses VALUES (?,?)", [(r[0], a) for r, a in batch])
        batch.clear()

    for row, analysis in var.articles(start, stop):
        batch.append((row, analysis))
        if len(batch) >= 2000:
            flush()
    flush()


def store_path(base: int, n: int) -> Path:
    return OUT / f"link_scale_{VARIATION}_{base}_{n}.db"


def build_store(var: Variation, base: int, n: int) -> Path:
    """A pristine (never linked) store of ``n`` articles (cached)."""
    from marsad.store.sqlite import Store

    path = store_path(base, n)
    if path.exists():
        return path
    t0 = time.perf_counter()
    building = path.with_suffix(".building")
    for p in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        p.unlink(missing_ok=True)
    Store(building).close()  # the schema, by the store's own migrations
    db = sqlite3.connect(building, isolation_level=None)
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("BEGIN")
    db.executemany(f"INSERT INTO raw VALUES ({','.join('?' * len(var.raw[0]))})", var.raw)
    db.executemany(f"INSERT INTO sources VALUES ({','.join('?' * len(var.sources[0]))})", var.sources)
    insert_articles(db, var, 0, n)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', '1')")
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    building.rename(path)
    log(f"store {n}: built in {time.perf_counter() - t0:.0f} s ({path.stat().st_size / 2**20:.0f} MB)")
    return path


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.link-state")):
        p.unlink(missing_ok=True)


# ---------------------------------------------------------------- the measured steps (own process)

def step_full(work: Path, profile: Path | None) -> dict:
    from marsad.linking import link
    from marsad.store.sqlite import Store

    store = Store(work)
    load0 = _load()
    c0 = _cpu()
    t0 = time.perf_counter()
    if profile is not None:
        import cProfile

        prof = cProfile.Profile()
        report = prof.runcall(link, store, full=True)
        prof.dump_stats(str(profile))
    else:
        report = link(store, full=True)
    seconds = time.perf_counter() - t0
    cpu = _cpu() - c0
    state = Path(f"{work}.link-state")
    workers = _workers_peak_mb()
    return {"full_seconds": round(seconds, 1), "full_cpu_seconds": round(cpu, 1),
            "full_peak_rss_mb": round(_peak_mb() + workers, 1), "full_process_peak_rss_mb": _peak_mb(),
            "full_worker_peak_rss_mb": workers,
            "full_report": report.as_dict(), "state_mb": round(state.stat().st_size / 2**20, 1),
            "full_load_avg": [load0, _load()], "profiled": profile is not None}


def step_add(work: Path, base_db: Path, n: int, add: int, profile: Path | None = None) -> dict:
    import gc

    from marsad.linking import _load_state, link
    from marsad.store.sqlite import Store

    var = Variation(base_db)
    store = Store(work)
    t0 = time.perf_counter()
    state = _load_state(store)
    state_load = time.perf_counter() - t0
    state_ok = state is not None
    del state
    gc.collect()
    rss_state = _peak_mb()
    load0 = _load()
    rows = list(var.articles(n, n + add))  # made before the clock (the analyze stage's output)
    t1 = time.perf_counter()
    c1 = _cpu()
    db = store.db
    db.execute("BEGIN IMMEDIATE")
    q = ",".join("?" * len(var.columns))
    db.executemany(f"INSERT INTO articles VALUES ({q})", [r for r, _ in rows])
    db.executemany("INSERT INTO analyses VALUES (?,?)", [(r[0], a) for r, a in rows])
    store._bump_generation()
    db.execute("COMMIT")
    t2 = time.perf_counter()
    if profile is not None:
        import cProfile

        prof = cProfile.Profile()
        report = prof.runcall(link, store)
        prof.dump_stats(str(profile))
    else:
        report = link(store)
    t3 = time.perf_counter()
    return {"add": add, "add_insert_seconds": round(t2 - t1, 2), "add_link_seconds": round(t3 - t2, 2),
            "add_seconds": round(t3 - t1, 2), "add_cpu_seconds": round(_cpu() - c1, 2),
            "add_report": report.as_dict(),
            "incremental": report.mode == "incremental",
            "state_load_seconds": round(state_load, 2), "state_loaded": state_ok,
            "state_after_add_mb": round(Path(f"{work}.link-state").stat().st_size / 2**20, 1),
            "add_peak_rss_mb": round(_peak_mb() + _workers_peak_mb(), 1), "add_worker_peak_rss_mb": _workers_peak_mb(),
            "rss_after_state_load_mb": rss_state,
            "add_load_avg": [load0, _load()]}


def _child(args: list[str], timeout: float) -> dict:
    try:
        proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"rc {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- growth and summary

def _slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(y) against log(n)."""
    pts = [(math.log(n), math.log(y)) for n, y in points if y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return round(sum((x - mx) * (y - my) for x, y in pts) / den, 3) if den else None


def _project(points: list[tuple[int, float]], n: int) -> float | None:
    """``y`` at ``n`` from the power law through the two largest sizes measured."""
    pts = sorted(p for p in points if p[1])
    if not pts:
        return None
    if pts[-1][0] == n:
        return pts[-1][1]
    if len(pts) < 2:
        return None
    (n1, y1), (n2, y2) = pts[-2], pts[-1]
    b = math.log(y2 / y1) / math.log(n2 / n1)
    return round(y2 * (n / n2) ** b, 1)


def summary(results: list[dict]) -> dict:
    ok = [r for r in results if "full_seconds" in r]
    t = [(r["articles"], r["full_seconds"]) for r in ok]
    m = [(r["articles"], r["full_peak_rss_mb"]) for r in ok]
    a = [(r["articles"], r["add_seconds"]) for r in ok if "add_seconds" in r]
    big = next((r for r in ok if r["articles"] == 200_000), None)
    proj = {"full_seconds": _project(t, 200_000), "full_peak_rss_mb": _project(m, 200_000),
            "add_seconds": _project(a, 200_000)}
    measured = big is not None and "add_seconds" in big
    verdict = {
        "full_200k_seconds": proj["full_seconds"] is not None and proj["full_seconds"] < BARS["full_200k_seconds"],
        "full_200k_peak_mb": proj["full_peak_rss_mb"] is not None
        and proj["full_peak_rss_mb"] < BARS["full_200k_peak_mb"],
        "add_1000_seconds": proj["add_seconds"] is not None and proj["add_seconds"] < BARS["add_1000_seconds"],
    }
    return {
        "bars": BARS,
        "200k": "measured" if measured else "projected (power law through the two largest sizes)",
        "at_200k": proj,
        "pass": verdict,
        "all_pass": all(verdict.values()),
        "growth_exponent": {"full_seconds": _slope(t), "full_peak_rss_mb": _slope(m), "add_seconds": _slope(a)},
        "ms_per_article": {r["articles"]: round(1000 * r["full_seconds"] / r["articles"], 2) for r in ok},
        "incremental_everywhere": all(r.get("incremental") for r in ok),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="10000,50000,200000")
    ap.add_argument("--add", type=int, default=1000)
    ap.add_argument("--base", type=int, default=3000, help="SaudiNewsNet articles analysed for real")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="for the base's ingest")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per measured step")
    ap.add_argument("--profile", action="store_true",
                    help="run the full links under cProfile (slower; stats in benchmarks/out/)")
    ap.add_argument("--keep", action="store_true", help="keep the linked working copies")
    ap.add_argument("--step", choices=("full", "add"), help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step == "full":
        print(json.dumps(step_full(Path(args.work), Path(args.profile_out) if args.profile_out else None)))
        return
    if args.step == "add":
        print(json.dumps(step_add(Path(args.work), base_path(args.base), args.n, args.add,
                                  Path(args.profile_out) if args.profile_out else None)))
        return
    if not corpus.available():
        print(json.dumps({"skipped": f"SaudiNewsNet not found at {corpus.saudinewsnet_dir()}"}))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    base_db = build_base(args.base, args.workers)
    var = None
    results = []
    for n in sizes:
        if not store_path(args.base, n).exists():
            var = var or Variation(base_db)
            build_store(var, args.base, n)
    del var
    for n in sizes:
        pristine = store_path(args.base, n)
        work = OUT / f"link_scale_{VARIATION}_{args.base}_{n}.work.db"
        _remove_db(work)
        shutil.copyfile(pristine, work)
        rec: dict[str, Any] = {"articles": n, "base": args.base, "copies": math.ceil(n / args.base),
                               "store_mb": round(pristine.stat().st_size / 2**20)}
        prof = OUT / f"link_scale_{n}.prof" if args.profile else None
        extra = ["--profile-out", str(prof)] if prof else []
        rec.update(_child(["--step", "full", "--work", str(work), *extra], args.timeout))
        if "full_seconds" in rec and args.add:
            extra = ["--profile-out", f"{prof}.add"] if prof else []
            rec.update(_child(["--step", "add", "--work", str(work), "--n", str(n), "--add", str(args.add),
                               "--base", str(args.base), *extra], args.timeout))
        if not args.keep:
            _remove_db(work)
        results.append(rec)
        print(json.dumps(rec), flush=True)
    print(json.dumps({"summary": summary(results), "cores": os.cpu_count(), "load_avg_end": _load()},
                     indent=2))


if __name__ == "__main__":
    main()
