"""`newskg ingest`: show what ingestion makes of the inputs, without building.

Exit status: 0 when every input was read; 3 when some input (file, line, URL)
was skipped and the others were read (the same status as `newskg build`);
1 when no document came out at all.
"""

from __future__ import annotations

import json
import sys

import click

EXIT_OK = 0
EXIT_NOTHING = 1  # no document at all
EXIT_SKIPPED = 3  # documents came out, but some input was skipped

FIRST_WORDS = 12


def _first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


@click.command(name="ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@click.option("--text", "with_text", is_flag=True, help="With --json: include the full text.")
@click.option("--dropped", is_flag=True,
              help="Also list the page-dump lines that were dropped, with the reason.")
@click.option("--summary", is_flag=True,
              help="One line per input file: documents out and lines dropped.")
@click.option("--text-field", default=None, help="JSON Lines / CSV: field holding the story text.")
@click.option("--title-field", default=None, help="JSON Lines / CSV: field holding the title.")
@click.option("--url-field", default=None, help="JSON Lines / CSV: field holding the URL.")
@click.option("--date-field", default=None, help="JSON Lines / CSV: field holding the date.")
@click.option("--id-field", default=None, help="JSON Lines / CSV: field holding a document id.")
@click.option("--site-field", default=None, help="JSON Lines / CSV: field holding the site name.")
@click.option("--max-size", "max_mb", type=click.FloatRange(min=0), default=50.0,
              show_default=True, help="Refuse files and downloads larger than this (MB).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True,
              help="URL connect/read timeout in seconds.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Retries of a URL after a timeout or server error.")
@click.option("--no-segment", is_flag=True, help="Take .txt files whole (no story/teaser split).")
def command(
    inputs: tuple[str, ...],
    as_json: bool,
    with_text: bool,
    dropped: bool,
    summary: bool,
    text_field: str | None,
    title_field: str | None,
    url_field: str | None,
    date_field: str | None,
    id_field: str | None,
    site_field: str | None,
    max_mb: float,
    timeout: float,
    retries: int,
    no_segment: bool,
) -> None:
    """Ingest INPUTS (files, folders, URLs, URL lists, JSONL/CSV) and list the documents."""
    from graph.ingest import IngestOptions, ingest

    options = IngestOptions(
        text_field=text_field, title_field=title_field, url_field=url_field,
        date_field=date_field, id_field=id_field, site_field=site_field,
        max_bytes=int(max_mb * 1024 * 1024), timeout=timeout, retries=retries,
        segment_pages=not no_segment,
    )
    result = ingest(list(inputs), options=options)

    for doc in result.documents:
        date = doc.published.isoformat() if doc.published else None
        if as_json:
            record = {
                "id": doc.id, "kind": str(doc.kind), "source": doc.source, "title": doc.title,
                "date": date, "chars": len(doc.text), "first_words": _first_words(doc.text),
                "parent_id": doc.parent_id, "url": doc.url, "site": doc.site,
                "language": doc.language,
            }
            if with_text:
                record["text"] = doc.text
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo("\t".join([
                doc.id, str(doc.kind), doc.source or "-", doc.title or "-", date or "-",
                f"{len(doc.text)} chars", _first_words(doc.text),
            ]))
        if dropped:
            for line_no, reason, text in doc.metadata.get("dropped_lines", []):
                click.echo(f"  dropped {doc.source}:{line_no} [{reason}] {text}", err=True)

    if summary:
        per_source: dict[str, list[int]] = {}
        for doc in result.documents:
            counts = per_source.setdefault(doc.source or "-", [0, 0])
            counts[0] += 1
            counts[1] += int(doc.metadata.get("lines_dropped", 0))
        for source, (documents, lines_dropped) in per_source.items():
            noun = "document" if documents == 1 else "documents"
            click.echo(f"{source}: {documents} {noun} out, {lines_dropped} lines dropped",
                       err=True)
    for dup in result.duplicates:
        click.echo(f"duplicate: {dup.source} is the same story as {dup.duplicate_of}", err=True)
    for error in result.errors:
        click.echo(f"skipped: {error.source}: {error.message}", err=True)

    if not result.documents:
        sys.exit(EXIT_NOTHING)
    if result.errors:
        sys.exit(EXIT_SKIPPED)
