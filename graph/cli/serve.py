"""`newskg serve`: the SPARQL endpoint and editor page over a built graph."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["command"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0: any free).")
@click.option("--graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder of the built graph.")
@click.option("--timeout", default=30.0, show_default=True, type=float,
              help="Query time limit in seconds; a slower query is stopped (503).")
@click.option("--max-results", default=10000, show_default=True, type=int,
              help="Result-size cap (rows or triples); the answer is cut and flagged.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="URL",
              help="SERVICE endpoint queries may call (repeatable; default: Wikidata).")
@click.option("--workers", default=None, type=int, help="Query worker processes.")
def command(host: str, port: int, graph_dir: Path, timeout: float, max_results: int,
            allow_service: tuple[str, ...], workers: int | None) -> None:
    """Serve the graph: SPARQL 1.1 Protocol at /sparql and a query editor at /.

    Read-only (SPARQL Update is refused), with a query time limit, a result
    cap and SERVICE calls limited to an allow-list.
    """
    from graph.server import ServerConfig, make_server
    from graph.server.guard import DEFAULT_ALLOWED_SERVICES

    cfg = ServerConfig(graph_dir=graph_dir, host=host, port=port, timeout=timeout,
                       max_results=max_results,
                       allow_services=tuple(allow_service) or DEFAULT_ALLOWED_SERVICES)
    if workers:
        cfg.workers = workers
    try:
        server = make_server(cfg)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc))
    bound_host, bound_port = server.server_address[:2]
    click.echo(f"newskg: SPARQL endpoint http://{bound_host}:{bound_port}/sparql, "
               f"editor http://{bound_host}:{bound_port}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
