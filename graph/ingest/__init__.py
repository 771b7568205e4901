"""Ingestion: whatever the user has (page dumps, HTML, URLs, exports) -> clean `Document`s.

    result = ingest(["data/corpus", "links.urls", "export.jsonl"])
    result.documents  # stories and teasers, each with a stable id
    result.errors     # one IngestError per skipped input (or input line)

Each input is read on its own: a bad file, line or URL gives one `IngestError`
naming it, and the rest of the batch goes on. See docs/ingest.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.ingest.options import IngestOptions
from graph.model import Document

__all__ = ["IngestOptions", "IngestError", "IngestResult", "Duplicate", "ingest"]


@dataclass(frozen=True, slots=True)
class IngestError:
    source: str  # the file, file:line or URL that was skipped
    message: str  # one line

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A document not ingested because the same story (text or URL) came earlier."""

    source: str
    duplicate_of: str  # id of the document kept


@dataclass(slots=True)
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest(
    inputs: Sequence[str | Path] | str | Path,
    *,
    options: IngestOptions | None = None,
    cache_dir: str | Path | None = None,
    **overrides: object,
) -> IngestResult:
    """Read every input; keyword overrides replace fields of `options` (e.g. text_field="body").

    With `cache_dir`, what each file yields is cached by its path, size and
    modification/change times (`graph.ingest.filecache`): an unchanged file
    is not read again on the next run."""
    from graph.ingest.readers import Collector, read_input

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    opts = options or IngestOptions()
    if overrides:
        opts = dataclasses.replace(opts, **overrides)  # type: ignore[arg-type]
    collector = Collector(opts)
    if cache_dir is None:
        for item in inputs:
            read_input(item, collector)
        return collector.result()
    from graph.ingest.filecache import IngestCache

    collector.cache = IngestCache(cache_dir)
    try:
        for item in inputs:
            read_input(item, collector)
        collector.cache.retain(collector.cached_paths)
    finally:
        collector.cache.close()
    return collector.result()
