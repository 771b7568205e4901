"""URLs and URL lists against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph.ingest import IngestOptions, ingest
from graph.ingest.options import USER_AGENT

pytestmark = pytest.mark.server

ARTICLE_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Hà Nội đón đoàn UNESCO</title>
<meta property="article:published_time" content="2019-01-17">
</head><body><nav><a href="/">Trang chủ</a></nav><article><h1>Hà Nội đón đoàn UNESCO</h1>
<p>Chiều 16/1, Chủ tịch UBND thành phố Hà Nội đã tiếp đoàn công tác của UNESCO do Trưởng đại diện
Văn phòng UNESCO tại Việt Nam dẫn đầu, bàn về việc Hà Nội tham gia mạng lưới thành phố sáng tạo.</p>
<p>Hai bên nhất trí phối hợp xây dựng hồ sơ và tổ chức hội thảo chuyên đề trong năm 2019.</p>
</article></body></html>"""

PAGE_DUMP = (
    "Trang chủ Thời sự\n  • Thời sự\n  • Thế giới\nĐà Nẵng mở đường bay mới tới Seoul\n\n"
    "(Báo Mẫu) - Sáng 3/4, Sân bay quốc tế Đà Nẵng đón chuyến bay đầu tiên của đường bay mới "
    "nối Đà Nẵng với Seoul, Hàn Quốc.\n\nBản quyền thuộc về Báo Mẫu\n"
)


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    agents: list[str] = []

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        Handler.agents.append(self.headers.get("User-Agent", ""))
        if self.path.startswith("/article"):
            self._send(200, ARTICLE_HTML, "text/html; charset=utf-8")
        elif self.path == "/dump.txt":
            self._send(200, PAGE_DUMP, "text/plain; charset=utf-8")
        elif self.path == "/flaky":  # fails once, then works: a retry must get it
            if Handler.hits[self.path] == 1:
                self._send(503, "busy", "text/plain")
            else:
                self._send(200, ARTICLE_HTML.replace("Hà Nội đón", "Huế đón"), "text/html")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, ARTICLE_HTML, "text/html")
        elif self.path == "/big":
            self._send(200, "<p>" + "chữ " * 20000 + "</p>", "text/html")
        elif self.path == "/binary":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            self.wfile.write(bytes(range(256)) * 8)
        else:
            self._send(404, "not found", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


FAST = IngestOptions(timeout=0.5, retries=1, backoff=0.05)


def test_html_url(server: str) -> None:
    result = ingest([f"{server}/article/1"], options=FAST)
    (doc,) = result.documents
    assert doc.title == "Hà Nội đón đoàn UNESCO"
    assert doc.url == f"{server}/article/1" and doc.source == doc.url
    assert doc.published is not None and doc.published.isoformat() == "2019-01-17"
    assert "Trang chủ" not in doc.text
    assert Handler.agents[-1] == USER_AGENT


def test_text_url_is_segmented_like_a_dump(server: str) -> None:
    (doc,) = ingest([f"{server}/dump.txt"], options=FAST).documents
    assert doc.title == "Đà Nẵng mở đường bay mới tới Seoul"
    assert doc.text.startswith("Sáng 3/4") and "Bản quyền" not in doc.text


def test_404_timeout_and_binary_are_errors_naming_the_url(server: str) -> None:
    urls = [f"{server}/missing", f"{server}/slow", f"{server}/binary", f"{server}/article/2"]
    result = ingest(urls, options=FAST)
    assert [d.url for d in result.documents] == [f"{server}/article/2"]
    messages = {e.source: e.message for e in result.errors}
    assert messages[f"{server}/missing"].startswith("HTTP 404")
    assert "timed out" in messages[f"{server}/slow"] and "2 attempts" in messages[f"{server}/slow"]
    assert "binary" in messages[f"{server}/binary"]
    assert Handler.hits["/missing"] == 1  # a 404 is not retried


def test_server_error_is_retried(server: str) -> None:
    (doc,) = ingest([f"{server}/flaky"], options=FAST).documents
    assert doc.title == "Huế đón đoàn UNESCO"
    assert Handler.hits["/flaky"] == 2


def test_download_over_size_limit(server: str) -> None:
    result = ingest([f"{server}/big"], options=IngestOptions(max_bytes=10_000, retries=0))
    assert result.documents == [] and "limit" in result.errors[0].message


def test_url_list_file_with_duplicates_and_bad_lines(server: str, tmp_path: Path) -> None:
    url_list = tmp_path / "links.urls"
    url_list.write_text(
        f"# ba bài\n{server}/article/3\n{server}/article/3#comments\nftp://x.example/a\n"
        f"{server}/dump.txt\n",
        encoding="utf-8",
    )
    before = Handler.hits.get("/article/3", 0)
    result = ingest([url_list], options=FAST)
    assert [d.url for d in result.documents] == [f"{server}/article/3", f"{server}/dump.txt"]
    assert Handler.hits["/article/3"] == before + 1  # the duplicate URL is not fetched again
    assert len(result.duplicates) == 1
    assert [e.source for e in result.errors] == [f"{url_list}:3"]


def test_txt_file_of_urls_is_a_url_list(server: str, tmp_path: Path) -> None:
    url_list = tmp_path / "links.txt"
    url_list.write_text(f"{server}/article/4\n", encoding="utf-8")
    (doc,) = ingest([url_list], options=FAST).documents
    assert doc.url == f"{server}/article/4"
