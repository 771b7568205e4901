"""Tokens built by `tokenize` (fields filled straight into their slots, for speed) are the
tokens `Token(...)` builds: same fields, same word shape, same key."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from graph.extract.lexicon import tokens_key, words_key
from graph.extract.sentences import _TOKEN_RE, Token, tokenize
from graph.text import match_key

TEXT = ("Chủ tịch UBND tỉnh Quảng Ninh Nguyễn Văn A tiếp Đại sứ Nhật Bản tại TP.HCM, "
        "ngày 22/8/2025 (GD-ĐT, KHXH&NV, C03) – “Hoà” và ‘HOÀ’ ở Mát-xcơ-va… Ð")


def test_tokenize_builds_the_tokens_the_constructor_builds():
    built = tokenize(TEXT, 7)
    expected = tuple(Token(m.group(), m.start() + 7, m.end() + 7, m.lastgroup or "punct")
                     for m in _TOKEN_RE.finditer(TEXT))
    assert built == expected
    for a, b in zip(built, expected, strict=True):
        assert [getattr(a, f) for f in Token.__slots__] == [getattr(b, f) for f in Token.__slots__]
        assert hash(a) == hash(b) and repr(a) == repr(b)
        assert a.key == match_key(a.text)
    assert pickle.loads(pickle.dumps(built)) == built


def test_tokens_stay_frozen():
    token = tokenize("Hà Nội")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        token.text = "x"  # type: ignore[misc]


def test_tokens_key_is_words_key():
    tokens = tokenize(TEXT)
    for i in range(len(tokens)):
        for n in range(1, 5):
            assert tokens_key(tokens[i : i + n]) == words_key([t.text for t in tokens[i : i + n]])
