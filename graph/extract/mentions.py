"""Mentions of persons, organisations and places in one sentence.

Every mention keeps token indices (inside its sentence) and character offsets
(inside the document). Rules, in the order they run:

- honorifics ("ông", "bà", "TS.", "PGS. TS.") and the capitalised run after them: persons;
- a capitalised run that starts with a Vietnamese surname: a person;
- places: capitalised runs found in the gazetteer (countries always; cities after
  a cue such as "TP", "thành phố", "thủ đô", "tại", before "(Country)", or
  when large or a capital; cities listed with an accepted one inherit it);
- organisations: a head noun ("Bộ", "Cục", "Ủy ban", "Mạng lưới"…) and the name
  after it; bodies written without a head ("Chính phủ", "Liên hợp quốc");
  acronyms defined in parentheses or used inside other names ("UNESCO").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.extract.lexicon import (
    KEY_LENGTHS,
    Lexicon,
    key_lengths,
    last_words,
    lexicon,
    longest_run,
    tokens_key,
    words_key,
)
from graph.extract.sentences import Sentence, Token
from graph.gazetteer import Place, gazetteer
from graph.model import EntityType
from graph.text import match_key

MAX_NAME_WORDS = 5
MAX_ORG_TOKENS = 22
ROMAN = re.compile(r"^[IVXLCDM]+$")
# Acronyms that are not organisations (chemistry, sport, currencies, subjects…).
NON_ORG_ACRONYMS = frozenset(
    {"ADN", "DNA", "ARN", "RNA", "AI", "GDP", "STEAM", "STEM", "COVID", "HIV", "AIDS", "CEO",
     "USD", "VND", "VNĐ", "EUR", "HCV", "HCB", "HCĐ", "SEA", "ODA", "FDI", "CNTT", "PGS", "GS",
     "TS", "THS", "TP", "TPHCM", "TP.HCM", "HCM", "UBND", "HĐND", "ĐHQG", "LĐLĐ", "MTTQ", "THPT",
     "THCS", "NSND", "NSƯT", "NGND", "NGƯT", "CLB", "VĐV", "SV", "HS", "QĐ", "NĐ", "TW", "KT",
     "CHDCND", "ATTP", "PCCC", "BHXH", "BHYT", "GD-ĐT", "GD&ĐT", "PCT", "GĐ", "TGĐ", "OK", "TV",
     "MC", "DJ", "PR", "IT", "VIP", "SMS", "PDF", "CT",
     # legal forms of firms ("Công ty TNHH X", "Công ty CP Y")
     "TNHH", "CP", "MTV", "JSC"}
)
_NAME_GLUE = frozenset(match_key(w) for w in ("và", "tại", "của", "các", "về"))
PLACE_CUE_WORDS = frozenset(match_key(w) for w in ("tỉnh", "tp", "phố"))
ORG_TERM_WORDS = frozenset(match_key(w) for w in ("lần", "khóa", "nhiệm kỳ", "lần thứ"))
LOCAL_UNITS = frozenset({match_key("thành phố"), match_key("tỉnh")})
PROVINCE = match_key("tỉnh")
_AFTER_WITH = frozenset(match_key(w) for w in ("với", "cùng", "và", "do"))
# Lower-case particles inside foreign names ("Lula da Silva", "van der Berg").
NAME_PARTICLES = frozenset({"da", "de", "do", "dos", "das", "van", "von", "der", "den", "la",
                            "le", "di", "del", "bin", "al"})
BLOCKS_PERSON = frozenset(
    match_key(w)
    for w in ("đường", "phố", "phường", "xã", "quận", "huyện", "tỉnh", "cầu", "sông", "núi",
              "chùa", "đền", "làng", "giải", "cúp", "tàu", "quảng trường", "công viên", "ngõ",
              "hẻm", "trường", "nhà", "thôn", "bản", "ấp", "đảo", "vịnh", "hồ", "đèo", "số",
              "tp", "tp.", "thành phố", "thủ đô")
)


@dataclass
class Mention:
    type: EntityType
    sent: int
    i: int  # first token index in the sentence
    j: int  # one past the last token index
    start: int  # document offsets
    end: int
    surface: str
    name: str
    rule: str
    attrs: dict[str, Any] = field(default_factory=dict)
    entity: str | None = None  # entity id after resolution

    def overlaps(self, other: Mention) -> bool:
        return self.sent == other.sent and self.i < other.j and other.i < self.j

    def inside(self, other: Mention) -> bool:
        return self.sent == other.sent and other.i <= self.i and self.j <= other.j


def surface(sent: Sentence, i: int, j: int) -> str:
    return sent.text[sent.tokens[i].start - sent.start : sent.tokens[j - 1].end - sent.start]


def make(etype: EntityType, sent: Sentence, i: int, j: int, name: str, rule: str,
         **attrs: Any) -> Mention:
    return Mention(etype, sent.index, i, j, sent.tokens[i].start, sent.tokens[j - 1].end,
                   surface(sent, i, j), name, rule, dict(attrs))


def longest_match(tokens: tuple[Token, ...], i: int, table: dict[str, Any], max_len: int,
                  ) -> tuple[int, Any] | None:
    """Longest token sequence starting at i whose key is in `table`: (end, value)."""
    if i >= len(tokens):
        return None
    # (the rules call this for every token and table: the first-word test is inlined, so
    # that most calls end after two dict look-ups)
    cached = KEY_LENGTHS.get(id(table))
    index = cached[1] if cached is not None and cached[0] is table else key_lengths(table)
    if tokens[i].key not in index:
        return None
    n = longest_run(tokens, i, table, max_len)
    if not n:
        return None
    return i + n, table[tokens_key(tokens[i : i + n])]


def name_word(tok: Token) -> bool:
    """A word that can be part of a proper name: capitalised, not all capitals
    ("Min-jun" with its hyphen is one)."""
    return tok.cap and not (tok.acronym and len(tok.text) > 1) and (
        tok.text.isalpha() or tok.text.replace("-", "").isalpha())


# ---------------------------------------------------------------- honorifics

def find_honorifics(sent: Sentence, lex: Lexicon) -> dict[int, tuple[int, list[str]]]:
    """Start index -> (index after the honorific chain, the honorific forms)."""
    toks = sent.tokens
    found: dict[int, tuple[int, list[str]]] = {}
    starts = key_lengths(lex.honorifics)  # (first words: most tokens start none)
    i = 0
    while i < len(toks):
        if toks[i].key not in starts:
            i += 1
            continue
        k, forms = i, []
        while k < len(toks):
            hit = longest_match(toks, k, lex.honorifics, 4)
            if not hit:
                break
            forms.append(surface(sent, k, hit[0]))
            k = hit[0]
        if forms and k < len(toks) and toks[k].cap:
            found[i] = (k, forms)
            i = k
        else:
            i += 1
    return found


# ---------------------------------------------------------------- persons

def find_persons(sent: Sentence, lex: Lexicon, taken: set[int]) -> list[Mention]:
    """Persons after honorifics, and surname-led capitalised runs.

    `taken` holds token indices already used by post titles.
    """
    toks = sent.tokens
    honorifics = find_honorifics(sent, lex)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if i in honorifics:
            k, forms = honorifics[i]
            j = k
            while j < len(toks) and j - k < MAX_NAME_WORDS and j not in taken and (
                    (name_word(toks[j]) and not _starts_title(toks, j, lex))
                    or (toks[j].text in NAME_PARTICLES and j > k and j + 1 < len(toks)
                        and name_word(toks[j + 1]))):
                j += 1
            if j > k:
                out.append(make(EntityType.PERSON, sent, k, j, surface(sent, k, j),
                                "persons.honorific", honorifics=forms, short=(j - k == 1)))
                i = j
                continue
        if name_word(toks[i]) and i not in taken and toks[i].key in lex.surnames:
            j = i + 1
            while j < len(toks) and j - i < MAX_NAME_WORDS and name_word(toks[j]) \
                    and j not in taken and not _starts_title(toks, j, lex):
                j += 1
            # "tỉnh Hà Nam" is a place, but "UBND tỉnh Trương Công Định" a post and its
            # holder: three or more syllables after a place cue make a person
            cued = i > 0 and toks[i - 1].key in PLACE_CUE_WORDS
            if cued and j - i >= 4:
                # "UBND tỉnh Lâm Đồng Trần Quốc Bảo": a province name (two syllables at
                # least) then a surname-led name: the person is the tail
                split = next((p for p in range(i + 2, j - 1)
                              if toks[p].key in lex.surnames), None)
                if split is not None:
                    i = split
                    continue
            blocked = _blocked_before(toks, i) and not (
                j - i >= 3 and cued
                and not gazetteer().city("Thành phố " + surface(sent, i, j)))
            if j - i >= 2 and not blocked and not _is_place_run(toks, i, j) \
                    and not _in_company_name(toks, i, lex):
                out.append(make(EntityType.PERSON, sent, i, j, surface(sent, i, j),
                                "persons.surname"))
                i = j
                continue
        i += 1
    return out


def _in_company_name(toks: tuple[Token, ...], i: int, lex: Lexicon) -> bool:
    """"Công ty cổ phần Đầu tư Hoàng Long Phát": a surname-led run that closes a firm's
    name (a company head a few words before, no punctuation or post title between)."""
    for x in range(i - 1, max(-1, i - 8), -1):
        if not toks[x].is_word or (x + 1 < i and _starts_title(toks, x, lex)):
            return False
        hit = longest_match(toks, x, lex.org_heads, 4)
        if hit and hit[0] <= i and "company" in hit[1].flags:
            # "Chủ tịch Tập đoàn X Phạm Văn Y" (a title opening the clause): the run is the
            # holder; "ông Z, Giám đốc Công ty X Trần Hưng": the holder came before, so the
            # run ends the firm's name
            title = next((x - n for n in range(5, 0, -1) if x - n >= 0
                          and (found := longest_match(toks, x - n, lex.roles, 5))
                          and found[0] == x), None)
            return title is None or (title > 0 and toks[title - 1].text in ",–-")
    return False


def _starts_title(toks: tuple[Token, ...], j: int, lex: Lexicon) -> bool:
    return longest_match(toks, j, lex.roles, 4) is not None


def _blocked_before(toks: tuple[Token, ...], i: int) -> bool:
    """Street, school, prize names: "đường Lê Lợi", "Trường Nguyễn Du"."""
    if i == 0:
        return False
    prev = toks[i - 1].key
    two = match_key(" ".join(t.text for t in toks[max(0, i - 2) : i]))
    return prev in BLOCKS_PERSON or two in BLOCKS_PERSON or prev in lexicon().org_heads


def _is_place_run(toks: tuple[Token, ...], i: int, j: int) -> bool:
    gaz = gazetteer()
    for end in range(j, i + 1, -1):
        if gaz.lookup(" ".join(t.text for t in toks[i:end])):
            return True
    return False


# ---------------------------------------------------------------- places

def _cue_before(toks: tuple[Token, ...], i: int, lex: Lexicon) -> str | None:
    found = _cue_span(toks, i, lex)
    return found[1] if found else None


def _cue_span(toks: tuple[Token, ...], i: int, lex: Lexicon) -> tuple[int, str] | None:
    """(number of tokens, type) of the place cue right before token i."""
    if i == 0 or toks[i - 1].key not in last_words(lex.place_cues):
        return None  # (asked for every capitalised word: most have no cue before them)
    for n in (2, 1):
        if i - n >= 0:
            key = tokens_key(toks[i - n : i])
            if key in lex.place_cues:
                return n, lex.place_cues[key]
    return None


def _country_in_parens(toks: tuple[Token, ...], j: int) -> Place | None:
    if j + 2 < len(toks) and toks[j].text == "(":
        close = next((k for k in range(j + 1, min(len(toks), j + 6)) if toks[k].text == ")"),
                     None)
        if close:
            return gazetteer().country(" ".join(t.text for t in toks[j + 1 : close]))
    return None


def find_places(sent: Sentence, lex: Lexicon, persons: list[Mention],
                known_cities: set[str]) -> list[Mention]:
    """Countries and cities. `known_cities` holds city codes accepted earlier in the document."""
    toks = sent.tokens
    gaz = gazetteer()
    in_person = {k for m in persons for k in range(m.i, m.j)}
    city_abbreviations = _city_abbreviations(lex)
    abbreviation_starts = key_lengths(city_abbreviations)  # (first words of the table)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if i in in_person or not tok.is_word:
            i += 1
            continue
        # "TP.HCM", "TP HCM", "TP. Hồ Chí Minh": abbreviated city names
        hit = (longest_match(toks, i, city_abbreviations, 5) if tok.key in abbreviation_starts
               else None)
        if hit:
            end, expansion = hit
            place = gaz.city(expansion)
            if place:
                out.append(make(EntityType.CITY, sent, i, end, expansion, "places.abbreviation",
                                place=place, cue=None, cue_len=0))
                i = end
                continue
        if not tok.cap:
            i += 1
            continue
        found = None
        cue_before = _cue_before(toks, i, lex)
        # Only runs as long as some country or city name starting with this word can be
        # looked up; after a "City" cue every length is, for "Thành phố " + the run.
        gazetteer_lengths = (None if cue_before == "City"
                             else _place_name_lengths(tok.key))
        for n in range(min(4, len(toks) - i), 0, -1):
            if gazetteer_lengths is not None and n not in gazetteer_lengths:
                continue
            words = toks[i : i + n]
            if not all(name_word(w) for w in words):
                # "Liên bang Nga", "Vương quốc Anh": a country's name may have lower-case words
                text = " ".join(w.text for w in words)
                if n > 1 and name_word(words[0]) and name_word(words[-1]) \
                        and all(w.is_word for w in words) and gaz.country(text):
                    found = (n, gaz.country(text), text)
                    break
                continue
            text = " ".join(w.text for w in words)
            place = gaz.country(text)
            if place and not (n == 1 and (_word_of_name(toks, i, lex)
                                          or _syllable_of_name(toks, i, in_person, lex))):
                found = (n, place, text)
                break
            place = gaz.city(text)
            prefixed = False
            if place is None and cue_before == "City":
                place = gaz.city("Thành phố " + text)
                prefixed = place is not None
            if place is not None:
                if n == 1 and len(text) < 4 and place.code not in known_cities \
                        and cue_before != "City":
                    continue
                found = (n, place, ("Thành phố " + text) if prefixed else text)
                break
        cued = _cued_city(toks, i, lex, in_person) if cue_before == "City" else None
        if cued and (not found or (found[0] < cued[0] and found[1].kind == "City")):
            found = cued  # "thành phố Tam Điệp", not a gazetteer "Tam"
        if not found:
            i += 1
            continue
        n, place, name = found
        cue_span = _cue_span(toks, i, lex)
        cue = cue_span[1] if cue_span else None
        if place.kind == "City" and cue is None and place.country != "VN" \
                and _after_head(toks, i, lex):
            # "Đại học Kyoto", "Trường Đại học Hiroshima": a foreign city names the body
            # ("UBND Hà Nội" still names the city)
            i += n
            continue
            continue
        mention = make(EntityType.CITY if place.kind == "City" else EntityType.COUNTRY,
                       sent, i, i + n, name, "places.gazetteer", place=place, cue=cue,
                       cue_len=cue_span[0] if cue_span else 0)
        if place.kind == "City":
            parens = _country_in_parens(toks, i + n)
            mention.attrs["paren_country"] = parens
            listed = _listed_with_accepted(out, toks, i)
            accepted = (
                cue is not None or parens is not None or place.capital
                or place.code in known_cities or listed
                or (place.population >= 1_000_000)
            )
            if not accepted:
                i += 1
                continue
            if cue == "City" or parens is not None or listed:
                known_cities.add(place.code)
        out.append(mention)
        i += n
    return out


@lru_cache(maxsize=1 << 14)
def _place_name_lengths(first: str) -> frozenset[int]:
    """Numbers of words of the gazetteer's country and city names that start with `first`."""
    gaz = gazetteer()
    return frozenset(key_lengths(gaz.countries).get(first, ())
                     + key_lengths(gaz.cities).get(first, ()))


def _word_of_name(toks: tuple[Token, ...], i: int, lex: Lexicon) -> bool:
    """"Hội Mỹ thuật", "Đại học Mỹ thuật", "Viện Pháp luật": a one-syllable country name
    right after an organisation's head and before a lower-case word that is not a function
    word is a syllable of the body's name, not the country."""
    if i + 1 >= len(toks) or not toks[i + 1].lower or is_function_word(toks, i + 1, lex):
        return False
    for x in range(max(0, i - 4), i):
        hit = longest_match(toks, x, lex.org_heads, 4)
        # ("Chính phủ Mỹ áp thuế": after a body that stands alone it is the country)
        if hit and hit[0] == i and toks[x].cap and "standalone" not in hit[1].flags:
            return True
    return False


def _syllable_of_name(toks: tuple[Token, ...], i: int, in_person: set[int],
                      lex: Lexicon) -> bool:
    """"huyện Mỹ Tú", "Hợp tác xã Xoài Mỹ Xương": a one-syllable country name followed by
    another capitalised syllable (not a person's name) is a syllable of a longer proper
    name. A country name is never continued by a capitalised syllable of its own
    ("Đại sứ Mỹ Marc …": after a post title it is the post's country, a name follows)."""
    k = i + 1
    if not (k < len(toks) and toks[k].is_word and toks[k].cap and name_word(toks[k])
            and k not in in_person and toks[k].start == toks[i].end + 1):
        return False
    return not any((hit := longest_match(toks, x, lex.roles, 4)) and hit[0] == i
                   for x in range(max(0, i - 4), i))


def _after_head(toks: tuple[Token, ...], i: int, lex: Lexicon) -> bool:
    """Token i comes right after a capitalised organisation head ("Đại học", "Trường")."""
    for x in range(max(0, i - 4), i):
        hit = longest_match(toks, x, lex.org_heads, 4)
        if hit and hit[0] == i and toks[x].cap:
            return True
    return False


def is_function_word(toks: tuple[Token, ...], k: int, lex: Lexicon) -> bool:
    return toks[k].key in lex.stopwords or (
        k + 1 < len(toks) and match_key(f"{toks[k].text} {toks[k + 1].text}") in lex.stopwords)


def _cued_city(toks: tuple[Token, ...], i: int, lex: Lexicon,
               in_person: set[int]) -> tuple[int, Place, str] | None:
    """"thành phố Tam Điệp", "TP Sa Pa": a city the gazetteer lacks (towns under 15,000
    inhabitants), read from its cue: two to four capitalised syllables, not a body or a post."""
    if _cue_before(toks, i, lex) != "City":
        return None
    n = 0
    while i + n < len(toks) and n < 4 and name_word(toks[i + n]) and i + n not in in_person:
        n += 1
    if n >= 3 and toks[i].key in lex.surnames:
        return None  # "Chủ tịch UBND TP Đặng Văn Quới": a person after the body
    if n < 2 or any(t.key in lex.org_heads or t.key in lex.stopwords
                    for t in toks[i : i + n]) or longest_match(toks, i, lex.roles, 4):
        return None
    text = " ".join(t.text for t in toks[i : i + n])
    country = "VN" if any(ord(ch) > 0x7F for ch in text) else ""
    return n, Place("City", "cue:" + match_key(text), text, country), text


def _listed_with_accepted(found: list[Mention], toks: tuple[Token, ...], i: int) -> bool:
    """"Đà Lạt và Hội An", "Hà Nội, Hội An": a city right after an accepted one."""
    if not found or found[-1].type is not EntityType.CITY:
        return False
    between = [t.text for t in toks[found[-1].j : i]]
    if between and between[0] == "(" and ")" in between:
        # "Hà Nội (Thiết kế, 2019), Hội An và Đà Lạt": a note in brackets between the two
        between = between[between.index(")") + 1 :]
    return between in ([","], ["và"], ["và", "các"])


def _city_abbreviations(lex: Lexicon) -> dict[str, str]:
    table = getattr(_city_abbreviations, "_table", None)
    if table is None:
        from graph.extract.sentences import word_texts

        table = {}
        for form, expansion in lex.abbreviations.items():
            if gazetteer().city(expansion):
                table[words_key(word_texts(form))] = expansion
        _city_abbreviations._table = table  # type: ignore[attr-defined]
    return table


# ---------------------------------------------------------------- organisations

_LIST_CONTINUATION = re.compile(
    r"^,\s*(?:[A-ZÀ-ỸĐ][\wÀ-ỹ]*(?:\s+[\wÀ-ỹ]+)*?\s*,\s*)*[A-ZÀ-ỸĐ][\wÀ-ỹ]*(?:\s+[\wÀ-ỹ]+)*?"
    r"\s+và\s+[A-ZÀ-ỸĐ]"
)
_PAREN_ACRONYM_FROM_HERE = re.compile(
    r"^(?:[a-zà-ỹđ]+[ ,]+){1,8}\(\s*[A-ZĐ][A-ZĐ0-9&\-]+\s*[,)]")
_PAREN_PARENT_FROM_HERE = re.compile(r"^(?:[a-zà-ỹđ]+ ){1,2}\(\s*[A-ZĐ]")
_PAREN_ACRONYM_AHEAD = re.compile(r"^(?:,\s*[a-zà-ỹđ][\wÀ-ỹ ]*){1,4}\s*\(\s*[A-ZĐ][A-ZĐ0-9&\-]+")


def org_key(name: str) -> str:
    """Match key of an organisation name, blind to dashes and commas."""
    return match_key(re.sub(r"[\-–—,]", " ", name))


MEMBER_NOUNS = {match_key("thành viên"), match_key("hội viên")}  # after a lower-case head


def find_orgs(sent: Sentence, lex: Lexicon, blocked: set[int], places: list[Mention],
              known_keys: frozenset[str] = frozenset()) -> list[Mention]:
    """Organisations led by a head noun, and bodies known without one.

    `blocked` holds token indices of post titles and person names.
    """
    toks = sent.tokens
    place_at = {m.i: m for m in places}
    # first words of the known bodies and heads: most tokens start neither
    known_starts, head_starts = key_lengths(lex.known_orgs), key_lengths(lex.org_heads)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if i in blocked or not toks[i].is_word or (
                toks[i].key not in known_starts and toks[i].key not in head_starts):
            i += 1
            continue
        known = longest_match(toks, i, lex.known_orgs, 10)
        head = longest_match(toks, i, lex.org_heads, 4)
        if known and (not head or known[0] >= head[0]) and toks[i].cap:
            end, name = known
            head_info = lex.org_heads.get(match_key(name))
            if head_info and "standalone" in head_info.flags and end in place_at \
                    and place_at[end].type is EntityType.COUNTRY:
                # "Chính phủ Nhật Bản": the government of that country
                name = f"{name} {place_at[end].surface}"
                end = place_at[end].j
            # a known body may still head a longer name ("Chính phủ" alone only)
            out.append(make(EntityType.ORGANISATION, sent, i, end, name, "orgs.known"))
            i = end
            continue
        if not head:
            i += 1
            continue
        head_end, info = head
        # "Hội An" is a city (even where not accepted as a mention), "Ban hành" a verb
        city_like = head_end - i == 1 and head_end < len(toks) and name_word(toks[head_end]) \
            and gazetteer().city(surface(sent, i, head_end + 1)) is not None \
            and not longest_match(toks, head_end, lex.org_heads, 4)
        if i in place_at or city_like or (
                head_end < len(toks) and toks[head_end].lower and match_key(
                f"{toks[head_end - 1].text} {toks[head_end].text}") in lex.stopwords):
            i += 1  # "Hội An" is a city, "Ban hành" a verb
            continue
        if not toks[i].cap and "cua" not in info.flags:
            i += 1  # "cán bộ", "trụ sở": common nouns, not a name's head
            continue
        if not toks[i].cap and tokens_key(toks[head_end : head_end + 2]) in \
                MEMBER_NOUNS:
            i += 1  # "là tổ chức thành viên của X", "hội thành viên của X": a kind, not a name
            continue
        if longest_match(toks, i, lex.event_triggers, 4) or (
                head_end < len(toks) and longest_match(toks, head_end, lex.event_triggers, 4)):
            i += 1  # "Hội nghị …", "Tổ chức Hội nghị …": an event, not a body
            continue
        if head_end < len(toks) and toks[head_end].text.lower() in ("trưởng", "phó"):
            i += 1  # "Cục trưởng", "Viện phó": a post title
            continue
        end = _org_name_end(sent, head_end, info.flags, lex, place_at, blocked)
        lowercase_head = not toks[i].cap
        content = toks[head_end:end]
        # "UBND thành phố": a local body named by the city in context (coref qualifies it)
        has_proper = any(t.cap for t in content) or (
            toks[i].cap and end - head_end >= 1 and (
                tokens_key(toks[end - 2 : end]) in LOCAL_UNITS
                or (end - head_end == 1 and toks[end - 1].key in LOCAL_UNITS)))
        if "local" in info.flags and end == head_end and toks[i].cap:
            # "Bí thư Thành ủy": the city's party committee (coref adds the city)
            out.append(make(EntityType.ORGANISATION, sent, i, head_end, surface(sent, i, head_end),
                            "orgs.local", head=info.head, rank=info.rank, flags=info.flags))
            i = head_end
            continue
        if "standalone" in info.flags and (end == head_end or not has_proper):
            if toks[i].cap:
                out.append(make(EntityType.ORGANISATION, sent, i, head_end, info.head,
                                "orgs.known"))
            i = head_end
            continue
        if not has_proper and toks[i].cap and end - head_end >= 2 and end + 2 < len(toks) \
                and toks[end].text == "(" and toks[end + 1].acronym and toks[end + 2].text == ")":
            # "Tổ chức các thành phố di sản thế giới (OWHC)": a lower-case name that its
            # acronym in brackets marks as a name
            has_proper = True
        if not has_proper and known_keys:
            # a name seen elsewhere in the article, written here in lower case
            # ("Cục hợp tác quốc tế - Bộ văn hóa, Thể thao và Du lịch")
            for stop in range(min(len(toks), head_end + 14), head_end, -1):
                if org_key(surface(sent, i, stop)) in known_keys:
                    end, has_proper = stop, True
                    break
        if not has_proper:
            # a multi-word head alone, capitalised ("Liên hiệp"): a short reference
            # ("Phó Chủ tịch Hội," after a title: the body named earlier)
            # (a bare head before a verb is a subject: "phối hợp với Bộ tổ chức …",
            # "do Hội phối hợp với X tổ chức")
            before_verb = head_end < len(toks) and i > 0 and is_function_word(toks, head_end, lex) \
                and toks[head_end].lower and (toks[i - 1].key in _AFTER_WITH
                                              or (i - 1) in blocked)
            # ("do ông X, Chủ tịch Tập đoàn dẫn đầu": a bare head after a title, before a verb)
            if (toks[i].cap and end == head_end and (head_end - i >= 2 or (i - 1) in blocked
                                                       or before_verb)
                    and not (not before_verb and head_end < len(toks) and toks[head_end].is_word
                             and toks[head_end].key not in ORG_TERM_WORDS
                             and tokens_key(toks[head_end : head_end + 2])
                             not in ORG_TERM_WORDS)):
                out.append(make(EntityType.ORGANISATION, sent, i, head_end, info.head,
                                "orgs.head_only", head=info.head, rank=info.rank,
                                head_only=True))
                i = head_end
                continue
            i += 1
            continue
        name = surface(sent, i, end)
        if lowercase_head:
            name = name[0].upper() + name[1:]
        out.append(make(EntityType.ORGANISATION, sent, i, end, name, "orgs.head",
                        head=info.head, rank=info.rank, flags=info.flags))
        i = end
    out += find_acronym_orgs(sent, out, blocked)
    out.sort(key=lambda m: m.i)
    return out


def _name_goes_on(toks, k: int, lex: Lexicon, place_at: dict[int, Mention],
                  blocked: set[int]) -> bool:
    """Token k continues a name after "và": a capitalised word that starts no body, person,
    post or place of its own."""
    return (k < len(toks) and toks[k].cap and k not in blocked and k not in place_at
            and not longest_match(toks, k, lex.org_heads, 4) and not _person_starts(toks, k, lex)
            and not longest_match(toks, k, lex.roles, 4))


def _org_name_end(sent: Sentence, k: int, flags: frozenset[str], lex: Lexicon,
                  place_at: dict[int, Mention], blocked: set[int] = frozenset()) -> int:
    """Index after the last token of the name that starts at k (after the head)."""
    toks = sent.tokens
    start = k
    place_ends = {m.j for m in place_at.values()}
    seen_proper = False
    lower_run = 0
    last_good = k
    while k < len(toks) and k - start < MAX_ORG_TOKENS and k not in blocked:
        tok = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if tok.kind == "word":
            key = tok.key
            pair = match_key(f"{tok.text} {nxt.text}") if nxt and nxt.is_word else ""
            if tok.lower and k in place_ends and key not in _NAME_GLUE and not (
                    key == PROVINCE and nxt is not None and nxt.cap):
                break  # "UBND TP Quy Nhơn long trọng tổ chức": a place closes the name
            if tok.cap or tok.acronym:
                if seen_proper and _person_starts(toks, k, lex) and not (
                        "company" in flags and _in_company_name(toks, k, lex)):
                    break
                if seen_proper and longest_match(toks, k, lex.roles, 4):
                    break
                seen_proper = True
                lower_run = 0
                k += 1
                last_good = k
                continue
            if key == match_key("các") and nxt is not None and nxt.is_word:
                inner = longest_match(toks, k + 1, lex.org_heads, 4)
                if inner and not seen_proper and nxt.lower:
                    # "Liên hiệp các tổ chức hữu nghị …": a plural head inside the name
                    k = inner[0]
                    last_good = k
                    continue
                k += 1
                continue
            if key == match_key("và") and seen_proper and nxt is not None and nxt.cap:
                nxt_place = place_at.get(k + 1)
                if nxt_place is not None and nxt_place.type is EntityType.COUNTRY:
                    break
                if longest_match(toks, k + 1, lex.org_heads, 4):
                    break  # "X và Ban Y": two bodies
                k += 1
                continue
            if key == match_key("của") and nxt is not None and (nxt.cap or nxt.acronym) and (
                    "cua" in flags or not seen_proper):
                k += 1
                continue
            if key == match_key("về") and nxt is not None and nxt.cap and (
                    seen_proper or k == start):
                # "Nhóm công tác về Rà soát định kỳ phổ quát": a topic right after the head
                k += 1
                continue
            if key == match_key("tại") and "tai" in flags and (k + 1) in place_at:
                place = place_at[k + 1]
                k = place.j
                last_good = k
                break
            if key == PROVINCE and k + 2 < len(toks) and all(
                    name_word(t) for t in toks[k + 1 : k + 3]) and k + 1 not in blocked:
                # "Sở Công Thương tỉnh Lâm Đồng": a province (not in the gazetteer) of two
                # syllables at least ends the name, even when it starts like a surname
                k += 3
                while k < len(toks) and name_word(toks[k]) and k not in blocked \
                        and not _person_starts(toks, k, lex) \
                        and not longest_match(toks, k, lex.roles, 4):
                    k += 1
                seen_proper = True
                lower_run = 0
                last_good = k
                continue
            if pair in LOCAL_UNITS:
                k += 2
                seen_proper = True  # "UBND thành phố": qualified by the city in context
                last_good = k
                continue
            if seen_proper and key in lex.stopwords and pair not in lex.stopwords \
                    and nxt is not None and nxt.key == match_key("và") \
                    and _name_goes_on(toks, k + 2, lex, place_at, blocked):
                # "Sở Công nghiệp sơ cấp và Phát triển vùng": a lower-case word that is also
                # a verb, followed by "và" and a capitalised word of the same name
                lower_run += 1
                k += 1
                last_good = k
                continue
            if key in lex.stopwords or pair in lex.stopwords:
                rest = sent.text[tok.start - sent.start :]
                ahead = _PAREN_ACRONYM_FROM_HERE.match(rest)
                if ahead and seen_proper:
                    # "Cục Cảnh sát điều tra tội phạm về tham nhũng, kinh tế (C03)"
                    k = next(x for x in range(k, len(toks)) if toks[x].text == "(")
                    last_good = k
                elif seen_proper and _PAREN_PARENT_FROM_HERE.match(rest):
                    # "Cục Y tế dự phòng (Bộ Y tế)": a lower-case tail up to the parent body
                    # in brackets is the end of the name
                    x = next(x for x in range(k, len(toks)) if toks[x].text == "(")
                    if x + 1 < len(toks) and longest_match(toks, x + 1, lex.org_heads, 4):
                        last_good = x
                break
            if lex.roles.get(key) or (pair and lex.roles.get(pair)):
                break
            if key in ORG_TERM_WORDS or pair in ORG_TERM_WORDS:
                break  # "Hội X khóa IX", "Đảng bộ Y nhiệm kỳ 2025-2030": a term, not the name
            lower_run += 1
            if (seen_proper and lower_run > 5) or (not seen_proper and lower_run > 6):
                break
            k += 1
            last_good = k
            continue
        if tok.kind == "punct":
            rest = sent.text[tok.start - sent.start :]
            if tok.text == "," and seen_proper and _LIST_CONTINUATION.match(rest) \
                    and not (nxt is not None and longest_match(toks, k + 1, lex.org_heads, 4)):
                k += 1
                continue
            ahead = _PAREN_ACRONYM_AHEAD.match(rest) if tok.text == "," else None
            if ahead and not any(w[:1].isupper() for w in
                                 re.findall(r"[^\W\d_]+", ahead.group(0).split("(")[0])):
                # "…, kinh tế (C03)": lower-case items up to the acronym (no other name
                # between: "Sở X, chương trình … Tổ chức Y (UNIDO)" ends at the comma)
                k += 1
                continue
            if tok.text in "–-" and nxt is not None and nxt.cap and seen_proper \
                    and match_key(nxt.text) not in lex.org_heads:
                k += 1
                continue
            if tok.text == "&" and nxt is not None and nxt.cap:
                k += 1
                continue
            if tok.text in "“\"'‘" and "cua" in flags:
                close = next((x for x in range(k + 1, min(len(toks), k + 12))
                              if toks[x].text in "”\"'’"), None)
                if close:
                    seen_proper = True
                    k = close + 1
                    last_good = k
                    continue
        break
    return last_good


def _person_starts(toks: tuple[Token, ...], k: int, lex: Lexicon) -> bool:
    if toks[k].key not in lex.surnames:
        return False
    n = k
    while n < len(toks) and name_word(toks[n]):
        n += 1
    return n - k >= 2 and not _is_place_run(toks, k, n)


def find_acronym_orgs(sent: Sentence, orgs: list[Mention], blocked: set[int]) -> list[Mention]:
    """Acronyms inside parentheses after a name are aliases; acronyms used as the
    modifier of another organisation ("Hội UNESCO") are organisations of their own."""
    toks = sent.tokens
    out = []
    for org in orgs:
        k = org.j
        if k + 1 < len(toks) and toks[k].text == "(" and toks[k + 1].acronym:
            org.attrs["acronym"] = toks[k + 1].text
            org.attrs["paren_end"] = k + 2
            _place_after_acronym(sent, org, k + 3)
    for org in orgs:
        for k in range(org.i + 1, org.j):
            tok = toks[k]
            if org.j - org.i == 2 and k == org.j - 1:
                continue  # "Bộ VHTTDL", "Cục HTQT": the acronym abbreviates this very name
            if tok.acronym and tok.text not in NON_ORG_ACRONYMS and not ROMAN.match(tok.text) \
                    and tok.text.isalpha() and len(tok.text) >= 3 \
                    and tok.text not in lexicon().abbreviations:
                out.append(make(EntityType.ORGANISATION, sent, k, k + 1, tok.text,
                                "orgs.acronym_inside", acronym=tok.text, nested=True))
    return out


_PLACE_QUALIFIERS = {match_key("tỉnh"): 1, match_key("thành phố"): 2, match_key("tp"): 1}


def _place_after_acronym(sent: Sentence, org: Mention, k: int) -> None:
    """"Hội Văn học Nghệ thuật (VHNT) tỉnh Bắc Ninh": the place after the acronym still
    belongs to the name, which is read without the parenthesis."""
    toks = sent.tokens
    if k >= len(toks) or toks[k - 1].text != ")":
        return
    n = next((n for n in (2, 1) if k + n <= len(toks)
              and tokens_key(toks[k : k + n]) in _PLACE_QUALIFIERS
              and _PLACE_QUALIFIERS[tokens_key(toks[k : k + n])] == n), 0)
    if not n:
        return
    end = k + n
    while end < len(toks) and end - k - n < 4 and name_word(toks[end]):
        end += 1
    if end == k + n:
        return
    org.name = f"{org.name} {surface(sent, k, end)}"
    org.j = end
    org.end = toks[end - 1].end
    org.attrs["paren_end"] = end


def standalone_acronyms(sent: Sentence, taken: set[int], accepted: set[str]) -> list[Mention]:
    toks = sent.tokens
    out = []
    for k, tok in enumerate(toks):
        if k in taken or not tok.acronym:
            continue
        if tok.text in NON_ORG_ACRONYMS or ROMAN.match(tok.text):
            continue
        in_parens = k > 0 and toks[k - 1].text == "(" and k + 1 < len(toks) \
            and toks[k + 1].text in "),"
        if tok.text in accepted or in_parens:
            out.append(make(EntityType.ORGANISATION, sent, k, k + 1, tok.text,
                            "orgs.acronym", acronym=tok.text))
    return out
