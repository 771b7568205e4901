"""JSON Lines and CSV exports: one story per line or row, field names configurable."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from graph.dates import parse_date_value
from graph.ingest.decode import clean_text
from graph.ingest.readers import Collector, content_id, url_id
from graph.model import Document, DocumentKind

__all__ = ["read_jsonl", "read_csv", "FIELD_CANDIDATES"]

# Names tried, in order, when the option for that field is not set.
FIELD_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "date": ("published", "date", "date_published", "publish_date", "datePublished"),
    "id": ("id", "doc_id", "article_id"),
    "site": ("site", "source_site", "sitename", "source"),
    "language": ("language", "lang"),
}
_SAFE_ID = re.compile(r"^[\w.:\-#]{1,120}$")


def _field(record: Mapping[str, Any], name: str, configured: str | None) -> Any:
    names = (configured,) if configured else FIELD_CANDIDATES[name]
    for key in names:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _record_to_document(
    record: Mapping[str, Any], collector: Collector, *, source: str, where: str, kind: str
) -> None:
    opts = collector.options
    raw_text = _field(record, "text", opts.text_field)
    if not isinstance(raw_text, str) or not raw_text.strip():
        wanted = opts.text_field or "/".join(FIELD_CANDIDATES["text"])
        collector.error(where, f"no text in field {wanted!r} (set --text-field)")
        return
    text = "\n\n".join(p.strip() for p in clean_text(raw_text).split("\n") if p.strip())
    if len(text) < opts.min_story_chars:
        collector.error(where, f"story text too short ({len(text)} characters)")
        return
    url = _field(record, "url", opts.url_field)
    url = str(url) if url else None
    raw_id = _field(record, "id", opts.id_field)
    if raw_id is not None and _SAFE_ID.match(str(raw_id)):
        doc_id = str(raw_id)
    elif raw_id is not None:
        doc_id = content_id(str(raw_id), "id")
    elif url:
        doc_id = url_id(url)
    else:
        doc_id = content_id(text)
    raw_date = _field(record, "date", opts.date_field)
    title = _field(record, "title", opts.title_field)
    site = _field(record, "site", opts.site_field)
    language = _field(record, "language", opts.language_field) or opts.language
    collector.add(Document(
        id=doc_id,
        text=text,
        title=clean_text(str(title)).strip() if title else None,
        language=str(language),
        kind=DocumentKind.STORY,
        source=source,
        url=url,
        site=str(site) if site else None,
        published=parse_date_value(raw_date),
        metadata={"input_kind": kind, "record": where},
    ))


def read_jsonl(text: str, collector: Collector, *, source: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            collector.error(where, f"malformed JSON line ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            collector.error(where, f"JSON line is a {type(record).__name__}, not an object")
            continue
        _record_to_document(record, collector, source=source, where=where, kind="jsonl")


def _rows(text: str, delimiter: str | None) -> Iterable[tuple[int, dict[str, Any]]]:
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, row


def read_csv(text: str, collector: Collector, *, source: str, delimiter: str | None = None) -> None:
    # Story texts are long; the csv module's default field limit is 128 kB.
    csv.field_size_limit(max(csv.field_size_limit(), collector.options.max_bytes))
    try:
        for line_no, row in _rows(text, delimiter):
            if None in row:  # more cells than header columns
                collector.error(f"{source}:{line_no}", "row has more cells than the header")
                continue
            _record_to_document(row, collector, source=source, where=f"{source}:{line_no}",
                                kind="csv")
    except csv.Error as exc:
        collector.error(source, f"malformed CSV ({exc})")
