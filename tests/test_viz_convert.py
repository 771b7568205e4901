"""viz.convert and viz.views on hand-built graphs (ARCHITECTURE.md shape)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.model import (
    ArticleFacts,
    Document,
    Entity,
    EntityType,
    Evidence,
    Fact,
    Relation,
    WikidataLink,
)
from graph.rdf import to_dataset
from viz.convert import to_graph_data
from viz.demo import EVIL_SENTENCE, EVIL_TITLE, demo_dataset
from viz.views import EntityNotFoundError, ego_view, event_view, filter_data, find_node


@pytest.fixture(scope="module")
def data():
    return to_graph_data(demo_dataset())


def _node(data, label):
    return next(n for n in data["nodes"] if n["label"] == label)


def _edges(data, a, b):
    ia, ib = _node(data, a)["id"], _node(data, b)["id"]
    return [e for e in data["edges"] if (e["source"], e["target"]) == (ia, ib)]


def test_viz_convert_position_is_a_role_labelled_edge(data):
    [edge] = _edges(data, "Nguyễn Văn Thắng", "UBND tỉnh Quảng Ninh")
    assert edge["kind"] == "holds_role"
    assert edge["label"] == "Chủ tịch"
    assert edge["evidence"] == [
        {"sentence": "Ông Nguyễn Văn Thắng, Chủ tịch UBND tỉnh Quảng Ninh, phát biểu khai mạc.",
         "article": "qn-001"}
    ]
    # no Position, Role, Evidence, Statement or Article becomes a node
    assert {n["type"] for n in data["nodes"]} == {"Person", "Organisation", "Event", "City",
                                                  "Country"}
    assert not any("/position/" in n["id"] or "/role/" in n["id"] for n in data["nodes"])
    assert "Chủ tịch, UBND tỉnh Quảng Ninh" in _node(data, "Nguyễn Văn Thắng")["roles"]
    assert "Phó Bí thư, Tỉnh ủy Quảng Ninh" in _node(data, "Nguyễn Văn Thắng")["roles"]


def test_viz_convert_merges_entities_across_articles_with_links_and_sources(data):
    ha_long = [n for n in data["nodes"] if n["label"] == "Hạ Long"]
    assert len(ha_long) == 1
    assert ha_long[0]["wikidata"] == "http://www.wikidata.org/entity/Q36077"
    assert ha_long[0]["articles"] == ["evil-004", "qn-001", "qn-002"]
    assert _node(data, "Nguyễn Phương Hòa")["alt_labels"] == ["Nguyễn Phương Hoà"]
    assert _node(data, "Hội nghị xúc tiến du lịch")["date"] == "--06-09"


def test_viz_convert_binary_relations_keep_evidence_and_qualifiers(data):
    [member] = _edges(data, "Phó Đức Phương", "Hội Nhạc sĩ Việt Nam")
    assert member["kind"] == "member_of"
    assert member["qualifiers"] == {"since": "1975", "field": "Âm nhạc"}
    assert member["evidence"][0]["article"] == "vn-003"
    [held] = _edges(data, "Carnaval Hạ Long 2019", "Hạ Long")
    assert held["kind"] == "held_in"
    assert data["articles"]["evil-004"]["title"] == EVIL_TITLE
    evil_edges = [e for e in data["edges"] if any(ev["sentence"] == EVIL_SENTENCE
                                                  for ev in e["evidence"])]
    assert len(evil_edges) == 2


def test_viz_convert_reads_what_graph_rdf_writes():
    """The real RDF writer's output converts: positions, events, links, evidence."""
    text = "Ông Trần Văn A, Giám đốc Sở Du lịch, dự Lễ hội Hoa tại Đà Lạt."
    ev = Evidence("d1", text, 0, len(text), "test")
    doc = Document(id="d1", text=text, title="Lễ hội Hoa <b>Đà Lạt</b>",
                   published=dt.date(2020, 12, 20), url="https://example.vn/a")
    entities = [
        Entity("p1", EntityType.PERSON, "Trần Văn A", evidence=[ev]),
        Entity("o1", EntityType.ORGANISATION, "Sở Du lịch", evidence=[ev]),
        Entity("e1", EntityType.EVENT, "Lễ hội Hoa", evidence=[ev], date="--12-20", place="c1"),
        Entity("c1", EntityType.CITY, "Đà Lạt", evidence=[ev],
               wikidata=WikidataLink("Q216016", 0.9, "test")),
    ]
    facts = [
        Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Giám đốc", "org": "o1"}, [ev]),
        Fact(Relation.PARTICIPATED_IN, {"agent": "p1", "event": "e1"}, [ev]),
        Fact(Relation.HELD_IN, {"event": "e1", "place": "c1"}, [ev]),
    ]
    data = to_graph_data(to_dataset([ArticleFacts(doc, entities, facts)]))
    assert sorted(n["label"] for n in data["nodes"]) == ["Lễ hội Hoa", "Sở Du lịch",
                                                          "Trần Văn A", "Đà Lạt"]
    [role] = _edges(data, "Trần Văn A", "Sở Du lịch")
    assert role["label"] == "Giám đốc"
    assert role["evidence"] == [{"sentence": text, "article": "d1"}]
    assert _node(data, "Đà Lạt")["wikidata"].endswith("/Q216016")
    assert _node(data, "Lễ hội Hoa")["date"] == "--12-20"
    assert data["articles"]["d1"] == {"title": "Lễ hội Hoa <b>Đà Lạt</b>",
                                      "url": "https://example.vn/a", "date": "2020-12-20",
                                      "site": None}
    assert {e["kind"] for e in data["edges"]} == {"holds_role", "participated_in", "held_in"}


def test_viz_views_find_node_ignores_tones_case_and_accents(data):
    assert find_node(data, "Hạ Long")["label"] == "Hạ Long"
    assert find_node(data, "hạ long")["label"] == "Hạ Long"
    assert find_node(data, "Ha Long")["label"] == "Hạ Long"
    assert find_node(data, "Nguyễn Phương Hoà")["label"] == "Nguyễn Phương Hòa"  # tone placement
    assert find_node(data, "nguyen phuong hoa")["label"] == "Nguyễn Phương Hòa"
    with pytest.raises(EntityNotFoundError):
        find_node(data, "Không Có Ai")


def test_viz_views_ego_depth(data):
    one = ego_view(data, "Ha Long", depth=1)
    labels1 = {n["label"] for n in one["nodes"]}
    assert labels1 == {"Hạ Long", "Việt Nam", "Carnaval Hạ Long 2019",
                       "Hội nghị xúc tiến du lịch", "UBND tỉnh Quảng Ninh"}
    two = ego_view(data, "Ha Long", depth=2)
    labels2 = {n["label"] for n in two["nodes"]}
    assert labels1 < labels2 and "Cao Tường Huy" in labels2 and "Phó Đức Phương" not in labels2
    assert two["focus"] == find_node(data, "Hạ Long")["id"]
    ids = {n["id"] for n in two["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in two["edges"])


def test_viz_views_event_view_has_participants_organisers_place_date(data):
    view = event_view(data, "Hội nghị xúc tiến")
    by_type = {}
    for n in view["nodes"]:
        by_type.setdefault(n["type"], set()).add(n["label"])
    assert by_type == {
        "Event": {"Hội nghị xúc tiến du lịch"},
        "Person": {"Cao Tường Huy", "Nguyễn Phương Hòa"},
        "Organisation": {"Tổng cục Du lịch"},
        "City": {"Hạ Long"},
        "Date": {"09/06"},
    }
    # only the event's own links: not the role of Hòa at Tổng cục Du lịch
    assert all(view["focus"] in (e["source"], e["target"]) for e in view["edges"])


def test_viz_views_filters_by_type_date_and_article(data):
    people = filter_data(data, types=["person", "Organisation"])
    assert {n["type"] for n in people["nodes"]} == {"Person", "Organisation"}
    assert {e["kind"] for e in people["edges"]} == {"holds_role", "member_of"}

    spring = filter_data(data, since="2019-06", until="2019-06")
    assert set(spring["articles"]) == {"qn-002"}
    assert "Phó Đức Phương" not in {n["label"] for n in spring["nodes"]}
    assert all(ev["article"] == "qn-002" for e in spring["edges"] for ev in e["evidence"])
    assert "Cao Tường Huy" in {n["label"] for n in spring["nodes"]}

    one = filter_data(data, article="vn-003")
    assert {n["label"] for n in one["nodes"]} == {"Phó Đức Phương", "Hội Nhạc sĩ Việt Nam",
                                                  "Việt Nam"}
    assert filter_data(data, until="2019")["articles"].keys() == {"qn-001", "qn-002",
                                                                  "evil-004"}
