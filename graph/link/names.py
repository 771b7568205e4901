"""Name keys and variants for matching mentions against Wikidata labels.

Three keys of decreasing strictness are compared (see `name_score`):

- the *match key* of `graph.text.match_key` (case, whitespace, look-alikes and
  tone-mark placement: "Hòa" == "Hoà");
- the *core key*: the match key without a generic designator in front
  ("thành phố Hạ Long", "TP Hạ Long" -> "hạ long"), only for place types;
- the *ASCII key*: every diacritic removed ("Hà Nội" -> "ha noi"). Different
  Vietnamese words collapse to the same ASCII form, so this fallback scores lower.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from graph.model import EntityType
from graph.text import match_key, nfc, normalise_display

__all__ = [
    "NAME_SCORES",
    "ascii_key",
    "core_key",
    "keys_for",
    "name_score",
    "tone_placement_variants",
    "query_variants",
]

# Score of a name match by the strictest key that matched.
NAME_SCORES: dict[str, float] = {
    "exact": 1.0,  # same display string
    "key": 0.97,  # same match key (case, tone placement)
    "core": 0.93,  # same after dropping a designator ("thành phố", "TP", "nước")
    "ascii": 0.8,  # same without any diacritic
}

# Generic words written before a proper name; dropped for the core key.
# Vietnamese first, then English. Longest first so "thành phố" wins over "tp".
_DESIGNATORS: dict[EntityType, tuple[str, ...]] = {
    EntityType.CITY: ("thành phố", "thủ đô", "thị xã", "tp.", "tp", "city of"),
    EntityType.COUNTRY: ("nước", "quốc gia", "vương quốc"),
    EntityType.PERSON: ("ông", "bà"),
    EntityType.ORGANISATION: (),
    EntityType.EVENT: (),
}
_DESIGNATOR_KEYS = {
    etype: tuple(sorted((match_key(d) for d in words), key=len, reverse=True))
    for etype, words in _DESIGNATORS.items()
}


def ascii_key(text: str) -> str:
    """Every diacritic removed, đ -> d, case-folded, punctuation to spaces."""
    text = normalise_display(text).replace("đ", "d").replace("Đ", "D")
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )
    return " ".join(re.sub(r"[^\w]+", " ", stripped.casefold()).split())


def core_key(text: str, etype: EntityType) -> str:
    """Match key without a leading designator (only when something is left)."""
    key = match_key(text)
    for designator in _DESIGNATOR_KEYS.get(etype, ()):
        if key.startswith(designator + " ") and len(key) > len(designator) + 1:
            return key[len(designator) + 1 :].strip()
    return key


def keys_for(text: str, etype: EntityType) -> dict[str, str]:
    """The keys of one name, by level ("key", "core", "ascii")."""
    core = core_key(text, etype)
    core_text = " ".join(text.split()[-len(core.split()) :]) if core else text
    return {"key": match_key(text), "core": core, "ascii": ascii_key(core_text)}


def name_score(
    mentions: Iterable[str], labels: Iterable[str], etype: EntityType
) -> tuple[float, str, str | None]:
    """Best (score, level, matched label) between mention names and item labels."""
    mentions = [nfc(m).strip() for m in mentions if m and m.strip()]
    labels = [nfc(lbl).strip() for lbl in labels if lbl and lbl.strip()]
    mention_keys = [keys_for(m, etype) for m in mentions]
    best: tuple[float, str, str | None] = (0.0, "none", None)
    for label in labels:
        lkeys = keys_for(label, etype)
        for mention, mkeys in zip(mentions, mention_keys, strict=True):
            if mention == label:
                level = "exact"
            elif mkeys["key"] == lkeys["key"]:
                level = "key"
            elif mkeys["core"] == lkeys["core"]:
                level = "core"
            elif mkeys["ascii"] and mkeys["ascii"] == lkeys["ascii"]:
                level = "ascii"
            else:
                continue
            if NAME_SCORES[level] > best[0]:
                best = (NAME_SCORES[level], level, label)
    return best


# Old ("hoà", "thuỷ") and new ("hòa", "thủy") tone placement in the vowel
# pairs where Vietnamese spelling varies.
_PAIRS = ("oa", "oe", "uy")
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def tone_placement_variants(text: str) -> list[str]:
    """The text with each oa/oe/uy tone mark on the other vowel too (NFC strings)."""
    variants = {nfc(text)}
    words = nfc(text).split(" ")
    for i, word in enumerate(words):
        nfd = unicodedata.normalize("NFD", word)
        tones = [c for c in nfd if c in _TONES]
        if len(tones) != 1:
            continue
        base = nfd.replace(tones[0], "")
        low = base.casefold()
        for pair in _PAIRS:
            # only open syllables vary ("hoà"/"hòa"); "hoàng", "nguyễn" do not
            if not low.endswith(pair) or (len(low) > 2 and low[-3] in "uq" and pair == "uy"):
                continue
            pos = len(low) - 2
            for target in (pos, pos + 1):
                moved = base[: target + 1] + tones[0] + base[target + 1 :]
                for current in list(variants):
                    cw = current.split(" ")
                    if len(cw) == len(words):
                        cw[i] = nfc(moved)
                        variants.add(" ".join(cw))
    return sorted(variants)


def query_variants(names: Iterable[str], etype: EntityType, limit: int = 8) -> list[str]:
    """Strings to look up as exact Wikidata labels for these mention names."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        name = normalise_display(name).strip()
        if not name:
            continue
        words = name.split()
        core = " ".join(words[-len(core_key(name, etype).split()) :])
        for form in (name, core):
            for variant in tone_placement_variants(form):
                if variant not in seen:
                    seen.add(variant)
                    out.append(variant)
            ascii_form = ascii_key(form) if form == core else ""
            if ascii_form and not form.isascii():
                titled = " ".join(w.capitalize() for w in ascii_form.split())
                if titled not in seen:
                    seen.add(titled)
                    out.append(titled)
    return out[:limit]
