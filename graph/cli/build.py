"""`newskg build` (and `python build_graph.py`): articles in, graph and map out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

# Exit statuses, documented in the README.
EXIT_OK = 0
EXIT_FAILED = 1  # nothing new was written; the previous graph is intact
EXIT_SKIPPED = 3  # the graph was built, but some inputs could not be read


@click.command(name="build")
@click.argument("inputs", nargs=-1)
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the graph, maps and build summary.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=1), help="Extraction processes.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True, help="Where extraction runs.")
@click.option("--scheduler", default=None, help="Dask scheduler address (with --engine dask).")
@click.option("--link", "link_mode", type=click.Choice(["auto", "offline", "live", "off"]), default="auto", show_default=True, help="Wikidata linking path.")
@click.option("--wikidata-endpoint", default=None, help="SPARQL endpoint for live linking.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the output.")
@click.option("--no-map", is_flag=True, help="Do not write the HTML network maps.")
@click.option("--entity-maps", default=None, type=click.IntRange(min=0), help="Ego maps written, for the most connected entities [default: 12]; draw others with `newskg map --focus`.")
@click.option("--event-maps", default=None, type=click.IntRange(min=0), help="Event maps written, for the most connected events [default: 100]; draw others with `newskg map --event`.")
@click.option("--full", is_flag=True, help="Re-extract every article (ignore the cache).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--text-field", default=None, help="JSON Lines / CSV: field holding the story text.")
@click.option("--title-field", default=None, help="JSON Lines / CSV: field holding the title.")
@click.option("--url-field", default=None, help="JSON Lines / CSV: field holding the URL.")
@click.option("--date-field", default=None, help="JSON Lines / CSV: field holding the publication date.")
def command(
    inputs: tuple[str, ...],
    out_dir: Path,
    jobs: int,
    engine: str,
    scheduler: str | None,
    link_mode: str,
    wikidata_endpoint: str | None,
    no_validate: bool,
    no_map: bool,
    entity_maps: int | None,
    event_maps: int | None,
    full: bool,
    progress: bool | None,
    text_field: str | None,
    title_field: str | None,
    url_field: str | None,
    date_field: str | None,
) -> None:
    """Build the knowledge graph of INPUTS (files, folders, URLs, URL lists, JSONL/CSV).

    With no INPUTS, builds the bundled sample articles.
    """
    from graph.pipeline import SAMPLE_CORPUS, BuildOptions, StageError, build

    if not inputs:
        if not SAMPLE_CORPUS.is_dir():
            raise click.UsageError("no INPUT given and the bundled sample articles are not installed")
        inputs = (str(SAMPLE_CORPUS),)
    options = BuildOptions(
        jobs=jobs,
        engine=engine,
        scheduler=scheduler,
        link_mode=link_mode,
        wikidata_endpoint=wikidata_endpoint,
        validate=not no_validate,
        maps=not no_map,
        entity_maps=entity_maps,
        event_maps=event_maps,
        incremental=not full,
        progress=sys.stderr.isatty() if progress is None else progress,
        ingest_options=_ingest_options(text_field, title_field, url_field, date_field),
    )
    try:
        result = build(inputs, out_dir, options)
    except StageError as exc:
        click.echo(f"newskg build: {exc}", err=True)
        click.echo(f"newskg build: nothing was replaced in {out_dir}/", err=True)
        sys.exit(EXIT_FAILED)

    for line in result.skipped_inputs:
        click.echo(f"skipped: {line}", err=True)
    c = result.counts
    click.echo(
        f"Built {result.documents} documents ({result.extracted} extracted, "
        f"{result.documents - result.extracted} from cache) in {sum(result.timings.values()):.1f}s"
    )
    click.echo(
        f"  people {c.get('people', 0)}, organisations {c.get('organisations', 0)}, "
        f"roles {c.get('roles', 0)}, positions {c.get('positions', 0)}, events {c.get('events', 0)}, "
        f"cities {c.get('cities', 0)}, countries {c.get('countries', 0)}"
    )
    click.echo(f"  triples {c.get('triples', 0)}; Wikidata linking: {result.link_path or 'off'}")
    for name, path in result.files.items():
        click.echo(f"  {name:<9} {path}")
    if result.warnings:
        click.echo(f"  {len(result.warnings)} warnings (see {result.files.get('manifest')})")
    sys.exit(EXIT_SKIPPED if result.skipped_inputs else EXIT_OK)


def _ingest_options(text_field, title_field, url_field, date_field):  # type: ignore[no-untyped-def]
    fields = {
        "text_field": text_field,
        "title_field": title_field,
        "url_field": url_field,
        "date_field": date_field,
    }
    given = {k: v for k, v in fields.items() if v}
    if not given:
        return None
    from graph.ingest import IngestOptions

    return IngestOptions(**given)
