"""The hand-written lexicons of `graph/data/lexicons/`, loaded once per process.

Only what no library has lives there: post titles, organisation head nouns,
event trigger words, honorifics, surnames, abbreviations, stop words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.text import match_key

LEXICONS = Path(__file__).resolve().parent.parent / "data" / "lexicons"


def _rows(name: str, header: bool = False) -> list[list[str]]:
    rows = []
    for raw in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        rows.append(raw.split("\t"))
    return rows[1:] if header else rows


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    return match_key(word)


def words_key(words: list[str] | tuple[str, ...]) -> str:
    """match_key of the words joined by spaces (match_key works word by word)."""
    return " ".join(k for k in (word_key(w) for w in words) if k)


# id(table) -> (table, {first word of a key: lengths in words of its keys, longest first}).
# The table is kept in the value so that its id is never reused while cached; callers pass
# the lexicon's own tables (a few, loaded once), and the bound keeps a stray caller harmless.
KEY_LENGTHS: dict[int, tuple[Any, dict[str, tuple[int, ...]]]] = {}
KEY_LENGTHS_MAX = 64


def key_lengths(table) -> dict[str, tuple[int, ...]]:
    """For each first word of the keys of `table` (dict or set of `words_key` strings), the
    numbers of words its keys have, longest first. A token's key is one word (tokens hold no
    space), so a run of n tokens can only match a key of n words."""
    cached = KEY_LENGTHS.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    lengths: dict[str, set[int]] = {}
    for key in table:
        words = key.split(" ")
        lengths.setdefault(words[0], set()).add(len(words))
    index = {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}
    if len(KEY_LENGTHS) >= KEY_LENGTHS_MAX:
        KEY_LENGTHS.clear()
    KEY_LENGTHS[id(table)] = (table, index)
    return index


_LAST_WORDS: dict[int, tuple[Any, frozenset[str]]] = {}


def last_words(table) -> frozenset[str]:
    """The last words of the keys of `table` (a key can end at token i only if the
    token's key is one of them)."""
    cached = _LAST_WORDS.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    words = frozenset(key.rsplit(" ", 1)[-1] for key in table)
    if len(_LAST_WORDS) >= KEY_LENGTHS_MAX:
        _LAST_WORDS.clear()
    _LAST_WORDS[id(table)] = (table, words)
    return words


def longest_run(tokens, i: int, table, max_len: int) -> int:
    """Number of tokens (longest first, at most max_len) from i whose key is in `table`;
    0 if none. Only the lengths some key of the first word has are tried."""
    if i >= len(tokens):
        return 0
    # (runs once per token and table in every pass: the index look-up is inlined)
    cached = KEY_LENGTHS.get(id(table))
    index = cached[1] if cached is not None and cached[0] is table else key_lengths(table)
    first = tokens[i].key
    lengths = index.get(first)
    if lengths is None:
        return 0
    most = len(tokens) - i
    if max_len < most:
        most = max_len
    for n in lengths:
        if n > most:
            continue
        if n == 1:
            key = first
        else:
            key = " ".join([first, *(t.key for t in tokens[i + 1 : i + n])])
        if key in table:
            return n
    return 0


def tokens_key(tokens) -> str:
    """`words_key` of the tokens' texts, from the keys the tokens carry (a token's key is
    one word, never empty: joining them gives the same string)."""
    return " ".join([t.key for t in tokens])


def longest_key(tokens, i: int, keys: frozenset[str], max_len: int) -> int:
    """Number of tokens (longest first) from i whose key is in `keys`; 0 if none."""
    return longest_run(tokens, i, keys, max_len)


@dataclass(frozen=True, slots=True)
class RoleEntry:
    title: str
    head: str | None  # org head implied by the title ("Cục trưởng" -> "Cục")
    default_org: str | None
    field_org: str | None
    place: str | None = None  # "Country" (ambassador) or "City" (mayor): a place is the body


@dataclass(frozen=True, slots=True)
class OrgHead:
    head: str
    rank: int
    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    honorifics: dict[str, str]  # key of the form (tokens joined) -> form
    surnames: frozenset[str]
    roles: dict[str, RoleEntry]  # key of a written form -> entry
    role_modifiers: tuple[str, ...]
    org_heads: dict[str, OrgHead]
    known_orgs: dict[str, str]  # key of a form -> canonical name
    abbreviations: dict[str, str]  # written form -> expansion (case-sensitive)
    event_triggers: dict[str, str]  # key -> kind
    stopwords: frozenset[str]
    place_cues: dict[str, str]
    venues: frozenset[str] = frozenset()  # keys of venue head nouns ("quảng trường")

    @property
    def max_role_words(self) -> int:
        return max(len(k.split()) for k in self.roles)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    from graph.extract.sentences import word_texts

    honorifics = {}
    for (form,) in _rows("honorifics.txt"):
        honorifics[words_key(word_texts(form))] = form
    surnames = frozenset(match_key(row[0]) for row in _rows("surnames.txt"))

    roles: dict[str, RoleEntry] = {}
    for row in _rows("roles.tsv", header=True):
        row += [""] * (6 - len(row))
        title, forms, head, default_org, field_org, place = (c.strip() for c in row[:6])
        entry = RoleEntry(title, head or None, default_org or None, field_org or None,
                          place or None)
        written = [title, *(f for f in forms.split("|") if f)]
        for form in written:
            roles.setdefault(words_key(word_texts(form)), entry)
        if not title.startswith(("Phó", "Thứ")):
            deputy = RoleEntry("Phó " + title, head or None, default_org or None,
                               field_org or None, place or None)
            for form in written:
                roles.setdefault(words_key(word_texts("Phó " + form)), deputy)
                if form.isupper() and " " not in form and len(form) >= 2:
                    # "GĐ" -> "PGĐ", "TGĐ" -> "PTGĐ": the deputy's abbreviation
                    roles.setdefault(words_key(word_texts("P" + form)), deputy)
    modifiers = tuple(row[0] for row in _rows("role_modifiers.txt"))

    heads = {}
    for row in _rows("org_heads.tsv", header=True):
        row += [""] * (3 - len(row))
        heads[match_key(row[0])] = OrgHead(row[0], int(row[1]),
                                           frozenset(f for f in row[2].split(",") if f))
    known = {}
    for row in _rows("known_orgs.tsv", header=True):
        name = row[0]
        for form in [name, *(row[1].split("|") if len(row) > 1 and row[1] else [])]:
            known[words_key(word_texts(form))] = name
    abbreviations = {row[0]: row[1] for row in _rows("abbreviations.tsv")}
    triggers = {words_key(word_texts(r[0])): r[1] for r in _rows("event_triggers.tsv", True)}
    stopwords = frozenset(match_key(r[0]) for r in _rows("stopwords.txt"))
    cues = {match_key(r[0]): r[1] for r in _rows("place_cues.tsv", header=True)}
    venues = frozenset(words_key(word_texts(r[0])) for r in _rows("venues.txt"))
    return Lexicon(honorifics, surnames, roles, modifiers, heads, known, abbreviations,
                   triggers, stopwords, cues, venues)
