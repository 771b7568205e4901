"""ArticleFacts <-> JSON round-trips exactly (the extraction cache relies on it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import (
    RELATION_ARGS,
    ArticleFacts,
    Document,
    DocumentKind,
    Entity,
    EntityType,
    Evidence,
    Fact,
    Relation,
    WikidataLink,
)
from graph.serialize import (
    article_facts_from_dict,
    article_facts_from_json,
    article_facts_to_dict,
    article_facts_to_json,
)

text = st.text(max_size=30)
maybe_text = st.none() | text
finite = st.floats(allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))
scalars = st.none() | st.booleans() | st.integers() | finite | text | dates | st.datetimes()
# Free-form values as extraction may store them in metadata / attributes,
# including keys that look like the serialiser's own tags.
free_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.tuples(inner, inner)
    | st.frozensets(st.integers() | text, max_size=3)
    | st.dictionaries(st.sampled_from(["a", "b", "$date", "$tuple"]) | text, inner, max_size=3),
    max_leaves=8,
)
free_maps = st.dictionaries(text | st.just("$map"), free_values, max_size=3)

evidence = st.builds(
    Evidence,
    doc_id=text,
    sentence=text,
    start=st.integers(0, 10_000),
    end=st.integers(0, 10_000),
    extractor=text,
    confidence=finite,
)
links = st.none() | st.builds(WikidataLink, qid=text, score=finite, method=text, label=maybe_text)
documents = st.builds(
    Document,
    id=text,
    text=st.text(max_size=200),
    title=maybe_text,
    language=st.sampled_from(["vi", "en"]),
    kind=st.sampled_from(list(DocumentKind)),
    source=maybe_text,
    url=maybe_text,
    site=maybe_text,
    published=st.none() | dates,
    parent_id=maybe_text,
    metadata=free_maps,
)
entities = st.builds(
    Entity,
    id=text,
    type=st.sampled_from(list(EntityType)),
    name=text,
    aliases=st.lists(text, max_size=3),
    attributes=free_maps,
    evidence=st.lists(evidence, max_size=2),
    date=maybe_text,
    place=maybe_text,
    key=maybe_text,
    wikidata=links,
    optional=st.booleans(),
)


@st.composite
def facts(draw: st.DrawFn) -> Fact:
    rel = draw(st.sampled_from(list(Relation)))
    args = {name: draw(maybe_text) for name in RELATION_ARGS[rel]}
    return Fact(
        rel=rel,
        args=args,
        evidence=draw(st.lists(evidence, max_size=2)),
        role_aliases=draw(st.lists(text, max_size=2)),
        optional=draw(st.booleans()),
        since=draw(st.none() | st.integers(1800, 2100)),
        field=draw(maybe_text),
    )


def _typed(value: Any) -> Any:
    """The value with every node's type attached (== alone says (1,) == [1] is False
    but 1 == 1.0 and True == 1 are True)."""
    if dataclasses.is_dataclass(value):
        return (type(value).__name__, tuple(_typed(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return ("dict", tuple((_typed(k), _typed(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_typed(v) for v in value))
    if isinstance(value, set | frozenset):
        return (type(value).__name__, frozenset(_typed(v) for v in value))
    return (type(value).__name__, value)


articles = st.builds(
    ArticleFacts,
    document=documents,
    entities=st.lists(entities, max_size=4),
    facts=st.lists(facts(), max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(articles)
def test_json_round_trip_is_exact(article: ArticleFacts) -> None:
    encoded = article_facts_to_json(article)
    decoded = article_facts_from_json(encoded)
    assert decoded == article
    # Types survive too, not just equality (a tuple stays a tuple, a date a date).
    assert _typed(decoded) == _typed(article)
    # Stable: encoding the decoded value gives the same text.
    assert article_facts_to_json(decoded) == encoded


@settings(max_examples=25, deadline=None)
@given(articles)
def test_record_without_document_takes_the_callers_document(article: ArticleFacts) -> None:
    record = article_facts_to_dict(article, include_document=False)
    assert record["document"] is None
    json.dumps(record)  # plain JSON all the way down
    assert article_facts_from_dict(record, document=article.document) == article


def test_unknown_format_is_refused() -> None:
    article = ArticleFacts(document=Document(id="d1", text="x"))
    record = article_facts_to_dict(article)
    record["format"] = 999
    try:
        article_facts_from_dict(record)
    except ValueError as exc:
        assert "format" in str(exc)
    else:  # pragma: no cover - the assertion is the point
        raise AssertionError("a record of another format was accepted")


def test_repeated_evidence_is_decoded_once_and_keeps_its_number_types() -> None:
    doc = Document(id="d1", text="Ông A. Ông B.")
    mention = Evidence("d1", "Ông A.", 0, 6, "rules.x", 1.0)
    same_numbers_other_type = Evidence("d1", "Ông A.", 0, 6, "rules.x", 1)
    article = ArticleFacts(
        document=doc,
        entities=[Entity(id="e1", type=EntityType.PERSON, name="A", evidence=[mention]),
                  Entity(id="e2", type=EntityType.PERSON, name="B", evidence=[same_numbers_other_type])],
        facts=[Fact(rel=Relation.MEMBER_OF, args={"member": "e1", "org": None}, evidence=[mention])],
    )
    encoded = article_facts_to_json(article)
    decoded = article_facts_from_json(encoded)
    assert decoded == article
    assert decoded.entities[0].evidence[0] is decoded.facts[0].evidence[0]  # one object for the repeated row
    assert type(decoded.entities[1].evidence[0].confidence) is int  # 1 is not merged with 1.0
    assert article_facts_to_json(decoded) == encoded
