"""Cross-article entity resolution: one key per real-world entity.

`resolve(articles)` sets `Entity.key` on every entity of every `ArticleFacts`
so that the same thing mentioned in two articles (or in a story and its
teaser) gets the same key, and `graph.rdf` mints one node for it. Within an
article, extraction has already decided which mentions are one entity.

How entities are joined (same type only):
- Two entities with the same name key (`entity_name_key`: match key, dashes
  folded, honorifics dropped for persons) are one entity.
- An alias of one entity equal to the name or alias of another joins them
  ("Cục HTQT" in one article, "Cục Hợp tác quốc tế" with alias "Cục HTQT" in
  another), unless the alias is ambiguous: used as an alias by entities with
  two or more different names ("UBND TP" of Hạ Long and of Đà Lạt). Person
  aliases of one word ("Minh") never join. An alias join never merges two
  entities that extraction kept apart in one document.
- Events also need compatible dates (same month-day, no conflicting year) and
  places (same resolved place); a missing date or place is compatible only
  between documents of the same source file (a story and its teaser). An event
  with neither date nor place joins others only through a name of four words
  or more, so "Buổi làm việc" in two articles stays two meetings.

Keys depend only on the entities, never on the order of `articles`:
"<type>:<canonical name>" where the canonical name is the longest name of
the group (ties: smallest key), written tone-free with the tones appended
("person:nguyen phuong hoa|0002" for Hòa and Hoà alike); events add
"|<month-day or date>|<place key>".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from graph.model import ArticleFacts, Entity, EntityType
from graph.text import match_key, nfc, strip_tones

__all__ = [
    "HONORIFICS_PATH",
    "honorifics",
    "strip_honorifics",
    "entity_name_key",
    "resolve",
    "merge_aliases",
]

HONORIFICS_PATH = Path(__file__).parent / "data" / "lexicons" / "honorifics.txt"

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-"})
# "PGS.TS." is written with and without a space after the dot.
_DOT_BEFORE_LETTER = re.compile(r"\.(?=\w)")
_DATE_RE = re.compile(r"^(?:(\d{4})|-)-(\d{2})-(\d{2})$")
_TONE_DIGIT_RE = re.compile(r"(?<=\D)([1-5]+)$")
# An event known by name only must be named specifically to join another.
_MIN_WORDS_EVENT_NAME_ONLY = 4
# The linear joins below give the same groups as trying every pair;
# tests/test_scale_resolve.py sets this to compare the two.
_PAIRWISE_ONLY = False

_TYPE_PREFIX = {
    EntityType.PERSON: "person",
    EntityType.ORGANISATION: "org",
    EntityType.EVENT: "event",
    EntityType.CITY: "city",
    EntityType.COUNTRY: "country",
}


# --------------------------------------------------------------------------- names


@lru_cache(maxsize=1)
def honorifics() -> tuple[tuple[str, ...], ...]:
    """Honorific forms of the lexicon as word tuples of match keys, longest first."""
    forms: set[tuple[str, ...]] = set()
    for line in HONORIFICS_PATH.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            forms.add(tuple(_title_words(line)))
    return tuple(sorted(forms, key=lambda words: (-len(words), words)))


def _title_words(text: str) -> list[str]:
    return _DOT_BEFORE_LETTER.sub(". ", match_key(text)).split()


def strip_honorifics(name: str) -> str:
    """Match key of `name` without leading honorifics ("PGS. TS. Lan" -> "lan").

    A name made only of honorifics is kept whole (nothing else would be left).
    """
    words = _title_words(name)
    stripped = True
    while stripped:
        stripped = False
        for form in honorifics():
            if len(words) > len(form) and tuple(words[: len(form)]) == form:
                words = words[len(form) :]
                stripped = True
                break
    return " ".join(words)


def entity_name_key(name: str, entity_type: EntityType | str) -> str:
    """Comparison key of an entity name: equal for the forms that name one thing."""
    text = name.translate(_DASHES)
    # Honorifics belong to people: stripping "bà" elsewhere would turn the
    # city "Bà Rịa" into "Rịa".
    if EntityType(entity_type) is EntityType.PERSON:
        return strip_honorifics(text)
    return match_key(text)


def _readable_key(name_key: str) -> str:
    """"nguyên4 phương hoa2" -> "nguyen phuong hoa|0402"-like: readable, still unique."""
    words, tones = [], []
    for word in name_key.split():
        found = _TONE_DIGIT_RE.search(word)
        tones.append(found.group(1) if found else "0")
        words.append(word[: found.start()] if found else word)
    toneless = strip_tones(" ".join(words))
    tone_part = "".join(tones)
    return toneless if set(tone_part) == {"0"} else f"{toneless}|{tone_part}"


@lru_cache(maxsize=65536)
def _month_day(date: str | None) -> tuple[str | None, str | None]:
    """(year, "MM-DD") of a date value; (None, text) for other forms."""
    if not date:
        return None, None
    found = _DATE_RE.match(date.strip())
    if not found:
        return None, match_key(date)
    return found.group(1), f"{found.group(2)}-{found.group(3)}"


# --------------------------------------------------------------------------- resolution


_Ref = tuple[str, str]  # (document id, entity id): independent of the order of articles


class _Groups:
    """Union-find over entity refs, refusing joins that extraction ruled out."""

    def __init__(self, refs: Iterable[_Ref]) -> None:
        # A ref absent from `parent` is its own root: most entities are never
        # joined, and a dict entry (plus a document map) for each of them was
        # ~0.5 KB per entity, over a GB at 50,000 articles.
        self.parent: dict[_Ref, _Ref] = {}
        self._documents: dict[_Ref, dict[str, set[str]]] = {}  # roots of joined groups only
        self.refs = refs

    def documents(self, root: _Ref) -> dict[str, set[str]]:
        """Document id -> entity ids of that document, in the group of `root`."""
        found = self._documents.get(root)
        return found if found is not None else {root[0]: {root[1]}}

    def find(self, ref: _Ref) -> _Ref:
        parent = self.parent
        while ref in parent:
            up = parent[ref]
            if up in parent:  # path halving
                parent[ref] = parent[up]
            ref = up
        return ref

    def members(self) -> dict[_Ref, list[_Ref]]:
        out: dict[_Ref, list[_Ref]] = defaultdict(list)
        for ref in sorted(self.refs):
            out[self.find(ref)].append(ref)
        return out

    def join(self, a: _Ref, b: _Ref, *, keep_apart_within_document: bool) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        docs_a, docs_b = self.documents(root_a), self.documents(root_b)
        if keep_apart_within_document and any(
            doc in docs_a and docs_a[doc] != ids for doc, ids in docs_b.items()
        ):
            return
        # The smaller ref becomes the root, so the result does not depend on
        # the order joins are made in.
        low, high = sorted((root_a, root_b))
        self.parent[high] = low
        self._documents.pop(high, None)
        merged = docs_b if high == root_b else docs_a
        kept = self._documents.setdefault(low, docs_a if low == root_a else docs_b)
        for doc, ids in merged.items():
            kept.setdefault(doc, set()).update(ids)


def resolve(articles: list[ArticleFacts]) -> None:
    """Set `Entity.key` of every entity; then gather every name of a key as aliases."""
    # Two tables (events apart) rather than one and two filtered copies: at
    # 50,000 articles each such table is over a million entries.
    plain: dict[_Ref, Entity] = {}
    events: dict[_Ref, Entity] = {}
    source_of: dict[str, str] = {}
    for article in articles:
        doc = article.document
        source_of[doc.id] = doc.source or doc.parent_id or doc.id
        for entity in article.entities:
            (events if entity.type is EntityType.EVENT else plain)[(doc.id, entity.id)] = entity

    keys = _resolve_group(plain, source_of, place_keys={})
    # Events read their places' keys from `keys` while it holds the others only.
    keys.update(_resolve_group(events, source_of, place_keys=keys))

    for table in (plain, events):
        for ref, entity in table.items():
            entity.key = keys[ref]
    merge_aliases(articles)


def _resolve_group(
    entities: dict[_Ref, Entity],
    source_of: dict[str, str],
    place_keys: dict[_Ref, str],
) -> dict[_Ref, str]:
    groups = _Groups(entities)
    name_keys = {ref: entity_name_key(e.name, e.type) for ref, e in entities.items()}
    alias_keys = {  # only entities with aliases (most have none)
        ref: keys
        for ref, e in entities.items()
        if e.aliases and (keys := {entity_name_key(a, e.type) for a in e.aliases} - {name_keys[ref]})
    }

    def place_key(ref: _Ref) -> str | None:
        place = entities[ref].place
        return place_keys.get((ref[0], place)) if place else None

    def events_compatible(a: _Ref, b: _Ref) -> bool:
        same_source = source_of[a[0]] == source_of[b[0]]
        year_a, day_a = _month_day(entities[a].date)
        year_b, day_b = _month_day(entities[b].date)
        if day_a and day_b:
            if day_a != day_b or (year_a and year_b and year_a != year_b):
                return False
        elif (day_a or day_b) and not same_source:
            return False
        place_a, place_b = place_key(a), place_key(b)
        if place_a and place_b:
            return place_a == place_b
        if (place_a or place_b) and not same_source:
            return False
        if not (day_a or day_b or place_a or place_b):
            return len(name_keys[a].split()) >= _MIN_WORDS_EVENT_NAME_ONLY and (
                name_keys[a] == name_keys[b] or same_source
            )
        return True

    # Holders of each (type, key): by name, and by alias.
    by_name: dict[tuple[EntityType, str], list[_Ref]] = defaultdict(list)
    by_alias: dict[tuple[EntityType, str], list[_Ref]] = defaultdict(list)
    for ref in sorted(entities):
        entity_type = entities[ref].type
        by_name[(entity_type, name_keys[ref])].append(ref)
        for key in sorted(alias_keys.get(ref, ())):
            if entity_type is EntityType.PERSON and len(key.split()) < 2:
                continue
            by_alias[(entity_type, key)].append(ref)

    def _no_shared_document(refs: list[_Ref]) -> bool:
        seen: set[str] = set()
        for root in {groups.find(ref) for ref in refs}:
            docs = groups.documents(root).keys()
            if not seen.isdisjoint(docs):
                return False
            seen.update(docs)
        return True

    def join_all(refs: list[_Ref], keep_apart: bool) -> None:
        if _PAIRWISE_ONLY:
            pass
        elif refs and not keep_apart and entities[refs[0]].type is not EntityType.EVENT:
            # Every pair would be joined: joining each to the first makes the
            # same groups in linear time (a city named in 3,000 articles is
            # 4.5M pairs). Groups do not depend on the order of joins.
            for other in refs[1:]:
                groups.join(refs[0], other, keep_apart_within_document=False)
            return
        elif refs and keep_apart and entities[refs[0]].type is not EntityType.EVENT and _no_shared_document(refs):
            # No document is in two of these groups, so no join can be
            # refused and the pairs below would merge them all: same groups,
            # linear time. (Refusals happen only within one document.)
            for other in refs[1:]:
                groups.join(refs[0], other, keep_apart_within_document=True)
            return
        for i, a in enumerate(refs):
            for b in refs[i + 1 :]:
                is_event = entities[a].type is EntityType.EVENT
                if is_event and not events_compatible(a, b):
                    continue
                groups.join(a, b, keep_apart_within_document=keep_apart)

    # Same name: one thing (even twice in one document).
    for type_key in sorted(by_name):
        join_all(by_name[type_key], keep_apart=False)
    # Shared alias: one thing, unless the alias names different things.
    for type_key in sorted(by_alias):
        holders = by_alias[type_key]
        if len({name_keys[ref] for ref in holders}) > 1:
            continue
        join_all(sorted(set(holders) | set(by_name.get(type_key, []))), keep_apart=True)

    keys: dict[_Ref, str] = {}
    groups_of_key: dict[str, list[list[_Ref]]] = defaultdict(list)
    for members in groups.members().values():
        canonical = min(
            (name_keys[ref] for ref in members),
            key=lambda key: (-len(key.split()), -len(key), key),
        )
        first = entities[members[0]]
        key = f"{_TYPE_PREFIX[first.type]}:{_readable_key(canonical)}"
        if first.type is EntityType.EVENT:
            key += _event_suffix(members, entities, place_key)
        groups_of_key[key].append(members)
    for key, same_key_groups in groups_of_key.items():
        for members in same_key_groups:
            # Groups kept apart but named alike (undated "Buổi làm việc" in two
            # articles) are told apart by their first document, a stable id.
            unique = key if len(same_key_groups) == 1 else f"{key}@{members[0][0]}"
            for ref in members:
                keys[ref] = unique
    return keys


def _event_suffix(members: Sequence[_Ref], entities: dict[_Ref, Entity], place_key) -> str:
    years, days, places = set(), set(), set()
    for ref in members:
        year, day = _month_day(entities[ref].date)
        if year:
            years.add(year)
        if day:
            days.add(day)
        place = place_key(ref)
        if place:
            places.add(place)
    day = min(days) if days else ""
    date = f"{min(years)}-{day}" if years and day else (f"--{day}" if day else "")
    return f"|{date}|{min(places) if places else ''}"


def merge_aliases(articles: list[ArticleFacts]) -> None:
    """Give every entity all names its key has anywhere, as aliases (its own name excluded)."""
    names: dict[str, list[str]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.document.id):
        for entity in sorted(article.entities, key=lambda e: e.id):
            if entity.key is None:
                continue
            for text in [entity.name, *entity.aliases]:
                text = nfc(text)
                if text not in names[entity.key]:
                    names[entity.key].append(text)
    for article in articles:
        for entity in article.entities:
            if entity.key is None:
                continue
            own = nfc(entity.name)
            entity.aliases = sorted(
                {text for text in names[entity.key] if text != own}, key=lambda t: (t.casefold(), t)
            )
