"""`newskg eval --gold DIR --articles DIR`: score extraction against gold facts.

For each gold file `<id>.json` the article file `<id>.*` is read from
--articles (the two folders may be the same), ingested, extracted and resolved
within the file; all its documents (story and teasers) are scored together
against the gold with `graph.evaluate.score_article`. See docs/evaluation.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.evaluate import Counts, Scores, load_gold, score_article


def find_article(articles_dir: Path, article_id: str) -> Path | None:
    """The article file named `<article_id>.*` (never a .json gold file beside it)."""
    matches = sorted(
        path for path in articles_dir.glob(f"{article_id}.*")
        if path.is_file() and path.suffix.lower() != ".json"
    )
    return matches[0] if matches else None


def evaluate_folders(gold_dir: Path, articles_dir: Path, *, use_predicted_aliases: bool = True,
                     ) -> tuple[Scores, dict[str, Scores], list[str]]:
    """Total scores, scores per article, and warnings (gold files with no article)."""
    from graph.cli.facts import extract_documents, ingest_file

    total = Scores()
    per_article: dict[str, Scores] = {}
    warnings: list[str] = []
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise click.ClickException(f"no gold file (*.json) in {gold_dir}")
    for gold_path in gold_files:
        gold = load_gold(gold_path)
        article_id = gold_path.stem
        article_path = find_article(articles_dir, article_id)
        if article_path is None:
            # Scored as an empty prediction so a missing file shows in the figures.
            warnings.append(f"no article file {article_id}.* in {articles_dir}")
            predicted = []
        else:
            predicted = extract_documents(ingest_file(article_path))
        scores = score_article(gold, predicted, use_predicted_aliases=use_predicted_aliases)
        per_article[article_id] = scores
        total.add(scores)
    return total, per_article, warnings


def _row(label: str, counts: Counts, indent: str = "  ") -> str:
    return (f"{indent}{label:<24}{counts.tp:>5}{counts.fp:>5}{counts.fn:>5}"
            f"{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}")


def format_table(scores: Scores) -> str:
    header = f"{'':<26}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"
    lines = [f"{len(scores.articles)} article(s)", "", "Facts" + header[5:]]
    for rel, counts in sorted(scores.relations.items()):
        lines.append(_row(rel, counts))
    lines.append(_row("overall (micro)", scores.facts))
    lines += ["", "Entities"]
    for entity_type, counts in sorted(scores.entity_types.items()):
        lines.append(_row(entity_type, counts))
    lines.append(_row("overall (micro)", scores.entities))
    if scores.qualifiers:
        lines += ["", "Qualifiers (on correct facts)"]
        for name, counts in sorted(scores.qualifiers.items()):
            lines.append(_row(name, counts))
    return "\n".join(lines)


def format_details(scores: Scores) -> str:
    lines: list[str] = []
    order = {"missed": 0, "false": 1, "duplicate": 2, "qualifier": 3}
    for article in scores.articles:
        findings = sorted(
            (f for f in scores.findings if f.article == article),
            key=lambda f: (f.category != "entity", order.get(f.kind, 9), f.label, f.text),
        )
        if not findings:
            continue
        lines += ["", f"== {article}"]
        for finding in findings:
            lines.append(f"  {finding.kind.upper():<9} {finding.category:<9} {finding.text}")
            if finding.sentence and finding.kind != "missed":
                lines.append(f"            sentence: {finding.sentence.strip()}")
    return "\n".join(lines)


@click.command(name="eval")
@click.option("--gold", "gold_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold files <article-id>.json.")
@click.option("--articles", "articles_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the article files <article-id>.* (may be the gold folder).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--details", is_flag=True,
              help="List every miss and every false fact (with its sentence).")
@click.option("--strict-names", is_flag=True,
              help="Match entities by the predicted name only, never by predicted aliases.")
def command(gold_dir: Path, articles_dir: Path, as_json: bool, details: bool,
            strict_names: bool) -> None:
    """Precision, recall and F1 of extracted facts and entities against gold files."""
    total, per_article, warnings = evaluate_folders(
        gold_dir, articles_dir, use_predicted_aliases=not strict_names)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        data = total.to_dict(details=details)
        data["per_article"] = {
            article: {"facts": s.facts.to_dict(), "entities": s.entities.to_dict()}
            for article, s in per_article.items()
        }
        data["warnings"] = warnings
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(format_table(total))
    if details:
        click.echo(format_details(total))
