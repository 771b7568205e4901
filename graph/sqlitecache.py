"""The SQLite file behind each build cache (ingestion, extraction, pages).

One table per cache, keyed by one text column. What the caches share is
here: the connection opened on first use, a file that is not a database
discarded (a cache can always be rebuilt), WAL journaling, and `retain`,
which drops the entries a build no longer asked for. The subclasses say
what an entry holds and how it is read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["SqliteCache"]


class SqliteCache:
    """A table `TABLE` keyed by column `KEY` in the file `FILENAME` under `root`."""

    FILENAME = "cache.sqlite"
    TABLE = "entries"
    KEY = "key"
    SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, payload BLOB)"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.path = self.root / self.FILENAME
        self.hits = 0  # lookups answered / not answered, for the build summary
        self.misses = 0
        self._conn: sqlite3.Connection | None = None

    # -- connection ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError:
                # Not a database (truncated, overwritten): a cache can always be rebuilt.
                self.path.unlink(missing_ok=True)
                self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        self._create(conn)
        return conn

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.execute(self.SCHEMA)

    def commit(self) -> None:
        if self._conn is not None:
            self._conn.commit()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.commit()
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- entries ------------------------------------------------------------

    def retain(self, keys: Iterable[str]) -> int:
        """Drop every entry but `keys` (what this build asked for); returns how many went."""
        conn = self._connect()
        keep = f"keep_{self.TABLE}"
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {keep} (key TEXT PRIMARY KEY)")
        conn.execute(f"DELETE FROM {keep}")
        conn.executemany(f"INSERT OR IGNORE INTO {keep} (key) VALUES (?)", ((k,) for k in keys))
        removed = conn.execute(
            f"DELETE FROM {self.TABLE} WHERE {self.KEY} NOT IN (SELECT key FROM {keep})"
        ).rowcount
        conn.execute(f"DELETE FROM {keep}")
        conn.commit()
        return removed

    def __len__(self) -> int:
        return self._connect().execute(f"SELECT COUNT(*) FROM {self.TABLE}").fetchone()[0]
