"""An incremental rebuild gives the same graph as a clean build of the same corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import CorpusGenerator, write_article, write_corpus  # noqa: E402


def _quads(out: Path) -> list[str]:
    return sorted(line for line in (out / "graph.nq").read_text(encoding="utf-8").splitlines() if line.strip())


def test_incremental_rebuild_equals_clean_build(tmp_path: Path) -> None:
    from graph.pipeline import BuildOptions, build

    # Validation on: pages are validated where they are rendered, and cached as validated.
    options = BuildOptions(jobs=1, link_mode="offline", validate=True, maps=False, progress=False)
    corpus = tmp_path / "corpus"
    ids = write_corpus(14, corpus, seed=5)
    out = tmp_path / "out"
    first = build([str(corpus)], out, options)
    assert first.extracted == first.documents

    # Edit two pages, delete one.
    generator = CorpusGenerator(seed=5)
    for index in (3, 11):
        write_article(generator.mutate(generator.article(index)), corpus)
    gone = ids[7]
    (corpus / f"{gone}.txt").unlink()
    (corpus / f"{gone}.meta.json").unlink()

    second = build([str(corpus)], out, options)
    # Only the two edited pages (and nothing of the unchanged ones) were re-extracted.
    assert 2 <= second.extracted < first.extracted // 4
    assert second.documents < first.documents
    # Pages whose resolved facts did not change come from the page cache.
    assert first.rendered_pages > 10
    assert 2 <= second.rendered_pages < first.rendered_pages // 2

    clean = tmp_path / "clean"
    options_clean = BuildOptions(jobs=1, link_mode="offline", validate=True, maps=False, progress=False, incremental=False)
    clean_result = build([str(corpus)], clean, options_clean)
    assert second.counts == clean_result.counts

    incremental_quads = _quads(out)
    assert incremental_quads == _quads(clean)
    assert not any(gone in q for q in incremental_quads)  # a deleted article leaves nothing behind
    assert any(ids[3] in q for q in incremental_quads)


@pytest.mark.parametrize("jobs", [2])
def test_parallel_build_equals_serial_build(tmp_path: Path, jobs: int) -> None:
    from graph.pipeline import BuildOptions, build

    corpus = tmp_path / "corpus"
    write_corpus(6, corpus, seed=9)
    serial = build([str(corpus)], tmp_path / "serial", BuildOptions(jobs=1, link_mode="offline", validate=False, maps=False, incremental=False))
    parallel = build([str(corpus)], tmp_path / "parallel", BuildOptions(jobs=jobs, link_mode="offline", validate=False, maps=False, incremental=False))
    assert serial.counts == parallel.counts
    assert _quads(tmp_path / "serial") == _quads(tmp_path / "parallel")
