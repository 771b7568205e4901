"""Post titles, the organisation each one names, and the person holding it.

Titles come from `roles.tsv` (with their abbreviations: "PCT" -> "Phó Chủ tịch")
plus qualifiers ("thường trực"). The organisation of a title is
- the organisation mention right after it ("Cục trưởng Cục Hợp tác quốc tế");
- a bare field after a ministerial title ("Thứ trưởng Ngoại giao" -> Bộ Ngoại giao);
- the body its head noun implies ("Trưởng ban Tuyên giáo" -> Ban Tuyên giáo);
- a default body ("Thủ tướng" -> Chính phủ), else none.
Holders: "<Name>, <Title> <Org>" (and chains of titles), "<Title> <Org> <Name>",
"<Title> <Org>, ông <Name>", "<Name> … đắc cử / giữ cương vị / được bầu làm <Title>".
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.extract.lexicon import Lexicon, RoleEntry, key_lengths, tokens_key, words_key
from graph.extract.mentions import (
    NON_ORG_ACRONYMS,
    ROMAN,
    Mention,
    longest_match,
    make,
    name_word,
    surface,
)
from graph.extract.mentions import _is_place_run as _place_run
from graph.extract.sentences import Sentence
from graph.model import EntityType
from graph.text import match_key

ELECTION_CUES = tuple(
    match_key(c) for c in (
        "đắc cử", "tái đắc cử", "giữ cương vị", "giữ chức", "giữ chức vụ", "được bầu làm",
        "được bầu giữ", "bầu giữ chức", "bầu làm", "được bổ nhiệm làm", "được bổ nhiệm giữ chức",
        "bổ nhiệm làm", "làm", "trở thành", "nhậm chức", "kiêm",
    )
)


# qualifiers that are verbs taking an object: part of the title only when no object follows
OBJECT_MODIFIERS = frozenset({"phụ trách", "kiêm nhiệm"})


@dataclass
class RoleSpan:
    sent: int
    i: int
    j: int  # after the title and its qualifiers
    title: str  # expanded ("Phó Chủ tịch thường trực")
    written: str  # as written ("PCT thường trực")
    entry: RoleEntry
    org: Mention | None = None
    org_end: int = 0  # token after the organisation (or after the title)
    default_org: str | None = None
    place: Mention | None = None  # the country of an ambassador, the city of a mayor
    there: Mention | None = None  # "Đại sứ X tại <there>": where the mission is


def find_roles(sent: Sentence, lex: Lexicon) -> list[RoleSpan]:
    toks = sent.tokens
    out: list[RoleSpan] = []
    i = 0
    starts = key_lengths(lex.roles)  # (first words: most tokens start no title)
    while i < len(toks):
        hit = (longest_match(toks, i, lex.roles, 5)
               if toks[i].is_word and toks[i].key in starts else None)
        if not hit:
            i += 1
            continue
        j, entry = hit
        head = longest_match(toks, i, lex.org_heads, 4)
        if head and head[0] > j:
            i = head[0]  # "Đại sứ quán": a body, not the post "Đại sứ"
            continue
        # "Cục trưởng" is a title only when written as one; "Bộ" alone is an org head
        title = entry.title
        for modifier in lex.role_modifiers:
            words = modifier.split()
            if [t.text for t in toks[j : j + len(words)]] == words:
                after = j + len(words)
                if modifier in OBJECT_MODIFIERS and after < len(toks) and toks[after].lower:
                    break  # "Phó Thị trưởng phụ trách văn hóa": a portfolio, not the title
                title = f"{title} {modifier}"
                j += len(words)
                break
        out.append(RoleSpan(sent.index, i, j, title, surface(sent, i, j), entry, org_end=j))
        i = j
    return out


def bind_orgs(sent: Sentence, roles: list[RoleSpan], orgs: list[Mention], places: list[Mention],
              persons: list[Mention], lex: Lexicon) -> list[Mention]:
    """Attach an organisation to each title; returns the organisations it had to create."""
    toks = sent.tokens
    org_at = {m.i: m for m in orgs if not m.attrs.get("nested")}
    place_at = {m.i: m for m in places}
    person_at = {m.i for m in persons}
    created: list[Mention] = []
    for role in roles:
        k = role.j
        if k < len(toks) and toks[k].text.lower() == "của":
            k += 1
        entry = role.entry
        if entry.place and _bind_place(role, k, places, toks):
            continue
        found = org_at.get(k)
        if found is not None and entry.head and found.j - found.i >= 3 \
                and match_key(entry.title).endswith(" " + match_key(entry.head)) \
                and toks[k].key == match_key(entry.head) and toks[k + 1].lower:
            # "Trưởng khoa Khoa học Sự sống": the unit's name starts with a word that begins
            # like the head ("Khoa học"), so the head is left out before it -> Khoa Khoa học …
            found.name = f"{entry.head} {surface(sent, k, found.j)}"
            found.attrs.pop("full", None)
            role.org, role.org_end = found, found.j
            continue
        if k in org_at:
            role.org, role.org_end = org_at[k], org_at[k].j
            office = _office(sent, role, places, lex)
            if office is not None:
                created.append(office)
            continue
        if k < len(toks) and toks[k].acronym and toks[k].text not in NON_ORG_ACRONYMS \
                and not ROMAN.match(toks[k].text) and k not in place_at and k not in person_at \
                and toks[k].key not in lex.org_heads \
                and toks[k].text not in lex.abbreviations:
            # "Phó Giám đốc ĐHQGHN", "Trưởng đại diện FAO tại Việt Nam": an acronym after a
            # title is the body (merged with its definition "(ĐHQGHN)" by coref)
            org = make(EntityType.ORGANISATION, sent, k, k + 1, toks[k].text, "orgs.acronym",
                       acronym=toks[k].text)
            created.append(org)
            role.org, role.org_end = org, k + 1
            office = _office(sent, role, places, lex)
            if office is not None:
                created.append(office)
            continue
        if entry.field_org and k < len(toks) and toks[k].cap and k not in person_at \
                and toks[k].key not in lex.org_heads and k not in place_at:
            # "Thứ trưởng Ngoại giao Lê Hoài Trung" -> Bộ Ngoại giao
            end = k + 1
            while end < len(toks) and end not in person_at and end - k < 8:
                tok = toks[end]
                if tok.is_word and not _stop(tok.text, lex) and not (
                        tok.key in lex.surnames and tok.cap):
                    end += 1
                elif tok.text in (",", "và") and end + 1 < len(toks) and toks[end + 1].cap \
                        and end + 1 not in person_at:
                    end += 1
                else:
                    break
            name = f"{entry.field_org} {surface(sent, k, end)}"
            org = make(EntityType.ORGANISATION, sent, k, end, name, "orgs.from_title_field",
                       head=entry.field_org, rank=1, implied=True)
            created.append(org)
            role.org, role.org_end = org, end
            continue
        titled_unit = entry.head and match_key(entry.title).endswith(match_key(entry.head))
        if titled_unit and k == role.j and k < len(toks) and toks[k].is_word \
                and k not in person_at and not _stop(toks[k].text, lex):
            # "Trưởng ban Tuyên giáo thành ủy" -> Ban Tuyên giáo thành ủy
            end = k
            while end < len(toks) and toks[end].is_word and end not in person_at \
                    and end - k < 8 and not longest_match(toks, end, lex.roles, 4):
                if _stop(toks[end].text, lex):
                    # "Trưởng phòng Văn hóa và Thông tin TP X": "và" between capitals
                    if not (toks[end].key == AND_WORD and end > k
                            and toks[k].cap and end + 1 < len(toks)
                            and toks[end + 1].cap and end + 1 not in person_at):
                        break
                end += 1
            info = lex.org_heads.get(match_key(entry.head))
            if end < len(toks) and toks[end].key == AT_WORD and info \
                    and "tai" in info.flags and (end + 1) in place_at:
                end = place_at[end + 1].j  # "Trưởng Phái đoàn … Việt Nam tại Geneva"
            if end > k:
                words = surface(sent, k, end)
                name = f"{entry.head} {words[0].upper()}{words[1:]}"
                org = make(EntityType.ORGANISATION, sent, k, end, name, "orgs.from_title_head",
                           head=entry.head, rank=_rank(entry.head, lex), implied=True,
                           flags=info.flags if info else frozenset())
                created.append(org)
                role.org, role.org_end = org, end
                continue
        if entry.head and role.org is None:
            # "đoàn công tác của Bộ X do Bộ trưởng Y dẫn đầu": the body of that head
            # named just before in the sentence
            earlier = [o for o in orgs if o.j <= role.i and role.i - o.j <= 8
                       and not o.attrs.get("nested") and o.attrs.get("head") == entry.head]
            if earlier:
                role.org = earlier[-1]
                continue
        if role.org is None and not entry.default_org:
            # "đoàn công tác của Đại học X do PGS. Y, Phó Hiệu trưởng dẫn đầu": the leader's
            # post is in the delegation's body
            lead = next((o for o in reversed(orgs) if o.j <= role.i and role.i - o.j <= 12
                         and not o.attrs.get("nested") and _delegation_of(toks, o)
                         and any(t.key == DO for t in toks[o.j : role.i])), None)
            if lead is not None:
                role.org = lead
                continue
        if entry.default_org:
            role.default_org = entry.default_org
    return created


def _rank(head: str, lex: Lexicon) -> int:
    info = lex.org_heads.get(match_key(head))
    return info.rank if info else 2


DO = match_key("do")
DELEGATION = {match_key(w) for w in ("đoàn", "đoàn công tác", "phái đoàn", "đoàn đại biểu")}
OFFICE = match_key("Văn phòng")
AT_WORD = match_key("tại")
AND_WORD = match_key("và")


def _delegation_of(toks, org: Mention) -> bool:
    x = org.i
    if x > 0 and toks[x - 1].key == match_key("của"):
        x -= 1
    return any(tokens_key(toks[max(0, x - n) : x]) in DELEGATION
               for n in (1, 2, 3))


def _office(sent: Sentence, role: RoleSpan, places: list[Mention],
            lex: Lexicon) -> Mention | None:
    """"Trưởng đại diện (thường trú) UNDP tại Việt Nam": the post is in the body's country
    office, "Văn phòng UNDP tại Việt Nam" (part_of the body, located_in the place)."""
    org = role.org
    if role.entry.head is None or match_key(role.entry.head) != OFFICE or org is None \
            or match_key(org.attrs.get("head") or "") == OFFICE:
        return None
    toks = sent.tokens
    k = org.attrs.get("paren_end", org.j)
    if k < len(toks) and toks[k].text == ")":
        k += 1  # "Chương trình X (UNDP) tại Việt Nam"
    if k >= len(toks) or toks[k].key != AT_WORD:
        return None
    place = next((p for p in places if p.i == k + 1 or
                  p.i - p.attrs.get("cue_len", 0) == k + 1), None)
    if place is None:
        return None
    label = org.attrs.get("acronym") or (org.surface if org.surface.isupper() else org.name)
    office = make(EntityType.ORGANISATION, sent, org.i, place.j,
                  f"{role.entry.head} {label} tại {place.name}", "orgs.office",
                  head=role.entry.head, rank=2, flags=frozenset({"tai"}), implied=True)
    role.org, role.org_end = office, place.j
    return office


def _bind_place(role: RoleSpan, k: int, places: list[Mention], toks) -> bool:
    """"Đại sứ Nhật Bản (tại Việt Nam)" -> Nhật Bản; "Thị trưởng thành phố Busan (Hàn Quốc)"
    -> Busan: the place right after the title (or after its cue) is the post's body."""
    kind = EntityType.COUNTRY if role.entry.place == "Country" else EntityType.CITY
    place = next((p for p in places if p.type is kind
                  and (p.i == k or p.i - p.attrs.get("cue_len", 0) == k)), None)
    if place is None:
        return False
    end = place.j
    if end < len(toks) and toks[end].text == "(" and place.attrs.get("paren_country"):
        end = next((x + 1 for x in range(end, min(len(toks), end + 6)) if toks[x].text == ")"),
                   end)
    if kind is EntityType.COUNTRY and end + 1 < len(toks) \
            and match_key(toks[end].text) == match_key("tại"):
        there = next((p for p in places if p.i == end + 1 or
                      p.i - p.attrs.get("cue_len", 0) == end + 1), None)
        if there is not None:
            end = there.j
            there.attrs["in_role"] = True
            role.there = there
    place.attrs["in_role"] = True
    role.place, role.org_end = place, end
    return True


def _stop(word: str, lex: Lexicon) -> bool:
    key = match_key(word)
    return key in lex.stopwords or key in lex.honorifics


def persons_after_titles(sent: Sentence, roles: list[RoleSpan], persons: list[Mention],
                         taken: set[int]) -> list[Mention]:
    """Foreign names written right after a title: "Tổng thống Joe Biden"."""
    toks = sent.tokens
    starts = {m.i for m in persons}
    out = []
    for role in roles:
        k = role.org_end
        if k in starts or k in taken:
            continue
        end = k
        while end < len(toks) and name_word(toks[end]) and end - k < 4 and end not in taken:
            end += 1
        if end - k >= 2 and not _place_run(toks, k, end):
            out.append(make(EntityType.PERSON, sent, k, end, surface(sent, k, end),
                            "persons.after_title"))
    return out


def _elected_body(roles: list[RoleSpan], role: RoleSpan) -> Mention | None:
    """The body of the nearest earlier post of the sentence whose title is this one's, or
    this one without its deputy prefix ("Phó Chủ tịch" after "Chủ tịch X")."""
    key = match_key(role.title)
    base = key.split(" ", 1)[1] if key.startswith(match_key("phó") + " ") else key
    for other in reversed([r for r in roles if r.j <= role.i and r.org is not None]):
        if match_key(other.title) in (key, base):
            return other.org
    return None


@dataclass
class Holding:
    person: Mention
    role: RoleSpan
    rule: str
    confidence: float


_LIST_GLUE = {",", "và", ";"}


def _listed(toks, first: Mention, second: Mention) -> bool:
    """Two persons of one list: only commas, "và" and the second one's honorifics between."""
    gap = toks[first.j : second.i]
    if not gap or len(gap) > 6 or not any(t.text in _LIST_GLUE for t in gap):
        return False
    forms = {match_key(w) for f in second.attrs.get("honorifics") or () for w in f.split()}
    return all(t.text in _LIST_GLUE or t.text == "." or match_key(t.text) in forms
               or match_key(t.text.rstrip(".")) in forms for t in gap)


def find_holdings(sent: Sentence, roles: list[RoleSpan], persons: list[Mention]) -> list[Holding]:
    toks = sent.tokens
    person_at = {m.i: m for m in persons}
    person_end = {m.j: m for m in persons}
    role_at = {r.i: r for r in roles}
    out: list[Holding] = []
    for person in persons:
        # "<Name>, <Title> <Org>, <Title> <Org>"
        k = person.j
        while k < len(toks) and toks[k].text in (",", "–", "-", "(") and (k + 1) in role_at:
            role = role_at[k + 1]
            if role.org_end in person_at and person_at[role.org_end] is not person:
                break  # "Cục trưởng Cục X Y, Vụ trưởng Vụ Z W": the next title has its holder
            out.append(Holding(person, role, "rules.holds_role.apposition", 0.9))
            k = role.org_end
    for role in roles:
        k = role.org_end
        # "<Title> <Org> <Name>" / "<Title> <Org>, ông <Name>"
        if k in person_at:
            out.append(Holding(person_at[k], role, "rules.holds_role.title_before", 0.9))
        elif k < len(toks) and toks[k].text == "," and (k + 1) in person_at \
                and person_at[k + 1].attrs.get("honorifics") and role.i <= 1:
            out.append(Holding(person_at[k + 1], role, "rules.holds_role.title_comma", 0.8))
        # "<Name> tái đắc cử <Title>", "<Name> … giữ cương vị <Title>"
        before = [t.text for t in toks[max(0, role.i - 3) : role.i]]
        for n in (3, 2, 1):
            if len(before) >= n and words_key(before[-n:]) in ELECTION_CUES:
                holders = [p for p in persons if p.j <= role.i - n and p.j not in ()]
                # an apposition ("A, Trưởng khoa X, Trường Y được bầu …") may be long
                reach = 20 if holders and holders[-1].j < len(toks) \
                    and toks[holders[-1].j].text == "," else 12
                if holders and role.i - n - holders[-1].j <= reach:
                    if role.org is None and role.default_org is None:
                        # "A tái đắc cử Chủ tịch X; B được bầu làm Phó Chủ tịch": a post
                        # elected with no body is in the body of the post elected before
                        role.org = _elected_body(roles, role)
                    out.append(Holding(holders[-1], role, "rules.holds_role.election", 0.75))
                    # "ThS. A và bà B được bầu làm Phó Chủ tịch": every holder of the list
                    k = len(holders) - 1
                    while k > 0 and _listed(toks, holders[k - 1], holders[k]):
                        k -= 1
                        out.append(Holding(holders[k], role, "rules.holds_role.election", 0.7))
                break
    seen = set()
    unique = []
    for h in out:
        key = (h.person.i, h.role.i)
        if key not in seen:
            seen.add(key)
            unique.append(h)
    del person_end
    return unique
