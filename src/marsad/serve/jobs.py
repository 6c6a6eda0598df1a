"""Ingest and rebuild jobs started from the browser or the API.

Jobs run one at a time on one background thread, which is the store's only
writer; readers keep serving meanwhile (SQLite WAL).  A job's state is plain
data the UI polls: counts so far, and every failure with its input and reason
(uploaded files are named as the user named them, never by a temp path).
"""

from __future__ import annotations

import itertools
import queue
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.ingest.fetch import FetchPolicy
from marsad.pipeline import ingest, link, rebuild
from marsad.store import open_store

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # per request, all files together
MAX_JOBS_KEPT = 200


def _disk_name(i: int, name: str) -> str:
    """The name an uploaded file is saved under: numbered, without control
    characters (a NUL cannot be in a path), its stem cut to 100 bytes (an
    Arabic name of 130 letters is over the file system's 255), and its last
    two extensions kept, which the readers go by (``.jsonl``, ``.warc.gz``)."""
    clean = "".join(c for c in name if c.isprintable()) or "upload"
    suffix = "".join(Path(clean).suffixes[-2:])
    if len(suffix.encode()) > 32:
        suffix = ""
    stem = clean[:len(clean) - len(suffix)]
    stem = stem.encode()[:100].decode("utf-8", "ignore")
    return f"{i:04d}-{stem}{suffix}"


@dataclass
class Job:
    id: str
    kind: str  # ingest | rebuild | link
    inputs: list[str]
    state: str = "queued"  # queued | running | linking | done | failed
    seen: int = 0
    added: int = 0
    unchanged: int = 0
    articles: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None
    workdir: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # temp path -> name the user gave
    paths: list[str] = field(default_factory=list)  # what the pipeline reads

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "inputs": self.inputs,
                "seen": self.seen, "added": self.added, "unchanged": self.unchanged,
                "articles": self.articles, "failed": self.failed, "error": self.error,
                "finished": self.state in ("done", "failed")}


class _JobProgress:
    """The pipeline's progress protocol, counting into a job."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def step(self, n: int = 1, note: str = "") -> None:
        self.job.seen += n

    def close(self) -> None:
        pass


class JobRunner:
    def __init__(self, db_path: str, fetch_policy: FetchPolicy | None = None) -> None:
        self.db_path = db_path
        self.policy = fetch_policy or FetchPolicy()
        self.jobs: dict[str, Job] = {}
        self._ids = itertools.count(1)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="marsad-jobs", daemon=True)
        self._thread.start()

    def submit_ingest(self, files: list[tuple[str, bytes]], urls: list[str]) -> Job:
        """Queue an ingest of uploaded files (name, bytes) and URLs/feeds."""
        workdir = tempfile.mkdtemp(prefix="marsad-upload-")
        names: dict[str, str] = {}
        inputs: list[str] = []
        for i, (name, data) in enumerate(files):
            safe = Path(name or f"upload-{i}").name or f"upload-{i}"
            path = Path(workdir) / _disk_name(i, safe)
            path.write_bytes(data)
            names[str(path)] = safe
            inputs.append(str(path))
        inputs += urls
        shown = [names.get(i, i) for i in inputs]
        return self._submit(Job(self._new_id(), "ingest", shown, workdir=workdir, names=names,
                                paths=inputs))

    def submit_rebuild(self) -> Job:
        return self._submit(Job(self._new_id(), "rebuild", []))

    def submit_relink(self) -> Job:
        """Re-link after a deletion (queued behind any running job)."""
        return self._submit(Job(self._new_id(), "link", []))

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def _new_id(self) -> str:
        return f"job-{next(self._ids)}"

    def _submit(self, job: Job) -> Job:
        with self._lock:
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-MAX_JOBS_KEPT]:
                if self.jobs[old].state in ("done", "failed"):
                    del self.jobs[old]
        self._queue.put(job)
        return job

    def _name(self, job: Job, name: str) -> str:
        for path, shown in job.names.items():
            if name.startswith(path):
                return shown + name[len(path):]
        return name

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.state = "running"
            try:
                store = open_store(self.db_path)
                try:
                    if job.kind == "link":
                        job.state = "linking"
                        link(store)
                        job.state = "done"
                        continue
                    if job.kind == "ingest":
                        report = ingest(store, job.paths, policy=self.policy, progress=_JobProgress(job),
                                        workers=1)
                    else:
                        report = rebuild(store, progress=_JobProgress(job), workers=1)
                    job.added, job.unchanged, job.articles = report.added, report.unchanged, report.articles
                    job.failed = [{"input": self._name(job, e.name), "reason": e.reason}
                                  for e in report.failed]
                    job.state = "linking"
                    link(store)
                finally:
                    store.close()
                job.state = "done"
            except Exception as exc:  # reported to the user; the server goes on
                job.state = "failed"
                job.error = f"{type(exc).__name__}: {exc}"
            finally:
                if job.workdir:
                    shutil.rmtree(job.workdir, ignore_errors=True)

    def close(self) -> None:
        self._queue.put(None)
