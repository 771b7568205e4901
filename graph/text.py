"""Text normalisation shared by every stage (Vietnamese first).

Two forms of a string exist in newskg:
- the *display* form: NFC, as written in the article (kept for labels and
  provenance, so offsets still point into the original text);
- the *match key*: case-folded, whitespace-collapsed, look-alikes folded and
  tone marks moved to a fixed place, so "Hòa" and "Hoà", "thủy" and "thuỷ"
  compare equal. Keys are for comparing, never for showing.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

__all__ = [
    "nfc",
    "fold_lookalikes",
    "normalise_display",
    "strip_tones",
    "tone_key",
    "match_key",
    "search_key",
    "slugify",
]

# Vietnamese tone marks as combining characters (NFD): grave, acute, hook
# above, tilde, dot below. Vowel-quality marks (circumflex, breve, horn) are
# letters, not tones, and stay.
_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_TONE_RE = re.compile("[" + "".join(_TONE_MARKS) + "]")

# Characters that look like Vietnamese letters but are not (typed on foreign
# keyboards or produced by OCR): ETH U+00D0 for Đ U+0110 and its lower case.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u00ab": '"',
     "\u00bb": '"'}
)
_SPACE_RE = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_lookalikes(text: str) -> str:
    """Fold look-alike letters (Ð U+00D0 -> Đ U+0110); length-preserving."""
    # str.replace, not str.translate(_LOOKALIKES): translate with a dict table
    # costs ~60 µs per Vietnamese sentence, replace under 1 µs (it ran hot in ingest).
    return text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")


def normalise_display(text: str) -> str:
    """NFC + look-alike folding: the form every stage stores and shows."""
    return fold_lookalikes(nfc(text))


def strip_tones(text: str) -> str:
    """Remove tone marks only ("Hòa" -> "Hoa", "Đường" -> "Đương")."""
    return nfc(_TONE_RE.sub("", unicodedata.normalize("NFD", text)))


# Words repeat (a few thousand syllables make most of Vietnamese text), and
# match_key runs over whole documents in ingestion and over every mention in
# extraction (~500k calls for 1,000 articles): a per-word cache saves most of them.
@lru_cache(maxsize=1 << 17)
def tone_key(word: str) -> str:
    """A key for one word that ignores where its tone mark is placed.

    "hòa" and "hoà" both give "hoa2": the tone is removed from whichever vowel
    carries it and appended as a digit.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [_TONE_MARKS[ch] for ch in decomposed if ch in _TONE_MARKS]
    base = nfc(_TONE_RE.sub("", decomposed))
    return base + "".join(tones)


def _fold_quotes(text: str) -> str:
    # Same speed reason as fold_lookalikes: replace, not translate.
    for curly, straight in _QUOTES.items():
        text = text.replace(chr(curly), straight)
    return text


def match_key(text: str) -> str:
    """Comparison key: NFC, look-alikes, case, quotes, whitespace and tone placement."""
    if len(text) <= _SHORT:
        return _short_match_key(text)
    return _match_key(text)


def _match_key(text: str) -> str:
    text = _fold_quotes(normalise_display(text)).casefold()
    words = _SPACE_RE.split(text.strip())
    return " ".join(tone_key(w) for w in words if w)


# Extraction asks for the keys of the same short strings (words, word pairs, names, the
# rules' own constants) over and over; long texts (whole documents in ingestion) are not
# cached, so the cache stays small.
_SHORT = 64
_short_match_key = lru_cache(maxsize=1 << 16)(_match_key)


def search_key(text: str) -> str:
    """The lookup key of a name, written as `nkg:searchKey` and bound by queries.

    NFC, look-alikes folded, lower case (casefold), whitespace collapsed, tone
    marks removed; vowel-quality marks and Đ/đ stay (they change the word:
    "Đà Lạt" -> "đa lat", "Hòa"/"Hoà"/"HOÀ" -> "hoa"). The build and the query
    side both call this one function, so the keys agree by construction.
    """
    return " ".join(strip_tones(normalise_display(text)).casefold().split())


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII slug for IRIs and file names ("Nguyễn Phương Hòa" -> "nguyen-phuong-hoa")."""
    text = fold_lookalikes(nfc(text)).replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "x"
