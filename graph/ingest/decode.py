"""Bytes to clean text: encoding detection and display normalisation."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from graph.text import normalise_display

__all__ = ["UnreadableInput", "decode_bytes", "clean_text", "looks_binary"]


class UnreadableInput(ValueError):
    """The input cannot be read as text; the message says why, in one line."""


# C0/C1 controls other than tab and newline, zero-width characters and BOMs.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_INLINE_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the head: an image, archive or executable."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with a byte-order mark has NULs but is text
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 first; otherwise charset-normalizer's best guess."""
    if looks_binary(data):
        raise UnreadableInput("binary content, not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableInput("invalid UTF-16 text") from exc
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableInput("unknown text encoding (not UTF-8; detection failed)")
    text = str(best)
    # A guess that is mostly symbols or letters of unrelated scripts is garbage, not text.
    letters = sum(1 for ch in text if ch.isalpha())
    if text.strip() and letters / max(1, len(text.strip())) < 0.3:
        raise UnreadableInput(
            f"unreadable text (best encoding guess {best.encoding} gives no words)"
        )
    return text, best.encoding


def clean_text(text: str) -> str:
    """Display form of a text: NFC, look-alike Đ folded, invisible characters removed,
    line breaks unified and runs of spaces inside a line collapsed.

    Quotes and tone-mark placement stay as written (see graph.text.match_key for
    comparing); offsets of later stages point into this cleaned text.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = normalise_display(text)
    # NFC can leave combining marks alone at a line start (from broken input); harmless.
    lines = [_INLINE_SPACES.sub(" ", line).rstrip() for line in text.split("\n")]
    return "\n".join(lines)


def is_meaningful(text: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)
