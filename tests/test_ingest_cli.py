"""`newskg ingest`: listing, JSON output, dropped lines and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["ingest", *args])
    return result.exit_code, result.stdout, result.stderr


def test_lists_one_line_per_document(sample_corpus: Path) -> None:
    code, out, err = run(str(sample_corpus / "003_68832efbdec98677.txt"))
    lines = out.strip().splitlines()
    assert code == 0 and err == ""
    assert len(lines) == 4
    doc_id, kind, source, title, date, chars, first_words = lines[0].split("\t")
    assert (doc_id, kind, date) == ("003_68832efbdec98677", "story", "-")
    assert source.endswith("003_68832efbdec98677.txt")
    assert title.startswith("UNESCO mong Hà Nội")
    assert chars.endswith(" chars") and first_words.startswith("Tại buổi tiếp")
    assert [ln.split("\t")[1] for ln in lines[1:]] == ["teaser"] * 3


def test_json_output(sample_corpus: Path) -> None:
    code, out, _ = run("--json", str(sample_corpus))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert {r["kind"] for r in records} == {"story", "teaser"}
    teaser = next(r for r in records if r["kind"] == "teaser")
    assert teaser["parent_id"] and teaser["id"].startswith(teaser["parent_id"] + "#t")
    assert all(r["chars"] > 0 and r["first_words"] for r in records)


def test_summary_and_dropped_lines(sample_corpus: Path) -> None:
    code, _, err = run("--summary", "--dropped", str(sample_corpus / "002_c3c00f6e8327ffe8.txt"))
    assert code == 0
    assert "002_c3c00f6e8327ffe8.txt: 1 document out, 7 lines dropped" in err
    assert "[widget or media residue] ĐANG TẢI DỮ LIỆU..." in err


def test_skipped_input_gives_status_3_and_names_it(tmp_path: Path, sample_corpus: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(str(empty), str(sample_corpus / "001_a487ae5c576a543b.txt"))
    assert code == 3
    assert len(out.strip().splitlines()) == 1
    assert f"skipped: {empty}: empty file" in err


def test_nothing_ingested_gives_status_1(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path / "missing.txt"))
    assert code == 1 and out == "" and "no such file" in err


def test_field_options_reach_the_export_reader(tmp_path: Path) -> None:
    export = tmp_path / "x.jsonl"
    story = ("Sáng 2/3, tại Hà Nội, Bộ trưởng Bộ Ngoại giao đã tiếp Đại sứ Pháp "
             "để trao đổi về hợp tác văn hóa.")
    export.write_text(json.dumps({"noi_dung": story, "ma": "bai-1"}, ensure_ascii=False),
                      encoding="utf-8")
    code, out, _ = run("--json", "--text-field", "noi_dung", "--id-field", "ma", str(export))
    assert code == 0 and json.loads(out)["id"] == "bai-1"
