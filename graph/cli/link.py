"""`newskg link [INPUT...]`: link the entities of some articles to Wikidata and report.

Runs ingest -> extract -> resolve -> link on the inputs (default: the bundled
sample articles in data/corpus), or only link when `--facts` gives
gold-shaped JSON files (the output of `newskg facts`, or shared/gold). Prints
linked / unlinked / ambiguous per entity type, which path was used (live or
offline), and with `--report` every link with its score and method.
`--check` also compares the links with the verified offline extract
(precision / recall, see graph/link/quality.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.model import ArticleFacts

_DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def _from_facts(paths: tuple[Path, ...]) -> list[ArticleFacts]:
    from graph.evaluate import gold_from_dict

    articles = []
    for path in paths:
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        for file in files:
            data = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "entities" in data:
                articles.append(gold_from_dict(data, source=str(file)))
    return articles


def _from_inputs(inputs: tuple[str, ...]) -> list[ArticleFacts]:
    try:
        from graph.extract import extract
        from graph.ingest import ingest
        from graph.resolve import resolve
    except ImportError as exc:
        raise click.ClickException(
            f"the extraction pipeline is not available ({exc}); use --facts FILE.json"
        ) from exc
    result = ingest(list(inputs) or [str(_DEFAULT_CORPUS)])
    if not result.documents:
        raise click.ClickException("no document to link from the inputs")
    articles = [extract(doc) for doc in result.documents]
    resolve(articles)
    return articles


@click.command(name="link")
@click.argument("inputs", nargs=-1)
@click.option("--facts", "facts", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Gold-shaped JSON file or folder to link instead of running extraction.")
@click.option("--mode", type=click.Choice(["auto", "offline", "live"]), default="auto",
              show_default=True, help="Candidate source: the offline extract or a SPARQL endpoint.")
@click.option("--endpoint", default=None, envvar="NEWSKG_WIKIDATA_ENDPOINT",
              help="SPARQL endpoint for live linking (default for --mode live: WDQS).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="On-disk cache of live answers (default: ~/.cache/newskg/wikidata).")
@click.option("--threshold", type=float, default=None, help="Minimum score to link.")
@click.option("--timeout", type=float, default=20.0, show_default=True,
              help="Seconds per live request.")
@click.option("--report", is_flag=True, help="List every link with its score and method.")
@click.option("--check", is_flag=True,
              help="Compare links with the verified extract (precision / recall).")
def command(
    inputs: tuple[str, ...],
    facts: tuple[Path, ...],
    mode: str,
    endpoint: str | None,
    cache_dir: Path | None,
    threshold: float | None,
    timeout: float,
    report: bool,
    check: bool,
) -> None:
    """Link persons, organisations, cities and countries to Wikidata."""
    from graph.link import DEFAULT_THRESHOLD, link

    articles = _from_facts(facts) if facts else _from_inputs(inputs)
    if cache_dir is None:
        cache_dir = Path.home() / ".cache" / "newskg" / "wikidata"
    result = link(
        articles,
        mode=mode,
        endpoint=endpoint,
        cache_dir=cache_dir,
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        timeout=timeout,
    )
    click.echo(f"path: {result.path} ({len(articles)} articles)")
    for warning in result.warnings:
        click.echo(warning, err=True)
    click.echo(result.report.format(details=report))
    if check:
        from graph.link.quality import link_quality

        quality = link_quality(articles)
        click.echo(f"against the verified extract: {quality.summary()}")
        for error in quality.errors:
            click.echo(f"  {error}")
