"""Ingestion of each input kind from real files: ids, metadata, duplicates, bad input."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

from graph.ingest import IngestOptions, ingest
from graph.model import DocumentKind

STORY = (
    "Chiều 16/1, tại Hà Nội, Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch đã tiếp Đại sứ "
    "Nhật Bản tại Việt Nam. Hai bên trao đổi về hợp tác văn hóa trong năm 2019."
)
OTHER_STORY = (
    "Ngày 9/8, tại TP Hạ Long, đoàn công tác của Cục Hợp tác quốc tế đã làm việc với "
    "UBND thành phố về hồ sơ gia nhập Mạng lưới các thành phố sáng tạo của UNESCO."
)
HTML_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Bộ trưởng tiếp Đại sứ Nhật Bản | Báo Mẫu</title>
<meta property="og:title" content="Bộ trưởng tiếp Đại sứ Nhật Bản">
<meta property="og:site_name" content="Báo Mẫu">
<meta property="article:published_time" content="2019-01-17T08:00:00+07:00">
<link rel="canonical" href="https://bao-mau.example/the-gioi/bo-truong-tiep-dai-su.html">
</head><body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/tg">Thế giới</a></li></ul></nav>
<article><h1>Bộ trưởng tiếp Đại sứ Nhật Bản</h1>
<p>{story}</p>
<p>Đại sứ Nhật Bản khẳng định Nhật Bản sẵn sàng hỗ trợ Việt Nam trong lĩnh vực bảo tồn di sản,
đào tạo nguồn nhân lực văn hóa và phát triển các ngành công nghiệp văn hóa.</p>
<p>Hai bên nhất trí sẽ tổ chức nhiều hoạt động giao lưu văn hóa nhân dịp kỷ niệm quan hệ
ngoại giao.</p>
</article>
<footer><p>Bản quyền thuộc về Báo Mẫu. Liên hệ: 1 Phố Huế, Hà Nội.</p></footer>
</body></html>
""".replace("{story}", STORY)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_ids_come_from_meta_json(sample_corpus: Path) -> None:
    result = ingest([sample_corpus])
    stories = [d for d in result.documents if d.kind is DocumentKind.STORY]
    assert sorted(d.id for d in stories) == sorted(
        p.name.removesuffix(".meta.json") for p in sample_corpus.glob("*.meta.json")
    )
    by_id = {d.id: d for d in stories}
    meta = json.loads((sample_corpus / "000_f83af8f226022c6a.meta.json").read_text("utf-8"))
    assert by_id["000_f83af8f226022c6a"].site == meta["source_site"]
    assert by_id["000_f83af8f226022c6a"].source == str(sample_corpus / "000_f83af8f226022c6a.txt")


def test_meta_published_date_is_parsed(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Tiêu đề bài báo mẫu\n\n" + STORY)
    write(tmp_path / "a.meta.json", json.dumps({"id": "a-1", "published": "17/01/2019",
                                                 "title": "Tiêu đề bài báo mẫu"}))
    (doc,) = ingest([tmp_path]).documents
    assert (doc.id, doc.published.isoformat() if doc.published else None) == ("a-1", "2019-01-17")
    assert doc.title == "Tiêu đề bài báo mẫu"


def test_content_ids_are_stable_and_distinct(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", STORY)
    write(tmp_path / "two.txt", OTHER_STORY)
    first = [d.id for d in ingest([tmp_path]).documents]
    second = [d.id for d in ingest([tmp_path]).documents]
    assert first == second and len(set(first)) == 2
    assert first[0].startswith("one_")


def test_text_is_normalised_nfc_and_lookalikes_folded(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", STORY).replace("Đại sứ", "\u00d0ại  sứ")
    write(tmp_path / "nfd.txt", decomposed)
    (doc,) = ingest([tmp_path / "nfd.txt"]).documents
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\u00d0" not in doc.text and "Đại sứ" in doc.text


def test_folder_is_read_recursively_and_hidden_files_skipped(tmp_path: Path) -> None:
    write(tmp_path / "a" / "b" / "deep.txt", STORY)
    write(tmp_path / ".cache" / "hidden.txt", OTHER_STORY)
    write(tmp_path / "notes.docx", "ignored")
    result = ingest([tmp_path])
    assert [Path(d.source or "").name for d in result.documents] == ["deep.txt"]


def test_duplicates_same_text_and_same_file_are_ingested_once(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", STORY)
    write(tmp_path / "copy.txt", STORY.replace("Chiều", "chiều") + "\n")  # case/space differences
    result = ingest([tmp_path, tmp_path / "one.txt"])
    assert len(result.documents) == 1
    assert len(result.duplicates) == 1 and result.errors == []


def test_html_file_main_text_and_metadata(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", HTML_PAGE)
    (doc,) = ingest([page]).documents
    assert doc.title == "Bộ trưởng tiếp Đại sứ Nhật Bản"
    assert STORY in doc.text
    assert "Trang chủ" not in doc.text and "Bản quyền" not in doc.text
    assert doc.published is not None and doc.published.isoformat() == "2019-01-17"
    assert doc.url == "https://bao-mau.example/the-gioi/bo-truong-tiep-dai-su.html"
    assert doc.id.startswith("bao-mau-example")  # derived from the URL


def test_html_without_story_is_an_error(tmp_path: Path) -> None:
    menu_only = "<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>"
    page = write(tmp_path / "menu.html", menu_only)
    result = ingest([page, write(tmp_path / "ok.txt", STORY)])
    assert len(result.documents) == 1
    assert [e.source for e in result.errors] == [str(page)]
    assert "no story" in result.errors[0].message


def test_jsonl_with_custom_fields_and_a_malformed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"body": STORY, "headline": "Tin một", "link": "https://a.example/1",
                    "ngay": "2019-01-17"}, ensure_ascii=False),
        '{"body": "không đóng ngoặc',
        json.dumps(["not", "an", "object"]),
        json.dumps({"body": OTHER_STORY, "headline": "Tin hai"}, ensure_ascii=False),
        json.dumps({"headline": "không có nội dung"}, ensure_ascii=False),
    ]
    export = write(tmp_path / "export.jsonl", "\n".join(lines) + "\n")
    result = ingest([export], options=IngestOptions(text_field="body", title_field="headline",
                                                     url_field="link", date_field="ngay"))
    assert [d.title for d in result.documents] == ["Tin một", "Tin hai"]
    first = result.documents[0]
    assert first.url == "https://a.example/1" and first.published is not None
    assert first.source == str(export)
    assert [e.source for e in result.errors] == [f"{export}:2", f"{export}:3", f"{export}:5"]
    assert all("\n" not in e.message for e in result.errors)


def test_jsonl_default_field_names_and_explicit_ids(tmp_path: Path) -> None:
    export = write(tmp_path / "x.ndjson", json.dumps(
        {"id": "bai-42", "text": STORY, "title": "T", "published": "2019-01-17"},
        ensure_ascii=False))
    (doc,) = ingest([export]).documents
    assert doc.id == "bai-42" and doc.published is not None


def test_csv_export_with_semicolons(tmp_path: Path) -> None:
    export = write(
        tmp_path / "export.csv",
        f'tieu_de;noi_dung;ngay\n"Tin một";"{STORY}";17/01/2019\n"Tin hai";"{OTHER_STORY}";\n',
    )
    result = ingest([export], text_field="noi_dung", title_field="tieu_de", date_field="ngay")
    assert [d.title for d in result.documents] == ["Tin một", "Tin hai"]
    assert result.documents[0].published is not None
    assert result.documents[1].published is None


def test_same_url_in_two_exports_is_ingested_once(tmp_path: Path) -> None:
    row = {"text": STORY, "url": "https://a.example/tin/1?utm_source=x"}
    write(tmp_path / "a.jsonl", json.dumps(row, ensure_ascii=False))
    row2 = {"text": OTHER_STORY, "url": "https://A.example/tin/1/"}
    write(tmp_path / "b.jsonl", json.dumps(row2, ensure_ascii=False))
    result = ingest([tmp_path])
    assert len(result.documents) == 1 and len(result.duplicates) == 1


def test_bad_files_each_give_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", "   \n\n ")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    menu_only = write(tmp_path / "menu.txt", "  • Trang chủ\n  • Thời sự\nĐăng nhập\n")
    good = write(tmp_path / "good.txt", STORY)
    missing = tmp_path / "missing.txt"
    result = ingest([empty, blank, binary, menu_only, missing, good])
    assert [d.source for d in result.documents] == [str(good)]
    messages = {Path(e.source).name: e.message for e in result.errors}
    assert messages["empty.txt"] == "empty file"
    assert messages["blank.txt"] == "empty file"
    assert "binary" in messages["image.txt"]
    assert "no story text" in messages["menu.txt"]
    assert "no such file" in messages["missing.txt"]


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    result = ingest([huge])
    assert result.documents == []
    (error,) = result.errors
    assert "200" in error.message and "limit" in error.message


def test_utf16_and_legacy_encodings_are_detected(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(STORY.encode("utf-16"))
    latin = tmp_path / "latin.txt"
    french = ("Le ministre de la Culture a reçu l'ambassadeur du Japon à Hanoï pour évoquer "
              "la coopération culturelle et la préservation du patrimoine.")
    latin.write_bytes(french.encode("cp1252"))
    result = ingest([utf16, latin])
    assert result.errors == []
    assert [d.text for d in result.documents] == [STORY, french]
    assert result.documents[1].metadata["encoding"] != "utf-8"


def test_sample_folder_copied_elsewhere_keeps_ids(sample_corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(sample_corpus, copy)
    original = [d.id for d in ingest([sample_corpus]).documents]
    copied = [d.id for d in ingest([copy]).documents]
    assert original == copied
