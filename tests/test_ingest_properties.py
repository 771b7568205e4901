"""Property tests: random text and bytes never crash ingestion; failures are IngestErrors."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.ingest import IngestError, ingest
from graph.ingest.pagedump import segment_page

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text shaped like page dumps: Vietnamese words, bullets, tags, blank lines, furniture.
PIECES = st.sampled_from([
    "Hà Nội", "UNESCO", "(Ngày Nay) - ", "  • ", "Bình luận", "0:00 / 0:00", "Tin khác",
    "Bản quyền", "Ảnh: TTXVN", ".", ",", "\n", "\n\n", " ", "|", "![]() |", "ngày 17/10",
    "Chủ tịch UBND thành phố", "Đ", "\u00d0", "o\u0300", "\t", "“", "”",
])
PAGE_LIKE = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=80).map("".join)


def _check(result: object) -> None:
    for error in result.errors:  # type: ignore[attr-defined]
        assert isinstance(error, IngestError)
        assert error.source and error.message and "\n" not in error.message
    for doc in result.documents:  # type: ignore[attr-defined]
        assert doc.text.strip() and doc.id
        assert unicodedata.is_normalized("NFC", doc.text)
        assert "\u00d0" not in doc.text


@SETTINGS
@given(PAGE_LIKE)
def test_segmenter_accounts_for_every_line(text: str) -> None:
    page = segment_page(text)
    used = set(page.story.line_nos) | {n for t in page.teasers for n in t.line_nos}
    dropped = {d.line_no for d in page.dropped}
    assert not used & dropped


SUFFIXES = st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".urls"])


@SETTINGS
@given(st.one_of(PAGE_LIKE, st.text()), SUFFIXES)
def test_random_text_files(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        # No line that looks like a URL: a file of URLs would be fetched from the network.
        offline = "\n".join(ln for ln in text.splitlines() if "http" not in ln.lower())
        path.write_text(offline, encoding="utf-8", errors="surrogatepass")
        _check(ingest([path]))


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.txt"
        path.write_bytes(data)
        result = ingest([path])
        _check(result)
        assert len(result.documents) + len(result.errors) >= 1


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=40), st.dictionaries(st.text(max_size=8),
                                                                  st.text(max_size=60))),
                max_size=6))
def test_random_jsonl_lines(records: list[object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.jsonl"
        lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
        path.write_text("\n".join(ln.replace("\n", " ") for ln in lines), encoding="utf-8",
                        errors="surrogatepass")
        _check(ingest([path]))
