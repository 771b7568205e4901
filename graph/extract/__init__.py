"""Fact extraction: one `Document` in, its entities and facts out.

`extract(doc)` is a pure, deterministic function of the document (it runs in a
process pool). Stages, one module each:

    sentences -> roles (titles) -> mentions (persons, places, organisations)
    -> events -> coref (entities) -> relations (facts)

See docs/extraction.md for the rules and their measured quality.
"""

from __future__ import annotations

import datetime as dt
import re

from graph.dates import DateMention, find_dates, parse_date_value, resolve_year
from graph.extract import coref
from graph.extract.events import find_events
from graph.extract.lexicon import lexicon
from graph.extract.mentions import (
    Mention,
    find_orgs,
    find_persons,
    find_places,
    make,
    org_key,
    standalone_acronyms,
)
from graph.extract.relations import (
    FactSink,
    SentenceView,
    holds_role,
    locations,
    memberships,
    organisers,
    participation,
    parts,
    places_and_dates,
    signers,
    sub_events,
)
from graph.extract.roles import bind_orgs, find_holdings, find_roles, persons_after_titles
from graph.extract.sentences import Sentence, split_sentences
from graph.model import (
    ArticleFacts,
    Document,
    DocumentKind,
    Entity,
    EntityType,
    Evidence,
    Relation,
)
from graph.text import match_key

__all__ = ["extract", "find_event_dates"]


def page_date(doc: Document):
    """The date of the page: the document's own, a teaser's page date, or the page's
    date line that ingestion dropped and kept in metadata."""
    if doc.published is not None:
        return doc.published
    meta = doc.metadata or {}
    found = parse_date_value(meta.get("page_published"))
    if found is not None:
        return found
    for line in meta.get("dropped_lines") or ():
        if len(line) == 3 and str(line[1]).startswith("date line"):
            found = parse_date_value(line[2])
            if found is not None:
                return found
    return None


# "Trong hai ngày 11 và 12/10", "ngày 22-23/6/2023": a range of days; the event dated by it
# began on the first day
DAY_RANGE = re.compile(
    r"\b(?:(?:trong|suốt)\s+)?(?:(?:hai|ba|2|3)\s+)?ngày\s+(\d{1,2})\s*(?:và|[-–])\s*"
    r"(\d{1,2})/(\d{1,2})(?:/((?:19|20)\d\d))?(?![\d/])", re.IGNORECASE)


def find_event_dates(doc: Document) -> list[DateMention]:
    """The date step, kept apart so another date finder can be plugged in."""
    published = page_date(doc)
    found = find_dates(doc.text, published)
    for m in DAY_RANGE.finditer(doc.text):
        first, last, month = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not 1 <= first < last <= 31 or not 1 <= month <= 12:
            continue
        inferred = False
        if m.group(4):
            year = int(m.group(4))
        else:
            year = resolve_year(month, first, published)
            inferred = year is not None
        try:
            value = (dt.date(year, month, first).isoformat() if year is not None
                     else f"--{month:02d}-{first:02d}")
        except ValueError:
            continue
        found = [d for d in found if d.end <= m.start() or d.start >= m.end()]
        found.append(DateMention(m.start(), m.end(), m.group(0), value, "day", inferred))
    found.sort(key=lambda d: d.start)
    return found


def extract(doc: Document) -> ArticleFacts:
    lex = lexicon()
    sentences = split_sentences(doc.text)
    known_cities: set[str] = set()
    # a first pass over places learns the cities the text introduces with a cue
    # ("TP Hạ Long"), so that bare mentions anywhere ("Hạ Long:") are accepted
    for sent in sentences:
        find_places(sent, lex, [], known_cities)

    # organisations named in full somewhere let their lower-case forms elsewhere
    # ("Cục hợp tác quốc tế" in a footer) be read too
    first = [_analyse(sent, lex, known_cities, frozenset()) for sent in sentences]
    known_keys = frozenset(
        key for view, _ in first for o in view.all_orgs
        if not o.attrs.get("implied") and not o.attrs.get("head_only")
        for key in (org_key(o.name), org_key(coref.expand_abbreviations(o.name, lex))))
    firms = _firm_short_names(first, lex)
    views: list[SentenceView] = []
    roles_by_sent = {}
    for sent, (view, roles) in zip(sentences, first, strict=True):
        if any(t.lower and t.key in lex.org_heads for t in sent.tokens) or any(
                t.cap and t.key in lex.org_heads and i + 1 < len(sent.tokens)
                and sent.tokens[i + 1].lower for i, t in enumerate(sent.tokens)) or (
                firms and _firm_at(sent, firms, 0, len(sent.tokens))):
            view, roles = _analyse(sent, lex, known_cities, known_keys, firms)
        views.append(view)
        roles_by_sent[sent.index] = roles

    # acronyms become organisations once the article uses them as names
    accepted = {o.attrs["acronym"] for v in views for o in v.all_orgs
                if o.attrs.get("acronym")}
    for view in views:
        covered = {k for m in view.persons + view.all_orgs + view.places + view.events
                   for k in range(m.i, m.j)}
        covered |= {k for r in roles_by_sent[view.sent.index] for k in range(r.i, r.j)}
        covered |= {o.attrs["paren_end"] - 1 for o in view.all_orgs if o.attrs.get("paren_end")}
        view.all_orgs += standalone_acronyms(view.sent, covered, accepted)
        view.all_orgs.sort(key=lambda m: m.i)
        view.orgs = [o for o in view.all_orgs if not o.attrs.get("nested")]

    dates = find_event_dates(doc)
    for view in views:
        view.dates = [d for d in dates if view.sent.start <= d.start < view.sent.end]

    entities = _resolve(doc, views, sentences, lex)
    _name_by_headline(doc, entities)
    by_name = {}
    for e in entities:
        by_name.setdefault(e.name, e)

    def entity_of_org(name: str, sent: Sentence) -> str:
        ent = by_name.get(name)
        if ent is None:
            ent = Entity(f"o{sum(1 for x in entities if x.type is EntityType.ORGANISATION) + 1}",
                         EntityType.ORGANISATION, name, [],
                         evidence=[Evidence(doc.id, sent.text, sent.start, sent.end,
                                            "orgs.title_default", 0.7)])
            entities.append(ent)
            by_name[name] = ent
        return ent.id

    for view in views:
        view.holdings = find_holdings(view.sent, roles_by_sent[view.sent.index], view.persons)
        view.role_tokens = {k for r in roles_by_sent[view.sent.index] for k in range(r.i, r.j)}
    sink = FactSink(doc.id)
    holds_role(views, sink, entity_of_org)
    participation(views, sink)
    signers(views, sink)
    organisers(views, sink)
    places_and_dates(views, sink, entities)
    sub_events(views, sink)
    locations(views, sink)
    parts(views, sink)
    memberships(views, sink)
    facts = _tidy(list(sink.facts.values()), entities)
    return ArticleFacts(doc, entities, facts)


# legal forms written after a firm's head ("Công ty TNHH X", "Công ty cổ phần X")
LEGAL_FORMS = tuple(tuple(match_key(w) for w in f.split()) for f in (
    "trách nhiệm hữu hạn một thành viên", "trách nhiệm hữu hạn", "TNHH MTV", "TNHH",
    "cổ phần", "CP", "MTV", "một thành viên", "hợp danh"))


def _firm_short_names(first, lex) -> dict[tuple[str, ...], str]:
    """"Công ty TNHH Mirae Robotics Việt Nam" is written "Mirae Robotics Việt Nam" after
    its first mention: the name without its head and legal form, two words or more."""
    out: dict[tuple[str, ...], str] = {}
    for view, _ in first:
        for o in view.all_orgs:
            if "company" not in (o.attrs.get("flags") or ()) or o.attrs.get("head_only"):
                continue
            words = o.name.split()[len((o.attrs.get("head") or "").split()):]
            keys = [match_key(w) for w in words]
            for form in LEGAL_FORMS:
                if tuple(keys[: len(form)]) == form:
                    words, keys = words[len(form):], keys[len(form):]
                    break
            if len(words) >= 2 and words[0][:1].isupper():
                out[tuple(keys)] = o.name
    return out


def _firm_at(sent: Sentence, firms: dict[tuple[str, ...], str], lo: int, hi: int):
    toks = sent.tokens
    found = []
    for i in range(lo, hi):
        if not toks[i].cap:
            continue
        for key, full in firms.items():
            j = i + len(key)
            if j <= hi and tuple(match_key(t.text) for t in toks[i:j]) == key:
                found.append((i, j, full))
                break
    return found


def _analyse(sent: Sentence, lex, known_cities: set[str], known_keys: frozenset[str],
             firms: dict[tuple[str, ...], str] | None = None):
    roles = find_roles(sent, lex)
    role_tokens = {k for r in roles for k in range(r.i, r.j)}
    persons = find_persons(sent, lex, role_tokens)
    places = find_places(sent, lex, persons, known_cities)
    blocked = role_tokens | {k for p in persons for k in range(p.i, p.j)}
    orgs = find_orgs(sent, lex, blocked, places, known_keys)
    for i, j, full in _firm_at(sent, firms or {}, 0, len(sent.tokens)):
        # a firm's short name: an organisation (the firm), not a person or a place
        if any(o.i < j and i < o.j for o in orgs) or any(p.i < j and i < p.j for p in persons
                                                        if p.attrs.get("honorifics")):
            continue
        orgs.append(make(EntityType.ORGANISATION, sent, i, j, full, "orgs.firm_short",
                         full=full, flags=frozenset({"company"})))
        persons = [p for p in persons if not (p.i < j and i < p.j)]
        places = [p for p in places if not (p.i < j and i < p.j)]
    orgs.sort(key=lambda m: m.i)
    orgs += bind_orgs(sent, roles, orgs, places, persons, lex)
    taken = blocked | {k for o in orgs for k in range(o.i, o.j)}
    persons += persons_after_titles(sent, roles, persons, taken)
    persons.sort(key=lambda m: m.i)
    # persons swallowed by an organisation's name are not persons
    persons = [p for p in persons if p.attrs.get("honorifics") or not any(
        o.i <= p.i and p.j <= o.j for o in orgs)]
    events = find_events(sent, lex, orgs, persons, role_tokens)
    view = SentenceView(sent, persons=persons, all_orgs=orgs, places=places, events=events)
    return view, roles


def _resolve(doc: Document, views: list[SentenceView], sentences: list[Sentence],
             lex) -> list[Entity]:
    persons = [m for v in views for m in v.persons]
    orgs = [m for v in views for m in v.all_orgs]
    places = [m for v in views for m in v.places]
    cities = [m for m in places if m.type is EntityType.CITY]
    events = [m for v in views for m in v.events]
    for m in places:
        sent = sentences[m.sent]
        if m.attrs.get("cue") == "City" and m.i > 0:
            k = m.i - m.attrs["cue_len"]
            m.attrs["cue_text"] = sent.text[sent.tokens[k].start - sent.start :
                                            sent.tokens[m.i - 1].end - sent.start]
    coref.qualify_orgs(orgs, cities, lex)
    groups: list[tuple[EntityType, list[Mention]]] = []
    groups += [(EntityType.PERSON, g) for g in coref.cluster_persons(persons)]
    groups += [(EntityType.ORGANISATION, g) for g in coref.cluster_orgs(orgs)]
    for g in coref.cluster_places(places):
        groups.append((g[0].type, g))
    groups += [(EntityType.EVENT, g) for g in coref.cluster_events(events)]
    groups.sort(key=lambda kg: min(m.start for m in kg[1]))
    counters = dict.fromkeys(coref.PREFIX, 0)
    entities = []
    for kind, group in groups:
        counters[kind] += 1
        eid = f"{coref.PREFIX[kind]}{counters[kind]}"
        entities.append(coref.build_entity(kind, eid, group, doc.id, sentences))
    return entities


DESCRIBED = ("events.visit", "events.inspection", "events.reception", "events.session",
             "events.working_session")


def _name_by_headline(doc: Document, entities: list[Entity]) -> None:
    """A teaser (headline + lead) about one unnamed activity ("Đại sứ X trình Quốc thư lên …",
    "Phó Chủ tịch Y kiểm tra tiến độ …"): the headline is the activity's descriptive name
    when it repeats the verb the lead names the activity by."""
    teaser = doc.kind is DocumentKind.TEASER or (doc.metadata or {}).get("input_kind") == "teaser"
    if not teaser or not doc.title:
        return
    described = [e for e in entities if e.type is EntityType.EVENT
                 and e.evidence and e.evidence[0].extractor in DESCRIBED]
    named = [e for e in entities if e.type is EntityType.EVENT and e not in described]
    if len(described) != 1 or named:
        return
    event = described[0]
    words = event.name.split()
    verb = " ".join(words[:2]) if len(words) > 1 else event.name
    if match_key(verb) in match_key(doc.title):
        event.aliases = [event.name, *event.aliases]
        event.name = doc.title.strip()


def _tidy(facts, entities: list[Entity]):
    """Drop facts a more specific one makes redundant; fill event date and place."""
    by_id = {e.id: e for e in entities}
    with_org = {(f.args["person"], f.args["role"].casefold()) for f in facts
                if f.rel is Relation.HOLDS_ROLE and f.args["org"]}
    city_held = {f.args["event"] for f in facts if f.rel is Relation.HELD_IN
                 and by_id[f.args["place"]].type is EntityType.CITY}
    organisers = {(f.args["event"], f.args["org"]) for f in facts
                  if f.rel is Relation.ORGANISED_BY}
    out = []
    for f in facts:
        if f.rel is Relation.HOLDS_ROLE and not f.args["org"] and (
                f.args["person"], f.args["role"].casefold()) in with_org:
            continue
        if f.rel is Relation.HELD_IN and by_id[f.args["place"]].type is EntityType.COUNTRY \
                and f.args["event"] in city_held:
            continue
        if f.rel is Relation.PARTICIPATED_IN and (f.args["event"], f.args["agent"]) in organisers:
            continue
        out.append(f)
    for f in out:
        if f.rel is Relation.HELD_IN and by_id[f.args["event"]].place is None:
            by_id[f.args["event"]].place = f.args["place"]
        if f.rel is Relation.EVENT_DATE and by_id[f.args["event"]].date is None:
            by_id[f.args["event"]].date = f.args["date"]
    return out
