"""The scorer (graph.evaluate) on hand-built gold and predictions."""

from __future__ import annotations

import copy

import pytest

from graph.evaluate import gold_from_dict, name_key, score_article, strip_honorifics
from graph.model import ArticleFacts, Document, Entity, EntityType, Evidence, Fact, Relation

P, O, C, N, E = (EntityType.PERSON, EntityType.ORGANISATION, EntityType.CITY,
                 EntityType.COUNTRY, EntityType.EVENT)

GOLD = {
    "article": "a1",
    "language": "vi",
    "entities": [
        {"id": "p1", "type": "Person", "name": "Nguyễn Phương Hòa",
         "aliases": ["Nguyễn Phương Hoà"]},
        {"id": "p2", "type": "Person", "name": "Lan Phương", "aliases": [], "optional": True},
        {"id": "o1", "type": "Organisation", "name": "Cục Hợp tác quốc tế",
         "aliases": ["Cục HTQT"]},
        {"id": "o2", "type": "Organisation", "name": "Mạng lưới các thành phố sáng tạo của UNESCO",
         "aliases": ["UCCN"]},
        {"id": "c1", "type": "City", "name": "Hạ Long", "aliases": ["TP Hạ Long"]},
        {"id": "c2", "type": "City", "name": "Đà Lạt", "aliases": []},
        {"id": "e1", "type": "Event", "name": "Buổi làm việc về hồ sơ Hạ Long gia nhập UCCN",
         "aliases": [], "date": "--08-09", "place": "c1"},
    ],
    "facts": [
        {"rel": "holds_role", "person": "p1", "role": "Cục trưởng", "org": "o1"},
        {"rel": "participated_in", "agent": "p1", "event": "e1"},
        {"rel": "held_in", "event": "e1", "place": "c1"},
        {"rel": "event_date", "event": "e1", "date": "--08-09"},
        {"rel": "member_of", "member": "c2", "org": "o2", "since": 2023, "field": "Âm nhạc"},
        {"rel": "organised_by", "event": "e1", "org": "o1", "optional": True},
    ],
}


def doc(doc_id: str = "a1") -> Document:
    return Document(id=doc_id, text="")


def gold() -> ArticleFacts:
    return gold_from_dict(GOLD)


def perfect_prediction() -> ArticleFacts:
    """The gold itself, without the optional items, as a prediction."""
    data = copy.deepcopy(GOLD)
    data["entities"] = [e for e in data["entities"] if not e.get("optional")]
    data["facts"] = [f for f in data["facts"] if not f.get("optional")]
    return gold_from_dict(data)


def test_exact_match_scores_one() -> None:
    scores = score_article(gold(), [perfect_prediction()])
    assert (scores.facts.tp, scores.facts.fp, scores.facts.fn) == (5, 0, 0)
    assert scores.facts.f1 == 1.0
    assert scores.entities.f1 == 1.0
    assert scores.entities.tp == 6
    assert scores.qualifiers["since"].f1 == 1.0
    assert scores.qualifiers["field"].f1 == 1.0
    assert not scores.findings


def test_empty_prediction_misses_every_required_item() -> None:
    scores = score_article(gold(), [ArticleFacts(document=doc())])
    assert scores.facts.tp == 0 and scores.facts.fn == 5
    assert scores.entities.fn == 6  # the optional person is not a miss
    assert scores.facts.f1 == 0.0
    assert {f.kind for f in scores.findings} == {"missed"}


def test_tone_mark_placement_and_case_match() -> None:
    pred = perfect_prediction()
    pred.entity("p1").name = "NGUYỄN PHƯƠNG HOÀ"  # neither the gold name nor its alias verbatim
    pred.entity("o1").name = "cục hợp  tác quốc tế"
    scores = score_article(gold(), [pred])
    assert scores.entity_types["Person"].tp == 1
    assert scores.entity_types["Organisation"].tp == 2
    assert scores.facts.f1 == 1.0


def test_honorifics_are_dropped_from_person_names() -> None:
    assert strip_honorifics("PGS. TS. Nguyễn Thị Thu Phương") == name_key(
        "Nguyễn Thị Thu Phương", P)
    assert strip_honorifics("PGS.TS. Nguyễn Thị Thu Phương") == name_key(
        "Nguyễn Thị Thu Phương", P)
    pred = perfect_prediction()
    pred.entity("p1").name = "TS. Nguyễn Phương Hòa"
    scores = score_article(gold(), [pred])
    assert scores.entity_types["Person"].tp == 1


def test_honorifics_are_kept_in_place_names() -> None:
    assert name_key("Bà Rịa", C) != name_key("Rịa", C)


def test_optional_items_are_neither_required_nor_errors() -> None:
    pred = perfect_prediction()
    pred.entities.append(Entity(id="px", type=P, name="Lan Phương"))
    pred.facts.append(Fact(Relation.ORGANISED_BY, {"event": "e1", "org": "o1"}))
    scores = score_article(gold(), [pred])
    assert scores.facts.fp == 0 and scores.entities.fp == 0
    assert scores.facts.tp == 5 and scores.entities.tp == 6


def test_false_positive_lowers_precision_only() -> None:
    pred = perfect_prediction()
    pred.entities.append(Entity(id="ox", type=O, name="Bộ Ngoại giao"))
    pred.facts.append(Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Cục phó", "org": "o1"},
                           evidence=[Evidence("a1", "Ông Hòa, Cục phó.", 0, 17, "test")]))
    scores = score_article(gold(), [pred])
    assert scores.facts.fp == 1 and scores.facts.recall == 1.0
    assert scores.facts.precision == pytest.approx(5 / 6)
    assert scores.entities.precision == pytest.approx(6 / 7)
    false_fact = next(f for f in scores.findings if f.category == "fact")
    assert false_fact.kind == "false" and false_fact.sentence == "Ông Hòa, Cục phó."


def test_wrong_type_is_a_false_positive_and_a_miss() -> None:
    pred = perfect_prediction()
    pred.entity("c2").type = O
    scores = score_article(gold(), [pred])
    assert scores.entity_types["City"].fn == 1
    assert scores.entity_types["Organisation"].fp == 1


def test_event_matches_by_date_and_place_under_another_name() -> None:
    pred = perfect_prediction()
    pred.entity("e1").name = "Cuộc họp bàn về hồ sơ"
    scores = score_article(gold(), [pred])
    assert scores.entity_types["Event"].tp == 1
    assert scores.facts.f1 == 1.0


def test_event_matched_by_name_keeps_its_gold_when_another_matches_by_date() -> None:
    # Two gold events on the same day and place; the prediction names the first exactly
    # and the second only by date + place: each gets its own (the first is not pulled
    # onto the second).
    data = copy.deepcopy(GOLD)
    data["entities"].append({"id": "e2", "type": "Event", "name": "Lễ ký kết biên bản",
                             "aliases": [], "date": "--08-09", "place": "c1"})
    data["facts"].append({"rel": "held_in", "event": "e2", "place": "c1"})
    pred = perfect_prediction()
    pred.entities.append(Entity("e2", E, "Ký kết hợp tác", [], date="--08-09", place="c1"))
    pred.facts.append(Fact(Relation.HELD_IN, {"event": "e2", "place": "c1"}, []))
    scores = score_article(gold_from_dict(data), [pred])
    assert scores.entity_types["Event"].tp == 2
    assert scores.facts.fp == 0


def test_event_with_another_name_and_wrong_date_does_not_match() -> None:
    pred = perfect_prediction()
    pred.entity("e1").name = "Cuộc họp bàn về hồ sơ"
    pred.entity("e1").date = "--08-10"
    scores = score_article(gold(), [pred])
    assert scores.entity_types["Event"].tp == 0
    assert scores.entity_types["Event"].fp == 1
    # Facts about an unmatched event cannot be correct.
    assert scores.relations["participated_in"].tp == 0


def test_role_matches_gold_role_aliases_and_tone_variants() -> None:
    data = copy.deepcopy(GOLD)
    data["facts"][0]["role_aliases"] = ["CT"]
    pred = perfect_prediction()
    pred.facts[0].args["role"] = "CT"
    assert score_article(gold_from_dict(data), [pred]).relations["holds_role"].tp == 1
    assert score_article(gold(), [pred]).relations["holds_role"].tp == 0


def test_qualifiers_are_scored_apart_from_the_fact() -> None:
    pred = perfect_prediction()
    member = next(f for f in pred.facts if f.rel is Relation.MEMBER_OF)
    member.since = 2019
    member.field = None
    date_fact = next(f for f in pred.facts if f.rel is Relation.EVENT_DATE)
    date_fact.args["date"] = "2023-08-09"  # a year the gold does not assert
    scores = score_article(gold(), [pred])
    assert scores.facts.f1 == 1.0
    assert (scores.qualifiers["since"].tp, scores.qualifiers["since"].fp,
            scores.qualifiers["since"].fn) == (0, 1, 1)
    assert scores.qualifiers["field"].fn == 1
    assert scores.qualifiers["date_year"].fp == 1
    assert {f.label for f in scores.findings if f.kind == "qualifier"} == {
        "since", "field", "date_year"}


def test_story_and_teaser_are_scored_together_without_double_counting() -> None:
    story = perfect_prediction()
    teaser = ArticleFacts(
        document=Document(id="a1-t1", text=""),
        entities=[Entity("x1", P, "Nguyễn Phương Hoà"), Entity("x2", O, "Cục HTQT")],
        facts=[Fact(Relation.HOLDS_ROLE, {"person": "x1", "role": "Cục trưởng", "org": "x2"})],
    )
    # Resolution gave the same entity the same key in both documents.
    story.entity("p1").key = teaser.entity("x1").key = "person:hoa"
    story.entity("o1").key = teaser.entity("x2").key = "org:htqt"
    scores = score_article(gold(), [story, teaser])
    assert scores.facts.tp == 5 and scores.facts.fp == 0
    assert scores.entities.tp == 6 and scores.entities.fp == 0


def test_unresolved_duplicate_entity_is_a_false_positive_but_one_match() -> None:
    pred = perfect_prediction()
    pred.entities.append(Entity("o9", O, "Cục HTQT"))  # not merged with o1
    pred.facts.append(Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Cục trưởng",
                                                 "org": "o9"}))
    scores = score_article(gold(), [pred])
    assert scores.entity_types["Organisation"].tp == 2
    assert scores.entity_types["Organisation"].fp == 1
    assert any(f.kind == "duplicate" for f in scores.findings)
    # The fact through the duplicate is the same fact: it counts once.
    assert scores.relations["holds_role"].tp == 1 and scores.relations["holds_role"].fp == 0


def test_one_prediction_cannot_match_two_gold_entities() -> None:
    data = copy.deepcopy(GOLD)
    data["entities"].append({"id": "o3", "type": "Organisation", "name": "Cục Hợp tác",
                             "aliases": ["Cục HTQT"]})
    pred = perfect_prediction()
    pred.entity("o1").name = "Cục HTQT"
    scores = score_article(gold_from_dict(data), [pred])
    assert scores.entity_types["Organisation"].tp == 2  # o1 or o3, and o2
    assert scores.entity_types["Organisation"].fn == 1


def test_predicted_aliases_match_only_when_allowed() -> None:
    pred = perfect_prediction()
    pred.entity("o1").name = "Cục Hợp tác Quốc tế Bộ VHTTDL"
    pred.entity("o1").aliases = ["Cục HTQT"]
    assert score_article(gold(), [pred]).entity_types["Organisation"].tp == 2
    strict = score_article(gold(), [pred], use_predicted_aliases=False)
    assert strict.entity_types["Organisation"].tp == 1


def test_required_gold_is_preferred_over_optional_gold() -> None:
    data = copy.deepcopy(GOLD)
    data["entities"].append({"id": "o4", "type": "Organisation", "name": "Cục HTQT cũ",
                             "aliases": ["Cục HTQT"], "optional": True})
    pred = perfect_prediction()
    pred.entity("o1").name = "Cục HTQT"
    scores = score_article(gold_from_dict(data), [pred])
    assert scores.entity_types["Organisation"].tp == 2
    assert scores.entity_types["Organisation"].fn == 0


def test_every_shared_gold_file_scores_one_against_itself(gold_dir) -> None:
    from graph.evaluate import load_gold

    files = sorted(gold_dir.glob("*.json"))
    assert files
    for path in files:
        scores = score_article(load_gold(path), [load_gold(path)])
        assert scores.facts.f1 == 1.0, path.name
        assert scores.entities.f1 == 1.0, path.name
        assert scores.facts.fp == 0 and scores.entities.fp == 0


def test_gold_name_match_wins_over_alias_match_for_duplicates() -> None:
    pred = perfect_prediction()
    # "UCCN" is a gold alias; sorted first, it would otherwise take the gold item.
    pred.entities.append(Entity("o0", O, "UCCN", key="a-first"))
    pred.entity("o2").key = "z-last"
    scores = score_article(gold(), [pred])
    duplicate = next(f for f in scores.findings if f.kind == "duplicate")
    assert duplicate.text.startswith("UCCN")


def test_bundled_gold_matches_shared(shared_dir, repo_root) -> None:
    bundled = repo_root / "tests" / "data" / "sample_gold"
    shared = sorted((shared_dir / "gold").glob("*.json"))
    assert [p.name for p in shared] == sorted(p.name for p in bundled.glob("*.json"))
    for path in shared:
        assert (bundled / path.name).read_bytes() == path.read_bytes(), path.name
