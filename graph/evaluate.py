"""Score predicted `ArticleFacts` against the gold facts of `shared/gold/`.

Implements the scoring rules of `gold/README.md` (see docs/evaluation.md):

- Names compare by `name_key`: `graph.text.match_key` (NFC, case, whitespace,
  tone-mark placement), dashes folded, and for persons the honorifics and
  academic titles of `graph/data/lexicons/honorifics.txt` dropped.
- A predicted entity matches a gold one of the same type when its name equals
  the gold name or a gold alias. Predicted *aliases* may match too, but only
  as a fallback: a name match always wins over an alias match
  (`use_predicted_aliases=False` gives the literal reading of the rule).
  An Event also matches when its date (month-day) and place both match.
- A fact is correct when `rel` is the same and every argument matches: entity
  arguments through the entity matching, `role` by match key against the gold
  role and its `role_aliases`, `date` by its month-day text. Qualifiers
  (`since`, `field`, the year of a date) are scored apart, on correct facts only.
- Gold items marked optional are neither required nor an error to predict.
- Matching is one-to-one (maximum bipartite matching, required gold first), so a
  prediction never matches two gold items and a gold item never counts twice.
  A second predicted entity for an already-matched gold entity is a false
  positive labelled `duplicate` (resolution should have merged it). Predicted
  facts are first mapped into gold ids and de-duplicated, so the same fact read
  from the story and a teaser counts once.

The scorer reads `ArticleFacts` only; it knows nothing of extraction internals.
It uses `Entity.key` (set by `graph.resolve`) to group the predicted entities of
several documents of one source file; without keys it groups by type + name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import (
    LITERAL_ARGS,
    RELATION_ARGS,
    ArticleFacts,
    Document,
    Entity,
    EntityType,
    Fact,
    Relation,
)
from graph.resolve import HONORIFICS_PATH, entity_name_key, honorifics, strip_honorifics
from graph.text import match_key

__all__ = [
    "Counts",
    "Finding",
    "Scores",
    "HONORIFICS_PATH",
    "honorifics",
    "strip_honorifics",
    "name_key",
    "date_month_day",
    "gold_from_dict",
    "load_gold",
    "score_article",
]

_DATE_RE = re.compile(r"^(?:(\d{4})|-)-(\d{2})-(\d{2})$")


# --------------------------------------------------------------------------- names


def name_key(name: str, entity_type: EntityType | str) -> str:
    """The comparison key of an entity name under the scoring rules."""
    return entity_name_key(name, entity_type)


def date_month_day(date: str | None) -> str | None:
    """"2025-10-17" and "--10-17" -> "10-17"; other text -> its match key."""
    if date is None:
        return None
    found = _DATE_RE.match(date.strip())
    if found:
        return f"{found.group(2)}-{found.group(3)}"
    return match_key(date)


def _date_year(date: str | None) -> int | None:
    if date is None:
        return None
    found = _DATE_RE.match(date.strip())
    return int(found.group(1)) if found and found.group(1) else None


# --------------------------------------------------------------------------- gold


def gold_from_dict(data: Mapping[str, Any], source: str | None = None) -> ArticleFacts:
    """A gold JSON object as `ArticleFacts` (the same shape predictions have)."""
    document = Document(
        id=str(data["article"]), text="", language=data.get("language", "vi"), source=source
    )
    entities = [
        Entity(
            id=item["id"],
            type=EntityType(item["type"]),
            name=item["name"],
            aliases=list(item.get("aliases") or []),
            date=item.get("date"),
            place=item.get("place"),
            optional=bool(item.get("optional", False)),
        )
        for item in data.get("entities", [])
    ]
    facts = []
    for item in data.get("facts", []):
        rel = Relation(item["rel"])
        facts.append(
            Fact(
                rel=rel,
                args={arg: item.get(arg) for arg in RELATION_ARGS[rel]},
                role_aliases=list(item.get("role_aliases") or []),
                optional=bool(item.get("optional", False)),
                since=item.get("since"),
                field=item.get("field"),
            )
        )
    return ArticleFacts(document=document, entities=entities, facts=facts)


def load_gold(path: str | Path) -> ArticleFacts:
    path = Path(path)
    return gold_from_dict(json.loads(path.read_text(encoding="utf-8")), source=str(path))


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    # With nothing predicted nothing is wrong, so precision is 1; with nothing
    # to find nothing is missed, so recall is 1.
    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One scoring error, for `newskg eval --details`.

    kind: "missed" (gold not predicted), "false" (prediction matching nothing),
    "duplicate" (second prediction of an already-matched gold item) or
    "qualifier" (correct fact, wrong or missing qualifier).
    """

    kind: str
    category: str  # "entity", "fact" or "qualifier"
    article: str
    label: str  # entity type, relation or qualifier name
    text: str
    sentence: str | None = None


@dataclass(slots=True)
class Scores:
    relations: dict[str, Counts] = field(default_factory=dict)
    entity_types: dict[str, Counts] = field(default_factory=dict)
    qualifiers: dict[str, Counts] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    @property
    def facts(self) -> Counts:
        return _total(self.relations.values())

    @property
    def entities(self) -> Counts:
        return _total(self.entity_types.values())

    def add(self, other: Scores) -> None:
        for mine, theirs in (
            (self.relations, other.relations),
            (self.entity_types, other.entity_types),
            (self.qualifiers, other.qualifiers),
        ):
            for label, counts in theirs.items():
                mine.setdefault(label, Counts()).add(counts)
        self.findings.extend(other.findings)
        self.articles.extend(other.articles)

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "articles": list(self.articles),
            "facts": {
                "overall": self.facts.to_dict(),
                "relations": {k: v.to_dict() for k, v in sorted(self.relations.items())},
            },
            "entities": {
                "overall": self.entities.to_dict(),
                "types": {k: v.to_dict() for k, v in sorted(self.entity_types.items())},
            },
            "qualifiers": {k: v.to_dict() for k, v in sorted(self.qualifiers.items())},
        }
        if details:
            out["findings"] = [
                {
                    "kind": f.kind,
                    "category": f.category,
                    "article": f.article,
                    "label": f.label,
                    "text": f.text,
                    "sentence": f.sentence,
                }
                for f in self.findings
            ]
        return out


def _total(parts: Iterable[Counts]) -> Counts:
    total = Counts()
    for part in parts:
        total.add(part)
    return total


# --------------------------------------------------------------------------- matching


def _max_matching(
    left: Sequence[Any],
    phases: Sequence[Callable[[Any], Sequence[Any]]],
) -> dict[Any, Any]:
    """One-to-one matching (right -> left), grown phase by phase.

    Each phase gives every left item its allowed right items in preference
    order. Augmenting paths never unmatch a right item, so whatever an earlier
    (stricter) phase matched stays matched: required gold before optional gold,
    name matches before alias matches.
    """
    owner: dict[Any, Any] = {}

    for allowed in phases:

        def augment(item: Any, seen: set[Any], allowed: Callable[[Any], Sequence[Any]] = allowed
                    ) -> bool:
            # free right items first: a later phase's item (an event matched by date and
            # place) must not pull an earlier match (by name) off its gold item when a
            # free one fits it
            rights = allowed(item)
            for right in [r for r in rights if r not in owner] + [r for r in rights if r in owner]:
                if right in seen:
                    continue
                seen.add(right)
                if right not in owner or augment(owner[right], seen):
                    owner[right] = item
                    return True
            return False

        matched = set(owner.values())
        for item in left:
            if item not in matched and augment(item, set()):
                matched = set(owner.values())
    return owner


@dataclass(slots=True)
class _PredictedEntity:
    """Predicted entities of one or several documents that denote one thing."""

    cluster: str
    type: EntityType
    name: str
    name_keys: list[str] = field(default_factory=list)
    alias_keys: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    places: list[tuple[int, str]] = field(default_factory=list)  # (document index, entity id)
    sentence: str | None = None


def _cluster_of(entity: Entity) -> str:
    if entity.key:
        return entity.key
    # Without resolution, one name of one type is one thing; events also need
    # the date, because "buổi làm việc" names many meetings.
    base = f"{entity.type}|{name_key(entity.name, entity.type)}"
    return f"{base}|{entity.date}" if entity.type is EntityType.EVENT else base


def _collect_predicted(
    predicted: Sequence[ArticleFacts],
) -> tuple[dict[str, _PredictedEntity], dict[tuple[int, str], str]]:
    clusters: dict[str, _PredictedEntity] = {}
    cluster_of: dict[tuple[int, str], str] = {}
    for index, article in enumerate(predicted):
        for entity in article.entities:
            cluster_id = _cluster_of(entity)
            cluster_of[(index, entity.id)] = cluster_id
            item = clusters.get(cluster_id)
            if item is None:
                item = clusters[cluster_id] = _PredictedEntity(
                    cluster_id, entity.type, entity.name,
                    sentence=entity.evidence[0].sentence if entity.evidence else None,
                )
            for keys, text in [(item.name_keys, entity.name)] + [
                (item.alias_keys, alias) for alias in entity.aliases
            ]:
                key = name_key(text, entity.type)
                if key not in keys:
                    keys.append(key)
            if entity.date and entity.date not in item.dates:
                item.dates.append(entity.date)
            if entity.place:
                item.places.append((index, entity.place))
    return clusters, cluster_of


def _gold_keys(entity: Entity) -> set[str]:
    return {name_key(text, entity.type) for text in [entity.name, *entity.aliases]}


def score_article(
    gold: ArticleFacts,
    predicted: Sequence[ArticleFacts],
    *,
    use_predicted_aliases: bool = True,
) -> Scores:
    """Score the predictions of every document of one source file against its gold."""
    article = gold.document.id
    scores = Scores(articles=[article])
    clusters, cluster_of = _collect_predicted(predicted)
    gold_by_id = {entity.id: entity for entity in gold.entities}
    gold_keys = {entity.id: _gold_keys(entity) for entity in gold.entities}

    # Gold entity id chosen for each predicted cluster (matched, or the gold
    # item it duplicates), used to put predicted facts into gold ids.
    gold_of_cluster: dict[str, str] = {}

    def candidates(cluster_id: str, tiers: int) -> list[str]:
        """Gold ids this cluster may match, best tier first.

        Tiers: 0 its name is the gold name, 1 its name is a gold alias, 2 one
        of its aliases is a gold name or alias, 3 event date + place.
        """
        item = clusters[cluster_id]
        tier_lists: list[list[str]] = [[], [], [], []]
        for entity in gold.entities:
            if entity.type is not item.type:
                continue
            keys = gold_keys[entity.id]
            if name_key(entity.name, entity.type) in item.name_keys:
                tier_lists[0].append(entity.id)
            elif any(key in keys for key in item.name_keys):
                tier_lists[1].append(entity.id)
            elif use_predicted_aliases and any(key in keys for key in item.alias_keys):
                tier_lists[2].append(entity.id)
            elif entity.type is EntityType.EVENT and _event_date_place_match(item, entity):
                tier_lists[3].append(entity.id)
        found: list[str] = []
        for tier in tier_lists[:tiers]:
            found.extend(tier)
        return found

    def _event_date_place_match(item: _PredictedEntity, entity: Entity) -> bool:
        if not entity.date or not entity.place:
            return False
        gold_day = date_month_day(entity.date)
        if not any(date_month_day(date) == gold_day for date in item.dates):
            return False
        return any(
            gold_of_cluster.get(cluster_of.get(place, "")) == entity.place
            for place in item.places
        )

    # Events are matched last: their date+place match needs the places matched.
    for is_event_round in (False, True):
        round_clusters = sorted(
            cid for cid, item in clusters.items() if (item.type is EntityType.EVENT) == is_event_round
        )
        cache: dict[str, list[str]] = {cid: candidates(cid, 4) for cid in round_clusters}
        gold_name = {cid: set(candidates(cid, 1)) for cid in round_clusters}
        any_name = {cid: set(candidates(cid, 2)) for cid in round_clusters}

        def required_by_gold_name(cid: str) -> list[str]:
            return [g for g in cache[cid] if g in gold_name[cid] and not gold_by_id[g].optional]

        def required_by_name(cid: str) -> list[str]:
            return [g for g in cache[cid] if g in any_name[cid] and not gold_by_id[g].optional]

        def required_any(cid: str) -> list[str]:
            return [g for g in cache[cid] if not gold_by_id[g].optional]

        def any_gold(cid: str) -> list[str]:
            return cache[cid]

        owner = _max_matching(
            round_clusters, [required_by_gold_name, required_by_name, required_any, any_gold])
        matched_gold = {cid: gid for gid, cid in owner.items()}
        for cid in round_clusters:
            item = clusters[cid]
            type_counts = scores.entity_types.setdefault(str(item.type), Counts())
            if cid in matched_gold:
                gold_of_cluster[cid] = matched_gold[cid]
                if not gold_by_id[matched_gold[cid]].optional:
                    type_counts.tp += 1
                continue
            if cache[cid]:
                gold_of_cluster[cid] = cache[cid][0]
                if all(gold_by_id[g].optional for g in cache[cid]):
                    continue  # a second mention of an optional entity: no error
                type_counts.fp += 1
                scores.findings.append(
                    Finding("duplicate", "entity", article, str(item.type),
                            f"{item.name} (again {gold_by_id[cache[cid][0]].name})", item.sentence)
                )
                continue
            type_counts.fp += 1
            scores.findings.append(
                Finding("false", "entity", article, str(item.type), item.name, item.sentence)
            )
        for entity in gold.entities:
            if (entity.type is EntityType.EVENT) != is_event_round or entity.optional:
                continue
            type_counts = scores.entity_types.setdefault(str(entity.type), Counts())
            if entity.id not in owner:
                type_counts.fn += 1
                scores.findings.append(
                    Finding("missed", "entity", article, str(entity.type), entity.name)
                )

    _score_facts(gold, predicted, clusters, cluster_of, gold_of_cluster, scores)
    return scores


# --------------------------------------------------------------------------- facts


@dataclass(slots=True)
class _PredictedFact:
    rel: Relation
    args: dict[str, str | None]  # entity args as gold ids or "?cluster"; literals as keys
    shown: dict[str, str | None]  # readable arguments, for findings
    dates: list[str] = field(default_factory=list)
    since: int | None = None
    field: str | None = None
    sentence: str | None = None


def _predicted_facts(
    predicted: Sequence[ArticleFacts],
    clusters: Mapping[str, _PredictedEntity],
    cluster_of: Mapping[tuple[int, str], str],
    gold_of_cluster: Mapping[str, str],
) -> list[_PredictedFact]:
    merged: dict[tuple[Any, ...], _PredictedFact] = {}
    for index, article in enumerate(predicted):
        for fact in article.facts:
            args: dict[str, str | None] = {}
            shown: dict[str, str | None] = {}
            for arg in RELATION_ARGS[fact.rel]:
                value = fact.args.get(arg)
                if value is None:
                    args[arg] = shown[arg] = None
                elif (fact.rel, arg) in LITERAL_ARGS:
                    shown[arg] = value
                    args[arg] = date_month_day(value) if arg == "date" else match_key(value)
                else:
                    cid = cluster_of.get((index, value))
                    if cid is None:
                        args[arg] = f"?{index}:{value}"  # id with no predicted entity
                        shown[arg] = value
                    else:
                        args[arg] = gold_of_cluster.get(cid, f"?{cid}")
                        shown[arg] = clusters[cid].name
            signature = (fact.rel, tuple(sorted(args.items(), key=lambda kv: kv[0])))
            item = merged.get(signature)
            if item is None:
                item = merged[signature] = _PredictedFact(
                    fact.rel, args, shown,
                    sentence=fact.evidence[0].sentence if fact.evidence else None,
                )
            if fact.rel is Relation.EVENT_DATE and fact.args.get("date"):
                item.dates.append(str(fact.args["date"]))
            # Story and teaser may differ; the first stated qualifier is kept.
            if item.since is None:
                item.since = fact.since
            if item.field is None:
                item.field = fact.field
    return list(merged.values())


def _fact_matches(pred: _PredictedFact, gold: Fact) -> bool:
    if pred.rel is not gold.rel:
        return False
    for arg in RELATION_ARGS[gold.rel]:
        gold_value = gold.args.get(arg)
        pred_value = pred.args.get(arg)
        if (gold.rel, arg) in LITERAL_ARGS and gold_value is not None:
            if arg == "date":
                if date_month_day(gold_value) != pred_value:
                    return False
            elif pred_value not in {match_key(r) for r in [gold_value, *gold.role_aliases]}:
                return False
        elif gold_value != pred_value:
            return False
    return True


def _describe_gold_fact(fact: Fact, gold_by_id: Mapping[str, Entity]) -> str:
    parts = []
    for arg in RELATION_ARGS[fact.rel]:
        value = fact.args.get(arg)
        if value is not None and (fact.rel, arg) not in LITERAL_ARGS and value in gold_by_id:
            value = gold_by_id[value].name
        parts.append(f"{arg}={value}")
    return f"{fact.rel}({', '.join(parts)})"


def _describe_predicted_fact(fact: _PredictedFact) -> str:
    parts = [f"{arg}={fact.shown.get(arg)}" for arg in RELATION_ARGS[fact.rel]]
    return f"{fact.rel}({', '.join(parts)})"


def _score_facts(
    gold: ArticleFacts,
    predicted: Sequence[ArticleFacts],
    clusters: Mapping[str, _PredictedEntity],
    cluster_of: Mapping[tuple[int, str], str],
    gold_of_cluster: Mapping[str, str],
    scores: Scores,
) -> None:
    article = gold.document.id
    gold_by_id = {entity.id: entity for entity in gold.entities}
    predictions = _predicted_facts(predicted, clusters, cluster_of, gold_of_cluster)
    gold_facts = list(enumerate(gold.facts))
    candidates = {
        index: [g for g, fact in gold_facts if _fact_matches(pred, fact)]
        for index, pred in enumerate(predictions)
    }

    def required(index: int) -> list[int]:
        return [g for g in candidates[index] if not gold.facts[g].optional]

    def any_gold(index: int) -> list[int]:
        return candidates[index]

    owner = _max_matching(list(range(len(predictions))), [required, any_gold])
    matched = {pred: g for g, pred in owner.items()}

    for index, pred in enumerate(predictions):
        counts = scores.relations.setdefault(str(pred.rel), Counts())
        if index in matched:
            gold_fact = gold.facts[matched[index]]
            if not gold_fact.optional:
                counts.tp += 1
                _score_qualifiers(pred, gold_fact, gold_by_id, article, scores)
            continue
        if candidates[index] and all(gold.facts[g].optional for g in candidates[index]):
            continue
        kind = "duplicate" if candidates[index] else "false"
        counts.fp += 1
        scores.findings.append(
            Finding(kind, "fact", article, str(pred.rel), _describe_predicted_fact(pred),
                    pred.sentence)
        )
    for g, fact in gold_facts:
        if fact.optional:
            continue
        counts = scores.relations.setdefault(str(fact.rel), Counts())
        if g not in owner:
            counts.fn += 1
            scores.findings.append(
                Finding("missed", "fact", article, str(fact.rel),
                        _describe_gold_fact(fact, gold_by_id))
            )


def _score_qualifiers(
    pred: _PredictedFact,
    gold: Fact,
    gold_by_id: Mapping[str, Entity],
    article: str,
    scores: Scores,
) -> None:
    checks: list[tuple[str, Any, Any]] = []
    if gold.rel is Relation.MEMBER_OF:
        checks.append(("since", gold.since, pred.since))
        checks.append((
            "field",
            match_key(gold.field) if gold.field else None,
            match_key(pred.field) if pred.field else None,
        ))
    if gold.rel is Relation.EVENT_DATE:
        years = [_date_year(date) for date in pred.dates]
        pred_year = next((year for year in years if year is not None), None)
        checks.append(("date_year", _date_year(gold.args.get("date")), pred_year))
    for name, gold_value, pred_value in checks:
        if gold_value is None and pred_value is None:
            continue
        counts = scores.qualifiers.setdefault(name, Counts())
        if gold_value == pred_value:
            counts.tp += 1
            continue
        if pred_value is not None:
            counts.fp += 1
        if gold_value is not None:
            counts.fn += 1
        scores.findings.append(
            Finding("qualifier", "qualifier", article, name,
                    f"{_describe_gold_fact(gold, gold_by_id)}: gold {name}={gold_value!r}, "
                    f"predicted {pred_value!r}", pred.sentence)
        )
