"""Page-dump segmentation: the five sample pages (expectations in tests/data/segmentation)
and unseen pages of the same genre (tests/data/ingest/unseen_page_*.txt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.ingest import ingest
from graph.ingest.pagedump import segment_page
from graph.model import Document, DocumentKind

DATA = Path(__file__).parent / "data"
EXPECTED = sorted((DATA / "segmentation").glob("*.json"))
SHORT_LINE = 25  # must-not lines shorter than this are compared whole, not as substrings


def _paragraph_lines(doc: Document) -> set[str]:
    return {line.strip() for line in doc.text.splitlines() if line.strip()}


def _reaches(line: str, docs: list[Document]) -> bool:
    for doc in docs:
        if len(line) >= SHORT_LINE and (line in doc.text or line == doc.title):
            return True
        if line in _paragraph_lines(doc) or doc.title == line:
            return True
    return False


@pytest.fixture(scope="module")
def sample_documents(sample_corpus: Path) -> dict[str, list[Document]]:
    result = ingest([sample_corpus])
    assert result.errors == []
    pages: dict[str, list[Document]] = {}
    for doc in result.documents:
        pages.setdefault(doc.parent_id or doc.id, []).append(doc)
    return pages


def test_every_sample_has_expectations(sample_corpus: Path) -> None:
    assert {p.stem for p in sample_corpus.glob("*.txt")} == {p.stem for p in EXPECTED}


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.stem)
def test_sample_page(expected_file: Path, sample_documents: dict[str, list[Document]]) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    docs = sample_documents[expected["page"]]
    story, teasers = docs[0], docs[1:]

    assert story.id == expected["page"] and story.kind is DocumentKind.STORY
    want = expected["story"]
    assert story.title == want["title"]
    assert story.text.startswith(want["first"])
    assert story.text.endswith(want["last"])
    for text in want.get("must_contain", []):
        assert text in story.text
    for text in want.get("must_not_contain", []):
        assert text not in story.text, text
    if "byline" in want:
        assert story.metadata["byline"] == want["byline"]

    assert [t.title for t in teasers] == [t["title"] for t in expected["teasers"]]
    pairs = zip(teasers, expected["teasers"], strict=True)
    for number, (teaser, want_teaser) in enumerate(pairs, start=1):
        assert teaser.kind is DocumentKind.TEASER
        assert teaser.parent_id == story.id
        assert teaser.id == f"{story.id}#t{number}"
        assert teaser.source == story.source
        assert teaser.text.startswith(want_teaser["first"])
        for text in want_teaser.get("must_contain", []):
            assert text in teaser.text
        for text in want_teaser.get("must_not_contain", []):
            assert text not in teaser.text

    leaked = [line for line in expected["must_not_reach"] if _reaches(line, docs)]
    assert leaked == []


def test_dropped_lines_are_reported_with_reasons(sample_corpus: Path) -> None:
    page = sample_corpus / "001_a487ae5c576a543b.txt"
    segmentation = segment_page(page.read_text(encoding="utf-8"))
    reasons = {d.reason for d in segmentation.dropped}
    assert {"footer", "headline-only link list", "menu or link list item"} <= reasons
    kept = set(segmentation.story.line_nos)
    assert not kept & {d.line_no for d in segmentation.dropped}


def test_unseen_page_with_other_site_furniture() -> None:
    result = ingest([DATA / "ingest" / "unseen_page_world.txt"])
    story, *teasers = result.documents
    assert story.title == "Thủ tướng Lào thăm chính thức Campuchia"
    assert story.published is not None and story.published.isoformat() == "2025-03-03"
    assert story.metadata["byline"] == "Minh Anh"
    assert story.metadata["source_tag"] == "TTXVN"
    assert story.text.startswith("Sáng 2/3, tại thủ đô Phnôm Pênh")
    assert "Ảnh: TTXVN" in story.text  # a caption with facts stays
    assert story.text.endswith("kỷ niệm quan hệ ngoại giao.")
    assert [t.title for t in teasers] == ["Đà Nẵng tổ chức lễ hội pháo hoa quốc tế 2025"]
    everything = "\n".join(d.text + "\n" + (d.title or "") for d in result.documents)
    for furniture in ("Thời sự", "Trang chủ", "Chia sẻ", "Tin liên quan", "cảng nước sâu",
                      "Giấy phép", "Lý Thường Kiệt", "toasoan@", "0:00", "Minh Anh"):
        assert furniture not in everything, furniture


def test_unseen_page_keeps_subheadings_and_drops_widgets() -> None:
    result = ingest([DATA / "ingest" / "unseen_page_culture.txt"])
    assert len(result.documents) == 1
    story = result.documents[0]
    assert story.title == "Huế khai mạc Festival Nghề truyền thống 2025"
    assert "\n\nTrưng bày sản phẩm gốm\n\n" in story.text  # sub-heading followed by prose
    for furniture in ("Đang tải", "Văn hóa | Thể thao", "Bình luận", "Xem nhiều",
                      "Hội An đón khách", "Bản quyền"):
        assert furniture not in story.text


def test_story_is_stable_when_furniture_is_added(sample_corpus: Path, tmp_path: Path) -> None:
    """Menus before and a footer after a page do not change what is extracted."""
    original = sample_corpus / "003_68832efbdec98677.txt"
    text = original.read_text(encoding="utf-8")
    padded = tmp_path / "padded.txt"
    padded.write_text(
        "Đăng nhập\n  • Thời sự\n  • Kinh tế\n    • Doanh nghiệp\nTrang chủ Thời sự\n\n"
        + text
        + "\n\nTin khác\n\nMột tin khác không có đoạn dẫn\n\nLiên hệ\nĐịa chỉ: 1 Phố Huế\n",
        encoding="utf-8",
    )
    before = {(d.kind, d.title, d.text) for d in segment_docs(original)}
    after = {(d.kind, d.title, d.text) for d in segment_docs(padded)}
    assert after == before


def segment_docs(path: Path) -> list[Document]:
    result = ingest([path], segment_pages=True)
    # ids differ (meta.json vs content hash); compare the content only
    return result.documents


def test_plain_article_without_furniture(tmp_path: Path) -> None:
    article = tmp_path / "clean.txt"
    article.write_text(
        "Hà Nội đón đoàn đại biểu UNESCO\n\n"
        "Sáng 12/3, Chủ tịch UBND thành phố Hà Nội đã tiếp đoàn đại biểu UNESCO.\n\n"
        "Hai bên trao đổi về hợp tác bảo tồn di sản văn hóa của Thủ đô.\n",
        encoding="utf-8",
    )
    (story,) = ingest([article]).documents
    assert story.title == "Hà Nội đón đoàn đại biểu UNESCO"
    assert story.text.startswith("Sáng 12/3") and story.text.endswith("Thủ đô.")


def test_segmentation_date_line_above_title_dates_the_page():
    from graph.ingest.pagedump import segment_page

    page = (
        "Trang chủ\n\nThứ Ba, 04/03/2025 08:30\n\n"
        "Đà Nẵng đón đoàn công tác của tỉnh bạn\n\n"
        "Sáng 3/3, tại TP Đà Nẵng, lãnh đạo thành phố đã tiếp đoàn công tác của tỉnh Quảng Nam. "
        "Hai bên trao đổi về hợp tác phát triển du lịch trong thời gian tới.\n"
    )
    seg = segment_page(page)
    assert seg.page_date == "2025-03-04"
    assert seg.story.title.startswith("Đà Nẵng đón đoàn")
