"""Resolution's linear joins make the same groups as trying every pair."""

from __future__ import annotations

import copy
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from graph import resolve as resolve_module  # noqa: E402
from graph.model import ArticleFacts, Document, Entity, EntityType  # noqa: E402


def _keys(articles: list[ArticleFacts]) -> list[tuple[str, str, str | None, list[str]]]:
    return [(a.document.id, e.id, e.key, list(e.aliases)) for a in articles for e in a.entities]


def _both_ways(articles: list[ArticleFacts], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    linear, pairwise = copy.deepcopy(articles), copy.deepcopy(articles)
    resolve_module.resolve(linear)
    monkeypatch.setattr(resolve_module, "_PAIRWISE_ONLY", True)
    resolve_module.resolve(pairwise)
    return _keys(linear), _keys(pairwise)


def test_generated_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.generate import write_corpus
    from graph.extract import extract
    from graph.ingest import ingest

    folder = Path(tempfile.mkdtemp()) / "corpus"
    write_corpus(25, folder, seed=21)
    articles = [extract(doc) for doc in ingest([str(folder)]).documents]
    linear, pairwise = _both_ways(articles, monkeypatch)
    assert linear == pairwise
    # The corpus names some things in several articles: joins did happen.
    assert len({key for _doc, _id, key, _aliases in linear}) < len(linear)


def _city(entity_id: str, name: str, aliases: list[str]) -> Entity:
    return Entity(entity_id, EntityType.CITY, name, aliases)


def test_alias_joins_with_a_document_that_keeps_two_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = []
    for n in range(6):
        articles.append(ArticleFacts(Document(id=f"a{n}", text="…"), [_city("c1", "Thành phố Hà Nội", ["TP Hà Nội"])], []))
        articles.append(ArticleFacts(Document(id=f"b{n}", text="…"), [_city("c1", "TP Hà Nội", [])], []))
    # One document holds both names as two cities: extraction kept them apart,
    # so the alias join must not merge them (the pairwise path decides).
    articles.append(ArticleFacts(Document(id="z", text="…"), [
        _city("c1", "Thành phố Hà Nội", ["TP Hà Nội"]),
        _city("c2", "TP Hà Nội", []),
    ], []))
    linear, pairwise = _both_ways(articles, monkeypatch)
    assert linear == pairwise
    keys = {(doc, eid): key for doc, eid, key, _ in linear}
    assert keys[("z", "c1")] != keys[("z", "c2")]
    assert keys[("a0", "c1")] == keys[("z", "c1")]
    assert keys[("b5", "c1")] == keys[("z", "c2")]


def test_alias_joins_without_conflict_merge_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = []
    for n in range(5):
        articles.append(ArticleFacts(Document(id=f"a{n}", text="…"), [_city("c1", "Thành phố Hà Nội", ["TP Hà Nội"])], []))
        articles.append(ArticleFacts(Document(id=f"b{n}", text="…"), [_city("c1", "TP Hà Nội", [])], []))
    linear, pairwise = _both_ways(articles, monkeypatch)
    assert linear == pairwise
    assert len({key for _doc, _id, key, _aliases in linear}) == 1
