"""Linking quality against the verified extract.

The extract says, for each verified item, the names it goes by in the sample
articles (`surface_forms`, `name_in_articles`, labels, aliases) and which
articles mention it (`mentioned_in`). An entity's *expected* QID is the item
of the same type named like the entity (match key or designator-free key)
and, for a sample article, mentioned in that article. Precision counts linked
entities whose QID is the expected one; recall counts entities with an
expected QID that got it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.link.candidates import load_extract, usable_entry
from graph.link.names import core_key
from graph.model import ArticleFacts, Entity, EntityType
from graph.text import match_key

__all__ = ["LinkQuality", "expected_qid", "link_quality"]


def _entry_names(entry: dict[str, Any]) -> list[str]:
    aliases = entry.get("aliases") or {}
    return [
        n
        for n in [entry.get("name_in_articles"), entry.get("label_en"), entry.get("label_vi"),
                  *entry.get("surface_forms", []), *aliases.get("vi", []), *aliases.get("en", [])]
        if n
    ]


def expected_qid(
    entity: Entity, doc_id: str, entries: list[dict[str, Any]] | None = None
) -> str | None:
    """The verified QID the extract gives for this entity of this article, if any."""
    entries = [e for e in (entries if entries is not None else load_extract()) if usable_entry(e)]
    sample_ids = {d for e in entries for d in e.get("mentioned_in", [])}
    etype = EntityType(entity.type)
    names = [entity.name, *entity.aliases]
    keys = {match_key(n) for n in names} | {core_key(n, etype) for n in names}
    found = {
        e["qid"]
        for e in entries
        if e["type"] == str(etype)
        and (doc_id not in sample_ids or doc_id in e.get("mentioned_in", []))
        and keys & ({match_key(n) for n in _entry_names(e)}
                    | {core_key(n, etype) for n in _entry_names(e)})
    }
    return found.pop() if len(found) == 1 else None


@dataclass(slots=True)
class LinkQuality:
    correct: int = 0  # linked to the expected QID
    wrong: int = 0  # linked, but not to the expected QID (or nothing was expected)
    missed: int = 0  # an expected QID, not linked to it
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        linked = self.correct + self.wrong
        return self.correct / linked if linked else 1.0

    @property
    def recall(self) -> float:
        expected = self.correct + self.missed
        return self.correct / expected if expected else 1.0

    def summary(self) -> str:
        return (f"precision {self.precision:.3f} ({self.correct}/{self.correct + self.wrong}), "
                f"recall {self.recall:.3f} ({self.correct}/{self.correct + self.missed})")


def link_quality(articles: Iterable[ArticleFacts]) -> LinkQuality:
    """Compare the links of linked-type entities with the extract's verified QIDs."""
    entries = load_extract()
    quality = LinkQuality()
    for article in articles:
        for entity in article.entities:
            if entity.type is EntityType.EVENT:
                continue
            want = expected_qid(entity, article.document.id, entries)
            got = entity.wikidata.qid if entity.wikidata else None
            if got is not None and got == want:
                quality.correct += 1
                continue
            if got is not None:
                quality.wrong += 1
                quality.errors.append(
                    f"{article.document.id} {entity.type} {entity.name!r}: linked {got}, "
                    f"expected {want}")
            if want is not None:
                quality.missed += 1
                if got is None:
                    quality.errors.append(
                        f"{article.document.id} {entity.type} {entity.name!r}: not linked, "
                        f"expected {want}")
    return quality
