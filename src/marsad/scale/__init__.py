"""Beyond one machine: the per-document stages on Dask, Parquet in between.

    from marsad.scale import run_job, load, ingest_cluster
    job = run_job(["s3://bucket/cc-news/"], "s3://bucket/out", cluster="tcp://scheduler:8786")
    with Store("kb.db") as store:
        report = load(store, "s3://bucket/out")

``run_job`` reads, cleans, analyzes and embeds on the cluster and writes Parquet;
``load`` stores that output through the same ``Store.put`` single-machine ingest
uses, so the store (and every export) is the one ``marsad.pipeline.ingest``
builds from the same inputs; ``ingest_cluster`` does both, loading parts as they
finish.  Needs the ``dask`` extra (``pip install marsad[dask]``).
"""

from marsad.scale.cluster import (
    JobReport,
    Task,
    TaskResult,
    connect,
    ingest_cluster,
    load,
    plan,
    run_job,
)

__all__ = ["JobReport", "Task", "TaskResult", "connect", "ingest_cluster", "load", "plan", "run_job"]
