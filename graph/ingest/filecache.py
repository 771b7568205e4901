"""Per-file cache of ingestion, for incremental builds.

Reading a page dump means decoding it, cleaning it and segmenting it into a
story and teasers (`graph.ingest.pagedump`); on an archive of thousands of
files that is most of the ingest stage, and on a rebuild after a few edits
it is the same work again. So what a file yields (its documents, before the
cross-file duplicate check, and its error lines) is kept in
`<out>/cache/ingest.sqlite` under the file's path, with a stamp of

- the file's size, modification and change times (nanoseconds), and those of
  its `<stem>.meta.json` sibling (or its absence);
- the ingestion code and data (`graph/ingest/**`, `text.py`, `dates.py`,
  `model.py`) and the ingest options.

A file whose stamp matches is not read: its documents are replayed through
the collector, so duplicates across files, ids and errors come out as in a
clean run. Any edit (even one that keeps the size and restores the mtime
changes the change time) is a miss, and the file is read again. URL lists
are never cached (their pages live on the network).
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.sqlitecache import SqliteCache

__all__ = ["IngestCache", "file_stamp"]

_GRAPH_DIR = Path(__file__).resolve().parent.parent
_SOURCES = ("ingest", "text.py", "dates.py", "model.py")


@lru_cache(maxsize=1)
def _code_version() -> str:
    digest = hashlib.sha256(b"ingest-cache:1")
    for rel in _SOURCES:
        path = _GRAPH_DIR / rel
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc" or not file.exists():
                continue
            digest.update(str(file.relative_to(_GRAPH_DIR)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def file_stamp(path: Path, options: Any) -> str | None:
    """What a cached reading of `path` depends on; None when the file cannot be stat'ed."""
    from graph.ingest.readers import META_SUFFIX

    own = _stat(path)
    if own is None:
        return None
    meta = _stat(path.with_name(path.stem + META_SUFFIX))
    return f"{_code_version()}|{options!r}|{own}|{meta}"


class IngestCache(SqliteCache):
    """Documents and errors of each input file, by path and stamp."""

    FILENAME = "ingest.sqlite"
    TABLE = "files"
    KEY = "path"
    SCHEMA = "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT, payload BLOB)"

    def get(self, path: str, stamp: str) -> list[tuple[Any, ...]] | None:
        """The recorded events of `path` (see `graph.ingest.readers.Collector`), or None."""
        row = self._connect().execute("SELECT stamp, payload FROM files WHERE path = ?", (path,)).fetchone()
        if row is not None and row[0] == stamp:
            try:
                events = pickle.loads(zlib.decompress(row[1]))
            except Exception:  # noqa: BLE001 - an unreadable entry is a miss
                events = None
            if events is not None:
                self.hits += 1
                return events
        self.misses += 1
        return None

    def put(self, path: str, stamp: str, events: list[tuple[Any, ...]]) -> None:
        payload = zlib.compress(pickle.dumps(events, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self._connect().execute(
            "INSERT OR REPLACE INTO files (path, stamp, payload) VALUES (?, ?, ?)", (path, stamp, payload)
        )
