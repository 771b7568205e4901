"""Extraction cache: hits by content hash, misses on any change, pruning, corruption."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graph.cache import ExtractionCache, document_key
from graph.model import ArticleFacts, Document, Entity, EntityType, Evidence, Fact, Relation


def _article(doc: Document) -> ArticleFacts:
    ev = Evidence(doc.id, doc.text[:20], 0, 20, "rules.test", 0.9)
    person = Entity("p1", EntityType.PERSON, "Nguyễn Phương Hòa", ["Nguyễn Phương Hoà"], {"honorific": "TS."}, [ev])
    org = Entity("o1", EntityType.ORGANISATION, "Cục Hợp tác quốc tế", evidence=[ev])
    fact = Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Cục trưởng", "org": "o1"}, [ev])
    return ArticleFacts(doc, [person, org], [fact])


def _doc(i: int, text: str = "Ngày 9/8, tại TP Hạ Long, TS. Nguyễn Phương Hòa, Cục trưởng …") -> Document:
    return Document(id=f"d{i}", text=f"{text} #{i}", title=f"Tin {i}")


def test_hit_after_put_miss_on_any_change(tmp_path: Path) -> None:
    docs = [_doc(i) for i in range(5)]
    with ExtractionCache(tmp_path) as cache:
        for doc in docs:
            assert cache.get(cache.key(doc), doc) is None
            cache.put(cache.key(doc), _article(doc))
        cache.commit()
        assert (cache.hits, cache.misses) == (0, 5)

    with ExtractionCache(tmp_path) as cache:  # a later build: a fresh object, same folder
        for doc in docs:
            assert cache.get(cache.key(doc), doc) == _article(doc)
        assert (cache.hits, cache.misses) == (5, 0)
        # Text, title, metadata or date changed: a different key, so a miss.
        for changed in (
            dataclasses.replace(docs[0], text=docs[0].text + "!"),
            dataclasses.replace(docs[0], title="Khác"),
            dataclasses.replace(docs[0], metadata={"site": "x"}),
        ):
            assert cache.key(changed) != cache.key(docs[0])
            assert cache.get(cache.key(changed), changed) is None
        assert cache.misses == 3


def test_key_depends_on_extractor_version() -> None:
    doc = _doc(1)
    assert document_key(doc, "v1") == document_key(doc, "v1")
    assert document_key(doc, "v1") != document_key(doc, "v2")


def test_hit_returns_the_callers_document_object(tmp_path: Path) -> None:
    doc = _doc(1)
    with ExtractionCache(tmp_path) as cache:
        cache.put(cache.key(doc), _article(doc))
        got = cache.get(cache.key(doc), doc)
        assert got is not None and got.document is doc


def test_retain_drops_deleted_documents(tmp_path: Path) -> None:
    docs = [_doc(i) for i in range(4)]
    with ExtractionCache(tmp_path) as cache:
        for doc in docs:
            cache.put(cache.key(doc), _article(doc))
        removed = cache.retain(cache.key(d) for d in docs[:3])
        assert removed == 1
        assert len(cache) == 3
        assert cache.get(cache.key(docs[3]), docs[3]) is None
        assert cache.get(cache.key(docs[0]), docs[0]) is not None


def test_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / ExtractionCache.FILENAME).write_bytes(b"this is not a database" * 100)
    doc = _doc(1)
    with ExtractionCache(tmp_path) as cache:
        assert cache.get(cache.key(doc), doc) is None
        cache.put(cache.key(doc), _article(doc))
        cache.commit()
        assert len(cache) == 1
