"""Linking quality on the sample entities: precision 1.0, recall >= 0.9.

Ground truth is the verified extract (graph/data/wikidata/entities.json); see
`graph.link.quality`. Three inputs, from the most to the least synthetic: the
extract's own surface forms, the gold entities of the sample articles, and
(once extraction is importable) the real pipeline over data/corpus.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graph.link import link
from graph.link.candidates import load_extract, usable_entry
from graph.link.quality import expected_qid, link_quality
from graph.model import ArticleFacts, Document, Entity, EntityType

LINKED = {"Person", "Organisation", "City", "Country"}


def test_link_quality_on_extract_surface_forms() -> None:
    articles = []
    for i, entry in enumerate(e for e in load_extract() if e["type"] in LINKED):
        forms = [f for f in [entry.get("name_in_articles"), *entry.get("surface_forms", [])] if f]
        for j, form in enumerate(dict.fromkeys(forms)):
            doc = Document(id=f"sf-{i}-{j}", text=form)  # not a sample id: no article filter
            articles.append(ArticleFacts(doc, [Entity("e1", EntityType(entry["type"]), form)]))
    link(articles, mode="offline")
    quality = link_quality(articles)
    verified_forms = sum(
        1 for a in articles if expected_qid(a.entities[0], a.document.id) is not None
    )
    assert verified_forms >= 50  # the measurement is over a meaningful set
    assert quality.precision == 1.0, quality.errors
    assert quality.recall >= 0.9, quality.errors
    # every form of an unverified entry stays unlinked
    unverified = {f for e in load_extract() if not usable_entry(e) and e["type"] in LINKED
                  for f in e.get("surface_forms", [])}
    verified = {f for e in load_extract() if usable_entry(e) for f in e.get("surface_forms", [])}
    for article in articles:
        ent = article.entities[0]
        if ent.name in unverified - verified:
            assert ent.wikidata is None, ent.name


def _gold_articles(gold_dir: Path) -> list[ArticleFacts]:
    from graph.evaluate import load_gold

    return [load_gold(p) for p in sorted(gold_dir.glob("*.json"))]


def test_link_quality_on_gold_entities_of_sample_articles(gold_dir: Path) -> None:
    articles = _gold_articles(gold_dir)
    assert articles
    result = link(articles, mode="offline")
    quality = link_quality(articles)
    assert quality.correct + quality.missed >= 30
    assert quality.precision == 1.0, quality.errors
    assert quality.recall >= 0.9, quality.errors
    assert result.report.counts()["Country"]["linked"] >= 1


@pytest.mark.slow
def test_link_quality_on_real_pipeline_over_sample_corpus(sample_corpus: Path) -> None:
    for module in ("graph.ingest", "graph.extract", "graph.resolve"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            pytest.skip(f"{module} is not available yet")
    try:
        from graph.extract import extract
        from graph.ingest import ingest
        from graph.resolve import resolve
    except ImportError as exc:
        pytest.skip(f"pipeline stages not importable yet: {exc}")
    documents = ingest([sample_corpus]).documents
    articles = [extract(doc) for doc in documents]
    resolve(articles)
    link(articles, mode="offline")
    quality = link_quality(articles)
    assert quality.correct + quality.missed >= 20
    assert quality.precision == 1.0, quality.errors
    assert quality.recall >= 0.9, quality.errors
