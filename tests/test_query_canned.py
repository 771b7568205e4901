"""Canned queries (queries/*.rq): header, parsing, and answers on a hand-built graph.

The fixture graph follows docs/ARCHITECTURE.md term by term; other query,
server and push tests import `write_fixture_graph` from here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Literal, Namespace, URIRef

from graph import sparql
from graph.text import search_key
from queries import QueryHeaderError, get_query, label_key, load_queries, parse_query_file

NKG = Namespace("https://w3id.org/newskg/ontology#")
ID = Namespace("https://w3id.org/newskg/id/")
GR = Namespace("https://w3id.org/newskg/graph/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
DCT = Namespace("http://purl.org/dc/terms/")

HOA = ID["person/nguyen-phuong-hoa-1a2b"]
LAM = ID["person/tran-van-lam-3c4d"]
MAI = ID["person/pham-thi-mai-5e6f"]
UBND = ID["org/ubnd-tinh-quang-ninh-7a8b"]
SO_VH = ID["org/so-van-hoa-va-the-thao-9c0d"]
UCCN = ID["org/mang-luoi-cac-thanh-pho-sang-tao-unesco-1111"]
HALONG = ID["city/ha-long-2222"]
HOIAN = ID["city/hoi-an-3333"]
DALAT = ID["city/da-lat-4444"]
CARNAVAL = ID["event/carnaval-ha-long-5555"]
HOINGHI = ID["event/hoi-nghi-xuc-tien-du-lich-6666"]


def build_fixture_dataset() -> Dataset:
    ds = Dataset()
    a1, a2 = ID["article/a1"], ID["article/a2"]
    g1, g2 = ds.graph(GR["article/a1"]), ds.graph(GR["article/a2"])
    for g, art, head, day in ((g1, a1, "Hạ Long rộn ràng Carnaval 2019", "2019-01-17"),
                              (g2, a2, "Hội An, Đà Lạt vào mạng lưới thành phố sáng tạo",
                               "2023-11-01")):
        g.add((art, RDF.type, NKG.Article))
        g.add((art, SCHEMA.headline, Literal(head, lang="vi")))
        g.add((art, SCHEMA.datePublished, Literal(day, datatype=XSD.date)))
        g.add((art, NKG.site, Literal("baoquangninh.vn")))
        g.add((art, NKG.kind, Literal("story")))
        g.add((art, DCT.language, Literal("vi")))

    def entity(g, node, cls, label, art, alt=None):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label, lang="vi")))
        if alt:
            g.add((node, SKOS.altLabel, Literal(alt, lang="vi")))
        g.add((node, NKG.mentionedIn, art))

    entity(g1, HOA, NKG.Person, "Nguyễn Phương Hòa", a1, alt="Nguyễn Phương Hoà")
    g1.add((HOA, NKG.honorific, Literal("TS.")))
    entity(g1, LAM, NKG.Person, "Trần Văn Lâm", a1)
    entity(g1, MAI, NKG.Person, "Phạm Thị Mai", a1)
    entity(g1, UBND, NKG.Organisation, "UBND tỉnh Quảng Ninh", a1)
    entity(g1, SO_VH, NKG.Organisation, "Sở Văn hóa và Thể thao Quảng Ninh", a1)
    entity(g1, HALONG, NKG.City, "Hạ Long", a1)
    entity(g1, CARNAVAL, NKG.Event, "Carnaval Hạ Long 2019", a1)
    entity(g1, HOINGHI, NKG.Event, "Hội nghị xúc tiến du lịch", a1)
    entity(g2, UCCN, NKG.Organisation, "Mạng lưới các thành phố sáng tạo của UNESCO", a2)
    entity(g2, HOIAN, NKG.City, "Hội An", a2)
    entity(g2, DALAT, NKG.City, "Đà Lạt", a2)

    def evidence(g, key, art, sentence, extractor):
        ev = ID[f"evidence/{key}"]
        g.add((ev, RDF.type, NKG.Evidence))
        g.add((ev, NKG.article, art))
        g.add((ev, NKG.sentence, Literal(sentence, lang="vi")))
        g.add((ev, NKG.startOffset, Literal(0)))
        g.add((ev, NKG.endOffset, Literal(len(sentence))))
        g.add((ev, NKG.extractor, Literal(extractor)))
        g.add((ev, NKG.confidence, Literal(0.9)))
        return ev

    s_pos = "TS. Nguyễn Phương Hòa, PCT thường trực UBND tỉnh Quảng Ninh, dự lễ khai mạc."
    for key, who, role, role_label, role_text, org in (
        ("p1", HOA, "pho-chu-tich-thuong-truc", "Phó Chủ tịch thường trực", "PCT thường trực", UBND),
        ("p2", LAM, "giam-doc", "Giám đốc", "Giám đốc", SO_VH),
        ("p3", MAI, "pho-giam-doc", "Phó Giám đốc", "Phó Giám đốc", SO_VH),
    ):
        pos = ID[f"position/{key}"]
        g1.add((pos, RDF.type, NKG.Position))
        g1.add((pos, NKG.holder, who))
        g1.add((pos, NKG.role, ID[f"role/{role}"]))
        g1.add((ID[f"role/{role}"], RDF.type, NKG.Role))
        g1.add((ID[f"role/{role}"], RDFS.label, Literal(role_label, lang="vi")))
        g1.add((pos, NKG.organisation, org))
        g1.add((pos, NKG.roleText, Literal(role_text)))
        g1.add((pos, NKG.statedOn, Literal("2019-01-17", datatype=XSD.date)))
        g1.add((pos, NKG.evidence, evidence(g1, f"e-{key}", a1, s_pos, "rules.roles")))

    def statement(g, key, s, p, o, art, sentence, since=None, field=None):
        g.add((s, p, o))
        st = ID[f"statement/{key}"]
        g.add((st, RDF.type, NKG.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        if since:
            g.add((st, NKG.since, Literal(since, datatype=XSD.gYear)))
        if field:
            g.add((st, NKG.field, Literal(field, lang="vi")))
        g.add((st, NKG.evidence, evidence(g, f"e-{key}", art, sentence, "rules.relations")))

    s_ev = "Carnaval Hạ Long 2019 do UBND tỉnh Quảng Ninh tổ chức ngày 30/4 tại Hạ Long."
    statement(g1, "s1", CARNAVAL, NKG.organisedBy, UBND, a1, s_ev)
    statement(g1, "s2", CARNAVAL, NKG.heldIn, HALONG, a1, s_ev)
    g1.add((CARNAVAL, NKG.date, Literal("--04-30", datatype=XSD.gMonthDay)))
    statement(g1, "s3", HOA, NKG.participatedIn, CARNAVAL, a1, s_pos)
    statement(g1, "s4", LAM, NKG.participatedIn, CARNAVAL, a1, s_ev)
    s_hn = "Sở Văn hóa và Thể thao tổ chức Hội nghị xúc tiến du lịch tại Hạ Long."
    statement(g1, "s5", HOINGHI, NKG.organisedBy, SO_VH, a1, s_hn)
    statement(g1, "s6", HOINGHI, NKG.heldIn, HALONG, a1, s_hn)
    statement(g1, "s7", LAM, NKG.participatedIn, HOINGHI, a1, s_hn)
    statement(g1, "s8", MAI, NKG.participatedIn, HOINGHI, a1, s_hn)
    statement(g1, "s9", SO_VH, NKG.partOf, UBND, a1, s_hn)
    statement(g1, "s10", UBND, NKG.locatedIn, HALONG, a1, s_ev)
    s_uc = "Hội An (thủ công) và Đà Lạt (âm nhạc) gia nhập Mạng lưới các thành phố sáng tạo năm 2023."
    statement(g2, "s11", HOIAN, NKG.memberOf, UCCN, a2, s_uc, "2023",
              "Thủ công và Nghệ thuật dân gian")
    statement(g2, "s12", DALAT, NKG.memberOf, UCCN, a2, s_uc, "2023", "Âm nhạc")

    links = ds.graph(GR["links"])
    links.add((HALONG, SKOS.exactMatch, WD.Q36077))
    link = ID["link/l1"]
    links.add((link, RDF.type, NKG.WikidataLink))
    links.add((link, NKG.linkedEntity, HALONG))
    links.add((link, NKG.wikidataItem, WD.Q36077))
    links.add((link, NKG.linkScore, Literal(0.97)))
    links.add((link, NKG.linkMethod, Literal("offline:label+geonames")))
    # What the writer adds for every entity and role label (graph.rdf): the key
    # a label parameter binds. Same function on both sides, as in a real build.
    for g in (g1, g2):
        for node, label in list(g.subject_objects(RDFS.label)) + list(
                g.subject_objects(SKOS.altLabel)):
            g.add((node, NKG.searchKey, Literal(search_key(str(label)))))
    wd = ds.graph(GR["wikidata"])
    wd.add((WD.Q36077, RDFS.label, Literal("Ha Long", lang="en")))
    wd.add((WD.Q36077, RDFS.label, Literal("Hạ Long", lang="vi")))
    return ds


def write_fixture_graph(out_dir: Path) -> Path:
    """Write the fixture as graph.nq and graph.trig into `out_dir` (a build's layout)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ds = build_fixture_dataset()
    ds.serialize(out_dir / "graph.nq", format="nquads", encoding="utf-8")
    ds.serialize(out_dir / "graph.trig", format="trig", encoding="utf-8")
    return out_dir


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture_graph(tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def ox_store(graph_dir: Path):
    return sparql.open_store(graph_dir)


@pytest.fixture(scope="module")
def memory_ds() -> Dataset:
    return build_fixture_dataset()


QUERIES = load_queries()
NAMES = [q.name for q in QUERIES]
# federated queries (SERVICE to Wikidata) need the network: header and parse only
OFFLINE = [q.name for q in QUERIES if "SERVICE" not in q.text.upper()]


def test_query_canned_count_and_header() -> None:
    assert len(QUERIES) >= 12
    for q in QUERIES:
        head = q.text.splitlines()
        assert head[0].startswith("# title: "), q.name
        assert q.title and q.description and q.columns, q.name
        select = q.text[q.text.index("SELECT"):q.text.index("WHERE")]
        for p in q.params:
            if p.is_modifier:  # sets the query's LIMIT/OFFSET number, binds no term
                assert p.default is not None and p.default.isdigit(), (q.name, p.name)
                assert q.text_for({}) == q.text, (q.name, p.name)  # default = the written number
                continue
            # projected, since Oxigraph substitutes only projected variables
            assert f"?{p.name}" in select.split(), (q.name, p.name)
            if p.kind == "label":  # a label parameter starts the pattern from the index
                where = q.text[q.text.index("WHERE"):]
                # (in each UNION branch when the pattern is a UNION)
                assert f"nkg:searchKey ?{p.name} ." in where, (q.name, p.name)
                assert p.name not in q.columns, (q.name, p.name)  # a key, not for reading
        assert "LCASE(" not in q.text, q.name  # no label folded at query time


def test_query_canned_header_required(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# description: no title\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryHeaderError, match="title"):
        parse_query_file(bad)


@pytest.mark.parametrize("name", NAMES)
def test_query_canned_parses_with_rdflib(name: str) -> None:
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(get_query(name).text)


@pytest.mark.parametrize("name", OFFLINE)
def test_query_canned_runs_on_both_stores(name: str, ox_store, memory_ds) -> None:
    q = get_query(name)
    on_ox = sparql.run_query(ox_store, q)
    on_rdflib = sparql.run_query(memory_ds, q)
    assert on_ox.kind == "select"
    assert len(on_ox) > 0, f"{name} has no answer on the fixture graph"
    assert on_ox.vars == list(q.columns)
    assert _norm(on_ox) == _norm(on_rdflib)


def _norm(result):
    """Rows as text; GROUP_CONCAT order and language tags differ between engines."""
    def cell(t):
        text = "" if t is None else str(t)
        for sep in (" | ", ", ", " > "):
            if sep in text:
                return sep.join(sorted(text.split(sep)))
        return text
    return sorted(tuple(cell(t) for t in row) for row in result.rows)


def _col(result, var):
    i = result.vars.index(var)
    return [row[i] for row in result.rows]


def test_query_canned_label_param_is_tone_insensitive(ox_store, memory_ds) -> None:
    q = get_query("person_posts")
    for store in (ox_store, memory_ds):
        for spelling in ("Nguyễn Phương Hòa", "nguyễn phương hoà", "NGUYỄN PHƯƠNG HOÀ"):
            res = sparql.run_query(store, q, {"person": spelling})
            assert {str(x) for x in _col(res, "personLabel")} == {"Nguyễn Phương Hòa"}
            assert {str(x) for x in _col(res, "role")} == {"Phó Chủ tịch thường trực"}
    assert label_key("Hoà") == label_key("hòa") == "hoa"


def test_query_canned_posts_in_organisation(ox_store) -> None:
    res = sparql.run_query(ox_store, get_query("posts_in_organisation"),
                           {"org": "Sở Văn hoá và Thể thao Quảng Ninh"})
    assert sorted(str(x) for x in _col(res, "personLabel")) == ["Phạm Thị Mai", "Trần Văn Lâm"]


def test_query_canned_events_and_meetings(ox_store, memory_ds) -> None:
    for store in (ox_store, memory_ds):
        res = sparql.run_query(store, get_query("events_in_city"), {"city": "Hạ Long"})
        rows = {str(r["eventLabel"]): r for r in res.dicts()}
        assert set(rows) == {"Carnaval Hạ Long 2019", "Hội nghị xúc tiến du lịch"}
        assert str(rows["Carnaval Hạ Long 2019"]["date"]) == "--04-30"
        assert str(rows["Carnaval Hạ Long 2019"]["organisers"]) == "UBND tỉnh Quảng Ninh"
        met = sparql.run_query(store, get_query("who_met_whom"), {"person": "Trần Văn Lâm"})
        assert {str(x) for x in _col(met, "otherLabel")} == {"Nguyễn Phương Hòa", "Phạm Thị Mai"}


def test_query_canned_creative_cities(ox_store) -> None:
    res = sparql.run_query(ox_store, get_query("creative_cities"))
    got = {(str(r["cityLabel"]), str(r["fieldLabel"]), str(r["since"])) for r in res.dicts()}
    assert got == {("Hội An", "Thủ công và Nghệ thuật dân gian", "2023"),
                   ("Đà Lạt", "Âm nhạc", "2023")}
    one = sparql.run_query(ox_store, get_query("creative_cities"), {"city": "da lat"})
    assert [str(x) for x in _col(one, "fieldLabel")] == []  # "da" is not "đà": Đ is kept
    one = sparql.run_query(ox_store, get_query("creative_cities"), {"city": "ĐÀ LẠT"})
    assert [str(x) for x in _col(one, "fieldLabel")] == ["Âm nhạc"]
    assert _col(one, "place") == [DALAT]


def test_query_canned_timeline_of_an_entity(ox_store, memory_ds) -> None:
    for store in (ox_store, memory_ds):
        every = sparql.run_query(store, get_query("timeline"))
        assert {str(x) for x in _col(every, "eventLabel")} == {
            "Carnaval Hạ Long 2019", "Hội nghị xúc tiến du lịch"}
        # a person: the events taken part in; a city: the events held there
        hoa = sparql.run_query(store, get_query("timeline"), {"entity": "Nguyễn Phương Hoà"})
        assert [str(x) for x in _col(hoa, "eventLabel")] == ["Carnaval Hạ Long 2019"]
        assert [str(x) for x in _col(hoa, "when")] == ["--04-30"]  # the event date wins
        city = sparql.run_query(store, get_query("timeline"), {"entity": "hạ long"})
        assert len(city) == 2 and city.vars == list(get_query("timeline").columns)


def test_query_canned_output_hides_search_keys(ox_store) -> None:
    """A label parameter binds a search key; the output shows labels and IRIs only."""
    q = get_query("posts_in_organisation")
    res = sparql.run_query(ox_store, q, {"org": "Sở Văn hoá và Thể thao Quảng Ninh"})
    assert res.vars == list(q.columns) and "org" not in res.vars
    assert set(_col(res, "organisation")) == {SO_VH}
    assert {str(x) for x in _col(res, "role")} == {"Giám đốc", "Phó Giám đốc"}
    assert {str(x) for x in _col(res, "statedOn")} == {"2019-01-17"}
    keys = {str(k) for k in ox_store_keys(ox_store)}
    for row in res.rows:  # no cell is a search key
        assert not ({str(c) for c in row if c is not None} & keys - {"giam đôc"})
    # unbound: an entity with a name and an alias (two keys) is still listed once
    found = sparql.run_query(ox_store, get_query("find_entity"))
    assert [str(x) for x in _col(found, "label")].count("Nguyễn Phương Hòa") == 1
    table = sparql.run_query(ox_store, q, {"org": "ubnd tinh quang ninh"}).serialize("table")
    assert "ubnd tinh quang ninh" not in table.decode()
    assert "UBND tỉnh Quảng Ninh" in table.decode()


def ox_store_keys(store):
    return [r[0].value for r in store.query(
        "SELECT DISTINCT ?k WHERE { ?e <https://w3id.org/newskg/ontology#searchKey> ?k }",
        use_default_graph_as_union=True)]


def test_query_canned_find_entity_by_alias(ox_store) -> None:
    # the alias "Nguyễn Phương Hoà" and the name fold to the same key; an
    # alias with another spelling of the same name is a second key
    res = sparql.run_query(ox_store, get_query("find_entity"), {"name": "nguyen phuong hoa"})
    assert res.rows == []  # tones go, vowel marks stay: "nguyen" is not "nguyên"
    res = sparql.run_query(ox_store, get_query("find_entity"), {"name": "NGUYỄN PHƯƠNG HOÀ"})
    assert _col(res, "entity") == [HOA]
    assert str(_col(res, "altLabels")[0]) == "Nguyễn Phương Hoà"


def test_query_canned_path_unlinked_parents(ox_store) -> None:
    path = sparql.run_query(ox_store, get_query("path_between"),
                            {"from": "Phạm Thị Mai", "to": "TRẦN VĂN LÂM"})
    assert path.rows and all(str(h) == "2" for h in _col(path, "hops"))
    assert {str(v) for v in _col(path, "viaLabel")} == {
        "Hội nghị xúc tiến du lịch", "Sở Văn hóa và Thể thao Quảng Ninh"}
    far = sparql.run_query(ox_store, get_query("path_between"),
                           {"from": "Phạm Thị Mai", "to": "Nguyễn Phương Hòa"})
    assert far.rows == []  # three hops apart
    unlinked = sparql.run_query(ox_store, get_query("unlinked_entities"),
                                {"type": "nkg:City"})
    assert {str(x) for x in _col(unlinked, "label")} == {"Hội An", "Đà Lạt"}
    parents = sparql.run_query(ox_store, get_query("organisation_parents"))
    assert [(str(r["orgLabel"]), str(r["parentLabel"])) for r in parents.dicts()] == [
        ("Sở Văn hóa và Thể thao Quảng Ninh", "UBND tỉnh Quảng Ninh")]


def test_query_canned_injection_stays_literal(ox_store, memory_ds) -> None:
    evil = 'Hòa" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("1'
    for store in (ox_store, memory_ds):
        res = sparql.run_query(store, get_query("person_posts"), {"person": evil})
        assert res.rows == []
    # the store still holds everything
    assert len(sparql.run_query(ox_store, get_query("counts_by_type"))) > 5


def test_query_canned_unknown_param_rejected() -> None:
    with pytest.raises(KeyError, match="no parameter"):
        get_query("person_posts").bindings({"nobody": "x"})


def test_query_store_rebuilds_when_graph_changes(tmp_path: Path) -> None:
    out = write_fixture_graph(tmp_path / "out")
    store = sparql.open_store(out)
    before = _named_quads(store)
    del store
    ds = build_fixture_dataset()
    ds.graph(GR["article/a3"]).add((ID["article/a3"], RDF.type, NKG.Article))
    ds.serialize(out / "graph.nq", format="nquads", encoding="utf-8")
    store = sparql.open_store(out)
    assert _named_quads(store) == before + 1
    # the merged default graph, which queries read, has the new triple too
    assert sparql.run_query(store, f"ASK {{ <{ID['article/a3']}> a ?t }}").boolean
    rdf_api = sparql.open_rdflib(out)
    assert (ID["article/a3"], RDF.type, NKG.Article) in rdf_api
    assert URIRef(NKG.Article) in {o for o in rdf_api.objects(None, RDF.type)}


def _named_quads(store) -> int:
    import pyoxigraph as ox

    return sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))


def test_query_store_default_graph_is_a_set(tmp_path: Path) -> None:
    """An entity's triples repeat per article graph; queries see each triple once."""
    ds = build_fixture_dataset()
    ds.graph(GR["article/a2"]).add((HOA, RDF.type, NKG.Person))  # Hòa typed in a1 and a2
    out = tmp_path / "out"
    out.mkdir()
    ds.serialize(out / "graph.nq", format="nquads", encoding="utf-8")
    store = sparql.open_store(out)
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{HOA}> a ?t }}"
    assert int(sparql.run_query(store, q).rows[0][0]) == 1
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ <{HOA}> a ?t }} }}"
    assert int(sparql.run_query(store, q).rows[0][0]) == 2  # provenance kept per graph


def test_query_params_bound_inline_round_trip(ox_store) -> None:
    """Parameter values reach the query as RDF terms, whatever characters they hold."""
    nasty = ['x"""y', 'a"', "a\\", 'l1\nl2""" } ; DROP ALL #', "it's '''", "\\u0022",
             'Hòa" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o . FILTER("1']
    for value in nasty:
        res = sparql.run_query(ox_store, "SELECT ?v WHERE { }", {"v": Literal(value)})
        assert [str(r[0]) for r in res.rows] == [value]
    iri = sparql.run_query(ox_store, "SELECT ?c WHERE { ?c a ?t }",
                           {"c": HALONG, "t": NKG.City})
    assert [r[0] for r in iri.rows] == [HALONG]


# --------------------------------------------------------------------------- paging


def _paged_fixture(tmp_path: Path) -> Path:
    """The fixture plus a newer article of another site, so a page cut before
    the site is chosen would hold only that article."""
    ds = build_fixture_dataset()
    a3 = ID["article/a3"]
    g3 = ds.graph(GR["article/a3"])
    g3.add((a3, RDF.type, NKG.Article))
    g3.add((a3, SCHEMA.headline, Literal("Tin khác", lang="vi")))
    g3.add((a3, SCHEMA.datePublished, Literal("2024-05-01", datatype=XSD.date)))
    g3.add((a3, NKG.site, Literal("khac.vn")))
    g3.add((HOA, NKG.mentionedIn, a3))
    out = tmp_path / "paged"
    out.mkdir()
    ds.serialize(out / "graph.nq", format="nquads", encoding="utf-8")
    return out


def test_query_canned_article_facts_pages_newest_first(tmp_path: Path) -> None:
    out = _paged_fixture(tmp_path)
    q = get_query("article_facts")
    a1, a2, a3 = ID["article/a1"], ID["article/a2"], ID["article/a3"]
    for store in (sparql.open_store(out), sparql.open_rdflib(out), _memory(out)):
        every = sparql.run_query(store, q)
        assert _col(every, "article") == [a3, a2, a1]  # newest first
        site = {"site": "baoquangninh.vn"}
        # the site is chosen before the page is cut: a2, not "a3 filtered away"
        assert _col(sparql.run_query(store, q, {**site, "limit": "1"}), "article") == [a2]
        second = sparql.run_query(store, q, {**site, "limit": "1", "offset": "1"})
        assert _col(second, "article") == [a1]
        assert [int(x) for x in _col(second, "people")] == [3]  # counts of that article
        assert [int(x) for x in _col(second, "places")] == [1]
        assert _col(sparql.run_query(store, q, {**site, "offset": "2"}), "article") == []
        assert len(sparql.run_query(store, q, {"limit": 2})) == 2  # a number works too


def _memory(out: Path) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(out / "graph.nq", format="nquads")
    return ds


def test_query_paging_values_are_numbers_only() -> None:
    q = get_query("article_facts")
    assert "LIMIT 7\n" in q.text_for({"limit": "7"}) and "OFFSET 0\n" in q.text_for({"limit": "7"})
    assert "OFFSET 30\n" in q.text_for({"offset": 30})
    for bad in ("1 } ; DROP ALL", "-1", "1.5", "", "١٢"):  # last: Arabic-Indic digits
        with pytest.raises(ValueError, match="whole number"):
            q.text_for({"limit": bad})
    assert q.bindings({"limit": "5", "site": "x.vn"}) == {"site": Literal("x.vn")}
    with pytest.raises(ValueError, match="not a term"):
        q.param("limit").to_term("5")


def test_query_paging_needs_one_clause(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: t\n# description: d\n# param: ?limit [limit] — rows (default: \"5\")\n"
                   "# columns: s\n# LIMIT 5 in a comment does not count\nSELECT ?s WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryHeaderError, match="LIMIT n"):
        parse_query_file(bad)
    bad.write_text(bad.read_text() + "LIMIT 5\n")
    assert parse_query_file(bad).text_for({"limit": "9"}).endswith("LIMIT 9\n")


# --------------------------------------------------------------------------- counts


LIVE_COUNTS = "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"


def _counts(result) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in result.rows}


def test_query_counts_by_type_without_stats_graph_counts_live(ox_store, memory_ds) -> None:
    for store in (ox_store, memory_ds):
        got = _counts(sparql.run_query(store, get_query("counts_by_type")))
        assert got == _counts(sparql.run_query(store, LIVE_COUNTS))
        assert got[str(NKG.Person)] == 3 and got[str(NKG.Article)] == 2


def test_query_counts_by_type_reads_the_stats_graph(tmp_path: Path) -> None:
    """With the build's VoID partitions present, the answer is theirs (not recounted)."""
    from graph.stats import class_partitions_nquads

    out = write_fixture_graph(tmp_path / "out")
    store = sparql.open_store(out)
    live = _counts(sparql.run_query(store, LIVE_COUNTS))
    typed = {t: range(n) for t, n in live.items()}
    typed[str(NKG.Person)] = range(99)  # a stated count the live one cannot give
    with (out / "graph.nq").open("a", encoding="utf-8") as f:
        f.write(class_partitions_nquads(typed))
    for store in (sparql.open_store(out), _memory(out)):
        got = _counts(sparql.run_query(store, get_query("counts_by_type")))
        assert got == {**live, str(NKG.Person): 99}


LIVE_UNLINKED = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity (COUNT(DISTINCT ?article) AS ?mentions) WHERE {
  VALUES ?type { nkg:Person nkg:Organisation nkg:Event nkg:City nkg:Country }
  ?entity a ?type ; nkg:mentionedIn ?article .
  FILTER NOT EXISTS { ?entity skos:exactMatch ?item }
} GROUP BY ?entity
"""


def _mentions(result) -> dict[str, int]:
    return {str(r["entity"]): int(r["mentions"]) for r in result.dicts()}


def test_query_unlinked_entities_without_mention_counts_counts_live(ox_store, memory_ds) -> None:
    for store in (ox_store, memory_ds):
        got = _mentions(sparql.run_query(store, get_query("unlinked_entities")))
        assert got and got == _mentions(sparql.run_query(store, LIVE_UNLINKED))


def test_query_unlinked_entities_reads_the_mention_counts(tmp_path: Path) -> None:
    """With the build's nkg:mentionCount present, the ranking is theirs (not recounted)."""
    from graph.stats import mention_counts_nquads

    out = write_fixture_graph(tmp_path / "out")
    live = _mentions(sparql.run_query(sparql.open_store(out), LIVE_UNLINKED))
    stated = dict(live)
    busiest = sorted(live)[0]
    stated[busiest] = 99  # a count the live one cannot give
    with (out / "graph.nq").open("a", encoding="utf-8") as f:
        f.write(mention_counts_nquads(stated))
    for store in (sparql.open_store(out), _memory(out)):
        result = sparql.run_query(store, get_query("unlinked_entities"))
        assert _mentions(result) == stated
        rows = result.dicts()
        busiest_type = next(str(r["type"]) for r in rows if str(r["entity"]) == busiest)
        # ranked by the stated count: first of its type
        assert str(next(r["entity"] for r in rows if str(r["type"]) == busiest_type)) == busiest
        # a parameter reaches both branches of the query (see sparql.PARAMS_MARK)
        one_type = sparql.run_query(store, get_query("unlinked_entities"), {"type": busiest_type})
        assert {str(r["type"]) for r in one_type.dicts()} == {busiest_type}
        assert str(one_type.dicts()[0]["entity"]) == busiest
