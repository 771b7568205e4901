"""What the annotation guide (shared/gold/README.md, "Relations") allows each
relation argument to name: shared by the tests that check gold files."""

from __future__ import annotations

from graph.model import EntityType, Relation

AGENTS = {EntityType.PERSON, EntityType.ORGANISATION}
PLACES = {EntityType.CITY, EntityType.COUNTRY}
ARG_TYPES: dict[tuple[Relation, str], set[EntityType]] = {
    (Relation.HOLDS_ROLE, "person"): {EntityType.PERSON},
    # org is an Organisation; a Country for an ambassador/consul whose mission is
    # not named; a City for a (deputy) mayor.
    (Relation.HOLDS_ROLE, "org"): {EntityType.ORGANISATION, EntityType.CITY, EntityType.COUNTRY},
    (Relation.PARTICIPATED_IN, "agent"): AGENTS,
    (Relation.PARTICIPATED_IN, "event"): {EntityType.EVENT},
    (Relation.ORGANISED_BY, "event"): {EntityType.EVENT},
    (Relation.ORGANISED_BY, "org"): {EntityType.ORGANISATION},
    (Relation.HELD_IN, "event"): {EntityType.EVENT},
    (Relation.HELD_IN, "place"): PLACES,
    (Relation.EVENT_DATE, "event"): {EntityType.EVENT},
    (Relation.LOCATED_IN, "subject"): {EntityType.ORGANISATION, EntityType.CITY},
    (Relation.LOCATED_IN, "place"): PLACES,
    (Relation.PART_OF, "org"): {EntityType.ORGANISATION},
    (Relation.PART_OF, "parent"): {EntityType.ORGANISATION},
    (Relation.MEMBER_OF, "member"): {EntityType.CITY, EntityType.ORGANISATION, EntityType.COUNTRY},
    (Relation.MEMBER_OF, "org"): {EntityType.ORGANISATION},
}
