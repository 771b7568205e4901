"""Small hand-built graphs in the shape of docs/ARCHITECTURE.md.

Used by the viz tests, the map benchmark and the docs: `demo_dataset()` is a
few Vietnamese entities around Hạ Long plus one hostile article (a headline
and a sentence carrying `<script>` and `onerror=`); `synthetic_dataset(n)` is
a random graph of about `n` entities for timing. Triples are written by hand,
with rdflib only, so the maps are tested against the documented graph shape.
"""

from __future__ import annotations

import hashlib
import random

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from graph.vocab import ID, LINKS_GRAPH, NKG, SCHEMA, WD, article_graph_iri

__all__ = ["GraphWriter", "demo_dataset", "synthetic_dataset", "EVIL_TITLE", "EVIL_SENTENCE",
           "EVIL_LABEL"]

EVIL_TITLE = "<script>window.__pwned = 'title'; alert(1)</script> Tin nóng"
EVIL_SENTENCE = (
    "Ông Lê Văn Độc phát biểu <img src=x onerror=\"window.__pwned='sentence'; alert(1)\"> "
    "tại hội nghị."
)
EVIL_LABEL = "Lê Văn Độc <img src=x onerror=window.__pwned='label'>"


def _h(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]


class GraphWriter:
    """Write entities, positions and relations into per-article named graphs."""

    def __init__(self) -> None:
        self.ds = Dataset(default_union=True)
        self.links = self.ds.graph(LINKS_GRAPH)

    def article(self, doc_id: str, title: str, date: str | None, url: str | None = None) -> None:
        g = self.ds.graph(article_graph_iri(doc_id))
        node = ID[f"article/{doc_id}"]
        g.add((node, RDF.type, NKG.Article))
        g.add((node, DCTERMS.identifier, Literal(doc_id)))
        g.add((node, SCHEMA.headline, Literal(title, lang="vi")))
        if date:
            g.add((node, SCHEMA.datePublished, Literal(date, datatype=XSD.date)))
        if url:
            g.add((node, SCHEMA.url, URIRef(url)))

    def entity(
        self, doc_id: str, kind: str, label: str, *, cls: URIRef, qid: str | None = None,
        alt: list[str] | None = None, date: Literal | None = None,
    ) -> URIRef:
        g = self.ds.graph(article_graph_iri(doc_id))
        node = ID[f"{kind}/{_h(kind, label)}"]
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label, lang="vi")))
        for a in alt or []:
            g.add((node, SKOS.altLabel, Literal(a, lang="vi")))
        g.add((node, NKG.mentionedIn, ID[f"article/{doc_id}"]))
        if date is not None:
            g.add((node, NKG.date, date))
        if qid:
            self.links.add((node, SKOS.exactMatch, WD[qid]))
        return node

    def _evidence(self, doc_id: str, subject: URIRef, sentence: str) -> None:
        g = self.ds.graph(article_graph_iri(doc_id))
        ev = ID[f"evidence/{_h(subject, doc_id, sentence)}"]
        g.add((subject, NKG.evidence, ev))
        g.add((ev, RDF.type, NKG.Evidence))
        g.add((ev, NKG.article, ID[f"article/{doc_id}"]))
        g.add((ev, NKG.sentence, Literal(sentence, lang="vi")))
        g.add((ev, NKG.startOffset, Literal(0)))
        g.add((ev, NKG.endOffset, Literal(len(sentence))))
        g.add((ev, NKG.extractor, Literal("demo")))
        g.add((ev, NKG.confidence, Literal(1.0)))

    def position(
        self, doc_id: str, person: URIRef, role: str, org: URIRef | None, sentence: str
    ) -> None:
        g = self.ds.graph(article_graph_iri(doc_id))
        role_node = ID[f"role/{_h(role)}"]
        pos = ID[f"position/{_h(person, role, org)}"]
        g.add((pos, RDF.type, NKG.Position))
        g.add((pos, NKG.holder, person))
        g.add((pos, NKG.role, role_node))
        g.add((role_node, RDF.type, NKG.Role))
        g.add((role_node, RDFS.label, Literal(role, lang="vi")))
        if org is not None:
            g.add((pos, NKG.organisation, org))
        self._evidence(doc_id, pos, sentence)

    def relation(
        self, doc_id: str, s: URIRef, p: URIRef, o: URIRef, sentence: str,
        since: str | None = None, field: str | None = None,
    ) -> None:
        g = self.ds.graph(article_graph_iri(doc_id))
        g.add((s, p, o))
        st = ID[f"statement/{_h(s, p, o)}"]
        g.add((st, RDF.type, NKG.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        if since:
            g.add((st, NKG.since, Literal(since, datatype=XSD.gYear)))
        if field:
            g.add((st, NKG.field, Literal(field, lang="vi")))
        self._evidence(doc_id, st, sentence)


def demo_dataset(*, hostile: bool = True) -> Dataset:
    """A dozen entities around Hạ Long in three articles (+ one hostile article)."""
    w = GraphWriter()
    a1, a2, a3 = "qn-001", "qn-002", "vn-003"
    w.article(a1, "Quảng Ninh khai mạc Carnaval Hạ Long 2019", "2019-04-28",
              "https://example.vn/carnaval")
    w.article(a2, "Hội nghị xúc tiến du lịch tại Hạ Long", "2019-06-10")
    w.article(a3, "Nhạc sĩ Phó Đức Phương được vinh danh", "2023-03-02")
    city = w.entity(a1, "city", "Hạ Long", cls=NKG.City, qid="Q36077")
    w.entity(a2, "city", "Hạ Long", cls=NKG.City, qid="Q36077")
    country = w.entity(a1, "country", "Việt Nam", cls=NKG.Country, qid="Q881")
    ubnd = w.entity(a1, "org", "UBND tỉnh Quảng Ninh", cls=NKG.Organisation,
                    alt=["Ủy ban nhân dân tỉnh Quảng Ninh"])
    w.entity(a2, "org", "UBND tỉnh Quảng Ninh", cls=NKG.Organisation)
    tinh_uy = w.entity(a1, "org", "Tỉnh ủy Quảng Ninh", cls=NKG.Organisation)
    thang = w.entity(a1, "person", "Nguyễn Văn Thắng", cls=NKG.Person)
    huy = w.entity(a2, "person", "Cao Tường Huy", cls=NKG.Person)
    hoa = w.entity(a2, "person", "Nguyễn Phương Hòa", cls=NKG.Person, alt=["Nguyễn Phương Hoà"])
    carnaval = w.entity(a1, "event", "Carnaval Hạ Long 2019", cls=NKG.Event,
                        date=Literal("2019-04-30", datatype=XSD.date))
    hoi_nghi = w.entity(a2, "event", "Hội nghị xúc tiến du lịch", cls=NKG.Event,
                        date=Literal("--06-09", datatype=XSD.gMonthDay))
    tcdl = w.entity(a2, "org", "Tổng cục Du lịch", cls=NKG.Organisation)
    phuong = w.entity(a3, "person", "Phó Đức Phương", cls=NKG.Person)
    hoi_nhac = w.entity(a3, "org", "Hội Nhạc sĩ Việt Nam", cls=NKG.Organisation)

    w.position(a1, thang, "Chủ tịch", ubnd,
               "Ông Nguyễn Văn Thắng, Chủ tịch UBND tỉnh Quảng Ninh, phát biểu khai mạc.")
    w.position(a2, huy, "Phó Chủ tịch", ubnd,
               "Phó Chủ tịch UBND tỉnh Quảng Ninh Cao Tường Huy chủ trì hội nghị.")
    w.position(a1, thang, "Phó Bí thư", tinh_uy,
               "Ông Nguyễn Văn Thắng, Phó Bí thư Tỉnh ủy, dự lễ.")
    w.position(a2, hoa, "Phó Tổng cục trưởng", tcdl,
               "TS. Nguyễn Phương Hòa, Phó Tổng cục trưởng Tổng cục Du lịch, cho biết.")
    w.relation(a1, thang, NKG.participatedIn, carnaval,
               "Ông Nguyễn Văn Thắng dự Carnaval Hạ Long 2019.")
    w.relation(a1, carnaval, NKG.organisedBy, ubnd,
               "Carnaval do UBND tỉnh Quảng Ninh tổ chức.")
    w.relation(a1, carnaval, NKG.heldIn, city, "Carnaval Hạ Long diễn ra tại TP Hạ Long.")
    w.relation(a1, city, NKG.locatedIn, country, "Hạ Long là thành phố của Việt Nam.")
    w.relation(a2, hoi_nghi, NKG.heldIn, city, "Hội nghị diễn ra tại Hạ Long.")
    w.relation(a2, hoi_nghi, NKG.organisedBy, tcdl, "Tổng cục Du lịch tổ chức hội nghị.")
    w.relation(a2, huy, NKG.participatedIn, hoi_nghi, "Ông Cao Tường Huy dự hội nghị.")
    w.relation(a2, hoa, NKG.participatedIn, hoi_nghi, "Bà Nguyễn Phương Hòa dự hội nghị.")
    w.relation(a1, ubnd, NKG.locatedIn, city, "Trụ sở UBND tỉnh đặt tại Hạ Long.")
    w.relation(a3, phuong, NKG.memberOf, hoi_nhac,
               "Nhạc sĩ Phó Đức Phương là hội viên Hội Nhạc sĩ Việt Nam từ năm 1975.",
               since="1975", field="Âm nhạc")
    w.relation(a3, hoi_nhac, NKG.locatedIn, country, "Hội Nhạc sĩ Việt Nam.")

    if hostile:
        bad = "evil-004"
        w.article(bad, EVIL_TITLE, "2019-05-01", "javascript:alert(1)")
        doc = w.entity(bad, "person", EVIL_LABEL, cls=NKG.Person)
        w.entity(bad, "city", "Hạ Long", cls=NKG.City, qid="Q36077")
        w.position(bad, doc, "Giám đốc <script>window.__pwned='role'</script>", ubnd,
                   EVIL_SENTENCE)
        w.relation(bad, doc, NKG.participatedIn, carnaval, EVIL_SENTENCE)
    return w.ds


_GIVEN = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hồng", "Anh"]
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
_NAMES = ["Hùng", "Lan", "Phương", "Tuấn", "Hòa", "Dũng", "Thắng", "Hải", "Mai", "Sơn"]
_ROLES = ["Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Bí thư", "Trưởng ban", "Thứ trưởng"]


def synthetic_dataset(n_nodes: int, seed: int = 0) -> Dataset:
    """About `n_nodes` entities in articles of ~12 entities each, connected mostly locally."""
    rng = random.Random(seed)
    w = GraphWriter()
    n_cities = max(2, n_nodes // 25)
    n_orgs = max(2, n_nodes // 6)
    n_events = max(1, n_nodes // 8)
    n_people = max(2, n_nodes - n_cities - n_orgs - n_events)
    doc = "syn-0000"
    w.article(doc, "Bài tổng hợp", "2020-01-01")
    cities = [w.entity(doc, "city", f"Thành phố {i}", cls=NKG.City) for i in range(n_cities)]
    orgs = [w.entity(doc, "org", f"Sở Ngành {i}", cls=NKG.Organisation) for i in range(n_orgs)]
    events = [w.entity(doc, "event", f"Sự kiện {i}", cls=NKG.Event) for i in range(n_events)]
    people = [
        w.entity(doc, "person", f"{rng.choice(_FAMILY)} {rng.choice(_GIVEN)} "
                 f"{rng.choice(_NAMES)} {i}", cls=NKG.Person)
        for i in range(n_people)
    ]

    def near(items: list[URIRef], i: int, total: int) -> URIRef:
        # Pick an item whose index is close to i's relative position: communities emerge.
        centre = int(i / max(1, total) * len(items))
        return items[max(0, min(len(items) - 1, centre + rng.randint(-2, 2)))]

    for i, org in enumerate(orgs):
        w.relation(doc, org, NKG.locatedIn, near(cities, i, n_orgs), f"Câu {i} về trụ sở.")
    for i, ev in enumerate(events):
        w.relation(doc, ev, NKG.heldIn, near(cities, i, n_events), f"Sự kiện {i} diễn ra.")
        w.relation(doc, ev, NKG.organisedBy, near(orgs, i, n_events), f"Sự kiện {i} do tổ chức.")
    for i, person in enumerate(people):
        w.position(doc, person, rng.choice(_ROLES), near(orgs, i, n_people), f"Ông {i} giữ chức.")
        if rng.random() < 0.7:
            w.relation(doc, person, NKG.participatedIn, near(events, i, n_people),
                       f"Ông {i} dự sự kiện.")
    return w.ds
