"""Canned SPARQL queries: one `.rq` file per question, each with a header.

A query file starts with comment lines that describe it::

    # title: Posts of a person
    # description: All posts a person holds or held, ...
    # param: ?person [label] — name of the person, tone- and case-insensitive (default: every person)
    # columns: personLabel, role, ...
    # terms: nkg:Position, nkg:holder, ...

`load_queries()` turns every file into a `StoredQuery` record. Parameters are
*bound* as RDF terms, never formatted from raw strings: `graph.sparql.run_query`
adds a one-row `VALUES` block, written by rdflib's term serialiser, at the top
of the WHERE group (Oxigraph and remote endpoints; Oxigraph plans it as a
constant, which its substitution API does not), or joins it in the algebra
(rdflib). Either way it answers like a trailing SPARQL `VALUES` clause
provided that a canned query:
- starts its pattern from the parameter (`?e nkg:searchKey ?param` for a
  label), never binds it only inside an OPTIONAL or one UNION branch;
- projects it, and lists it in GROUP BY when it groups (Oxigraph's
  substitution fallback and a remote trailing VALUES need it in scope);
- lists the columns to show in `# columns:`; a parameter holding a search
  key is left out there and `run_query` drops it from the answer.
An unbound parameter means "all".

Parameter kinds (the word in brackets):
- `label`: a name. The value is bound as its search key (`label_key`, i.e.
  `graph.text.search_key`: lower case, tone marks removed), which the build
  wrote as `nkg:searchKey` for every rdfs:label and skos:altLabel, so
  "Nguyễn Phương Hòa", "nguyễn phương hoà" and "NGUYỄN PHƯƠNG HOÀ" all match
  through the store's index. The query starts from `?e nkg:searchKey ?param`.
- `iri`: an IRI (`https://…`, or a `nkg:`/`id:`/`wd:` prefixed name).
- `string`: a plain literal compared exactly.
- `integer`: an xsd:integer literal.
- `limit`, `offset`: paging, not a term. The value (a whole number >= 0)
  replaces the number of the query's one `LIMIT n` / `OFFSET n` clause, so a
  listing that could run to thousands of rows answers a page at a time; the
  default is the number written in the query. Only digits are accepted, so
  nothing but a number reaches the text.

Where a parameter must restrict rows *before* a page is cut (a `LIMIT`
subquery: SPARQL evaluates it bottom-up, so a VALUES row joined outside it
would filter the page instead of choosing it), the query marks the spot with
a comment line `# @params` inside that subquery's group; `run_query` then
puts the VALUES row there instead of at the top of the WHERE group.

A default is written `(default: "value")` with quotes; an unquoted default
only describes what happens when the parameter is left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from graph.text import search_key

__all__ = [
    "QUERY_DIR",
    "Param",
    "StoredQuery",
    "QueryHeaderError",
    "load_queries",
    "get_query",
    "parse_query_file",
    "label_key",
]

QUERY_DIR = Path(__file__).resolve().parent

PREFIXES = {
    "nkg": "https://w3id.org/newskg/ontology#",
    "id": "https://w3id.org/newskg/id/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
}

KINDS = ("label", "iri", "string", "integer", "limit", "offset")
# Kinds that set a solution modifier (LIMIT / OFFSET) rather than bind a term.
MODIFIERS = ("limit", "offset")
# The clause a modifier sets: a line whose code starts with it ("LIMIT 100",
# "} LIMIT 100"), so a LIMIT in a comment, string or IRI is never touched.
_MODIFIER_RE = {k: re.compile(rf"^([\s}}]*{k}\s+)(\d+)(?=[\s}}]|$)", re.I | re.M)
                for k in MODIFIERS}

_HEADER_RE = re.compile(r"^#\s*(title|description|param|columns|terms)\s*:\s*(.*)$")
_PARAM_RE = re.compile(
    r"^\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\[(?P<kind>\w+)\])?\s*(?:—|--|-)\s*(?P<text>.*)$"
)
_DEFAULT_RE = re.compile(r'\(default:\s*(?:"(?P<value>[^"]*)"|[^)]*)\)\s*$')


class QueryHeaderError(ValueError):
    """A query file whose header is missing or malformed."""


def label_key(text: str) -> str:
    """The search key of a name (`graph.text.search_key`): what `nkg:searchKey` holds.

    >>> label_key("Nguyễn Phương Hòa") == label_key("nguyễn phương hoà")
    True
    """
    return search_key(text)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str
    description: str
    default: str | None = None

    @property
    def is_modifier(self) -> bool:
        """A `limit`/`offset` parameter: sets a number in the text, binds no term."""
        return self.kind in MODIFIERS

    def to_term(self, value: str) -> Identifier:
        """The RDF term a command-line value stands for (bound, never pasted)."""
        if self.is_modifier:
            raise ValueError(f"parameter ?{self.name} [{self.kind}] is not a term")
        if self.kind == "label":
            return Literal(label_key(value))
        if self.kind == "iri":
            prefix, sep, local = value.partition(":")
            if sep and prefix in PREFIXES and not local.startswith("//"):
                return URIRef(PREFIXES[prefix] + local)
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value):
                raise ValueError(f"parameter ?{self.name}: not an IRI: {value!r}")
            return URIRef(value)
        if self.kind == "integer":
            return Literal(int(value))
        return Literal(unicodedata.normalize("NFC", value))

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "kind": self.kind, "description": self.description,
                "default": self.default}


@dataclass(frozen=True, slots=True)
class StoredQuery:
    """A canned query: its text and the header describing it."""

    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name.lstrip("?"):
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise KeyError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")

    def bindings(self, values: dict[str, str]) -> dict[str, Identifier]:
        """Bound terms for the given raw values, plus the quoted defaults.

        `limit`/`offset` parameters bind no term (see `text_for`)."""
        out: dict[str, Identifier] = {}
        for p in self.params:
            if p.name not in values and p.default is not None and not p.is_modifier:
                out[p.name] = p.to_term(p.default)
        for name, value in values.items():
            p = self.param(name)
            if not p.is_modifier:
                out[p.name] = p.to_term(value)
        return out

    def text_for(self, values: dict[str, object] | None = None) -> str:
        """The query text with the values of its `limit`/`offset` parameters.

        The value replaces the number of the query's one `LIMIT n` (`OFFSET n`)
        clause; it must be a whole number >= 0, so only digits reach the text.
        """
        text = self.text
        for p in self.params:
            if not p.is_modifier or p.name not in (values or {}):
                continue
            raw = str((values or {})[p.name]).strip()
            if not raw.isascii() or not raw.isdigit():
                raise ValueError(f"parameter ?{p.name}: not a whole number >= 0: {raw!r}")
            text = _MODIFIER_RE[p.kind].sub(lambda m: f"{m.group(1)}{int(raw)}", text)
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "title": self.title, "description": self.description,
            "params": [p.to_dict() for p in self.params], "columns": list(self.columns),
            "terms": list(self.terms), "text": self.text,
        }


def parse_query_file(path: Path) -> StoredQuery:
    """Read one `.rq` file and its header."""
    text = Path(path).read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER_RE.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            pm = _PARAM_RE.match(value)
            if not pm:
                raise QueryHeaderError(f"{path.name}: bad param line: {line!r}")
            kind = pm.group("kind") or "string"
            if kind not in KINDS:
                raise QueryHeaderError(f"{path.name}: unknown param kind {kind!r}")
            dm = _DEFAULT_RE.search(pm.group("text"))
            params.append(Param(pm.group("name"), kind, pm.group("text").strip(),
                                dm.group("value") if dm else None))
        else:
            fields[key] = value
    for required in ("title", "description", "columns"):
        if not fields.get(required):
            raise QueryHeaderError(f"{path.name}: header has no '# {required}:' line")
    for p in params:
        if p.is_modifier:
            found = len(_MODIFIER_RE[p.kind].findall(text))
            if found != 1:
                raise QueryHeaderError(f"{path.name}: ?{p.name} [{p.kind}] needs exactly one "
                                       f"'{p.kind.upper()} n' clause, found {found}")
    return StoredQuery(
        name=path.stem,
        title=fields["title"],
        description=fields["description"],
        text=text,
        params=tuple(params),
        columns=tuple(c.strip() for c in fields["columns"].split(",") if c.strip()),
        terms=tuple(t.strip() for t in fields.get("terms", "").split(",") if t.strip()),
        path=Path(path),
    )


@lru_cache(maxsize=4)
def _load(directory: Path) -> tuple[StoredQuery, ...]:
    return tuple(parse_query_file(p) for p in sorted(directory.glob("*.rq")))


def load_queries(directory: Path | None = None) -> list[StoredQuery]:
    """Every canned query of `directory` (default: this package), by name."""
    return list(_load(Path(directory or QUERY_DIR).resolve()))


def get_query(name: str, directory: Path | None = None) -> StoredQuery:
    for q in load_queries(directory):
        if q.name == name:
            return q
    raise KeyError(f"no canned query named {name!r}")
