"""Per-file ingestion cache: unchanged files are replayed, changed files re-read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import graph.ingest.readers as readers
from graph.ingest import ingest
from graph.ingest.filecache import IngestCache
from graph.pipeline import SAMPLE_CORPUS


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    # a duplicate across files (same story text under another name) and a broken file
    first = sorted(corpus.glob("*.txt"))[0]
    shutil.copy(first, corpus / "zz_copy.txt")
    (corpus / "zz_empty.txt").write_text("   \n", encoding="utf-8")
    return corpus


@pytest.fixture
def segmented(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = readers.segment_page

    def counting(text, **kwargs):
        calls.append(text[:40])
        return real(text, **kwargs)

    monkeypatch.setattr(readers, "segment_page", counting)
    return calls


def _summary(result) -> tuple:
    return ([(d.id, d.text, d.title, d.source, d.published, d.kind, dict(d.metadata)) for d in result.documents],
            [str(e) for e in result.errors], [(d.source, d.duplicate_of) for d in result.duplicates])


def test_unchanged_files_are_replayed_with_the_same_documents_errors_and_duplicates(tmp_path: Path, segmented: list[str]) -> None:
    corpus = _corpus(tmp_path)
    plain = ingest([corpus])
    assert plain.duplicates and plain.errors  # the copy and the empty file
    segmented.clear()
    first = ingest([corpus], cache_dir=tmp_path / "cache")
    assert len(segmented) > 0
    assert _summary(first) == _summary(plain)
    segmented.clear()
    second = ingest([corpus], cache_dir=tmp_path / "cache")
    assert segmented == []  # nothing read or segmented again
    assert _summary(second) == _summary(plain)


def test_a_changed_file_or_metadata_is_read_again(tmp_path: Path, segmented: list[str]) -> None:
    corpus = _corpus(tmp_path)
    cache = tmp_path / "cache"
    ingest([corpus], cache_dir=cache)
    page = sorted(corpus.glob("0*.txt"))[1]
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    # Same size and the old modification time: only the change time tells.
    at = text.rindex("n")  # in the story body, not in a menu line
    page.write_text(text[:at] + "m" + text[at + 1 :], encoding="utf-8")  # same size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    segmented.clear()
    result = ingest([corpus], cache_dir=cache)
    assert len(segmented) == 1
    clean = ingest([corpus])
    assert _summary(result) == _summary(clean)

    meta = page.with_name(page.stem + ".meta.json")
    meta.write_text(meta.read_text(encoding="utf-8").replace('"title"', '"title_old"', 1) + " ", encoding="utf-8")
    segmented.clear()
    result = ingest([corpus], cache_dir=cache)
    assert len(segmented) == 1
    assert _summary(result) == _summary(ingest([corpus]))


def test_a_deleted_file_is_gone_from_the_documents_and_the_cache(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    cache = tmp_path / "cache"
    ingest([corpus], cache_dir=cache)
    entries = len(IngestCache(cache))
    gone = sorted(corpus.glob("0*.txt"))[2]
    ids = {d.id for d in ingest([corpus]).documents if d.source == str(gone)}
    assert ids
    gone.unlink()
    result = ingest([corpus], cache_dir=cache)
    assert not ids & {d.id for d in result.documents}
    assert len(IngestCache(cache)) == entries - 1
