"""The Dask path (marsad.scale) gives the store single-machine ingest gives."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("dask.distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from click.testing import CliRunner  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402

from marsad.cli import main  # noqa: E402
from marsad.export import write_json  # noqa: E402
from marsad.paths import REPO  # noqa: E402
from marsad.pipeline import ingest, link  # noqa: E402
from marsad.scale import load, plan, run_job  # noqa: E402
from marsad.store.sqlite import Store  # noqa: E402

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def client():
    """One in-process worker: starts in well under a second."""
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as lc, \
            Client(lc) as c:
        yield c


def exported(store: Store) -> str:
    link(store)
    buf = io.StringIO()
    write_json(store, buf)
    return buf.getvalue()


def single_machine(db: Path, inputs: list[str]) -> Store:
    store = Store(db)
    ingest(store, inputs)
    return store


def via_cluster(db: Path, inputs: list[str], out: Path, client, **job) -> Store:
    run_job(inputs, str(out), client, **job)
    store = Store(db)
    load(store, str(out))
    return store


def vectors(store: Store) -> np.ndarray:
    rows = store.db.execute("SELECT a.id, v.vec FROM articles a JOIN article_vectors v ON v.rowid = a.rowid "
                            "ORDER BY a.id").fetchall()
    return np.stack([np.frombuffer(r[1], dtype=np.float16) for r in rows]).astype(np.float32)


def split_jsonl(tmp: Path) -> Path:
    """The sample JSONL with a bad line and a blank line in it, to be cut into byte ranges."""
    lines = (EXAMPLES / "jsonl" / "sample.jsonl").read_text(encoding="utf-8").splitlines()
    f = tmp / "in" / "news.jsonl"
    f.parent.mkdir(parents=True)
    f.write_text("\n".join([*lines[:2], '{"text": broken', "", *lines[2:], '{"title": "no text"}']) + "\n",
                 encoding="utf-8")
    return f


def test_cluster_store_exports_identical_bytes(tmp_path, client):
    jsonl = split_jsonl(tmp_path)
    inputs = [str(jsonl), str(EXAMPLES / "warc"), str(EXAMPLES / "txt"), str(EXAMPLES / "html"),
              str(EXAMPLES / "feeds"), str(tmp_path / "missing.txt")]
    tasks = plan(inputs, chunk_bytes=4000)
    assert sum(t.kind == "jsonl" for t in tasks) >= 4  # the JSONL really is cut into ranges
    one = single_machine(tmp_path / "one.db", inputs)
    dist = via_cluster(tmp_path / "dist.db", inputs, tmp_path / "out", client, chunk_bytes=4000)
    assert exported(dist) == exported(one)
    assert dist.failures() == one.failures()
    assert any(name == f"{jsonl}:3" for name, _ in dist.failures())  # line numbers of the whole file
    assert dist.stats() == one.stats()
    # Vectors: the same up to the encoder's batch-composition noise (float16 storage).
    np.testing.assert_allclose(vectors(dist), vectors(one), atol=2e-3)


def test_parquet_input_matches_the_same_records_as_jsonl(tmp_path, client):
    src = tmp_path / "news.jsonl"
    recs = [json.loads(x) for x in (EXAMPLES / "jsonl" / "sample.jsonl").read_text("utf-8").splitlines()]
    recs.insert(2, {"title": "no text"})
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    table = pa.Table.from_pylist([{k: r.get(k) for k in ("url", "title", "date", "outlet", "text", "html")}
                                  for r in recs])
    pfile = tmp_path / "news.parquet"
    pq.write_table(table, pfile, row_group_size=2)
    dist = via_cluster(tmp_path / "dist.db", [str(pfile)], tmp_path / "out", client, rows_per_task=2)
    one = single_machine(tmp_path / "one.db", [str(src)])
    assert exported(dist) == exported(one).replace(str(src), str(pfile))
    assert dist.failures() == [(f"{pfile}:3", "record has no 'text' or 'html'")]


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, client):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_bytes((EXAMPLES / "txt" / "almadar_putin_arrives_pyongyang.txt").read_bytes())
    (folder / "b_binary.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "c_empty.txt").write_bytes(b"")
    warc = (EXAMPLES / "warc" / "sample.warc.gz").read_bytes()
    (folder / "d_truncated.warc.gz").write_bytes(warc[:-100])
    (folder / "e_bad.parquet").write_bytes(b"PAR1 not really")
    (folder / "f_good.txt").write_bytes((EXAMPLES / "txt" / "alsaha_vostochny_summit.txt").read_bytes())
    job = run_job([str(folder)], str(tmp_path / "out"), client)
    assert not [p for p in job.parts if p.error]
    store = Store(tmp_path / "kb.db")
    report = load(store, str(tmp_path / "out"))
    names = {Path(e.name.split("#")[0]).name for e in report.failed}
    assert {"b_binary.bin", "c_empty.txt", "d_truncated.warc.gz", "e_bad.parquet"} <= names
    assert report.added >= 2 and store.stats()["documents"] == report.added
    again = load(store, str(tmp_path / "out"))  # idempotent
    assert again.added == 0 and again.unchanged == report.added


def test_same_input_same_parquet_bytes(tmp_path, client):
    inputs = [str(EXAMPLES / "jsonl"), str(EXAMPLES / "warc")]
    for out in ("o1", "o2"):
        run_job(inputs, str(tmp_path / out), client)
    files = sorted(p.relative_to(tmp_path / "o1") for p in (tmp_path / "o1").rglob("*") if p.is_file())
    assert files and all((tmp_path / "o1" / f).read_bytes() == (tmp_path / "o2" / f).read_bytes() for f in files)
    with pytest.raises(Exception, match="not a finished"):
        load(Store(tmp_path / "x.db"), str(tmp_path / "nowhere"))


def test_cli_ingest_cluster_then_load(tmp_path):
    inputs = [str(EXAMPLES / "jsonl"), str(EXAMPLES / "warc")]
    out = tmp_path / "parquet"
    run = CliRunner().invoke
    r = run(main, ["--db", str(tmp_path / "d.db"), "ingest", *inputs, "--cluster", "local:2",
                   "--parquet", str(out), "--no-load", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["workers"] == 2
    assert not (tmp_path / "d.db").exists()
    r = run(main, ["--db", str(tmp_path / "d.db"), "load", str(out), "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    r = run(main, ["--db", str(tmp_path / "s.db"), "ingest", *inputs, "--workers", "1"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    exports = []
    for db in ("d.db", "s.db"):
        r = run(main, ["--db", str(tmp_path / db), "export", "-o", str(tmp_path / f"{db}.json")],
                catch_exceptions=False)
        assert r.exit_code == 0, r.output
        exports.append((tmp_path / f"{db}.json").read_bytes())
    assert exports[0] == exports[1]
    r = run(main, ["--db", str(tmp_path / "x.db"), "ingest", *inputs, "--cluster", "local:2"])
    assert r.exit_code != 0 and "--parquet" in r.output


def test_object_storage_paths_in_and_out(tmp_path, client):
    """fsspec URLs (memory:// here; s3:// on a real cluster) for inputs and output."""
    import fsspec

    fs = fsspec.filesystem("memory")
    local = tmp_path / "in"
    local.mkdir()
    for src in (EXAMPLES / "jsonl" / "sample.jsonl", EXAMPLES / "warc" / "sample.warc.gz"):
        (local / src.name).write_bytes(src.read_bytes())
        fs.pipe(f"/marsad-test/in/{src.name}", src.read_bytes())
    try:
        dist = via_cluster(tmp_path / "dist.db", ["memory://marsad-test/in"], "memory://marsad-test/out", client,
                           chunk_bytes=5000)
        one = single_machine(tmp_path / "one.db", [str(local)])
        assert exported(dist) == exported(one).replace(str(local), "memory://marsad-test/in")
    finally:
        fs.rm("/marsad-test", recursive=True)
