"""`newskg facts` output shape: story and teaser merged into one gold-shaped object."""

from __future__ import annotations

from graph.cli.facts import merged_gold_dict
from graph.evaluate import gold_from_dict, score_article
from graph.model import (ArticleFacts, Document, DocumentKind, Entity, EntityType, Evidence, Fact,
                         Relation, WikidataLink)

P, O, C, E = EntityType.PERSON, EntityType.ORGANISATION, EntityType.CITY, EntityType.EVENT


def story_and_teaser() -> list[ArticleFacts]:
    story = ArticleFacts(
        document=Document(id="page", text="", source="page.txt"),
        entities=[
            Entity("p1", P, "Nguyễn Văn An", key="person:an"),
            Entity("o1", O, "Sở Văn hóa và Thể thao", key="org:so"),
            Entity("c1", C, "Huế", key="city:hue", wikidata=WikidataLink("Q12345", 0.9, "test")),
            Entity("e1", E, "Lễ hội", date="--06-01", place="c1", key="event:le-hoi"),
        ],
        facts=[
            Fact(Relation.HOLDS_ROLE, {"person": "p1", "role": "Giám đốc", "org": "o1"},
                 evidence=[Evidence("page", "Ông An, Giám đốc Sở.", 0, 20, "rules.test", 0.8)]),
            Fact(Relation.HELD_IN, {"event": "e1", "place": "c1"}),
        ],
    )
    teaser = ArticleFacts(
        document=Document(id="page-t1", text="", source="page.txt", kind=DocumentKind.TEASER),
        entities=[
            Entity("x1", O, "Sở VHTT", key="org:so"),
            Entity("x2", P, "Nguyễn Văn An", key="person:an"),
            Entity("x3", C, "Đà Nẵng", key="city:da-nang"),
        ],
        facts=[
            Fact(Relation.HOLDS_ROLE, {"person": "x2", "role": "Giám đốc", "org": "x1"}),
            Fact(Relation.LOCATED_IN, {"subject": "x1", "place": "x3"}),
        ],
    )
    return [story, teaser]


def test_merged_output_has_one_entity_per_key_and_unique_ids() -> None:
    data = merged_gold_dict("page", story_and_teaser())
    ids = [e["id"] for e in data["entities"]]
    assert len(ids) == len(set(ids)) == 5
    org = next(e for e in data["entities"] if e["type"] == "Organisation")
    assert org["name"] == "Sở Văn hóa và Thể thao" and org["aliases"] == ["Sở VHTT"]
    assert next(e for e in data["entities"] if e["name"] == "Huế")["wikidata"] == "Q12345"


def test_merged_output_deduplicates_facts_and_maps_ids() -> None:
    data = merged_gold_dict("page", story_and_teaser())
    roles = [f for f in data["facts"] if f["rel"] == "holds_role"]
    assert len(roles) == 1
    assert roles[0]["evidence"][0]["extractor"] == "rules.test"
    ids = {e["id"]: e for e in data["entities"]}
    located = next(f for f in data["facts"] if f["rel"] == "located_in")
    assert ids[located["subject"]]["type"] == "Organisation"
    assert ids[located["place"]]["name"] == "Đà Nẵng"
    event = next(e for e in data["entities"] if e["type"] == "Event")
    assert ids[event["place"]]["name"] == "Huế"


def test_merged_output_reads_back_as_gold() -> None:
    articles = story_and_teaser()
    data = merged_gold_dict("page", articles)
    scores = score_article(gold_from_dict(data), articles)
    assert scores.facts.f1 == 1.0 and scores.entities.f1 == 1.0


def _fake_extraction(monkeypatch) -> None:
    import graph.cli.facts as facts_cli
    from graph.resolve import resolve

    def fake_extract(documents):
        articles = []
        for doc in documents:
            articles.append(ArticleFacts(
                document=doc,
                entities=[Entity("c1", C, "Hà Nội"), Entity("o1", O, "Bộ Ngoại giao")],
                facts=[Fact(Relation.LOCATED_IN, {"subject": "o1", "place": "c1"})],
            ))
        resolve(articles)
        return articles

    monkeypatch.setattr(facts_cli, "extract_documents", fake_extract)


def test_facts_command_writes_one_file_per_input(monkeypatch, tmp_path) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    _fake_extraction(monkeypatch)
    inputs = []
    for stem in ("bai_mot", "bai_hai"):
        path = tmp_path / f"{stem}.txt"
        path.write_text("Tiêu đề\n\nNgày 5/7, tại Hà Nội, Bộ Ngoại giao tổ chức họp báo thường kỳ.\n",
                        encoding="utf-8")
        inputs.append(str(path))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["facts", *inputs, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bai_hai.json", "bai_mot.json"]
    import json

    data = json.loads((out / "bai_mot.json").read_text(encoding="utf-8"))
    assert data["article"] == "bai_mot"
    city = next(e for e in data["entities"] if e["type"] == "City")
    # The offline linker (the bundled Wikidata extract) knows Hà Nội.
    assert city["wikidata"] and city["wikidata"].startswith("Q")
    assert data["facts"] == [{"rel": "located_in", "subject": "o1", "place": "c1"}]

    unlinked = CliRunner().invoke(main, ["facts", inputs[0], "--out", str(out), "--no-link"])
    assert unlinked.exit_code == 0, unlinked.output
    data = json.loads((out / "bai_mot.json").read_text(encoding="utf-8"))
    assert all(e["wikidata"] is None for e in data["entities"])
