"""`newskg eval` with ingestion/extraction replaced by the gold itself (no extraction run)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import graph.cli.facts as facts_cli
from graph.cli import main
from graph.evaluate import load_gold
from graph.model import Document


@pytest.fixture()
def gold_as_prediction(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A gold folder whose 'extraction' returns each file's gold, minus one fact of one file."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    cases = Path(__file__).parent / "data" / "extraction_cases"
    for path in sorted(cases.glob("*.json"))[:2]:
        shutil.copy(path, gold_dir / path.name)
        (gold_dir / f"{path.stem}.txt").write_text("text", encoding="utf-8")

    def fake_ingest(path: Path) -> list[Document]:
        return [Document(id=Path(path).stem, text="", source=str(path))]

    def fake_extract(documents: list[Document]) -> list:
        predicted = load_gold(Path(documents[0].source).with_suffix(".json"))
        predicted.facts = [f for f in predicted.facts if not f.optional]
        if documents[0].id == first_id:
            predicted.facts.pop()
        return [predicted]

    first_id = sorted(gold_dir.glob("*.json"))[0].stem
    monkeypatch.setattr(facts_cli, "ingest_file", fake_ingest)
    monkeypatch.setattr(facts_cli, "extract_documents", fake_extract)
    return gold_dir


def test_eval_prints_table_with_one_miss(gold_as_prediction: Path) -> None:
    result = CliRunner().invoke(
        main, ["eval", "--gold", str(gold_as_prediction), "--articles", str(gold_as_prediction),
               "--details"])
    assert result.exit_code == 0, result.output
    assert "overall (micro)" in result.output
    assert "Entities" in result.output
    assert result.output.count("MISSED") == 1


def test_eval_json_has_totals_and_per_article(gold_as_prediction: Path) -> None:
    result = CliRunner().invoke(
        main, ["eval", "--gold", str(gold_as_prediction), "--articles", str(gold_as_prediction),
               "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["facts"]["overall"]["fn"] == 1
    assert data["facts"]["overall"]["fp"] == 0
    assert data["entities"]["overall"]["f1"] == 1.0
    assert len(data["per_article"]) == 2
    assert "findings" not in data


def test_eval_scores_a_missing_article_as_empty_and_warns(gold_as_prediction: Path,
                                                          tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(
        main, ["eval", "--gold", str(gold_as_prediction), "--articles", str(empty), "--json"])
    assert result.exit_code == 0, result.output
    assert "no article file" in result.stderr
    data = json.loads(result.stdout)
    assert data["facts"]["overall"]["tp"] == 0 and data["facts"]["overall"]["fn"] > 0
