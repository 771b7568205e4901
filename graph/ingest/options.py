"""Settings of the ingestion stage."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IngestOptions", "USER_AGENT", "DEFAULT_MAX_BYTES"]

USER_AGENT = "newskg/0.1 (+https://github.com/newskg/newskg)"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestOptions:
    # Field names of JSON Lines / CSV exports. None: try the usual names
    # (text/content/body, title/headline, url/link, published/date, id).
    text_field: str | None = None
    title_field: str | None = None
    url_field: str | None = None
    date_field: str | None = None
    id_field: str | None = None
    site_field: str | None = None
    language_field: str | None = None

    language: str = "vi"  # when the input does not say
    max_bytes: int = DEFAULT_MAX_BYTES  # larger files and downloads are refused, not truncated
    segment_pages: bool = True  # split .txt page dumps into story + teasers
    min_story_chars: int = 40  # less than this after cleaning: "no story text"

    # URLs
    timeout: float = 15.0  # seconds, connect and read
    retries: int = 2  # extra attempts after a timeout, a connection error, 429 or 5xx
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    user_agent: str = USER_AGENT
