"""Saved HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

from typing import Any

import trafilatura

from graph.dates import parse_date_value
from graph.ingest.decode import clean_text
from graph.ingest.readers import Collector, content_id, url_id
from graph.model import Document, DocumentKind

__all__ = ["read_html", "extract_html"]


def extract_html(html: str, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura's main text + metadata as a dict, or None when the page has no story."""
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
    except (ValueError, TypeError, AttributeError):  # broken markup trafilatura gives up on
        return None
    if not result:
        return None
    return result if isinstance(result, dict) else result.as_dict()


def read_html(
    html: str,
    collector: Collector,
    *,
    source: str,
    meta: dict[str, Any] | None = None,
    stem: str | None = None,
    url: str | None = None,
) -> None:
    meta = meta or {}
    options = collector.options
    extracted = extract_html(html, url=url)
    text = clean_text(extracted.get("text") or "").strip() if extracted else ""
    if len(text) < options.min_story_chars:
        collector.error(source, "HTML page has no story text (trafilatura found no main content)")
        return
    assert extracted is not None
    page_url = meta.get("url") or url or extracted.get("url")
    published = parse_date_value(meta.get("published")) or parse_date_value(extracted.get("date"))
    if meta.get("id"):
        doc_id = str(meta["id"])
    elif page_url:
        doc_id = url_id(page_url)
    else:
        doc_id = content_id(text, stem)
    metadata = {
        "input_kind": "url" if url else "html",
        "author": extracted.get("author"),
        "description": extracted.get("description"),
    }
    language = meta.get("language") or extracted.get("language") or options.language
    collector.add(Document(
        id=doc_id,
        text=text,
        title=meta.get("title") or clean_text(extracted.get("title") or "").strip() or None,
        language=language,
        kind=DocumentKind.STORY,
        source=source,
        url=page_url,
        site=meta.get("source_site") or extracted.get("sitename") or extracted.get("hostname"),
        published=published,
        metadata={k: v for k, v in metadata.items() if v},
    ))
