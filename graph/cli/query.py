"""`newskg query`: run a canned query, a .rq file or a SPARQL string on the graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["command"]

FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "nt", "json-ld")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--param")
        out[name.strip().lstrip("?")] = value
    return out


def _list_queries() -> None:
    from queries import load_queries

    for q in load_queries():
        click.echo(f"{click.style(q.name, bold=True)} — {q.title}")
        for p in q.params:
            click.echo(f"    --param {p.name}=…  [{p.kind}] {p.description}")
        click.echo(f"    columns: {', '.join(q.columns)}")


@click.command("query")
@click.argument("name", required=False)
@click.option("--text", "text", help="SPARQL query text instead of a canned name or file.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable); bound by the store, never pasted.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format (turtle/nt/json-ld for CONSTRUCT/DESCRIBE).")
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder of the built graph.")
@click.option("--endpoint", metavar="URL", help="Query a remote SPARQL endpoint instead.")
@click.option("--max-results", type=int, default=None, help="Stop after N rows.")
@click.option("--list", "list_", is_flag=True, help="List the canned queries and their parameters.")
def command(name: str | None, text: str | None, params: tuple[str, ...], fmt: str,
            graph_dir: Path, endpoint: str | None, max_results: int | None,
            list_: bool) -> None:
    """Run NAME (a canned query, see --list), a .rq FILE, or --text "SPARQL".

    \b
    Examples:
      newskg query --list
      newskg query person_posts --param person="Nguyễn Phương Hòa"
      newskg query events_in_city -p city="Hạ Long" --format csv
      newskg query --text "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
      newskg query counts_by_type --endpoint http://127.0.0.1:7878/query
    """
    from graph import sparql
    from queries import get_query, parse_query_file

    if list_:
        _list_queries()
        return
    if (name is None) == (text is None):
        raise click.UsageError("give a canned query NAME, a .rq FILE, or --text (see --list)")
    values = _parse_params(params)
    query: object
    if text is not None:
        query = text
    elif Path(name).suffix == ".rq" or Path(name).is_file():
        path = Path(name)
        if not path.is_file():
            raise click.UsageError(f"no such query file: {name}")
        try:
            query = parse_query_file(path)
        except ValueError:  # a plain .rq without the header
            query = path.read_text(encoding="utf-8")
    else:
        try:
            query = get_query(name)
        except KeyError:
            raise click.UsageError(f"no canned query {name!r}; see `newskg query --list`")
    if isinstance(query, str):
        from rdflib import URIRef
        from rdflib import Literal as Lit

        bound: dict[str, object] = {
            k: URIRef(v[1:-1]) if v.startswith("<") and v.endswith(">") else Lit(v)
            for k, v in values.items()
        }
    else:
        bound = dict(values)
    try:
        store: object
        if endpoint:
            store = sparql.RemoteEndpoint(endpoint)
        else:
            store = sparql.open_store(graph_dir)
        result = sparql.run_query(store, query, bound, max_results=max_results)
        data = result.serialize(fmt)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc))
    except KeyError as exc:
        raise click.ClickException(exc.args[0] if exc.args else str(exc))
    except ValueError as exc:  # QueryError, bad parameter value
        raise click.ClickException(str(exc))
    sys.stdout.buffer.write(data)
    if not data.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    sys.stdout.flush()
