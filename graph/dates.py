"""Dates in Vietnamese news text and in page metadata.

`find_dates` finds the date expressions of a text and gives each an ISO-like
value whose form says how much is known:

| text | value | precision |
| --- | --- | --- |
| "ngày 22/8/2025", "14/1/2026", "ngày 17 tháng 10 năm 2025" | `2025-08-22` | day |
| "ngày 17/10", "(22/10)", "chiều 22/2", "sáng 9/8" | `--10-17` (xsd:gMonthDay) | day |
| the same, page published 17/01/2019, "chiều 16/1" | `2019-01-16` | day |
| "tháng 6/2019", "tháng 6 năm 2019" | `2019-06` | month |
| "năm 2023" | `2023` | year |

A year is never guessed. A day-month without a year takes a year only when the
publication date makes it certain enough: of the candidate years (publication
year - 1, same year, + 1) the date closest to the publication date is taken if
it lies within `YEAR_WINDOW_DAYS` (92 days, about a quarter) of it. News pages
report what happened in the last weeks or announce what comes in the next ones;
further away the year is not certain and the value stays `--MM-DD`.

A bare "d/m" is read as a date only after a date cue ("ngày", "sáng", "chiều",
"hôm", "từ", "đến"…) or inside parentheses, so fractions and scores ("3/4 số
phiếu", "2/3") are not dates. Spans cover the cue word ("chiều 22/2") but not
the parentheses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

__all__ = ["DateMention", "YEAR_WINDOW_DAYS", "find_dates", "parse_date_value", "resolve_year"]

YEAR_WINDOW_DAYS = 92

# Words that announce a date ("ngày 17/10", "chiều 22/2", "rạng sáng 9/8").
_CUE_WORDS = r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|rạng\s+sáng|mùng|mồng)"
# Words after which a bare d/m is a date although they are not part of its span.
_PRECEDING_WORDS = frozenset(
    {"nay", "từ", "đến", "tới", "vào", "trước", "sau", "qua", "mai", "hôm", "đầu", "cuối"}
)
_YEAR = r"(1[89]\d\d|2[01]\d\d)"

_DAY_MONTH_WORDS = re.compile(
    rf"\bngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:\s*(?:,\s*)?năm\s+{_YEAR})?(?!\d)",
    re.IGNORECASE,
)
_DAY_MONTH_NUMERIC = re.compile(
    rf"(?:\b(?P<cue>{_CUE_WORDS})\s+(?:(?:nay|qua|mai)\s+)?)?"
    rf"(?<![\d/.\-])(?P<day>\d{{1,2}})(?P<sep>[/.\-])(?P<month>\d{{1,2}})"
    rf"(?:(?P=sep){_YEAR})?(?![\d/])",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    rf"\btháng\s+(\d{{1,2}})\s*(?:/|-|năm\s+|,\s*năm\s+)\s*{_YEAR}(?!\d)", re.IGNORECASE
)
_YEAR_ONLY = re.compile(rf"\bnăm\s+{_YEAR}(?![\d])(?!\s*[-–—]\s*\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # offsets into the text given to find_dates
    end: int
    text: str
    value: str  # "YYYY-MM-DD", "--MM-DD", "YYYY-MM" or "YYYY"
    precision: str  # "day", "month" or "year"
    year_from_publication: bool = False  # the year came from the page date, not the text

    @property
    def has_year(self) -> bool:
        return not self.value.startswith("--")


def resolve_year(month: int, day: int, published: dt.date | None) -> int | None:
    """The year of a day-month, when the publication date makes it certain."""
    if published is None:
        return None
    best: tuple[int, int] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        distance = abs((candidate - published).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    if best is None or best[0] > YEAR_WINDOW_DAYS:
        return None
    return best[1]


def _valid_day_month(day: int, month: int) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    try:
        dt.date(2000, month, day)  # a leap year, so 29/2 is allowed without a year
    except ValueError:
        return False
    return True


def _day_value(
    day: int, month: int, year: int | None, published: dt.date | None
) -> tuple[str, bool] | None:
    if year is not None:
        try:
            return dt.date(year, month, day).isoformat(), False
        except ValueError:
            return None
    if not _valid_day_month(day, month):
        return None
    resolved = resolve_year(month, day, published)
    if resolved is not None:
        return dt.date(resolved, month, day).isoformat(), True
    return f"--{month:02d}-{day:02d}", False


def _previous_word(text: str, position: int) -> str:
    match = re.search(r"(\w+)\s*$", text[max(0, position - 30) : position])
    return match.group(1).casefold() if match else ""


def _after_paren(text: str, position: int) -> bool:
    """The last non-space character before `position` is "(" (text[:position].rstrip()
    .endswith("("), without copying the text before each number of a long page)."""
    k = position
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k > 0 and text[k - 1] == "("


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Date expressions of `text`, in text order, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(start: int, end: int, value: str, precision: str, inferred: bool = False) -> None:
        taken.append((start, end))
        found.append(DateMention(start, end, text[start:end], value, precision, inferred))

    for match in _DAY_MONTH_WORDS.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
        result = _day_value(day, month, year, published)
        if result and free(*match.span()):
            add(match.start(), match.end(), result[0], "day", result[1])

    for match in _MONTH_YEAR.finditer(text):
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and free(*match.span()):
            add(match.start(), match.end(), f"{year:04d}-{month:02d}", "month")

    for match in _DAY_MONTH_NUMERIC.finditer(text):
        day, month = int(match.group("day")), int(match.group("month"))
        year_text = match.group(len(match.groups()))  # the trailing year group
        year = int(year_text) if year_text else None
        if match.group("sep") != "/" and year is None:
            continue  # "9-8" or "9.8" alone is a range or a number, not a date
        start = match.start() if match.group("cue") else match.start("day")
        if year is None and not match.group("cue"):
            cued = _after_paren(text, start) or _previous_word(text, start) in _PRECEDING_WORDS
            if not cued:
                continue
        if start > 0 and text[start - 1] == "/" or not free(start, match.end()):
            continue
        result = _day_value(day, month, year, published)
        if result:
            add(start, match.end(), result[0], "day", result[1])

    for match in _YEAR_ONLY.finditer(text):
        if free(*match.span()):
            add(match.start(), match.end(), match.group(1), "year")

    found.sort(key=lambda m: m.start)
    return found


_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?!\d)")
_DMY_WORDS = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*,)?\s+năm\s+(\d{4})", re.IGNORECASE)
_YMD_SLASH = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})")


def parse_date_value(value: object) -> dt.date | None:
    """A date from page metadata, or None when it cannot be read.

    Accepts `date`/`datetime` objects, ISO 8601 ("2019-01-17", "2019-01-17T10:00+07:00"),
    "2019/01/17", Vietnamese day-first forms ("17/01/2019", "Thứ năm, 17/1/2019 10:30",
    "17 tháng 1 năm 2019") and RFC 2822 ("Thu, 17 Jan 2019 10:00:00 +0700").
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for pattern, order in (
        (_ISO_PREFIX, "ymd"),
        (_YMD_SLASH, "ymd"),
        (_DMY, "dmy"),
        (_DMY_WORDS, "dmy"),
    ):
        match = pattern.search(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None
