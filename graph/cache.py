"""On-disk cache of extraction results, for incremental rebuilds.

Extraction is a pure function of one document, so its result can be reused
whenever the same document meets the same extractor. An entry's key is the
SHA-256 of the extractor version and the whole document (text, title, dates,
metadata: anything extraction may read), so a changed article is a miss and
is re-extracted, an unchanged one is a hit, and an article that is gone is
simply never asked for (`retain` then drops its entry).

Everything after extraction (resolution, linking, RDF) is re-run over all
articles by the pipeline: those stages are global (one person's key depends
on every article naming them), and cheap next to extraction.

Storage: one SQLite file, `<out>/cache/extract.sqlite`, holding zlib-compressed
JSON (`graph.serialize`) without the document text (the caller holds an equal
document: that is what the key says). SQLite gives atomic commits, so a build
killed half-way leaves a usable cache.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from graph.model import ArticleFacts, Document
from graph.serialize import FORMAT_VERSION, article_facts_from_json, article_facts_to_json, document_to_dict
from graph.sqlitecache import SqliteCache

if TYPE_CHECKING:
    from graph.pages import RenderedPage

__all__ = ["ExtractionCache", "PageCache", "document_key", "extractor_version"]

PACKAGE_DIR = Path(__file__).resolve().parent

# What extraction reads: its own code, the model and text helpers it uses, and
# the lexicons/gazetteer data. The Wikidata extract is for linking, which is
# re-run on every build, so it is left out.
_EXTRACTOR_SOURCES = (
    "extract",
    "model.py",
    "text.py",
    "dates.py",
    "gazetteer.py",
    "data/lexicons",
    "data/gazetteer",
)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of the extractor's code and data: any edit invalidates the cache."""
    digest = hashlib.sha256(f"serialize-format:{FORMAT_VERSION}".encode())
    try:  # an explicit version, if the extractor declares one
        import graph.extract as extract_module

        digest.update(str(getattr(extract_module, "EXTRACTOR_VERSION", "")).encode())
    except ImportError:
        pass
    for rel in _EXTRACTOR_SOURCES:
        path = PACKAGE_DIR / rel
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.exists() or "__pycache__" in file.parts or file.suffix == ".pyc":
                continue
            digest.update(str(file.relative_to(PACKAGE_DIR)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def document_key(doc: Document, version: str | None = None) -> str:
    payload = json.dumps(document_to_dict(doc), ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256((version or extractor_version()).encode())
    digest.update(b"\0")
    digest.update(payload.encode("utf-8"))
    return digest.hexdigest()


class ExtractionCache(SqliteCache):
    """Extraction results by document key. Not shared between processes:
    the engine's parent process is the only reader and writer."""

    FILENAME = "extract.sqlite"
    TABLE = "extraction"
    SCHEMA = "CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, doc_id TEXT, payload BLOB)"

    def __init__(self, root: str | Path) -> None:
        super().__init__(root)
        self.version = extractor_version()

    # -- entries ------------------------------------------------------------

    def key(self, doc: Document) -> str:
        return document_key(doc, self.version)

    def get(self, key: str, doc: Document) -> ArticleFacts | None:
        """The cached result for `doc` (whose key is `key`), or None; counts hits and misses."""
        row = self._connect().execute("SELECT payload FROM extraction WHERE key = ?", (key,)).fetchone()
        if row is not None:
            try:
                article = article_facts_from_json(zlib.decompress(row[0]), document=doc)
            except (ValueError, KeyError, TypeError, zlib.error):
                article = None  # an entry from an older layout: re-extract
            if article is not None:
                self.hits += 1
                return article
        self.misses += 1
        return None

    def put(self, key: str, article: ArticleFacts) -> None:
        payload = zlib.compress(article_facts_to_json(article, include_document=False).encode("utf-8"), 1)
        self._connect().execute(
            "INSERT OR REPLACE INTO extraction (key, doc_id, payload) VALUES (?, ?, ?)",
            (key, article.document.id, payload),
        )


class PageCache(SqliteCache):
    """Rendered RDF of a page (a story and its teasers) by `graph.pages.page_key`:
    the page's N-Quads, the writer's skip notes, whether the page passed
    validation, and what is made from the N-Quads (TriG, counts, map index:
    see `graph.pages.RenderedPage`). Same SQLite file as the extraction
    results, own table."""

    FILENAME = ExtractionCache.FILENAME
    TABLE = "pages"
    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, validated INTEGER, skipped TEXT,"
        " nquads BLOB, trig BLOB, stats BLOB, map_index BLOB)"
    )
    _COLUMNS = ("key", "validated", "skipped", "nquads", "trig", "stats", "map_index")

    def _create(self, conn: sqlite3.Connection) -> None:
        columns = tuple(row[1] for row in conn.execute("PRAGMA table_info(pages)"))
        if columns and columns != self._COLUMNS:  # a table of an older layout: start again
            conn.execute("DROP TABLE pages")
        conn.execute(self.SCHEMA)

    def get_page(self, key: str, *, validated: bool) -> RenderedPage | None:
        """A cached page; a page cached by a build without validation is a
        miss for a build that validates."""
        from graph.pages import RenderedPage

        row = self._connect().execute(
            "SELECT validated, skipped, nquads, trig, stats, map_index FROM pages WHERE key = ?", (key,)
        ).fetchone()
        if row is not None and (row[0] or not validated):
            try:
                found = RenderedPage(
                    nquads=zlib.decompress(row[2]).decode("utf-8"),
                    skipped=json.loads(row[1]),
                    trig=zlib.decompress(row[3]).decode("utf-8"),
                    stats=row[4],
                    map_index=row[5],
                )
            except (ValueError, TypeError, zlib.error):
                found = None
            if found is not None:
                self.hits += 1
                return found
        self.misses += 1
        return None

    def put_page(self, key: str, page: RenderedPage, *, validated: bool) -> None:
        self._connect().execute(
            "INSERT OR REPLACE INTO pages (key, validated, skipped, nquads, trig, stats, map_index)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                int(validated),
                json.dumps(page.skipped, ensure_ascii=False),
                zlib.compress(page.nquads.encode("utf-8"), 1),
                zlib.compress(page.trig.encode("utf-8"), 1),
                page.stats,
                page.map_index,
            ),
        )

    def has_pages(self, keys: Sequence[str], *, validated: bool) -> set[str]:
        """The keys among `keys` with a usable entry (see `get_page`)."""
        conn = self._connect()
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key FROM pages WHERE key IN ({marks})" + (" AND validated = 1" if validated else "")
            found.update(row[0] for row in conn.execute(query, chunk))
        return found
