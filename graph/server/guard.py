"""Checks a query must pass before the endpoint runs it.

- Read-only: SPARQL Update operations are refused (the store is also opened
  read-only, this gives a clear message instead of a syntax error).
- SERVICE: every SERVICE IRI in the parsed query must be on the allow-list; a
  `SERVICE ?var` is refused, since its target is only known at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["Refused", "DEFAULT_ALLOWED_SERVICES", "check_query", "service_iris"]

DEFAULT_ALLOWED_SERVICES = ("https://query.wikidata.org/sparql",)

_COMMENT = re.compile(r"(?m)(?:^|(?<=\s))#[^\n]*")  # not the # inside <iri#>
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", re.I)
_UPDATE_KW = re.compile(
    r"^(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)
_UESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Refused(Exception):
    """A query the endpoint will not run; `status` is the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _unescape(text: str) -> str:
    # SPARQL applies \u escapes to the whole query string before parsing.
    return _UESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _walk(node: Any) -> Iterable[Any]:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen: set[int] = set()
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, CompValue):
            yield cur
            stack.extend(cur.values())
        elif isinstance(cur, (list, tuple)) or type(cur).__name__ == "ParseResults":
            stack.extend(cur)


def service_iris(text: str) -> list[Any]:
    """The SERVICE targets of a query (IRIs, or Variables), from rdflib's parse."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except Exception as exc:  # pyparsing's ParseException
        raise Refused(400, f"cannot check the SERVICE clauses of this query: {exc}") from exc
    return [n.get("term") for n in _walk(tree) if n.name == "ServiceGraphPattern"]


def check_query(text: str, allowed_services: Iterable[str]) -> None:
    """Raise `Refused` if the endpoint must not run `text`."""
    plain = _unescape(text)
    body = _PROLOGUE.sub("", _COMMENT.sub(" ", plain), count=1)
    if _UPDATE_KW.match(body.lstrip()):
        raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
    if not re.search(r"service", plain, re.I):
        return
    allowed = set(allowed_services)
    for term in service_iris(plain):
        if type(term).__name__ == "Variable":
            raise Refused(403, f"SERVICE ?{term} is refused: the target must be a fixed IRI")
        if str(term) not in allowed:
            names = ", ".join(sorted(allowed)) or "none"
            raise Refused(403, f"SERVICE <{term}> is not allowed (allowed: {names})")
