"""URLs: polite fetching (User-Agent, timeout, retries with backoff, size limit)."""

from __future__ import annotations

import time

import requests

from graph.ingest.decode import UnreadableInput, clean_text, decode_bytes
from graph.ingest.readers import Collector, read_page_text

__all__ = ["fetch", "read_url", "FetchError"]

_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL could not be fetched; the message is one line."""


def fetch(url: str, collector: Collector) -> tuple[bytes, str]:
    """(body, content type) of a URL, or FetchError after the allowed retries."""
    options = collector.options
    headers = {"User-Agent": options.user_agent, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"}
    last_problem = "no attempt"
    for attempt in range(options.retries + 1):
        if attempt:
            time.sleep(options.backoff * 2 ** (attempt - 1))
        try:
            with requests.get(url, headers=headers, timeout=options.timeout, stream=True) as resp:
                if resp.status_code in _RETRY_STATUS:
                    last_problem = f"HTTP {resp.status_code} {resp.reason or ''}".strip()
                    continue
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason or ''}".strip())
                body = bytearray()
                for chunk in resp.iter_content(64 * 1024):
                    body.extend(chunk)
                    if len(body) > options.max_bytes:
                        raise FetchError(
                            f"response over the {options.max_bytes / 2**20:.1f} MB limit"
                            " (--max-size)"
                        )
                return bytes(body), resp.headers.get("Content-Type", "")
        except requests.Timeout:
            last_problem = f"timed out after {options.timeout:g} s"
        except requests.ConnectionError as exc:
            last_problem = f"connection failed ({type(exc).__name__})"
        except requests.RequestException as exc:
            raise FetchError(f"request failed: {exc}") from exc
    tries = options.retries + 1
    raise FetchError(f"{last_problem} ({tries} attempt{'s' if tries > 1 else ''})")


def read_url(url: str, collector: Collector) -> None:
    if collector.seen_url(url):
        from graph.ingest import Duplicate

        collector.duplicates.append(Duplicate(url, collector.seen_url(url) or ""))
        return
    try:
        body, content_type = fetch(url, collector)
    except FetchError as exc:
        collector.error(url, str(exc))
        return
    if not body.strip():
        collector.error(url, "empty response")
        return
    try:
        text, _encoding = decode_bytes(body)
    except UnreadableInput as exc:
        collector.error(url, f"unreadable: {exc}")
        return
    head = text.lstrip()[:200].lower()
    if "html" in content_type.lower() or head.startswith(("<!doctype", "<html")):
        from graph.ingest.html import read_html

        read_html(text, collector, source=url, url=url)
    else:
        read_page_text(clean_text(text), collector, source=url, meta={}, url=url,
                       extra={"input_kind": "url"})
