"""Cross-article entity resolution (graph.resolve) on hand-built ArticleFacts."""

from __future__ import annotations

import itertools

from graph.model import ArticleFacts, Document, Entity, EntityType
from graph.resolve import entity_name_key, merge_aliases, resolve

P, O, C, N, E = (EntityType.PERSON, EntityType.ORGANISATION, EntityType.CITY,
                 EntityType.COUNTRY, EntityType.EVENT)


def article(doc_id: str, *entities: Entity, source: str | None = None) -> ArticleFacts:
    return ArticleFacts(document=Document(id=doc_id, text="", source=source or f"{doc_id}.txt"),
                        entities=list(entities))


def keys_of(articles: list[ArticleFacts]) -> dict[tuple[str, str], str]:
    return {(a.document.id, e.id): e.key for a in articles for e in a.entities}


def build_corpus() -> list[ArticleFacts]:
    return [
        article("a", Entity("p1", P, "Nguyễn Phương Hòa"),
                Entity("o1", O, "Cục Hợp tác quốc tế", aliases=["Cục HTQT"]),
                Entity("o2", O, "Ủy ban nhân dân thành phố Hạ Long", aliases=["UBND TP"]),
                Entity("c1", C, "Hạ Long", aliases=["TP Hạ Long"]),
                Entity("e1", E, "Buổi làm việc", date="--08-09", place="c1")),
        article("b", Entity("p1", P, "Nguyễn Phương Hoà"),
                Entity("o1", O, "Cục HTQT"),
                Entity("o2", O, "Ủy ban nhân dân thành phố Đà Lạt", aliases=["UBND TP"]),
                Entity("c1", C, "Đà Lạt"),
                Entity("e1", E, "Buổi làm việc", date="--08-09", place="c1")),
        article("c", Entity("c1", C, "thành phố Hạ Long", aliases=["Hạ Long"]),
                Entity("e1", E, "Buổi làm việc", date="--08-09", place="c1"),
                Entity("o1", O, "UBND TP")),
    ]


def test_tone_variant_person_names_get_one_key() -> None:
    corpus = build_corpus()
    resolve(corpus)
    keys = keys_of(corpus)
    assert keys[("a", "p1")] == keys[("b", "p1")]
    assert keys[("a", "p1")].startswith("person:")


def test_abbreviation_alias_joins_the_full_name_of_another_article() -> None:
    corpus = build_corpus()
    resolve(corpus)
    keys = keys_of(corpus)
    assert keys[("a", "o1")] == keys[("b", "o1")]
    # The key is made from the fullest name, not the abbreviation: it is the
    # key the full name gets on its own.
    alone = [article("q", Entity("o1", O, "Cục Hợp tác Quốc tế"))]
    resolve(alone)
    assert keys[("a", "o1")] == alone[0].entity("o1").key


def test_ambiguous_alias_does_not_join_different_bodies() -> None:
    corpus = build_corpus()
    resolve(corpus)
    keys = keys_of(corpus)
    assert keys[("a", "o2")] != keys[("b", "o2")]


def test_generic_event_names_join_only_with_same_date_and_place() -> None:
    corpus = build_corpus()
    resolve(corpus)
    keys = keys_of(corpus)
    # Same name and date, different city: two meetings.
    assert keys[("a", "e1")] != keys[("b", "e1")]
    # Same name, date and (resolved) city: one meeting.
    assert keys[("a", "c1")] == keys[("c", "c1")]
    assert keys[("a", "e1")] == keys[("c", "e1")]


def test_undated_unplaced_generic_events_stay_apart() -> None:
    corpus = [article("x", Entity("e1", E, "Buổi làm việc")),
              article("y", Entity("e1", E, "Buổi làm việc"))]
    resolve(corpus)
    keys = keys_of(corpus)
    assert keys[("x", "e1")] != keys[("y", "e1")]


def test_story_and_teaser_event_join_when_the_teaser_lacks_the_date() -> None:
    story = article("s", Entity("c1", C, "Tokyo"),
                    Entity("e1", E, "Hội nghị quốc tế về công nghiệp văn hóa", date="2025-10-17",
                           place="c1"), source="page.html")
    teaser = article("s-t1", Entity("e1", E, "Hội nghị quốc tế về công nghiệp văn hoá"),
                     source="page.html")
    other = article("z", Entity("e1", E, "Hội nghị quốc tế về công nghiệp văn hoá",
                                date="2024-10-17"))
    resolve([story, teaser, other])
    keys = keys_of([story, teaser, other])
    assert keys[("s", "e1")] == keys[("s-t1", "e1")]
    assert keys[("s", "e1")] != keys[("z", "e1")]  # another year: another conference


def test_alias_never_merges_entities_kept_apart_in_one_document() -> None:
    corpus = [
        article("a", Entity("o1", O, "Liên hiệp các Hội UNESCO Việt Nam", aliases=["Liên hiệp"]),
                Entity("o2", O, "Liên hiệp các Hội UNESCO Nhật Bản")),
        article("b", Entity("o1", O, "Liên hiệp các Hội UNESCO Nhật Bản", aliases=["Liên hiệp"])),
    ]
    resolve(corpus)
    keys = keys_of(corpus)
    assert keys[("a", "o1")] != keys[("a", "o2")]
    assert keys[("a", "o2")] == keys[("b", "o1")]


def test_keys_do_not_depend_on_article_order() -> None:
    reference = None
    for order in itertools.permutations(range(3)):
        corpus = build_corpus()
        resolve([corpus[i] for i in order])
        keys = keys_of(corpus)
        if reference is None:
            reference = keys
        assert keys == reference, order


def test_keys_are_stable_across_builds() -> None:
    first, second = build_corpus(), build_corpus()
    resolve(first)
    resolve(second)
    assert keys_of(first) == keys_of(second)


def test_types_never_merge() -> None:
    corpus = [article("a", Entity("c1", C, "Hà Nội")), article("b", Entity("o1", O, "Hà Nội"))]
    resolve(corpus)
    keys = keys_of(corpus)
    assert keys[("a", "c1")] != keys[("b", "o1")]


def test_merge_aliases_collects_every_name_of_a_key() -> None:
    corpus = build_corpus()
    resolve(corpus)
    teaser_org = corpus[1].entity("o1")
    assert "Cục Hợp tác quốc tế" in teaser_org.aliases
    assert "Cục HTQT" not in teaser_org.aliases  # its own name is not an alias
    full_org = corpus[0].entity("o1")
    assert "Cục HTQT" in full_org.aliases
    person = corpus[0].entity("p1")
    assert person.aliases == ["Nguyễn Phương Hoà"]


def test_merge_aliases_leaves_unkeyed_entities_alone() -> None:
    corpus = [article("a", Entity("c1", C, "Huế", aliases=["TP Huế"]))]
    merge_aliases(corpus)
    assert corpus[0].entity("c1").aliases == ["TP Huế"]


def test_person_name_key_ignores_honorifics() -> None:
    assert entity_name_key("GS. TS. Trần Văn An", P) == entity_name_key("Trần Văn An", P)
    assert entity_name_key("NSND Thu Hiền", P) == entity_name_key("Thu Hiền", P)


def test_profession_words_that_start_org_names_are_not_honorifics() -> None:
    from graph.resolve import strip_honorifics
    from graph.text import match_key

    # Extraction reads the same lexicon: listing "Nhạc sĩ" there turned
    # "Hội Nhạc sĩ Việt Nam" into a person called "Việt Nam".
    for name in ("Nhạc sĩ Việt Nam", "Nhà báo Việt Nam", "Nhà văn Hà Nội"):
        assert strip_honorifics(name) == match_key(name)
