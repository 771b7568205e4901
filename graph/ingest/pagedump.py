"""Split a saved news page (plain-text dump) into its story and its teasers.

A dump holds the whole page: menus, breadcrumbs, the story, photo captions,
cards of other stories ("teasers": a headline, often shown twice, then a lead
paragraph usually tagged "(Ngày Nay) -"), headline-only link lists, footers and
widgets. Every line is first given a *shape* from generic cues (bullet, length,
sentence punctuation, source tag, photo credit, known furniture phrases from
`boilerplate_vi.txt`); a small state machine then walks the lines:

- everything before the title is page header (menus, logo, breadcrumb);
- after the title come story paragraphs; a sub-heading stays when prose follows it;
- a headline followed by a tagged lead, or shown twice and followed by prose,
  or followed by prose inside a link list, starts a teaser; the story ends there;
- a short caption line glued (no blank line) to a teaser headline belongs to
  that teaser, since teaser cards put their picture first;
- a link-list header ("Tin khác") drops the headlines after it; a footer cue
  ("Bản quyền…", "Liên hệ") drops the short lines after it.

Every dropped line is kept with its reason, so a page can be audited
(`newskg ingest --dropped`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from graph.dates import parse_date_value
from graph.ingest.boilerplate import Boilerplate, load_boilerplate, phrase_key

__all__ = ["DroppedLine", "Segment", "PageSegmentation", "segment_page"]

_BULLET = re.compile(r"^\s*[•●◦▪‣∙·]\s*")
_DASH_BULLET = re.compile(r"^\s*[-*+]\s+")
# "(Ngày Nay) -", "[TTXVN] –": a dateline tag that opens a lead paragraph.
_SOURCE_TAG = re.compile(r"^\s*[(\[]\s*([^()\[\]\n]{2,40}?)\s*[)\]]\s*[-–—]\s*")
# A photo credit ends a caption: "… Ảnh: Phạm Kiên/TTXVN", "(Ảnh: Tuấn Anh) |".
_PHOTO_CREDIT = re.compile(
    r"(?:^|[\s(.])(?:ảnh|nguồn ảnh|photo|ảnh minh họa|ảnh minh hoạ)\s*:\s*[^()]{1,60}\)?\s*\|?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"""[.!?…;:]["'”’»)\]]*\s*$""")
# "Thứ Hai, 03/03/2025 09:15", "17/01/2019 | 10:30 GMT+7": the page's own date line.
_FULL_DATE = re.compile(r"(?<!\d)\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}(?!\d)|\d{4}-\d{2}-\d{2}")
DATE_LINE_MAX_WORDS = 10
_TRAILING_PIPE = re.compile(r"\s*\|\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

PROSE_MIN_WORDS = 8  # a sentence-ending line this long is prose, not a heading
LONG_PROSE_WORDS = 40  # so long that it is prose even without a final stop
CAPTION_MAX_WORDS = 30  # a line glued to a teaser headline: its picture caption
BYLINE_MAX_WORDS = 4


class Shape(Enum):
    BLANK = "blank"
    DROP = "drop"
    DATE_LINE = "date-line"
    LIST_HEADER = "list-header"
    FOOTER = "footer"
    HEADLINE = "headline"
    LEAD = "lead"  # prose opened by a source tag
    CAPTION = "caption"
    PROSE = "prose"


@dataclass(frozen=True, slots=True)
class DroppedLine:
    line_no: int  # 1-based, in the dump
    text: str
    reason: str


@dataclass(slots=True)
class Segment:
    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    line_nos: list[int] = field(default_factory=list)
    source_tag: str | None = None
    byline: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(slots=True)
class PageSegmentation:
    story: Segment
    teasers: list[Segment]
    dropped: list[DroppedLine]
    page_date: str | None = None  # ISO date read from the page's date line, if any


@dataclass(slots=True)
class _Line:
    no: int
    raw: str
    text: str
    shape: Shape
    reason: str = ""
    glued_to_next: bool = False  # no blank line between this line and the next content line


def _clean(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _words(text: str) -> int:
    return len(text.split())


def _is_prose(text: str) -> bool:
    words = _words(text)
    return words >= LONG_PROSE_WORDS or (
        words >= PROSE_MIN_WORDS and _SENTENCE_END.search(text) is not None
    )


def _is_byline(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= BYLINE_MAX_WORDS
        and all(w[:1].isupper() and w.isalpha() for w in words)
    )


def _doubled(text: str) -> bool:
    """A logo or site name printed twice in one line: "Cục XCục X"."""
    half, rest = divmod(len(text), 2)
    return rest == 0 and half > 3 and text[:half] == text[half:]


def _shape(raw: str, previous_bullet: bool, boilerplate: Boilerplate) -> tuple[Shape, str, str]:
    text = _clean(raw)
    if not text:
        return Shape.BLANK, text, ""
    prose = _is_prose(text)
    if boilerplate.is_widget_line(text):
        return Shape.DROP, text, "widget or media residue"
    if _BULLET.match(raw) or (_DASH_BULLET.match(raw) and not prose):
        return Shape.DROP, text, "menu or link list item"
    if previous_bullet and raw[:1].isspace() and not prose:
        return Shape.DROP, text, "menu item (continued)"
    if _words(text) <= DATE_LINE_MAX_WORDS and _FULL_DATE.search(text) and not prose:
        return Shape.DATE_LINE, text, "date line (kept in metadata)"
    if _doubled(text):
        return Shape.DROP, text, "site name or logo"
    if not (prose and _words(text) > 15):
        if boilerplate.is_list_header(text):
            return Shape.LIST_HEADER, text, "headline-only link list"
        if boilerplate.is_footer_start(text):
            return Shape.FOOTER, text, "footer"
        if boilerplate.is_furniture_phrase(text):
            return Shape.DROP, text, "navigation or widget"
    if _TRAILING_PIPE.search(text):
        # Table-cell residue of a saved page: keep captions and prose, drop link rows.
        stripped = _TRAILING_PIPE.sub("", text)
        if _PHOTO_CREDIT.search(stripped) or _is_prose(stripped):
            text = stripped
        else:
            return Shape.DROP, text, "related-links row"
    if _PHOTO_CREDIT.search(text):
        return Shape.CAPTION, text, ""
    if _SOURCE_TAG.match(text) and _words(text) >= PROSE_MIN_WORDS:
        return Shape.LEAD, text, ""
    if prose:
        return Shape.PROSE, text, ""
    if _SENTENCE_END.search(text) and not text.endswith(":"):
        return Shape.CAPTION, text, ""  # a short sentence: a caption or a one-line remark
    return Shape.HEADLINE, text, ""


def _classify(text: str, boilerplate: Boilerplate) -> list[_Line]:
    lines: list[_Line] = []
    previous_bullet = False
    for no, raw in enumerate(text.splitlines(), start=1):
        shape, clean, reason = _shape(raw, previous_bullet, boilerplate)
        if shape is not Shape.BLANK:
            previous_bullet = reason.startswith("menu")
        lines.append(_Line(no, raw, clean, shape, reason))
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        line.glued_to_next = following is not None and following.shape is not Shape.BLANK
    return lines


def _find_title(lines: list[_Line], title_hint: str | None) -> int | None:
    """Index of the title line: the metadata title, else the heading before the first prose."""
    first_prose = next(
        (i for i, ln in enumerate(lines) if ln.shape in (Shape.PROSE, Shape.LEAD)), None
    )
    if title_hint:
        key = phrase_key(title_hint)
        matches = [i for i, ln in enumerate(lines) if ln.text and phrase_key(ln.text) == key]
        before = [i for i in matches if first_prose is None or i < first_prose]
        if before:
            return before[-1]
        if matches:
            return matches[0]
    if first_prose is None:
        return None
    for i in range(first_prose - 1, -1, -1):
        line = lines[i]
        if line.shape is Shape.HEADLINE and not _is_byline(line.text) and _words(line.text) >= 3:
            return i
        if line.shape in (Shape.PROSE, Shape.LEAD, Shape.LIST_HEADER, Shape.FOOTER):
            break
    return None


def segment_page(
    text: str, *, title_hint: str | None = None, boilerplate: Boilerplate | None = None
) -> PageSegmentation:
    """Segment one page dump. `title_hint` is the page title from metadata, if known."""
    boilerplate = boilerplate or load_boilerplate()
    lines = _classify(text, boilerplate)
    dropped: list[DroppedLine] = []

    def drop(line: _Line, reason: str) -> None:
        dropped.append(DroppedLine(line.no, line.text, reason))

    title_index = _find_title(lines, title_hint)
    start = 0
    title = title_hint
    header_date: str | None = None  # a date line above the title dates the page too
    if title_index is not None:
        title = lines[title_index].text
        for line in lines[:title_index]:
            if line.shape is not Shape.BLANK:
                drop(line, line.reason or "page header before the title")
            if line.shape is Shape.DATE_LINE and header_date is None:
                found = parse_date_value(_FULL_DATE.search(line.text).group(0))  # type: ignore[union-attr]
                header_date = found.isoformat() if found else None
        start = title_index + 1
    story = Segment(title=title)
    title_key = phrase_key(title) if title else None

    content = [i for i in range(start, len(lines)) if lines[i].shape is not Shape.BLANK]

    def next_content(pos: int, skip_same_as: str | None = None) -> tuple[int | None, bool]:
        """Position in `content` after pos, skipping one repeat of a headline."""
        nxt = pos + 1
        repeated = False
        if skip_same_as is not None and nxt < len(content):
            if lines[content[nxt]].text == skip_same_as:
                nxt += 1
                repeated = True
        return (nxt if nxt < len(content) else None), repeated

    def teaser_start(pos: int, in_list: bool) -> bool:
        line = lines[content[pos]]
        if line.shape is not Shape.HEADLINE:
            return False
        nxt, repeated = next_content(pos, skip_same_as=line.text)
        if nxt is None:
            return False
        follower = lines[content[nxt]].shape
        return follower is Shape.LEAD or (
            follower is Shape.PROSE and (repeated or in_list)
        )

    mode = "story"  # "story", "teasers", "list", "footer"
    teasers: list[Segment] = []
    current: Segment | None = None  # the teaser being filled
    pending_captions: list[_Line] = []
    story_has_text = False
    pos = 0
    page_date: str | None = header_date
    while pos < len(content):
        line = lines[content[pos]]
        shape = line.shape
        if shape is Shape.DROP:
            drop(line, line.reason)
        elif shape is Shape.DATE_LINE:
            drop(line, line.reason)
            if page_date is None and mode == "story" and not story_has_text:
                found = parse_date_value(_FULL_DATE.search(line.text).group(0))  # type: ignore[union-attr]
                page_date = found.isoformat() if found else None
        elif title_key and shape is Shape.HEADLINE and phrase_key(line.text) == title_key:
            drop(line, "title repeated")
        elif shape is Shape.LIST_HEADER:
            drop(line, line.reason)
            mode, current = "list", None
        elif shape is Shape.FOOTER:
            drop(line, line.reason)
            mode, current = "footer", None
        elif (
            shape is Shape.HEADLINE
            and (mode != "story" or story_has_text)  # the first lead after the title is the story's
            and teaser_start(pos, in_list=mode == "list")
        ):
            nxt, repeated = next_content(pos, skip_same_as=line.text)
            if repeated:
                drop(lines[content[pos + 1]], "teaser headline repeated")
            lead_line = lines[content[nxt]] if nxt is not None else None
            current = Segment(title=line.text)
            if lead_line is not None:
                current.paragraphs.append(_strip_tag(lead_line.text, current))
                current.line_nos.append(lead_line.no)
            for caption in pending_captions:
                current.paragraphs.append(caption.text)
                current.line_nos.append(caption.no)
            pending_captions = []
            teasers.append(current)
            if mode == "story":
                mode = "teasers"
            pos = nxt if nxt is not None else pos
        elif shape is Shape.HEADLINE:
            nxt = pos + 1
            follower = lines[content[nxt]].shape if nxt < len(content) else None
            if mode == "story" and not story_has_text and _is_byline(line.text):
                story.byline = line.text
                drop(line, "byline (kept in metadata)")
            elif mode == "story" and follower in (Shape.PROSE, Shape.LEAD, Shape.CAPTION):
                story.paragraphs.append(line.text)  # a sub-heading of the story
                story.line_nos.append(line.no)
            elif mode == "story" and story_has_text and _is_byline(line.text):
                story.byline = story.byline or line.text
                drop(line, "byline (kept in metadata)")
            elif mode == "footer":
                drop(line, "footer")
            else:
                drop(line, "headline without a lead")
        else:  # PROSE, LEAD, CAPTION
            if _glued_caption(lines, content, pos, line, mode):
                pending_captions.append(line)
            elif mode == "footer" and not _is_prose(line.text):
                drop(line, "footer")
            elif current is not None and mode in ("teasers", "list"):
                current.paragraphs.append(_strip_tag(line.text, current))
                current.line_nos.append(line.no)
            elif mode == "story" or mode == "footer" or current is None:
                story.paragraphs.append(
                    _strip_tag(line.text, story) if not story_has_text else line.text
                )
                story.line_nos.append(line.no)
                story_has_text = True
        pos += 1
    for caption in pending_captions:  # captions of a card that never came: keep the facts
        story.paragraphs.append(caption.text)
        story.line_nos.append(caption.no)
    dropped.sort(key=lambda d: d.line_no)
    return PageSegmentation(story=story, teasers=teasers, dropped=dropped, page_date=page_date)


def _glued_caption(lines: list[_Line], content: list[int], pos: int, line: _Line,
                   mode: str) -> bool:
    """A short line with no blank line before the teaser headline that follows it."""
    # Credited captions run long ("… nhân dịp Tết Nguyên đán Bính Ngọ 2026. Ảnh: …").
    limit = 2 * CAPTION_MAX_WORDS if _PHOTO_CREDIT.search(line.text) else CAPTION_MAX_WORDS
    if line.shape is Shape.LEAD or _words(line.text) > limit:
        return False
    if not line.glued_to_next or pos + 1 >= len(content):
        return False
    nxt = lines[content[pos + 1]]
    if nxt.shape is not Shape.HEADLINE:
        return False
    after = pos + 2
    if after < len(content) and lines[content[after]].text == nxt.text:
        after += 1
    if after >= len(content):
        return False
    follower = lines[content[after]].shape
    return follower is Shape.LEAD or (
        follower is Shape.PROSE and (after == pos + 3 or mode == "list")
    )


def _strip_tag(text: str, segment: Segment) -> str:
    """Move a lead's "(Ngày Nay) -" tag to metadata: it names the outlet, not a fact."""
    match = _SOURCE_TAG.match(text)
    if not match:
        return text
    segment.source_tag = segment.source_tag or match.group(1)
    return text[match.end():]
