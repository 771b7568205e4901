"""Shared fixtures. Area-specific fixtures live in the test module that uses them."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = REPO / "data" / "corpus"
# CI clones the repo with shared/ beside it; a developer's checkout has ../shared too.
SHARED_CANDIDATES = [REPO.parent / "shared", REPO.parent.parent / "shared"]
# The same gold, bundled, for checkouts without shared/ (see its NOTES.md).
BUNDLED_GOLD = REPO / "tests" / "data" / "sample_gold"


def _shared() -> Path | None:
    for cand in SHARED_CANDIDATES:
        if (cand / "gold").is_dir():
            return cand
    return None


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return SAMPLE_CORPUS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    shared = _shared()
    if shared is None:
        pytest.skip("shared/ (gold facts, Wikidata extract) is not beside the checkout")
    return shared


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    shared = _shared()
    return shared / "gold" if shared is not None else BUNDLED_GOLD
