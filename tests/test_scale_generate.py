"""The benchmark corpus generator: deterministic, page-dump shaped, varied."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # bench/ is a folder of scripts, not an installed package
    sys.path.insert(0, str(REPO))

from bench.generate import CorpusGenerator, write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def generator() -> CorpusGenerator:
    return CorpusGenerator(seed=7)


@pytest.fixture(scope="module")
def sample(generator: CorpusGenerator) -> list:
    return list(generator.stream(60))


def test_same_seed_same_corpus_and_prefix_property(sample: list) -> None:
    again = list(CorpusGenerator(seed=7).stream(60))
    assert [a.text for a in again] == [a.text for a in sample]
    assert [a.meta for a in again] == [a.meta for a in sample]
    # Article i depends on (seed, i) only: a slice regenerates the same pages.
    assert [a.id for a in CorpusGenerator(seed=7).stream(10, start=50)] == [a.id for a in sample[50:]]


def test_other_seed_other_corpus(sample: list) -> None:
    other = list(CorpusGenerator(seed=8).stream(5))
    assert [a.text for a in other] != [a.text for a in sample[:5]]


def test_ids_unique_and_shaped_like_the_samples(sample: list) -> None:
    ids = [a.id for a in sample]
    assert len(set(ids)) == len(ids)
    for article in sample:
        number, digest = article.id.split("_")
        assert len(number) == 6 and len(digest) == 16
        assert article.meta["id"] == article.id
        assert article.meta["language"] == "vi"
        assert article.meta["title"] in article.text.splitlines()


def test_pages_carry_noise_teasers_and_facts(sample: list) -> None:
    texts = [a.text for a in sample]
    # Teasers: the "(Ngày Nay) -" lead after a headline, on most pages.
    assert sum("(Ngày Nay) -" in t for t in texts) > len(texts) // 2
    # Page furniture from the samples' genres: menus, link lists, footers.
    assert any("Skip to content" in t for t in texts)
    assert any("Tin khác" in t or "Tin mới nhất" in t or "Bài viết cùng chủ đề" in t for t in texts)
    assert any("Quên mật khẩu?" in t or "Kinh doanh" in t for t in texts)
    # Main story: people with posts in organisations, an event in a city.
    for article in sample:
        truth = article.truth
        assert truth["roles"], article.id
        name, post, org = truth["roles"][0]
        assert name in article.text or (name.rsplit(" ", 1)[0] in article.text)
        assert f"tại {truth['city_phrase']}," in article.text
        assert truth["city"] in truth["city_phrase"] or truth["city_phrase"] in ("TP.HCM", "TP Hồ Chí Minh")
        assert len(article.text) > 1500


def test_names_and_places_vary(sample: list) -> None:
    people = {name for a in sample for name, _, _ in a.truth["roles"]}
    cities = {a.truth["city"] for a in sample}
    posts = {post for a in sample for _, post, _ in a.truth["roles"]}
    surnames = {name.split()[0] for name in people}
    assert len(people) > 80
    assert len(cities) > 15
    assert len(posts) > 8
    assert len(surnames) > 8
    # No doubled syllables such as "Nguyễn Thị Hải Hải".
    assert all(len(set(n.split())) == len(n.split()) for n in people)


def test_foreign_cities_come_with_their_vietnamese_country_name(generator: CorpusGenerator) -> None:
    foreign = generator.world.lex.foreign_cities
    assert len(foreign) > 100
    names = {c.name: c.country for c in foreign}
    assert names.get("Tokyo") == "Nhật Bản"
    assert names.get("Paris") == "Pháp"
    assert names.get("Bình Nhưỡng") == "Triều Tiên"


def test_mutation_changes_text_not_identity(generator: CorpusGenerator, sample: list) -> None:
    changed = generator.mutate(sample[3])
    assert changed.id == sample[3].id and changed.meta == sample[3].meta
    assert changed.text != sample[3].text
    assert len(changed.truth["roles"]) == len(sample[3].truth["roles"]) + 1


def test_written_corpus_uses_the_sample_layout(tmp_path: Path) -> None:
    ids = write_corpus(4, tmp_path, seed=7)
    for article_id in ids:
        text = (tmp_path / f"{article_id}.txt").read_text(encoding="utf-8")
        meta = json.loads((tmp_path / f"{article_id}.meta.json").read_text(encoding="utf-8"))
        assert meta["id"] == article_id and meta["title"] in text
    assert len(list(tmp_path.iterdir())) == 8
