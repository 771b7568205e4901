from graph.extract.sentences import split_sentences
from graph.gazetteer import gazetteer


def test_countries_have_cldr_vietnamese_names():
    gaz = gazetteer()
    assert gaz.country("Nhật Bản").code == "JP"
    assert gaz.country("Triều Tiên").code == "KP"
    assert gaz.country("Thuỵ Sĩ").code == "CH"  # older tone placement
    assert gaz.country("Mỹ").code == "US"  # press form from country_aliases.tsv


def test_cities_by_vietnamese_alternate_names():
    gaz = gazetteer()
    assert gaz.city("Bình Nhưỡng").country == "KP"
    assert gaz.city("Hạ Long").country == "VN"
    assert gaz.city("Paris").country == "FR"  # the largest Paris wins
    assert gaz.city("Tokyo").capital


def test_short_alternate_names_do_not_become_cities():
    gaz = gazetteer()
    assert gaz.lookup("Nay") is None and gaz.lookup("Minh") is None


def test_sentences_do_not_break_after_academic_titles():
    text = "Ông A nói vậy. PGS. TS. Nguyễn Thị B cũng đồng ý tại TP. Huế.\nDòng mới"
    parts = [s.text for s in split_sentences(text)]
    assert parts == ["Ông A nói vậy.", "PGS. TS. Nguyễn Thị B cũng đồng ý tại TP. Huế.",
                     "Dòng mới"]
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_cldr_exonyms_of_foreign_cities():
    from graph.gazetteer import gazetteer

    g = gazetteer()
    assert g.city("Viêng Chăn").country == "LA"
    assert g.city("Mát-xcơ-va").country == "RU"


def test_gazetteer_saved_on_disk_equals_the_built_one(tmp_path, monkeypatch):
    """The on-disk copy (read by every later process) holds the same places;
    an unreadable copy is rebuilt, never trusted."""
    from graph import gazetteer as module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = module.gazetteer.__wrapped__()  # none saved yet: built, then saved
    saved = list((tmp_path / "newskg").glob("gazetteer-*.marshal"))
    assert len(saved) == 1
    loaded = module.gazetteer.__wrapped__()
    assert len(loaded.cities) > 10_000
    assert loaded.cities == built.cities
    assert loaded.countries == built.countries
    assert loaded.country_by_code == built.country_by_code
    assert loaded.lookup("Hà Nội") == built.lookup("Hà Nội") is not None

    saved[0].write_bytes(b"not marshal")
    assert module.gazetteer.__wrapped__().cities == built.cities
