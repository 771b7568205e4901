"""Date expressions of Vietnamese news text (graph.dates)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.dates import YEAR_WINDOW_DAYS, find_dates, parse_date_value, resolve_year


def only(text: str, published: dt.date | None = None):
    mentions = find_dates(text, published)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


@pytest.mark.parametrize(
    ("text", "span", "value", "precision"),
    [
        ("Ngày 17/10 tại Tokyo (Nhật Bản)", "Ngày 17/10", "--10-17", "day"),
        ("ông Michael Croft (22/10), Thứ trưởng", "22/10", "--10-22", "day"),
        ("Trong không khí đầu xuân, chiều 22/2, Phó Thủ tướng", "chiều 22/2", "--02-22", "day"),
        ("sáng 9/8, đoàn công tác", "sáng 9/8", "--08-09", "day"),
        ("trụ sở UNESCO Paris (Pháp) ngày 22/8/2025, đánh", "ngày 22/8/2025", "2025-08-22", "day"),
        ("Đại học Quốc gia TP.HCM ngày 14/1/2026 đã có", "ngày 14/1/2026", "2026-01-14", "day"),
        ("ban hành 30/11/2021.", "30/11/2021", "2021-11-30", "day"),
        ("Tính đến tháng 6/2019, mạng lưới", "tháng 6/2019", "2019-06", "month"),
        ("Năm 2023, hai thành phố Đà Lạt và Hội An", "Năm 2023", "2023", "year"),
        ("ngày 17 tháng 10 năm 2025 tại Tokyo", "ngày 17 tháng 10 năm 2025", "2025-10-17", "day"),
        ("ngày 17 tháng 10, tại Tokyo", "ngày 17 tháng 10", "--10-17", "day"),
        ("tháng 10 năm 2025", "tháng 10 năm 2025", "2025-10", "month"),
        ("Phố đi bộ hoạt động trở lại từ tối nay 7/5", "tối nay 7/5", "--05-07", "day"),
    ],
)
def test_each_written_form(text: str, span: str, value: str, precision: str) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.precision) == (span, value, precision)


def test_day_month_takes_the_year_of_a_close_publication_date() -> None:
    mention = only("Chiều 16/1 tại Hà Nội", dt.date(2019, 1, 17))
    assert mention.value == "2019-01-16"
    assert mention.year_from_publication


def test_year_boundary_goes_to_the_previous_year() -> None:
    assert only("ngày 30/12", dt.date(2020, 1, 3)).value == "2019-12-30"
    assert only("ngày 2/1", dt.date(2019, 12, 28)).value == "2020-01-02"


def test_far_day_month_keeps_no_year() -> None:
    mention = only("ngày 17/7", dt.date(2019, 1, 17))
    assert mention.value == "--07-17"
    assert not mention.has_year


def test_stated_year_wins_over_publication_date() -> None:
    assert only("ngày 22/8/2025", dt.date(2019, 1, 17)).value == "2025-08-22"


def test_window_is_documented_bound() -> None:
    published = dt.date(2021, 6, 1)
    inside = published + dt.timedelta(days=YEAR_WINDOW_DAYS)
    outside = published + dt.timedelta(days=YEAR_WINDOW_DAYS + 1)
    assert resolve_year(inside.month, inside.day, published) == inside.year
    assert resolve_year(outside.month, outside.day, published) is None


@pytest.mark.parametrize(
    "text",
    [
        "được 3/4 số phiếu",  # a fraction, no date cue
        "kỷ niệm 80 năm thành lập UNESCO (1945–2025)",
        "trong giai đoạn 2023-2030",
        "nội dung 10.000m nữ",
        "điện thoại 024-39434217",
        "ngày 31/2",  # no such day
        "ngày 12/13",  # no such month
        "năm 2023-2030",
    ],
)
def test_non_dates(text: str) -> None:
    assert find_dates(text) == []


def test_several_mentions_in_order_without_overlap() -> None:
    text = "Ngày 14/1, Sở có văn bản; tháng 6/2019 và năm 2023 (22/10)."
    values = [m.value for m in find_dates(text)]
    assert values == ["--01-14", "2019-06", "2023", "--10-22"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-01-17", dt.date(2019, 1, 17)),
        ("2019-01-17T10:30:00+07:00", dt.date(2019, 1, 17)),
        ("2019/01/17", dt.date(2019, 1, 17)),
        ("17/01/2019", dt.date(2019, 1, 17)),
        ("Thứ năm, 17/1/2019 10:30 (GMT+7)", dt.date(2019, 1, 17)),
        ("17 tháng 1 năm 2019", dt.date(2019, 1, 17)),
        ("Thu, 17 Jan 2019 10:00:00 +0700", dt.date(2019, 1, 17)),
        (dt.datetime(2019, 1, 17, 9), dt.date(2019, 1, 17)),
        ("", None),
        ("không rõ", None),
        ("2019-02-30", None),
        (None, None),
        (17, None),
    ],
)
def test_parse_date_value(raw: object, expected: dt.date | None) -> None:
    assert parse_date_value(raw) == expected


@given(st.text(), st.one_of(st.none(), st.dates()))
def test_random_text_gives_consistent_spans(text: str, published: dt.date | None) -> None:
    previous_end = 0
    for mention in find_dates(text, published):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        previous_end = mention.end
