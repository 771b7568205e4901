"""Known page-furniture phrases, read from a data file (`boilerplate_vi.txt`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.text import normalise_display

__all__ = ["Boilerplate", "load_boilerplate", "phrase_key"]

DEFAULT_FILE = Path(__file__).with_name("boilerplate_vi.txt")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.…:!]+$")


def phrase_key(text: str) -> str:
    """Compare form of a line: NFC, case-folded, spaces collapsed, end dots dropped."""
    return _TRAILING.sub("", _SPACES.sub(" ", normalise_display(text)).strip().casefold())


@dataclass(frozen=True)
class Boilerplate:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    contains: tuple[str, ...]
    list_headers: frozenset[str]
    footer_prefixes: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]

    def is_widget_line(self, line: str) -> bool:
        key = phrase_key(line)
        return key in self.lines or any(p.search(line.strip()) for p in self.patterns)

    def is_furniture_phrase(self, line: str) -> bool:
        key = phrase_key(line)
        return key.startswith(self.prefixes) or any(c in key for c in self.contains)

    def is_list_header(self, line: str) -> bool:
        return phrase_key(line) in self.list_headers

    def is_footer_start(self, line: str) -> bool:
        key = phrase_key(line)
        return any(key == p or key.startswith(p + " ") or (p[-1] in ":©" and key.startswith(p))
                   for p in self.footer_prefixes)


@cache
def load_boilerplate(path: Path = DEFAULT_FILE) -> Boilerplate:
    sections: dict[str, list[str]] = {}
    current = "line"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(raw.strip() if current == "pattern" else line)
    keys = {name: [phrase_key(v) for v in values] for name, values in sections.items()}
    # Footer cues keep their ":" / "©" so "Email:" does not fire on "Email marketing…".
    footer = [_SPACES.sub(" ", normalise_display(v)).strip().casefold()
              for v in sections.get("footer", [])]
    return Boilerplate(
        lines=frozenset(keys.get("line", [])),
        prefixes=tuple(_SPACES.sub(" ", normalise_display(v)).casefold()
                       for v in sections.get("prefix", [])),
        contains=tuple(keys.get("contains", [])),
        list_headers=frozenset(keys.get("list-header", [])),
        footer_prefixes=tuple(footer),
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in sections.get("pattern", [])),
    )
