"""`newskg export`: the entity network as GraphML or GEXF, for Gephi and friends."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf"]), required=True,
              help="Output format.")
@click.option("--graph", "graph_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the graph `newskg build` wrote.")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write.")
def command(fmt: str, graph_dir: Path, out_file: Path) -> None:
    """Export entities (nodes) and relations/positions (edges) with their sources."""
    from graph.store import GraphNotFoundError
    from viz import load_graph, to_graph_data
    from viz.analytics import export

    try:
        data = to_graph_data(load_graph(graph_dir))
    except GraphNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    export(data, out_file, fmt)
    click.echo(f"{out_file}  ({len(data['nodes'])} nodes, {len(data['edges'])} edges, {fmt})")
