"""`newskg facts INPUT... --out DIR`: the extracted facts of each input file as gold-shaped JSON.

For every source file, `DIR/<file name without extension>.json` holds the
entities and facts of every document that came from it (the story and its
teasers merged, one local id per resolved entity), in the shape of
`shared/gold/README.md`, so any scorer can read them. Each fact also carries
its `evidence` (extra key; gold readers ignore it). Entities carry their
Wikidata QID when the linking stage (offline) finds one.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from graph.model import RELATION_ARGS, ArticleFacts, Document, DocumentKind, EntityType

_ID_PREFIX = {
    EntityType.PERSON: "p",
    EntityType.ORGANISATION: "o",
    EntityType.EVENT: "e",
    EntityType.CITY: "c",
    EntityType.COUNTRY: "n",
}


def ingest_file(path: str | Path) -> list[Document]:
    """Documents (story first, then teasers) ingested from one file."""
    from graph.ingest import ingest

    result = ingest([path])
    if result.errors and not result.documents:
        raise click.ClickException("; ".join(str(err) for err in result.errors))
    return _story_first(result.documents)


def _story_first(documents: Sequence[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: (d.kind is not DocumentKind.STORY,))


def extract_documents(documents: Sequence[Document]) -> list[ArticleFacts]:
    """Extraction, then resolution within these documents (one source file)."""
    from graph.extract import extract
    from graph.resolve import resolve

    articles = [extract(doc) for doc in documents]
    resolve(articles)
    return articles


def link_offline(articles: list[ArticleFacts]) -> list[str]:
    """Fill `Entity.wikidata` with the offline linker when it exists; returns warnings."""
    try:
        from graph.link import link
    except ImportError as exc:
        return [f"linking skipped: {exc}"]
    try:
        return list(link(articles, mode="offline").warnings)
    except Exception as exc:  # noqa: BLE001 - linking is an optional enrichment here
        return [f"linking failed, wikidata left empty: {exc}"]


def merged_gold_dict(article_id: str, articles: Sequence[ArticleFacts]) -> dict[str, Any]:
    """One gold-shaped object for the documents of one file.

    Entities with one resolved key become one entity; names of the other
    documents become aliases. Local ids are renumbered per type (p1, o1, …).
    """
    by_key: dict[str, dict[str, Any]] = {}
    local_to_merged: dict[tuple[int, str], str] = {}
    counters: dict[EntityType, int] = defaultdict(int)
    pending_places: list[tuple[dict[str, Any], int, str]] = []
    for index, article in enumerate(articles):
        for entity in article.entities:
            key = entity.key or f"{article.document.id}#{entity.id}"
            merged = by_key.get(key)
            if merged is None:
                counters[entity.type] += 1
                merged = by_key[key] = {
                    "id": f"{_ID_PREFIX[entity.type]}{counters[entity.type]}",
                    "type": str(entity.type),
                    "name": entity.name,
                    "aliases": [],
                    "wikidata": entity.wikidata.qid if entity.wikidata else None,
                }
                if entity.type is EntityType.EVENT:
                    merged["date"] = entity.date
                    merged["place"] = None
            local_to_merged[(index, entity.id)] = merged["id"]
            for text in [entity.name, *entity.aliases]:
                if text != merged["name"] and text not in merged["aliases"]:
                    merged["aliases"].append(text)
            if merged["wikidata"] is None and entity.wikidata:
                merged["wikidata"] = entity.wikidata.qid
            if entity.type is EntityType.EVENT:
                merged["date"] = merged["date"] or entity.date
                if entity.place:
                    pending_places.append((merged, index, entity.place))
    for merged, index, place in pending_places:
        if merged["place"] is None:
            merged["place"] = local_to_merged.get((index, place))

    facts: dict[tuple[Any, ...], dict[str, Any]] = {}
    for index, article in enumerate(articles):
        for fact in article.facts:
            out: dict[str, Any] = {"rel": str(fact.rel)}
            for arg in RELATION_ARGS[fact.rel]:
                value = fact.args.get(arg)
                literal = arg in ("role", "date")
                out[arg] = value if literal or value is None else local_to_merged.get(
                    (index, value), value)
            signature = tuple(out.items())
            merged_fact = facts.get(signature)
            if merged_fact is None:
                merged_fact = facts[signature] = out
            if fact.since is not None and "since" not in merged_fact:
                merged_fact["since"] = fact.since
            if fact.field is not None and "field" not in merged_fact:
                merged_fact["field"] = fact.field
            for alias in fact.role_aliases:
                merged_fact.setdefault("role_aliases", [])
                if alias not in merged_fact["role_aliases"]:
                    merged_fact["role_aliases"].append(alias)
            for ev in fact.evidence:
                merged_fact.setdefault("evidence", []).append({
                    "document": ev.doc_id, "sentence": ev.sentence, "start": ev.start,
                    "end": ev.end, "extractor": ev.extractor, "confidence": ev.confidence,
                })
    return {
        "article": article_id,
        "language": articles[0].document.language if articles else "vi",
        "entities": list(by_key.values()),
        "facts": list(facts.values()),
    }


def _source_name(source: str) -> str:
    from graph.text import slugify

    if "://" in source:
        return slugify(source, 80)
    return Path(source).stem


@click.command(name="facts")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for one <file name>.json per input file.")
@click.option("--link/--no-link", "do_link", default=True, show_default=True,
              help="Fill wikidata QIDs with the offline linker.")
def command(inputs: tuple[str, ...], out_dir: Path, do_link: bool) -> None:
    """Write the entities and facts of each input file as gold-shaped JSON."""
    from graph.ingest import ingest

    result = ingest(list(inputs))
    for error in result.errors:
        click.echo(f"skipped {error}", err=True)
    by_source: dict[str, list[Document]] = defaultdict(list)
    for doc in result.documents:
        by_source[doc.source or doc.id].append(doc)
    # Ingestion drops a story or teaser seen earlier in the batch; each file's
    # output must still hold everything that file says, so files are read again
    # one by one.
    for duplicate in result.duplicates:
        source = duplicate.source.rsplit(" (", 1)[0]
        if Path(source).is_file():
            by_source.setdefault(source, [])
    for source in list(by_source):
        if Path(source).is_file():
            by_source[source] = ingest_file(source)
    if not by_source:
        raise click.ClickException("no document to extract facts from")

    out_dir.mkdir(parents=True, exist_ok=True)
    for source, documents in sorted(by_source.items()):
        articles = extract_documents(_story_first(documents))
        if do_link:
            for warning in link_offline(articles):
                if not warning.startswith("linking: offline path"):
                    click.echo(warning, err=True)
        name = _source_name(source)
        data = merged_gold_dict(name, articles)
        target = out_dir / f"{name}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"{target}: {len(data['entities'])} entities, {len(data['facts'])} facts "
                   f"from {len(documents)} document(s)", file=sys.stdout)
