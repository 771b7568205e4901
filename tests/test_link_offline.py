"""Offline linking: hand-built ArticleFacts against the verified extract."""

from __future__ import annotations

import pytest

from graph.link import Candidate, InMemorySource, OfflineExtractSource, link
from graph.link.candidates import load_classes, load_extract, usable_entry
from graph.link.names import ascii_key, name_score, query_variants, tone_placement_variants
from graph.model import ArticleFacts, Document, Entity, EntityType, Fact, Relation

T = EntityType


def _extract_entry(key: str) -> dict:
    return next(e for e in load_extract() if e["key"] == key)


def _article(doc_id: str, entities: list[Entity], facts: list[Fact] | None = None) -> ArticleFacts:
    return ArticleFacts(Document(id=doc_id, text="…"), entities, facts or [])


def test_link_offline_sample_like_entities_get_right_qids() -> None:
    hanoi, ha_long, vietnam, japan = (
        _extract_entry(k) for k in ("hanoi", "ha_long", "vietnam", "japan")
    )
    unesco, person = _extract_entry("unesco"), _extract_entry("nguyen_hoa_binh")
    entities = [
        Entity("c1", T.CITY, "Hà Nội"),
        Entity("c2", T.CITY, "thành phố Hạ Long", aliases=["TP Hạ Long"]),
        Entity("k1", T.COUNTRY, "Việt Nam"),
        Entity("k2", T.COUNTRY, "Nhật Bản"),
        Entity("o1", T.ORGANISATION, "UNESCO"),
        # old tone-mark placement ("Hoà") of the verified person's name
        Entity("p1", T.PERSON, "Nguyễn Hoà Bình"),
        Entity("p2", T.PERSON, "Trần Thị Không Có"),
    ]
    facts = [
        Fact(Relation.LOCATED_IN, {"subject": "c2", "place": "k1"}),
        Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Phó Thủ tướng", "org": None}),
    ]
    article = _article("a1", entities, facts)
    result = link([article], mode="offline")

    got = {e.id: (e.wikidata.qid if e.wikidata else None) for e in article.entities}
    assert got == {
        "c1": hanoi["qid"], "c2": ha_long["qid"], "k1": vietnam["qid"], "k2": japan["qid"],
        "o1": unesco["qid"], "p1": person["qid"], "p2": None,
    }
    assert result.path == "offline"
    assert result.warnings == []  # explicit offline mode is not worth a warning
    for ent in article.entities:
        if ent.wikidata:
            assert ent.wikidata.method.startswith("offline-extract:")
            assert 0.75 <= ent.wikidata.score <= 1.0
    # enrichment records carry the extract's coordinates, country and labels
    item = result.items[ha_long["qid"]]
    assert item.country == ha_long["country"]
    assert item.coordinates == pytest.approx(
        (ha_long["coordinates"]["lat"], ha_long["coordinates"]["lon"])
    )
    assert item.labels["vi"] == ha_long["label_vi"]
    assert item.source == "wikidata-offline-extract"
    counts = result.report.counts()
    assert counts["Person"] == {"linked": 1, "unlinked": 1, "ambiguous": 0}
    assert counts["City"]["linked"] == 2


def test_link_offline_never_uses_unverified_guesses() -> None:
    unverified = [e for e in load_extract() if not usable_entry(e) and e["type"] in
                  {"Person", "Organisation", "City", "Country"}]
    assert unverified, "the extract has unverified entries to test with"
    entities = []
    for i, entry in enumerate(unverified):
        names = [n for n in [entry.get("name_in_articles"), *entry.get("surface_forms", [])] if n]
        entities.append(Entity(f"x{i}", T(entry["type"]), names[0], aliases=names[1:]))
    article = _article("a2", entities)
    result = link([article], mode="offline")
    assert [e.name for e in article.entities if e.wikidata] == []
    assert result.items == {}
    # no QID that appears only as an unverified guess is ever produced
    guesses = " ".join(str(e.get("unverified_guess") or "") for e in load_extract())
    assert all(d.qid is None or d.qid not in guesses for d in result.report.decisions)


def test_link_offline_type_disambiguation_and_key_grouping() -> None:
    hcmc = _extract_entry("ho_chi_minh_city")
    # "Hồ Chí Minh" as a person must not become the city; as a city it must.
    a = _article("a3", [Entity("p1", T.PERSON, "Hồ Chí Minh"), Entity("c1", T.CITY, "Hồ Chí Minh")])
    link([a], mode="offline")
    assert a.entity("p1").wikidata is None
    assert a.entity("c1").wikidata is not None and a.entity("c1").wikidata.qid == hcmc["qid"]

    # entities sharing a resolution key share the link even when only one name matches
    b1 = _article("b1", [Entity("c1", T.CITY, "TP.HCM", key="city:hcm")])
    b2 = _article("b2", [Entity("c9", T.CITY, "Sài Gòn hoa lệ", key="city:hcm")])
    result = link([b1, b2], mode="offline")
    assert b2.entity("c9").wikidata == b1.entity("c1").wikidata
    assert b1.entity("c1").wikidata is not None
    assert len([d for d in result.report.decisions if d.type is T.CITY]) == 1


def test_link_offline_diacritic_free_fallback_scores_lower() -> None:
    source = InMemorySource([Candidate("Q900030", "Hội An", types=("Q515",))])
    a = _article("a4", [Entity("c1", T.CITY, "Hoi An"), Entity("c2", T.CITY, "Hội An")])
    link([a], source=source)
    loose, exact = a.entity("c1").wikidata, a.entity("c2").wikidata
    assert loose is not None and exact is not None and loose.qid == exact.qid
    assert "label-ascii" in loose.method and loose.score < exact.score


def _person(qid: str, label: str, description: str, country: str | None = None) -> Candidate:
    return Candidate(qid=qid, label=label, types=("Q5",), descriptions=(description,),
                     country=country)


def test_link_ambiguous_namesakes_link_nothing_unless_context_decides() -> None:
    source = InMemorySource([
        _person("Q900001", "Nguyễn Văn Trùng", "Vietnamese politician, Minister of Finance"),
        _person("Q900002", "Nguyễn Văn Trùng", "Vietnamese footballer"),
    ])
    plain = _article("a5", [Entity("p1", T.PERSON, "Nguyễn Văn Trùng")])
    result = link([plain], source=source)
    assert plain.entity("p1").wikidata is None
    assert [d.status for d in result.report.decisions] == ["ambiguous"]
    assert {q for q, _ in result.report.decisions[0].candidates} == {"Q900001", "Q900002"}

    with_role = _article(
        "a6",
        [Entity("p1", T.PERSON, "Nguyễn Văn Trùng"), Entity("o1", T.ORGANISATION, "Bộ Tài chính")],
        [Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Minister of Finance", "org": "o1"})],
    )
    link([with_role], source=source)
    got = with_role.entity("p1").wikidata
    assert got is not None and got.qid == "Q900001" and "context" in got.method


def test_link_country_context_and_type_conflicts() -> None:
    source = InMemorySource([
        Candidate("Q900010", "Paris", types=("Q515",), country="Q142"),
        Candidate("Q900011", "Paris", types=("Q515",), country="Q30"),
        Candidate("Q900012", "Paris", types=("Q11424",)),  # a film: never a city
        Candidate("Q142", "France", types=("Q6256",)),
        Candidate("Q30", "United States", types=("Q6256",)),
    ])
    a = _article(
        "a7",
        [Entity("c1", T.CITY, "Paris"), Entity("k1", T.COUNTRY, "France")],
        [Fact(Relation.LOCATED_IN, {"subject": "c1", "place": "k1"})],
    )
    link([a], source=source)
    assert a.entity("c1").wikidata is not None and a.entity("c1").wikidata.qid == "Q900010"
    assert "country" in a.entity("c1").wikidata.method
    # without the article's country the two cities tie: nothing is linked
    b = _article("a8", [Entity("c1", T.CITY, "Paris")])
    result = link([b], source=source)
    assert b.entity("c1").wikidata is None
    assert result.report.decisions[0].status == "ambiguous"


def test_link_threshold_rejects_weak_matches() -> None:
    # unknown type + diacritic-free match stays below the default threshold
    source = InMemorySource([Candidate("Q900020", "Đà Nẵng")])
    a = _article("a9", [Entity("c1", T.CITY, "Da Nang")])
    result = link([a], source=source)
    assert a.entity("c1").wikidata is None
    assert result.report.decisions[0].status == "unlinked"
    link([a], source=source, threshold=0.5)
    assert a.entity("c1").wikidata is not None


def test_link_names_keys() -> None:
    assert set(tone_placement_variants("Nguyễn Hòa Bình")) == {"Nguyễn Hòa Bình", "Nguyễn Hoà Bình"}
    assert tone_placement_variants("Hoàng") == ["Hoàng"]
    assert ascii_key("Đà Lạt") == ascii_key("Ðà Lạt") == "da lat"
    assert name_score(["Thuỵ Sĩ"], ["Thụy Sĩ"], T.COUNTRY)[1] == "key"
    assert name_score(["TP Hạ Long"], ["Hạ Long"], T.CITY)[1] == "core"
    assert name_score(["Ha Long"], ["Hạ Long"], T.CITY)[1] == "ascii"
    assert name_score(["Hà Giang"], ["Hạ Long"], T.CITY)[0] == 0
    variants = query_variants(["thành phố Hạ Long"], T.CITY)
    assert "Hạ Long" in variants and "Ha Long" in variants


def test_link_classes_agree_with_extract_types() -> None:
    classes = load_classes()
    for entry in load_extract():
        if not usable_entry(entry) or not entry.get("instance_of"):
            continue
        accepted = set(classes[T(entry["type"])]["classes"])
        assert accepted & set(entry["instance_of"]), entry["key"]


def test_link_offline_source_keeps_only_verified_entries() -> None:
    source = OfflineExtractSource()
    qids = {c.qid for c in source._candidates}
    verified = {e["qid"] for e in load_extract() if usable_entry(e)}
    assert qids == verified and None not in qids
