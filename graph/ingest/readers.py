"""Reading each kind of input into Documents, with ids, duplicates and errors."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from graph.dates import parse_date_value
from graph.ingest.decode import UnreadableInput, clean_text, decode_bytes, is_meaningful
from graph.ingest.options import IngestOptions
from graph.ingest.pagedump import segment_page
from graph.model import Document, DocumentKind
from graph.text import match_key, slugify

__all__ = ["Collector", "read_input", "content_id", "url_id", "normalise_url"]

PAGE_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
URL_LIST_SUFFIXES = {".urls"}
SUPPORTED_SUFFIXES = (
    PAGE_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | URL_LIST_SUFFIXES
)
META_SUFFIX = ".meta.json"
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_TRACKING_PARAM = re.compile(r"^(utm_[a-z]+|fbclid|gclid)=", re.IGNORECASE)


def is_url(value: str) -> bool:
    return bool(_URL.match(value.strip()))


def normalise_url(url: str) -> str:
    """Comparison form of a URL: lower-case host, no fragment, tracking or trailing slash."""
    parts = urlsplit(url.strip())
    query = "&".join(q for q in parts.query.split("&") if q and not _TRACKING_PARAM.match(q))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def content_id(text: str, stem: str | None = None) -> str:
    """Stable id from the content (and the file name, for readability)."""
    prefix = slugify(stem, 40) if stem else "doc"
    return f"{prefix}_{_digest(text)}"


def url_id(url: str) -> str:
    parts = urlsplit(normalise_url(url))
    return f"{slugify(parts.netloc + parts.path, 40)}_{_digest(normalise_url(url))}"


def _text_key(text: str) -> str:
    return _digest(match_key(text))


class Collector:
    """Gathers documents and errors; ingests each story once."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.documents: list[Document] = []
        self.errors: list[Any] = []
        self.duplicates: list[Any] = []
        self._by_text: dict[str, str] = {}
        self._by_url: dict[str, str] = {}
        self._ids: set[str] = set()
        self.seen_files: set[Path] = set()
        self.cache: Any = None  # graph.ingest.filecache.IngestCache, on incremental builds
        self.cached_paths: list[str] = []  # files this run read or replayed from the cache
        self._recording: list[tuple[Any, ...]] | None = None  # what the file being read yields

    def error(self, source: str | Path, message: str) -> None:
        from graph.ingest import IngestError

        one_line = " ".join(str(message).split())
        if self._recording is not None:
            self._recording.append(("error", str(source), one_line))
        self.errors.append(IngestError(str(source), one_line))

    def seen_url(self, url: str) -> str | None:
        return self._by_url.get(normalise_url(url))

    def add(self, doc: Document, text_key: str | None = None) -> bool:
        """Add a document unless the same text or URL is already in; False when skipped."""
        if text_key is None:
            text_key = _text_key(doc.text)
        recording = self._recording
        if recording is not None:
            # Recorded before the duplicate check, which depends on the other
            # files: a replay goes through this check again.
            recording.append(("doc", doc, text_key))
            self._recording = None
        try:
            return self._add(doc, text_key)
        finally:
            self._recording = recording

    def _add(self, doc: Document, text_key: str) -> bool:
        from graph.ingest import Duplicate

        earlier = self._by_text.get(text_key) or (doc.url and self.seen_url(doc.url))
        if earlier:
            self.duplicates.append(Duplicate(f"{doc.source} ({doc.id})", earlier))
            return False
        if doc.id in self._ids:
            self.error(doc.source or doc.id, f"id {doc.id!r} is already used by another document")
            return False
        self._ids.add(doc.id)
        self._by_text[text_key] = doc.id
        if doc.url:
            self._by_url[normalise_url(doc.url)] = doc.id
        self.documents.append(doc)
        return True

    def result(self) -> Any:
        from graph.ingest import IngestResult

        return IngestResult(self.documents, self.errors, self.duplicates)


def read_input(item: str | Path, collector: Collector) -> None:
    raw = str(item)
    if isinstance(item, str) and is_url(raw):
        from graph.ingest.web import read_url

        read_url(raw.strip(), collector)
        return
    path = Path(item)
    if path.is_dir():
        _read_folder(path, collector)
    elif path.is_file():
        read_file(path, collector)
    elif path.exists():
        collector.error(path, "not a regular file or folder")
    else:
        collector.error(path, "no such file or folder")


def _read_folder(folder: Path, collector: Collector) -> None:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.endswith(META_SUFFIX)
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        collector.error(folder, "folder has no .txt, .html, .jsonl, .csv or .urls files")
    for path in files:
        read_file(path, collector)


def read_bytes(path: Path, collector: Collector) -> bytes | None:
    """The file's bytes, or None after recording why it cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        collector.error(path, f"cannot read: {exc.strerror or exc}")
        return None
    limit = collector.options.max_bytes
    if size > limit:
        collector.error(
            path,
            f"file is {size / 2**20:.1f} MB, over the {limit / 2**20:.1f} MB limit (--max-size)",
        )
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        collector.error(path, f"cannot read: {exc.strerror or exc}")
        return None
    if not data.strip():
        collector.error(path, "empty file")
        return None
    return data


def read_text_file(path: Path, collector: Collector) -> tuple[str, str] | None:
    data = read_bytes(path, collector)
    if data is None:
        return None
    try:
        text, encoding = decode_bytes(data)
    except UnreadableInput as exc:
        collector.error(path, f"unreadable: {exc}")
        return None
    return clean_text(text), encoding


def read_meta(path: Path, collector: Collector) -> dict[str, Any]:
    """The sibling `<stem>.meta.json` of a file, or {} when there is none or it is broken."""
    meta_path = path.with_name(path.stem + META_SUFFIX)
    if not meta_path.is_file():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        collector.error(meta_path, f"metadata ignored, not valid JSON: {exc}")
        return {}
    if not isinstance(meta, dict):
        collector.error(meta_path, "metadata ignored, not a JSON object")
        return {}
    return meta


def _sniff_kind(path: Path, head: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in URL_LIST_SUFFIXES:
        return "urls"
    start = head.lstrip()[:500].lower()
    if start.startswith(("<!doctype html", "<html")) or ("<body" in start and "<" == start[:1]):
        return "html"
    if suffix not in PAGE_SUFFIXES and start.startswith("{"):
        return "jsonl"
    lines = [ln.strip() for ln in head.splitlines() if ln.strip() and not ln.startswith("#")]
    if lines and all(is_url(ln) for ln in lines):
        return "urls"
    return "page"


def read_file(path: Path, collector: Collector) -> None:
    resolved = path.resolve()
    if resolved in collector.seen_files:
        return  # named twice (e.g. a file and its folder): read once
    collector.seen_files.add(resolved)
    cache = collector.cache
    if cache is None or path.suffix.lower() in URL_LIST_SUFFIXES:
        _read_file(path, collector)
        return
    from graph.ingest.filecache import file_stamp

    key = str(path)
    stamp = file_stamp(path, collector.options)
    events = cache.get(key, stamp) if stamp is not None else None
    if events is not None:
        collector.cached_paths.append(key)
        for event in events:
            if event[0] == "doc":
                collector.add(event[1], event[2])
            else:
                collector.error(event[1], event[2])
        return
    collector._recording = recording = []
    try:
        kind = _read_file(path, collector)
    finally:
        collector._recording = None
    if stamp is not None and kind != "urls":
        cache.put(key, stamp, recording)
        collector.cached_paths.append(key)


def _read_file(path: Path, collector: Collector) -> str | None:
    """Read one file into the collector; returns the kind it was read as."""
    loaded = read_text_file(path, collector)
    if loaded is None:
        return None
    text, encoding = loaded
    kind = _sniff_kind(path, text)
    if kind == "html":
        from graph.ingest.html import read_html

        read_html(text, collector, source=str(path), meta=read_meta(path, collector),
                  stem=path.stem)
    elif kind == "jsonl":
        from graph.ingest.exports import read_jsonl

        read_jsonl(text, collector, source=str(path))
    elif kind == "csv":
        from graph.ingest.exports import read_csv

        delimiter = "\t" if path.suffix.lower() == ".tsv" else None
        read_csv(text, collector, source=str(path), delimiter=delimiter)
    elif kind == "urls":
        from graph.ingest.web import read_url

        urls = [ln.strip() for ln in text.splitlines()
                if ln.strip() and not ln.strip().startswith("#")]
        for number, url in enumerate(urls, start=1):
            if is_url(url):
                read_url(url, collector)
            else:
                collector.error(f"{path}:{number}", f"not an http(s) URL: {url[:80]!r}")
    else:
        read_page_text(text, collector, source=str(path), meta=read_meta(path, collector),
                       stem=path.stem, extra={"encoding": encoding})
    return kind


def read_page_text(
    text: str,
    collector: Collector,
    *,
    source: str,
    meta: dict[str, Any],
    stem: str | None = None,
    url: str | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """A plain-text page (dump or clean article) -> story (+ teasers)."""
    options = collector.options
    if not is_meaningful(text):
        collector.error(source, "no text (only symbols or whitespace)")
        return
    title_hint = meta.get("title") if isinstance(meta.get("title"), str) else None
    url = url or (meta.get("url") if isinstance(meta.get("url"), str) else None)
    published = parse_date_value(meta.get("published"))
    site = meta.get("source_site") or meta.get("site")
    language = meta.get("language") or options.language
    metadata: dict[str, Any] = {"input_kind": "page-dump", **(extra or {})}
    metadata.update({k: v for k, v in meta.items()
                     if k not in {"id", "title", "url", "published", "source_site", "site",
                                  "language"}})

    if options.segment_pages:
        page = segment_page(text, title_hint=title_hint)
        story_text, title = page.story.text, page.story.title
        teasers = page.teasers
        metadata["lines_dropped"] = len(page.dropped)
        metadata["dropped_lines"] = [(d.line_no, d.reason, d.text) for d in page.dropped]
        if page.story.byline:
            metadata["byline"] = page.story.byline
        if page.story.source_tag:
            metadata["source_tag"] = page.story.source_tag
        metadata["teasers"] = len(teasers)
        if published is None and page.page_date:
            published = parse_date_value(page.page_date)
            metadata["published_from"] = "page date line"
    else:
        story_text, title, teasers = text.strip(), title_hint, []

    if len(story_text) < options.min_story_chars and not teasers:
        collector.error(source, "no story text found (only menus, headlines or widgets)")
        return
    page_id = str(meta["id"]) if meta.get("id") else (
        url_id(url) if url else content_id(text, stem)
    )
    story = Document(
        id=page_id, text=story_text, title=title, language=language, kind=DocumentKind.STORY,
        source=source, url=url, site=site, published=published, metadata=metadata,
    )
    if len(story_text) >= options.min_story_chars:
        collector.add(story)
    for number, teaser in enumerate(teasers, start=1):
        teaser_meta: dict[str, Any] = {"input_kind": "teaser", "page_lines": teaser.line_nos}
        if teaser.source_tag:
            teaser_meta["source_tag"] = teaser.source_tag
        if published:
            teaser_meta["page_published"] = published.isoformat()
        collector.add(Document(
            id=f"{page_id}#t{number}", text=teaser.text, title=teaser.title, language=language,
            kind=DocumentKind.TEASER, source=source, site=site, parent_id=page_id,
            metadata=teaser_meta,
        ))
