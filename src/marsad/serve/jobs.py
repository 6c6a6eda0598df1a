"""Ingest and rebuild jobs started from the browser or the API.

Jobs run one at a time on one background thread, which is the store's only
writer; readers keep serving meanwhile (SQLite WAL).  A job's state is plain
data the UI polls: counts so far, and every failure with its input and reason
(uploaded files are named as the user named them, never by a temp path).
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.ingest.fetch import FetchPolicy
from marsad.pipeline import ingest, link, rebuild
from marsad.store import open_store

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # per request, all files together
MAX_JOBS_KEPT = 200
_JOB_ID = re.compile(r"^job-[0-9-]{1,40}$")


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

    def __init__(self, job: Job, publish: Any = None) -> None:
        self.job = job
        self.publish = publish

    def step(self, n: int = 1, note: str = "") -> None:
        self.job.seen += n
        if self.publish is not None:
            self.publish(self.job)

    def close(self) -> None:
        pass


class JobRunner:
    """Runs jobs on one thread.  With ``state_dir``, each job's state is also kept
    as a small JSON file there, so that several server processes (``serve
    --workers N``) can each report any job, whichever process runs it."""

    def __init__(self, db_path: str, fetch_policy: FetchPolicy | None = None,
                 state_dir: str | None = None) -> None:
        self.db_path = db_path
        self.policy = fetch_policy or FetchPolicy()
        self.state_dir = state_dir
        if state_dir:
            os.makedirs(state_dir, exist_ok=True)
        self._published = 0.0
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
        job = self.jobs.get(job_id)
        if job is not None or not self.state_dir or not _JOB_ID.match(job_id):
            return job
        try:
            with open(os.path.join(self.state_dir, job_id + ".json"), encoding="utf-8") as fh:
                d = json.load(fh)
        except (OSError, ValueError):
            return None
        return Job(id=d["id"], kind=d["kind"], inputs=d["inputs"], state=d["state"], seen=d["seen"],
                   added=d["added"], unchanged=d["unchanged"], articles=d["articles"],
                   failed=d["failed"], error=d["error"])

    def _new_id(self) -> str:
        if self.state_dir:  # unique across the server's processes
            return f"job-{os.getpid()}-{next(self._ids)}"
        return f"job-{next(self._ids)}"

    def _publish(self, job: Job, force: bool = False) -> None:
        """Write the job's state for the other server processes (at most 4 times a
        second while it runs; always on a change of state)."""
        if not self.state_dir:
            return
        now = time.monotonic()
        if not force and now - self._published < 0.25:
            return
        self._published = now
        path = os.path.join(self.state_dir, job.id + ".json")
        tmp = f"{path}.{threading.get_ident()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(job.as_dict(), fh, ensure_ascii=False)
        os.replace(tmp, path)

    def _submit(self, job: Job) -> Job:
        with self._lock:
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-MAX_JOBS_KEPT]:
                if self.jobs[old].state in ("done", "failed"):
                    del self.jobs[old]
        self._publish(job, force=True)
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
            self._publish(job, force=True)
            try:
                store = open_store(self.db_path)
                try:
                    if job.kind == "link":
                        job.state = "linking"
                        link(store)
                        job.state = "done"
                        continue
                    if job.kind == "ingest":
                        report = ingest(store, job.paths, policy=self.policy,
                                        progress=_JobProgress(job, self._publish), workers=1)
                    else:
                        report = rebuild(store, progress=_JobProgress(job, self._publish), workers=1)
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
                self._publish(job, force=True)
                if job.workdir:
                    shutil.rmtree(job.workdir, ignore_errors=True)

    def close(self) -> None:
        self._queue.put(None)
