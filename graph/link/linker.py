"""Scoring candidates and deciding links, whatever the candidate source.

One decision is made per resolved entity (all entities sharing `Entity.key`,
or the same type and name when resolution left the key empty). The score of a
candidate starts from how its label or alias matched a mention name
(`graph.link.names.NAME_SCORES`) and is adjusted by:

- type: the item must be of a class accepted for the entity type
  (`graph/data/wikidata/classes.json`); another type rejects the candidate,
  an unknown type costs `UNKNOWN_TYPE_PENALTY`;
- country: when the article places the entity in a country we linked, a
  candidate in another country costs `COUNTRY_MISMATCH_PENALTY`;
- GeoNames (cities): P1566 equal to the gazetteer id of the named city, or
  (offline) coordinates within `gazetteer.NEAR_KM`, adds a bonus;
- article context (persons, organisations): a role or organisation the
  article gives found in the item's aliases or description adds a bonus.

Below `threshold` nothing is linked. When two different items are within
`AMBIGUITY_MARGIN` of each other, nothing is linked and the entity is reported
as ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.link.candidates import (
    LINKED_TYPES,
    Candidate,
    CandidateSource,
    SourceUnavailable,
    load_classes,
)
from graph.link.gazetteer import NEAR_KM, distance_km, lookup_cities
from graph.link.names import name_score
from graph.model import ArticleFacts, Entity, EntityType, Relation, WikidataItem, WikidataLink
from graph.text import match_key

__all__ = [
    "DEFAULT_THRESHOLD",
    "AMBIGUITY_MARGIN",
    "LinkDecision",
    "LinkReport",
    "LinkResult",
    "EntityGroup",
    "group_entities",
    "link_with_source",
    "score_candidate",
]

DEFAULT_THRESHOLD = 0.75
AMBIGUITY_MARGIN = 0.05
UNKNOWN_TYPE_PENALTY = 0.15
COUNTRY_MATCH_BONUS = 0.03
COUNTRY_MISMATCH_PENALTY = 0.25
GEONAMES_BONUS = 0.05
GEONAMES_COORDS_BONUS = 0.03
CONTEXT_BONUS = 0.05

_LEVEL_METHOD = {"exact": "label", "key": "label", "core": "label-core", "ascii": "label-ascii"}
# countries first: their links give cities and organisations a country to check
_ORDER = {EntityType.COUNTRY: 0, EntityType.CITY: 1, EntityType.ORGANISATION: 2,
          EntityType.PERSON: 3}


@dataclass(slots=True)
class EntityGroup:
    """All mentions of one resolved entity across articles."""

    key: str
    type: EntityType
    entities: list[Entity] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # roles, organisations from the articles
    places: set[str] = field(default_factory=set)  # group keys of located_in places

    @property
    def name(self) -> str:
        return self.entities[0].name if self.entities else self.key


@dataclass(frozen=True, slots=True)
class LinkDecision:
    key: str
    type: EntityType
    name: str
    status: str  # "linked", "unlinked", "ambiguous"
    qid: str | None = None
    score: float = 0.0
    method: str | None = None
    label: str | None = None
    reason: str = ""
    candidates: tuple[tuple[str, float], ...] = ()  # (qid, score) of acceptable candidates


@dataclass(slots=True)
class LinkReport:
    decisions: list[LinkDecision] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {
            str(t): {"linked": 0, "unlinked": 0, "ambiguous": 0} for t in LINKED_TYPES
        }
        for d in self.decisions:
            out[str(d.type)][d.status] += 1
        return out

    def linked(self) -> list[LinkDecision]:
        return [d for d in self.decisions if d.status == "linked"]

    def format(self, details: bool = True) -> str:
        lines = [f"{'type':<14}{'linked':>8}{'unlinked':>10}{'ambiguous':>11}"]
        for etype, c in self.counts().items():
            lines.append(f"{etype:<14}{c['linked']:>8}{c['unlinked']:>10}{c['ambiguous']:>11}")
        if details:
            for d in sorted(self.decisions, key=lambda d: (str(d.type), d.status, d.name)):
                if d.status == "linked":
                    lines.append(
                        f"  linked    {d.type:<13} {d.name} -> {d.qid} ({d.label}) "
                        f"score={d.score:.2f} method={d.method}"
                    )
                elif d.status == "ambiguous":
                    cands = ", ".join(f"{q} {s:.2f}" for q, s in d.candidates)
                    lines.append(f"  ambiguous {d.type:<13} {d.name}: {cands}")
        return "\n".join(lines)


@dataclass(slots=True)
class LinkResult:
    items: dict[str, WikidataItem]
    path: str  # "live" or "offline"
    report: LinkReport
    warnings: list[str] = field(default_factory=list)


def _group_key(entity: Entity) -> str:
    return entity.key or f"{entity.type}:{match_key(entity.name)}"


def group_entities(articles: Iterable[ArticleFacts]) -> list[EntityGroup]:
    """One group per resolved entity of a linked type, with its article context."""
    groups: dict[str, EntityGroup] = {}
    for article in articles:
        local: dict[str, Entity] = {e.id: e for e in article.entities}
        for entity in article.entities:
            if entity.type not in LINKED_TYPES:
                continue
            gkey = _group_key(entity)
            group = groups.setdefault(gkey, EntityGroup(gkey, entity.type))
            group.entities.append(entity)
            for name in (entity.name, *entity.aliases):
                if name and name not in group.names:
                    group.names.append(name)
        for fact in article.facts:
            _add_context(groups, local, fact.rel, fact.args, fact.role_aliases)
    return sorted(groups.values(), key=lambda g: (_ORDER[g.type], g.key))


def _add_context(
    groups: dict[str, EntityGroup],
    local: dict[str, Entity],
    rel: Relation,
    args: dict[str, str | None],
    role_aliases: list[str],
) -> None:
    def group_of(arg: str) -> EntityGroup | None:
        ent = local.get(args.get(arg) or "")
        return groups.get(_group_key(ent)) if ent is not None else None

    def name_of(arg: str) -> str | None:
        ent = local.get(args.get(arg) or "")
        return ent.name if ent is not None else None

    if rel is Relation.HOLDS_ROLE:
        person = group_of("person")
        if person is not None:
            for text in (args.get("role"), *role_aliases, name_of("org")):
                if text and text not in person.context:
                    person.context.append(text)
    elif rel in (Relation.PART_OF, Relation.MEMBER_OF):
        member = group_of("org" if rel is Relation.PART_OF else "member")
        other = name_of("parent" if rel is Relation.PART_OF else "org")
        if member is not None and other and other not in member.context:
            member.context.append(other)
    elif rel is Relation.LOCATED_IN:
        subject, place = group_of("subject"), group_of("place")
        if subject is not None and place is not None:
            subject.places.add(place.key)


class _Types:
    def __init__(self) -> None:
        self.classes = load_classes()

    def fit(self, cand: Candidate, etype: EntityType) -> str:
        """'match', 'unknown' or 'conflict' for this candidate and entity type."""
        if cand.family is not None:
            return "match" if cand.family == str(etype) else "conflict"
        accepted = self.classes.get(etype, {})
        roots = set(accepted.get("roots", {}))
        classes = set(accepted.get("classes", {})) | roots
        if roots & set(cand.roots) or classes & set(cand.types):
            return "match"
        if cand.types or cand.roots:
            return "conflict"
        return "unknown"


def score_candidate(
    group: EntityGroup,
    cand: Candidate,
    *,
    types: _Types,
    countries: set[str],
    gazetteer_ids: set[str],
    gazetteer_points: list[tuple[float, float]],
) -> tuple[float, str] | None:
    """(score, method) of one candidate for one entity, or None if it cannot be it.

    The score is not capped at 1 here so that bonuses still rank namesakes;
    decisions report it capped.
    """
    score, level, _matched = name_score(group.names, cand.names, group.type)
    if score <= 0:
        return None
    parts = [_LEVEL_METHOD[level]]
    fit = types.fit(cand, group.type)
    if fit == "conflict":
        return None
    geonames = bool(cand.geonames_id and cand.geonames_id in gazetteer_ids)
    if fit == "match":
        parts.append("type")
    elif not geonames:
        score -= UNKNOWN_TYPE_PENALTY
    if countries and cand.country and group.type is not EntityType.COUNTRY:
        if cand.country in countries:
            score += COUNTRY_MATCH_BONUS
            parts.append("country")
        else:
            score -= COUNTRY_MISMATCH_PENALTY
    if geonames:
        score += GEONAMES_BONUS
        parts.append("geonames")
    elif cand.coordinates and any(
        distance_km(cand.coordinates, p) <= NEAR_KM for p in gazetteer_points
    ):
        score += GEONAMES_COORDS_BONUS
        parts.append("geonames-coords")
    if group.context and _context_hit(group.context, cand):
        score += CONTEXT_BONUS
        parts.append("context")
    return score, "+".join(parts)  # uncapped: bonuses still separate namesakes


def _context_hit(context: list[str], cand: Candidate) -> bool:
    texts = [match_key(t) for t in (*cand.aliases, *cand.descriptions)]
    for item in context:
        key = match_key(item)
        if len(key) >= 4 and any(key in t for t in texts):
            return True
    return False


def link_with_source(
    articles: list[ArticleFacts],
    source: CandidateSource,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    path: str,
) -> LinkResult:
    """Link every entity of a linked type using one candidate source."""
    groups = group_entities(articles)
    prefetch = getattr(source, "prefetch", None)
    if callable(prefetch):
        prefetch([(g.names, g.type) for g in groups])
    types = _Types()
    report = LinkReport()
    linked_qid: dict[str, str] = {}
    items: dict[str, WikidataItem] = {}
    warnings: list[str] = []
    for group in groups:
        decision = _decide(group, source, types, linked_qid, threshold)
        report.decisions.append(decision)
        link = None
        if decision.status == "linked" and decision.qid:
            linked_qid[group.key] = decision.qid
            link = WikidataLink(decision.qid, round(decision.score, 3),
                                decision.method or source.name, decision.label)
            if decision.qid not in items:
                item = source.item(decision.qid)
                if item is not None:
                    items[decision.qid] = item
        for entity in group.entities:
            entity.wikidata = link
    unavailable = [d for d in report.decisions if d.reason.startswith("source unavailable")]
    if unavailable:
        warnings.append(
            f"linking: {len(unavailable)} entities left unlinked because the {source.name} "
            f"source was unavailable"
        )
    warnings.extend(getattr(source, "warnings", []))
    return LinkResult(items=items, path=path, report=report, warnings=warnings)


def _decide(
    group: EntityGroup,
    source: CandidateSource,
    types: _Types,
    linked_qid: dict[str, str],
    threshold: float,
) -> LinkDecision:
    base = {"key": group.key, "type": group.type, "name": group.name}
    try:
        cands = source.candidates(group.names, group.type)
    except SourceUnavailable as exc:
        return LinkDecision(**base, status="unlinked", reason=f"source unavailable: {exc}")
    countries = {linked_qid[k] for k in group.places if k in linked_qid}
    gazetteer = lookup_cities(group.names) if group.type is EntityType.CITY else []
    scored: dict[str, tuple[float, str, Candidate]] = {}
    for cand in cands:
        result = score_candidate(
            group,
            cand,
            types=types,
            countries=countries,
            gazetteer_ids={c.geonames_id for c in gazetteer},
            gazetteer_points=[(c.latitude, c.longitude) for c in gazetteer],
        )
        if result is not None and result[0] > scored.get(cand.qid, (-1.0,))[0]:
            scored[cand.qid] = (result[0], result[1], cand)
    ranked = sorted(scored.values(), key=lambda r: (-r[0], r[2].qid))
    accepted = [r for r in ranked if r[0] >= threshold]
    shown = tuple((r[2].qid, round(min(r[0], 1.0), 3)) for r in ranked[:5])
    if not accepted:
        reason = f"best score {ranked[0][0]:.2f} below threshold" if ranked else "no candidate"
        return LinkDecision(**base, status="unlinked", reason=reason, candidates=shown)
    best = accepted[0]
    if len(accepted) > 1 and best[0] - accepted[1][0] < AMBIGUITY_MARGIN:
        return LinkDecision(**base, status="ambiguous", reason="candidates too close",
                            candidates=shown)
    return LinkDecision(**base, status="linked", qid=best[2].qid, score=min(best[0], 1.0),
                        method=f"{source.name}:{best[1]}", label=best[2].label,
                        candidates=shown)

