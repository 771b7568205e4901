"""`newskg push`: send the graph's named graphs to a remote triplestore.

Each named graph replaces its namesake on the remote store, so pushing again
never duplicates triples:
- Graph Store Protocol (default): `PUT {endpoint}?graph={iri}` with N-Triples;
- SPARQL Update (`--update-endpoint`): `DROP SILENT GRAPH <iri> ; INSERT DATA { GRAPH <iri> {…} }`.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["command", "push_graphs"]

_BATCH = 5000  # triples per INSERT DATA request


def _named_graphs(graph_dir: Path):
    import pyoxigraph as ox

    from graph.sparql import open_store

    store = open_store(graph_dir)
    for name in sorted(store.named_graphs(), key=lambda n: n.value):
        quads = store.quads_for_pattern(None, None, None, name)
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                            format=ox.RdfFormat.N_TRIPLES)
        yield name.value, body


def push_graphs(graph_dir: Path, *, endpoint: str | None = None,
                update_endpoint: str | None = None, timeout: float = 60.0) -> list[str]:
    """Replace every named graph of `graph_dir` on the remote store; return their IRIs."""
    import requests

    if not endpoint and not update_endpoint:
        raise ValueError("give a Graph Store endpoint or an update endpoint")
    pushed: list[str] = []
    with requests.Session() as http:
        for iri, body in _named_graphs(graph_dir):
            if update_endpoint:
                lines = body.decode("utf-8").splitlines()
                first = True
                for i in range(0, max(len(lines), 1), _BATCH):
                    chunk = "\n".join(lines[i:i + _BATCH])
                    drop = f"DROP SILENT GRAPH <{iri}> ;\n" if first else ""
                    update = f"{drop}INSERT DATA {{ GRAPH <{iri}> {{\n{chunk}\n}} }}"
                    first = False
                    r = http.post(update_endpoint, data=update.encode("utf-8"), timeout=timeout,
                                  headers={"Content-Type": "application/sparql-update"})
                    r.raise_for_status()
            else:
                r = http.put(endpoint, params={"graph": iri}, data=body, timeout=timeout,
                             headers={"Content-Type": "application/n-triples"})
                r.raise_for_status()
            pushed.append(iri)
    return pushed


@click.command("push")
@click.option("--endpoint", metavar="URL",
              help="SPARQL 1.1 Graph Store Protocol endpoint (e.g. http://host:7878/store).")
@click.option("--update-endpoint", metavar="URL",
              help="Use SPARQL Update at this URL instead (DROP SILENT GRAPH + INSERT DATA).")
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder of the built graph.")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds per HTTP request.")
def command(endpoint: str | None, update_endpoint: str | None, graph_dir: Path,
            timeout: float) -> None:
    """Push every named graph to a remote store, replacing each one (re-push is safe).

    \b
    Examples:
      newskg push --endpoint http://127.0.0.1:7878/store
      newskg push --update-endpoint http://127.0.0.1:3030/ds/update
    """
    import requests

    if not endpoint and not update_endpoint:
        raise click.UsageError("give --endpoint (Graph Store Protocol) or --update-endpoint")
    try:
        pushed = push_graphs(graph_dir, endpoint=endpoint, update_endpoint=update_endpoint,
                             timeout=timeout)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc))
    except requests.RequestException as exc:
        detail = getattr(exc.response, "text", "") if exc.response is not None else ""
        raise click.ClickException(f"push failed: {exc} {detail[:300]}")
    click.echo(f"pushed {len(pushed)} named graphs to {endpoint or update_endpoint}", err=True)
