"""The ``marsad`` command: thin wrappers over the library (pipeline, store, export)."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import click

from marsad import __version__
from marsad.errors import MarsadError
from marsad.export import WRITERS, article_record
from marsad.ingest.fetch import FetchPolicy
from marsad.pipeline import IngestReport, analyze_pending, default_workers, ensure_linked
from marsad.pipeline import ingest as run_ingest
from marsad.pipeline import link as run_link
from marsad.pipeline import rebuild as run_rebuild
from marsad.progress import Progress
from marsad.store.sqlite import Store


def _open(ctx: click.Context) -> Store:
    """The store --db names: an SQLite file, or a postgresql:// URL (PostgresStore,
    which has Store's methods)."""
    from marsad.store import open_store

    try:
        return open_store(ctx.obj["db"])  # type: ignore[return-value]
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc


def _json_out(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="Store file (default: $MARSAD_DB, else ./marsad.db).")
@click.version_option(__version__, prog_name="marsad")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Marsad: Arabic news to a knowledge base an analyst can trust."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db or os.environ.get("MARSAD_DB") or "marsad.db"


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--allow-private", is_flag=True,
              help="Let the URL fetcher reach loopback and private addresses.")
@click.option("--timeout", type=float, default=15.0, show_default=True, help="URL fetch timeout (s).")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes for cleaning and analysis (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Run on Dask: 'local', 'local:N' (N worker processes) or a scheduler address "
                   "(tcp://host:8786). Needs --parquet.")
@click.option("--parquet", "parquet_dir", metavar="OUT_DIR", default=None,
              help="With --cluster: where the workers write Parquet (a folder or s3://… URL).")
@click.option("--no-load", is_flag=True, help="With --cluster: only write the Parquet (see `marsad load`).")
@click.option("--no-analyze", is_flag=True,
              help="Only clean, date, index for keyword search and store (many times faster); "
                   "`marsad analyze` adds entities, quotes, events, meaning vectors and stories later.")
@click.pass_context
def ingest(ctx: click.Context, inputs: tuple[str, ...], allow_private: bool, timeout: float,
           workers: int | None, as_json: bool, cluster: str | None = None, parquet_dir: str | None = None,
           no_load: bool = False, no_analyze: bool = False) -> None:
    """Ingest files, folders (recursively), feeds or URLs.

    Text, HTML, JSONL/JSON, WARC(.gz) and RSS/Atom are recognised by content.
    Failures are reported with their input and reason; the batch goes on.
    With --cluster the per-document stages run on Dask (Parquet inputs too).
    """
    if cluster or parquet_dir:
        if no_analyze:
            raise click.UsageError("--no-analyze is for ingest on this machine (the cluster analyses anyway)")
        _cluster_ingest(ctx, inputs, cluster, parquet_dir, workers, no_load, as_json)
        return
    store = _open(ctx)
    policy = FetchPolicy(timeout=timeout, allow_private=allow_private)
    report = run_ingest(store, inputs, policy=policy, progress=Progress("ingest"),
                        workers=workers or default_workers(), analyze_articles=not no_analyze)
    _finish_load(ctx, store, report, as_json, {}, link=not no_analyze)


# -- beyond one machine (marsad.scale): ingest --cluster, load ------------------------

def _cluster_ingest(ctx: click.Context, inputs: tuple[str, ...], cluster: str | None, out: str | None,
                    workers: int | None, no_load: bool, as_json: bool) -> None:
    if not cluster or not out:
        raise click.UsageError("--cluster and --parquet go together (e.g. --cluster local:2 --parquet out/)")
    if cluster == "local" and workers:
        cluster = f"local:{workers}"
    try:
        from marsad.scale import ingest_cluster
    except ImportError as exc:
        raise click.ClickException(f"--cluster needs the dask extra: pip install 'marsad[dask]' ({exc})") from exc
    store = None if no_load else _open(ctx)
    try:
        job, report = ingest_cluster(store, inputs, out, cluster, progress=Progress("cluster"))
    except MarsadError as exc:
        raise click.ClickException(str(exc)) from exc
    if store is None:
        if as_json:
            _json_out(job.as_dict())
        else:
            click.echo(f"wrote {job.documents} documents ({job.articles} articles, {job.failures} failed)"
                       f" in {len(job.parts)} parts to {out}; store them with: marsad load {out}")
        return
    _finish_load(ctx, store, report, as_json, {"job": job.as_dict()})


def _finish_load(ctx: click.Context, store: Store, report: IngestReport, as_json: bool,
                 extra: dict, link: bool = True) -> None:
    """Link, then print the summary as ``ingest`` does."""
    if report.added and link:
        run_link(store, progress=Progress("link"))
    pending = len(store.pending_analysis())
    stats = store.stats() | {"pending_analysis": pending}
    store.close()
    if as_json:
        _json_out(report.as_dict() | extra | {"store": stats})
    else:
        click.echo(f"added: {report.added}  unchanged: {report.unchanged}  "
                   f"failed: {len(report.failed)}  (articles added: {report.articles})")
        for e in report.failed:
            click.echo(f"  failed: {e.name}: {e.reason}")
        click.echo(f"store {ctx.obj['db']}: {stats['articles']} articles from "
                   f"{stats['documents']} documents")
        if pending:
            click.echo(f"{pending} articles are stored and searchable but not analysed yet: run `marsad analyze`")
    if report.added == 0 and report.unchanged == 0 and report.failed:
        sys.exit(1)


@main.command()
@click.argument("out_dir")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def load(ctx: click.Context, out_dir: str, as_json: bool) -> None:
    """Store the Parquet written by `ingest --cluster` (a folder or s3://… URL), then link.

    Parts are stored in input order, so the store is the one single-machine ingest builds."""
    try:
        from marsad.scale import load as run_load
    except ImportError as exc:
        raise click.ClickException(f"load needs the dask extra: pip install 'marsad[dask]' ({exc})") from exc
    store = _open(ctx)
    try:
        report = run_load(store, out_dir, progress=Progress("load"))
    except MarsadError as exc:
        store.close()
        raise click.ClickException(str(exc)) from exc
    _finish_load(ctx, store, report, as_json, {})


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE instead of standard output.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str | None) -> None:
    """The whole knowledge base in the marsad/v1 format (json, jsonl or csv)."""
    store = _open(ctx)
    writer = WRITERS[fmt]
    if output:
        tmp = Path(output + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer(store, fh)
        tmp.replace(output)
    else:
        out = sys.stdout
        writer(store, out)
        out.flush()
    store.close()


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts of articles, stories, entities, quotes, contradictions; failures so far."""
    store = _open(ctx)
    ensure_linked(store)
    s = store.stats()
    fails = store.failures()
    store.close()
    if as_json:
        _json_out(s | {"failed_inputs": [{"input": i, "reason": r} for i, r in fails]})
        return
    for k, v in s.items():
        click.echo(f"{k:>16}: {v}")
    for i, r in fails[:20]:
        click.echo(f"  failed: {i}: {r}")
    if len(fails) > 20:
        click.echo(f"  … and {len(fails) - 20} more (see --json)")


@main.command()
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--raw", is_flag=True, help="Write the original bytes of the page to stdout.")
@click.pass_context
def show(ctx: click.Context, item_id: str, as_json: bool, raw: bool) -> None:
    """One article (id or id prefix), story (story-…) or entity (e.g. per:vladimir-putin)."""
    store = _open(ctx)
    ensure_linked(store)
    if item_id.startswith("story-") or ":" in item_id:
        try:
            _show_linked(store, item_id, as_json)
        finally:
            store.close()
        return
    row = store.linked_article_row(item_id)
    if row is None:
        store.close()
        raise click.ClickException(f"no article, story or entity with id {item_id!r}")
    if raw:
        data = store.raw_bytes(row["raw_id"]) or b""
        store.close()
        sys.stdout.buffer.write(data)
        return
    rec = article_record(row)
    store.close()
    if as_json:
        _json_out(rec)
        return
    click.secho(rec["title"] or "(untitled)", bold=True)
    meta = [f"id {rec['id']}"]
    for label, value in (("outlet", rec["outlet"]), ("section", rec["section"]),
                         ("source", rec["credited_source"]), ("page date", rec["page_date"]),
                         ("story", rec["story"])):
        if value:
            meta.append(f"{label}: {value}")
    pub = rec["published"]
    meta.append(f"published: {pub['value'] or 'unknown'} ({pub['basis']})")
    if rec["parent"]:
        meta.append(f"split from {rec['parent']}")
    click.echo(" · ".join(meta))
    click.echo(rec["source"]["path"] or rec["source"]["url"] or "")
    click.echo("")
    for para in rec["body"].split("\n\n"):
        click.echo(textwrap.fill(para, width=100))
        click.echo("")
    if rec["mentions"]:
        names = sorted({f"{m['text']} ({m['type']})" for m in rec["mentions"]})
        click.secho("entities: " + "، ".join(names[:40]), dim=True)
    if rec["times"]:
        click.secho("dates: " + "، ".join(f"{t['text']} = {t['value']}" for t in rec["times"][:30]), dim=True)
    if rec["removed"]:
        click.secho(f"removed ({len(rec['removed'])}):", dim=True)
        for r in rec["removed"]:
            click.secho(f"  [{r['kind']}] {r['text'][:90]}", dim=True)


def _show_linked(store: Store, item_id: str, as_json: bool) -> None:
    rec = store.story_record(item_id)
    if rec is not None:
        if as_json:
            _json_out(rec)
            return
        click.secho(rec["title"], bold=True)
        click.echo(f"{rec['id']} · {len(rec['articles'])} articles · {rec['first_date'] or '?'} → "
                   f"{rec['last_date'] or '?'} · outlets: {'، '.join(rec['outlets']) or '-'}")
        click.echo("")
        for sent in rec["summary_sentences"]:
            click.echo(textwrap.fill(sent["text"], width=100))
            click.secho("    [" + ", ".join(sent["articles"]) + "]", dim=True)
        click.echo("")
        click.echo("articles: " + ", ".join(rec["articles"]))
        return
    ent = store.entity_record(item_id)
    if ent is None:
        raise click.ClickException(f"no story or entity with id {item_id!r}")
    if as_json:
        _json_out(ent)
        return
    click.secho(f"{ent['name']}" + (f" ({ent['en']})" if ent["en"] else ""), bold=True)
    click.echo(f"{ent['id']} · {ent['type']} · {ent['mention_count']} mentions"
               + (f" · acts for {ent['acts_for']}" if ent.get("acts_for") else ""))
    click.echo("aliases: " + "، ".join(ent["aliases"]))


@main.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--outlet", help="Only this outlet.")
@click.option("--entity", metavar="ID", help="Only articles that mention this entity (e.g. per:vladimir-putin).")
@click.option("--story", metavar="ID", help="Only articles of this story.")
@click.option("--semantic", is_flag=True, help="Rank by meaning (any language: English finds Arabic).")
@click.option("--hybrid", is_flag=True, help="Fuse keyword and meaning rankings.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, date_from: str | None, date_to: str | None,
           outlet: str | None, entity: str | None, story: str | None, semantic: bool, hybrid: bool,
           as_json: bool) -> None:
    """Full-text Arabic search: every spelling of each word matches (hamza forms, ى/ي, ة/ه,
    diacritics, tatweel, Persian letters, clitics, transliterated names).  "Quote" a phrase."""
    store = _open(ctx)
    try:
        filters = {"date_from": date_from, "date_to": date_to, "outlet": outlet, "entity": entity,
                   "story": story}
        if entity or story:
            ensure_linked(store)
        if semantic or hybrid:
            hits = store.semantic_search(query, limit=limit, hybrid=hybrid, **filters)
        else:
            hits = store.search(query, limit=limit, **filters)
    except MarsadError as exc:
        store.close()
        raise click.ClickException(str(exc)) from exc
    store.close()
    if as_json:
        _json_out({"query": query, "results": [h.as_dict() for h in hits]})
        return
    if not hits:
        click.echo("no results")
    for h in hits:
        click.secho(f"{h.id}  {h.title or '(untitled)'}", bold=True)
        click.echo(f"    {h.outlet or '-'} · {h.published or 'undated'} · score {h.score:.2f}")
        text, pos = [], h.snippet_start
        for a, b in h.highlights:
            text.append(h.snippet[pos - h.snippet_start:a - h.snippet_start])
            text.append(click.style(h.snippet[a - h.snippet_start:b - h.snippet_start], fg="yellow", bold=True))
            pos = b
        text.append(h.snippet[pos - h.snippet_start:])
        click.echo("    " + "".join(text).replace("\n", " "))


@main.command()
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def rebuild(ctx: click.Context, workers: int | None, as_json: bool) -> None:
    """Re-run every stage from the stored raw bytes (after an upgrade)."""
    store = _open(ctx)
    report = run_rebuild(store, progress=Progress("rebuild"), workers=workers or default_workers())
    run_link(store, progress=Progress("link"), full=True)
    store.close()
    if as_json:
        _json_out(report.as_dict())
    else:
        click.echo(f"rebuilt {report.added} documents into {report.articles} articles; "
                   f"{len(report.failed)} without article text")
        for e in report.failed:
            click.echo(f"  {e.name}: {e.reason}")


@main.command()
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def analyze(ctx: click.Context, workers: int | None, as_json: bool) -> None:
    """Analyse the articles that `ingest --no-analyze` stored, then link the store.

    Entities, times, quotes, events and meaning vectors are added to every article that has
    none yet; the result is the store a plain `ingest` of the same inputs builds."""
    store = _open(ctx)
    report = analyze_pending(store, progress=Progress("analyze"), workers=workers or default_workers())
    if report.articles:
        run_link(store, progress=Progress("link"), full=True)
    pending = len(store.pending_analysis())
    store.close()
    if as_json:
        _json_out({"analysed": report.articles, "pending": pending,
                   "failed": [{"input": e.name, "reason": e.reason} for e in report.failed]})
    else:
        click.echo(f"analysed {report.articles} articles; {pending} still pending")
        for e in report.failed:
            click.echo(f"  failed: {e.name}: {e.reason}")
    if report.failed and not report.articles:
        sys.exit(1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar="MARSAD_TOKEN", default=None,
              help="Token that writes (ingest, rebuild, delete) must present when listening beyond "
                   "loopback ($MARSAD_TOKEN; a random one is made and printed if not given).")
@click.option("--allow-private", is_flag=True,
              help="Let ingest-by-URL reach loopback and private addresses.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (more serve more readers at once; jobs are reported by any).")
@click.option("--no-cache", is_flag=True,
              help="Build every answer afresh (by default answers are kept until the store changes).")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Requests worked on at once per process (more threads only contend for Python's GIL).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, allow_private: bool,
          workers: int, no_cache: bool, threads: int) -> None:
    """The web UI (Arabic, right to left) and the REST API over the store."""
    import secrets

    try:
        import uvicorn

        from marsad.serve.app import create_app, is_loopback
    except ImportError as exc:
        raise click.ClickException(f"the web extra is not installed ({exc.name}): "
                                   'pip install "marsad[web]"') from exc
    require = not is_loopback(host)
    if require and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"listening beyond loopback: writes need the token {token}", err=True)
    _open(ctx).close()  # a clear error for a file that is not a store; migrations run once, here
    click.echo(f"Marsad on http://{host}:{port}/  (store {ctx.obj['db']}; Ctrl-C stops)", err=True)
    if workers == 1:
        app = create_app(ctx.obj["db"], token=token, require_token=require,
                         fetch_policy=FetchPolicy(allow_private=allow_private), cache=not no_cache,
                         threads=threads)
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    import hashlib
    import tempfile

    key = hashlib.sha1(os.path.abspath(ctx.obj["db"]).encode()).hexdigest()[:12]
    os.environ.update({
        "MARSAD_SERVE_DB": ctx.obj["db"], "MARSAD_SERVE_TOKEN": token or "",
        "MARSAD_SERVE_REQUIRE_TOKEN": "1" if require else "0",
        "MARSAD_SERVE_ALLOW_PRIVATE": "1" if allow_private else "0",
        "MARSAD_SERVE_CACHE": "0" if no_cache else "1", "MARSAD_SERVE_THREADS": str(threads),
        "MARSAD_SERVE_JOBS_DIR": os.path.join(tempfile.gettempdir(), f"marsad-jobs-{key}")})
    uvicorn.run("marsad.serve.app:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


@main.command()
@click.option("--full", is_flag=True, help="Re-link every article in canonical order (not only new ones).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def link(ctx: click.Context, full: bool, as_json: bool) -> None:
    """Run the link stage (entities, stories, timelines, contradictions) over the store.
    ``ingest``, ``load`` and ``rebuild`` do this themselves; ``--full`` after an upgrade."""
    store = _open(ctx)
    report = run_link(store, progress=Progress("link"), full=full)
    store.close()
    if as_json:
        _json_out(report.as_dict())
    else:
        what = "stories" if report.mode == "full" else f"stories touched by {report.added} new articles"
        click.echo(f"linked {report.articles} articles ({report.mode}): {report.stories} {what}, "
                   f"{report.entities} entities, {report.events} events, "
                   f"{report.contradictions} contradictions")


if __name__ == "__main__":  # pragma: no cover
    main()
