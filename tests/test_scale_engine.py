"""Extraction engines give the serial result: process pool, Dask cluster, cache."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from graph.cache import ExtractionCache
from graph.engine import extract_all
from graph.model import Document
from graph.serialize import article_facts_to_json

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    from graph.ingest import ingest

    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(12, folder, seed=11)
    documents = list(ingest([str(folder)]).documents)
    assert len(documents) > 12  # pages and their teasers
    return documents


@pytest.fixture(scope="module")
def serial(docs: list[Document]) -> list[str]:
    articles = extract_all(docs, jobs=1, progress=False)
    assert [a.document.id for a in articles] == [d.id for d in docs]
    # A corpus on which "identical" means something: facts were found.
    assert sum(len(a.facts) for a in articles) > len(docs) // 2
    return [article_facts_to_json(a) for a in articles]


def test_serial_run_is_repeatable(docs: list[Document], serial: list[str]) -> None:
    assert [article_facts_to_json(a) for a in extract_all(docs, jobs=1, progress=False)] == serial


def test_process_pool_equals_serial(docs: list[Document], serial: list[str]) -> None:
    pooled = extract_all(docs, jobs=2, progress=False)
    assert [article_facts_to_json(a) for a in pooled] == serial


def test_dask_local_cluster_equals_serial(docs: list[Document], serial: list[str]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, host="127.0.0.1", protocol="tcp://",
        dashboard_address=None,
    ) as cluster:
        on_cluster = extract_all(docs, engine="dask", scheduler=cluster.scheduler_address, progress=False)
    assert [article_facts_to_json(a) for a in on_cluster] == serial


def test_dask_without_scheduler_is_refused(docs: list[Document]) -> None:
    with pytest.raises(ValueError, match="scheduler"):
        extract_all(docs[:1], engine="dask", scheduler=None, progress=False)


def test_cache_reextracts_only_changed_documents(tmp_path: Path, docs: list[Document], serial: list[str]) -> None:
    with ExtractionCache(tmp_path) as cache:
        first = extract_all(docs, jobs=1, progress=False, cache=cache)
        assert (cache.hits, cache.misses) == (0, len(docs))
    assert [article_facts_to_json(a) for a in first] == serial

    changed = list(docs)
    changed[2] = dataclasses.replace(docs[2], text=docs[2].text + "\nThông tin thêm.")
    del changed[5]  # a deleted document
    with ExtractionCache(tmp_path) as cache:
        second = extract_all(changed, jobs=1, progress=False, cache=cache)
        assert (cache.hits, cache.misses) == (len(changed) - 1, 1)
        assert len(cache) == len(changed)  # the deleted document's entry is gone
    expected = extract_all(changed, jobs=1, progress=False)
    assert [article_facts_to_json(a) for a in second] == [article_facts_to_json(a) for a in expected]
