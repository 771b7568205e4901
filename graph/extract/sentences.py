"""Sentences and tokens with offsets into the document text.

Sentences: lines first (news pages put headlines, captions and paragraphs on
their own lines), then sentence ends inside a line. A full stop after a known
abbreviation ("TS.", "PGS.", "TP.") does not end a sentence. This splitter is
used rather than underthesea's `sent_tokenize`: both agree on the sample
articles, and ours keeps exact offsets and costs nothing (see docs/extraction.md).

Tokens: words (syllables; "TP.HCM", "GD-ĐT", "KHXH&NV", "C03" stay whole),
numbers ("22/8/2025", "1945–2025" splits at the dash) and single punctuation marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graph.text import match_key

__all__ = ["Token", "Sentence", "split_sentences", "tokenize", "word_texts"]

_TOKEN_RE = re.compile(
    r"(?P<word>[^\W\d_][\w'’]*(?:[.\-&][^\W_][\w'’]*)*)"
    r"|(?P<num>\d+(?:[/.,:\-]\d+)*)"
    r"|(?P<punct>\S)"
)
_NO_BREAK_AFTER = {
    "ts", "pgs", "gs", "ths", "tp", "tskh", "bs", "ks", "cn", "ns", "mr", "mrs", "ms", "dr",
    "prof", "st", "tt", "q", "p", "h", "tx", "v.v", "th.s", "nxb", "đ/c",
}
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s+[\"“‘(\[]?[A-ZÀ-ỸĐ0-9])")


@lru_cache(maxsize=1 << 16)
def _word_shape(text: str, kind: str) -> tuple[bool, bool, bool, bool, str]:
    """(is_word, cap, acronym, lower, key) of a token; see the fields of `Token`."""
    word = kind == "word"
    letters = [c for c in text if c.isalpha()]
    return (word, word and text[0].isupper(),
            word and len(letters) >= 2 and all(c.isupper() for c in letters),
            word and text[0].islower(), match_key(text))


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "word", "num" or "punct"
    # The shape of the word, worked out once per token: the rules ask for it millions
    # of times per corpus (it was the costliest part of extraction as properties).
    is_word: bool = field(init=False, repr=False, compare=False)
    cap: bool = field(init=False, repr=False, compare=False)  # a word with a capital first
    # all capitals (UNESCO, UBND, C03, GD-ĐT, TG&VN), at least two letters
    acronym: bool = field(init=False, repr=False, compare=False)
    lower: bool = field(init=False, repr=False, compare=False)  # a word, lower-case first
    key: str = field(init=False, repr=False, compare=False)  # match_key(text)

    def __post_init__(self) -> None:
        shape = _word_shape(self.text, self.kind)
        set_field = object.__setattr__
        set_field(self, "is_word", shape[0])
        set_field(self, "cap", shape[1])
        set_field(self, "acronym", shape[2])
        set_field(self, "lower", shape[3])
        set_field(self, "key", shape[4])


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...]
    line: int  # index of the line (paragraph) it belongs to


# Token(...) sets each field through object.__setattr__ (the price of frozen=True), which
# made tokenisation a seventh of extraction; tokenize fills the slots straight through their
# descriptors instead: the same object, built at about half the cost.
_SET_TOKEN_FIELDS = tuple(getattr(Token, name).__set__ for name in (
    "text", "start", "end", "kind", "is_word", "cap", "acronym", "lower", "key"))


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    set_text, set_start, set_end, set_kind, set_is_word, set_cap, set_acronym, set_lower, \
        set_key = _SET_TOKEN_FIELDS
    new = object.__new__
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        word, kind = m.group(), m.lastgroup or "punct"
        is_word, cap, acronym, lower, key = _word_shape(word, kind)
        token = new(Token)
        set_text(token, word)
        set_start(token, m.start() + offset)
        set_end(token, m.end() + offset)
        set_kind(token, kind)
        set_is_word(token, is_word)
        set_cap(token, cap)
        set_acronym(token, acronym)
        set_lower(token, lower)
        set_key(token, key)
        tokens.append(token)
    return tuple(tokens)


def word_texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def _ends_with_abbreviation(text: str) -> bool:
    match = re.search(r"(\S+)\.$", text)
    if not match:
        return False
    word = match.group(1).casefold().lstrip("(")
    # "PGS.TS.", "GS.TSKH.": titles written without a space end in a known abbreviation
    return word in _NO_BREAK_AFTER or word.rsplit(".", 1)[-1] in _NO_BREAK_AFTER


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    line_start = 0
    for line_no, line in enumerate(text.split("\n")):
        pieces: list[tuple[int, int]] = []
        begin = 0
        for match in _SENTENCE_END.finditer(line):
            if _ends_with_abbreviation(line[begin : match.start() + 1]):
                continue
            pieces.append((begin, match.end()))
            begin = match.end()
        pieces.append((begin, len(line)))
        for a, b in pieces:
            raw = line[a:b]
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            start = line_start + a + lead
            end = start + len(stripped)
            sentences.append(
                Sentence(len(sentences), start, end, stripped, tokenize(stripped, start), line_no)
            )
        line_start += len(line) + 1
    return sentences
