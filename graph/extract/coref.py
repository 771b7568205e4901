"""Within-article resolution: mentions -> entities.

- Organisations: abbreviations are expanded ("UBND TP" -> "Ủy ban nhân dân
  thành phố"), bare local bodies are qualified with the city in context
  ("… thành phố" -> "… thành phố Hạ Long"); then one entity per expanded name,
  merged with its acronym ("(UCCN)"), its initials ("Cục HTQT" = "Cục Hợp tác
  quốc tế"), its shortened forms ("Văn phòng UNESCO" = "Văn phòng UNESCO tại
  Việt Nam") and a bare multi-word head ("Liên hiệp").
- Persons: one entity per full name; "ông Minh" joins the full name ending in "Minh".
- Places: one entity per gazetteer entry; "TP Hạ Long" and "thành phố Hạ Long" are aliases.
- Events: one per quoted title or name; bare triggers ("Hội nghị") join the first
  named event of that kind; sessions ("buổi làm việc", "buổi tiếp …") and visits
  are one event each per article.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graph.extract.lexicon import Lexicon
from graph.extract.mentions import Mention, org_key
from graph.model import Entity, EntityType, Evidence
from graph.text import match_key

PREFIX = {
    EntityType.PERSON: "p",
    EntityType.ORGANISATION: "o",
    EntityType.EVENT: "e",
    EntityType.CITY: "c",
    EntityType.COUNTRY: "n",
}
BARE_PREFIX = match_key("buổi") + " "
_SKIP_INITIALS = {"và", "của", "các", "về"}
_LOCAL_UNIT = re.compile(r"(?:thành phố|thành ủy|thành uỷ|Thành ủy|Thành uỷ)$")


def expand_abbreviations(name: str, lex: Lexicon) -> str:
    for form, pattern, expansion in _abbreviation_patterns(lex):
        if form in name:  # (the pattern matches the form as written: no match without it)
            name = pattern.sub(expansion, name)
    return _SPACES.sub(" ", name).strip()


_SPACES = re.compile(r"\s+")
_ABBREVIATION_PATTERNS: list[tuple[Lexicon, list[tuple[str, re.Pattern[str], str]]]] = []


def _abbreviation_patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str], str]]:
    """(form, compiled pattern, expansion) of the lexicon's abbreviations, longest first;
    compiled once per lexicon (one per process)."""
    for known, patterns in _ABBREVIATION_PATTERNS:
        if known is lex:
            return patterns
    patterns = []
    for form in sorted(lex.abbreviations, key=len, reverse=True):
        pattern = r"(?<![\w.])" + re.escape(form) + (r"(?![\w])" if form[-1].isalnum() else "")
        patterns.append((form, re.compile(pattern), lex.abbreviations[form]))
    _ABBREVIATION_PATTERNS[:] = [(lex, patterns)]
    return patterns


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _SKIP_INITIALS and w[0].isalpha())


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def qualify_orgs(orgs: list[Mention], cities: list[Mention], lex: Lexicon) -> None:
    """Expanded, place-qualified name of each organisation mention (attrs['full'])."""
    vn_cities = [c for c in cities if c.attrs["place"].country == "VN"]
    for org in orgs:
        full = expand_abbreviations(org.name, lex)
        if _LOCAL_UNIT.search(full):
            before = [c for c in vn_cities if c.start < org.start and not c.inside(org)]
            city = before[-1] if before else (vn_cities[0] if vn_cities else None)
            if city is not None:
                if match_key(city.name).startswith(match_key("thành phố") + " ") \
                        and match_key(full).endswith(" " + match_key("thành phố")):
                    full = full[: -len("thành phố")].rstrip()  # "… TP" + "Thành phố Hồ Chí Minh"
                full = f"{full} {city.name}"
        org.attrs["full"] = full
    _expand_local_acronyms(orgs)
    _qualify_provincial(orgs)


def _expand_local_acronyms(orgs: list[Mention]) -> None:
    """Acronyms the article defines ("Hội Văn học Nghệ thuật (VHNT) tỉnh X", "Trường Đại
    học Sư phạm – Đại học Y (ĐHSP)") are spelled out inside other names ("Hội VHNT tỉnh X",
    "Trường ĐHSP"), so that those join the full form."""
    local: dict[str, str] = {}
    for org in orgs:
        acronym = org.attrs.get("acronym")
        head = org.attrs.get("head")
        if not acronym or not head or org.rule in ("orgs.acronym", "orgs.acronym_inside") \
                or len(acronym) < 3:
            continue
        rest = org.name.split()[len(head.split()):]
        for n in range(len(rest), 1, -1):  # the words the acronym stands for, from the start
            if _initials(rest[:n]).upper() == acronym.upper():
                local.setdefault(acronym, " ".join(rest[:n]))
                break
    if not local:
        return
    for org in orgs:
        full = org.attrs.get("full", org.name)
        for acronym, expansion in local.items():
            if re.search(r"(?<!\w)" + re.escape(acronym) + r"(?!\w)", full) and full != acronym:
                full = re.sub(r"(?<!\w)" + re.escape(acronym) + r"(?!\w)", expansion, full)
        org.attrs["full"] = full


_PROVINCIAL = re.compile(r"(?:\btỉnh|^Tỉnh ủy|^Tỉnh uỷ)$")
_PROVINCE_IN_NAME = re.compile(r"\btỉnh ((?:[A-ZÀ-ỸĐ][^\s,;()]*)(?:[ \-–]+[A-ZÀ-ỸĐ][^\s,;()]*)+)$")


def _qualify_provincial(orgs: list[Mention]) -> None:
    """"UBND tỉnh", "Tỉnh ủy" written alone: the province named by the article's other
    provincial bodies ("Hội Văn học Nghệ thuật tỉnh Bắc Ninh"), the nearest before, else the
    first after (provinces are not in the gazetteer)."""
    named = [(o.start, m.group(1)) for o in orgs
             if (m := _PROVINCE_IN_NAME.search(o.attrs.get("full", o.name)))]
    if not named:
        return
    for org in orgs:
        full = org.attrs.get("full", org.name)
        if not _PROVINCIAL.search(full):
            continue
        before = [name for start, name in named if start < org.start]
        org.attrs["full"] = f"{full} {before[-1] if before else named[0][1]}"


def cluster_orgs(orgs: list[Mention]) -> list[list[Mention]]:
    n = len(orgs)
    uf = UnionFind(n)
    keys = [org_key(o.attrs.get("full", o.name)) for o in orgs]
    by_key: dict[str, int] = {}
    for idx, key in enumerate(keys):
        if orgs[idx].attrs.get("head_only"):
            continue  # each bare head refers on its own (below)
        if key in by_key:
            uf.union(by_key[key], idx)
        else:
            by_key[key] = idx
    acronyms = {}
    for idx, org in enumerate(orgs):
        if org.attrs.get("acronym") and org.rule != "orgs.acronym" \
                and org.rule != "orgs.acronym_inside":
            acronyms.setdefault(match_key(org.attrs["acronym"]), idx)
    for idx, org in enumerate(orgs):
        if org.rule in ("orgs.acronym", "orgs.acronym_inside") and keys[idx] in acronyms:
            uf.union(acronyms[keys[idx]], idx)
        elif org.rule in ("orgs.acronym", "orgs.acronym_inside"):
            # "FPT" after "Tập đoàn FPT": the one firm named by a head + the acronym
            ends = {uf.find(k) for k, o in enumerate(orgs) if k != idx
                    and o.rule not in ("orgs.acronym", "orgs.acronym_inside")
                    and "company" in (o.attrs.get("flags") or ())
                    and o.attrs.get("head") and o.name == f"{o.attrs['head']} {org.name}"}
            if len(ends) == 1:
                uf.union(ends.pop(), idx)
    for idx, org in enumerate(orgs):
        words = org.attrs.get("full", org.name).split()
        head = org.attrs.get("head")
        # "Cục HTQT": head + initials of another name with the same head
        if head and len(words) == len(head.split()) + 1 and org.surface.split()[-1].isupper():
            acronym = match_key(words[-1]).replace("&", "")
            for other, o2 in enumerate(orgs):
                if other == idx or o2.attrs.get("head") != head:
                    continue
                rest = o2.attrs.get("full", o2.name).split()[len(head.split()):]
                # "Sở NN&MT" = "Sở Nông nghiệp và Môi trường (thành phố X)": the initials
                # of the name, or of its start before the place that qualifies it
                if len(rest) > 1 and any(match_key(_initials(rest[:n])) == acronym
                                         for n in range(len(rest), 1, -1)):
                    uf.union(other, idx)
                    break
    dropped: set[int] = set()
    for idx, org in enumerate(orgs):
        key = keys[idx]
        if org.attrs.get("head_only"):
            same = [k for k, o in enumerate(orgs) if k != idx and o.attrs.get("head")
                    == org.attrs.get("head") and not o.attrs.get("head_only")
                    and _named_after_head(o)]
            before = [k for k in same if orgs[k].start < org.start]
            # the body the article is about (named most often, first on a tie), else
            # the nearest one named before
            target = _main_body(orgs, keys, before) if before else (same[0] if same else None)
            if target is not None:
                uf.union(target, idx)
            else:
                dropped.add(idx)  # a bare head with nothing to refer to
            continue
        if len(key.split()) < 2:
            continue
        longer = [k for k, other in enumerate(keys)
                  if other != key and other.startswith(key + " ")]
        roots = {uf.find(k) for k in longer}
        if len(roots) == 1:
            uf.union(longer[0], idx)
    groups: dict[int, list[Mention]] = defaultdict(list)
    for idx, org in enumerate(orgs):
        if idx not in dropped:
            groups[uf.find(idx)].append(org)
    return [groups[r] for r in sorted(groups)]


def _named_after_head(org: Mention) -> bool:
    """"Hội Sử học …", not "Hội trường …" (a venue whose first word is the head)."""
    words = org.name.split()
    n = len((org.attrs.get("head") or "").split())
    return len(words) <= n or not words[n][:1].islower()


def _main_body(orgs, keys, before: list[int]) -> int:
    counts: dict[str, int] = defaultdict(int)
    for k in before:
        counts[keys[k]] += 1
    best = max(counts.values())
    return next(k for k in before if counts[keys[k]] == best)


def cluster_persons(persons: list[Mention]) -> list[list[Mention]]:
    full = [p for p in persons if not _short(p)]
    groups: dict[str, list[Mention]] = {}
    for p in full:
        groups.setdefault(match_key(p.name), []).append(p)
    for key in [k for k in groups if _given_name(groups[k][0])]:
        # "bà Hòa Bình" after "Nguyễn Thị Hoà Bình": one longer name ends with it
        longer = [k2 for k2 in groups if len(k2.split()) >= 3 and k2.endswith(" " + key)]
        if len(longer) == 1:
            groups[longer[0]] += groups.pop(key)
    for p in persons:
        if not _short(p):
            continue
        key = match_key(p.name)
        matches = [k for k in groups if k.endswith(" " + key)]
        if len(matches) == 1:
            groups[matches[0]].append(p)
    return list(groups.values())


def _short(p: Mention) -> bool:
    """A given name alone: one word ("ông Minh"), or two after an honorific whose first is
    no surname ("bà Hòa Bình", "Thủy Tiên" for "Nguyễn Thị Thủy Tiên")."""
    return len(p.name.split()) == 1


def _given_name(p: Mention) -> bool:
    words = p.name.split()
    from graph.extract.lexicon import lexicon
    return len(words) == 2 and match_key(words[0]) not in lexicon().surnames and (
        bool(p.attrs.get("honorifics")) or p.rule == "persons.honorific")


def cluster_places(places: list[Mention]) -> list[list[Mention]]:
    groups: dict[tuple[str, str], list[Mention]] = {}
    for m in places:
        groups.setdefault((m.type, m.attrs["place"].code), []).append(m)
    return list(groups.values())


def cluster_events(events: list[Mention]) -> list[list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    named = [e for e in events if e.attrs.get("named")]
    for e in events:
        kind = e.attrs.get("kind")
        if kind in ("session", "visit"):
            key = kind
        elif e.attrs.get("title"):
            key = "title:" + match_key(e.attrs["title"])
        elif e.attrs.get("named"):
            key = match_key(e.name)
        else:
            trigger = e.attrs["trigger"]
            # "buổi lễ" points back to any ceremony ("Lễ đón nhận …", "Lễ khai mạc …")
            base = trigger[len(BARE_PREFIX):] if trigger.startswith(BARE_PREFIX) else None
            same = [n for n in named if n.attrs["trigger"] == trigger or (
                base and n.attrs["trigger"].startswith(base + " ")
                and n.attrs["trigger"] != match_key("lễ hội"))]  # a festival is no ceremony
            titled = [n for n in same if n.attrs.get("title")]
            candidates = titled or same
            if not candidates:
                continue
            # the nearest named one before it ("Lễ hội" after "Lễ khai mạc Lễ hội X"), else
            # the first one
            before = [n for n in candidates if n.start < e.start]
            target = before[-1] if before else candidates[0]
            key = ("title:" + match_key(target.attrs["title"])) if target.attrs.get("title") \
                else match_key(target.name)
        groups.setdefault(key, []).append(e)
    # a named mention whose words are a shortened form of a titled one ("Hội nghị
    # ngoại giao văn hóa" before its title) joins it
    for key in list(groups):
        if key.startswith("title:") or key in ("session", "visit") or key not in groups:
            continue
        for other, members in groups.items():
            if other.startswith("title:") and any(
                    match_key(m.name).startswith(key + " ") for m in members):
                members.extend(groups.pop(key))
                break
    # "Đại hội Hội X lần thứ X" (headline) and "Đại hội đại biểu toàn quốc lần thứ X" (body):
    # the same trigger with the same ordinal is one event
    by_ordinal: dict[tuple[str, str], str] = {}
    for key in list(groups):
        if key in ("session", "visit"):
            continue
        members = groups[key]
        ordinal = next((m for m in (_ORDINAL.search(x.name) for x in members) if m), None)
        if ordinal is None:
            continue
        ident = (members[0].attrs["trigger"], match_key(ordinal.group(1)))
        if ident in by_ordinal:
            groups[by_ordinal[ident]].extend(groups.pop(key))
        else:
            by_ordinal[ident] = key
    # "Lễ hội Hoa Ban" after "Lễ hội Hoa Ban lần thứ X năm 2026", "Lễ hội Thiết kế sáng tạo
    # 2025" for "… Hà Nội 2025": a short name (a capitalised word after the trigger) whose
    # words all come, in order, in exactly one longer name of the same trigger
    for key in sorted(groups, key=lambda k: len(k.split())):
        if key in ("session", "visit") or key.startswith("title:") or key not in groups:
            continue
        first = groups[key][0]
        trigger = first.attrs.get("trigger") or ""
        rest = first.name.split()[len(trigger.split()):]
        if not first.attrs.get("named") or not any(w[:1].isupper() for w in rest):
            continue
        longer = [k for k in groups if k != key and not k.startswith("title:")
                  and k not in ("session", "visit") and len(k.split()) > len(key.split())
                  and groups[k][0].attrs.get("trigger") == trigger
                  and _subsequence(key.split(), k.split())]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop(key))
    return list(groups.values())


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


_ORDINAL = re.compile(r"\blần thứ\s+([\w]+)", re.IGNORECASE)


def build_entity(kind: EntityType, eid: str, mentions: list[Mention], doc_id: str,
                 sentences: list) -> Entity:
    evidence = [
        Evidence(doc_id, sentences[m.sent].text, sentences[m.sent].start, sentences[m.sent].end,
                 m.rule, 0.9)
        for m in mentions
    ]
    forms: list[str] = []
    if kind is EntityType.ORGANISATION:
        forms = [m.attrs.get("full", m.name) for m in mentions] + [m.surface for m in mentions]
        for m in mentions:
            if m.attrs.get("acronym") and m.rule not in ("orgs.acronym", "orgs.acronym_inside"):
                forms.append(m.attrs["acronym"])
        candidates = [m.attrs.get("full", m.name) for m in mentions
                      if not m.attrs.get("head_only") and not m.name.isupper()]
        name = max(candidates, key=len) if candidates else mentions[0].name
    elif kind is EntityType.EVENT:
        forms = [m.name for m in mentions] + [m.surface for m in mentions]
        forms += [m.attrs["short"] for m in mentions if m.attrs.get("short")]
        forms += [m.attrs["title"] for m in mentions if m.attrs.get("title")]
        forms += [m.attrs["described"] for m in mentions if m.attrs.get("described")]
        candidates = [m.name for m in mentions if m.attrs.get("named") or
                      m.attrs.get("kind") in ("session", "visit")] or [m.name for m in mentions]
        name = max(candidates, key=len)
    elif kind is EntityType.PERSON:
        forms = [m.name for m in mentions]
        name = max(forms, key=lambda f: (len(f.split()), len(f)))
    else:
        forms = [m.name for m in mentions] + [m.surface for m in mentions]
        for m in mentions:
            cue = m.attrs.get("cue_text")
            if cue:
                forms.append(f"{cue} {m.surface}")
        counts = Counter(m.name for m in mentions)
        name = max(counts, key=lambda f: (counts[f], -len(f)))
    aliases: list[str] = []
    seen = {match_key(name)}
    for form in forms:
        key = match_key(form)
        if key not in seen:
            seen.add(key)
            aliases.append(form)
    entity = Entity(eid, kind, name, aliases, evidence=evidence)
    if kind is EntityType.PERSON:
        honorifics = []
        for m in mentions:
            for h in m.attrs.get("honorifics", []):
                if h not in honorifics:
                    honorifics.append(h)
        if honorifics:
            entity.attributes["honorifics"] = honorifics
    for m in mentions:
        m.entity = eid
    return entity
