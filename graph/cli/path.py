"""`newskg path A B`: how two entities are connected, each hop with its source."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="path")
@click.argument("a")
@click.argument("b")
@click.option("--graph", "graph_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the graph `newskg build` wrote.")
def command(a: str, b: str, graph_dir: Path) -> None:
    """Explain the shortest chain of facts linking entity A to entity B."""
    import networkx as nx

    from graph.store import GraphNotFoundError
    from viz import load_graph, to_graph_data
    from viz.analytics import explain_path
    from viz.views import EntityNotFoundError

    try:
        data = to_graph_data(load_graph(graph_dir))
        hops = explain_path(data, a, b)
    except (GraphNotFoundError, EntityNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    except nx.NetworkXNoPath as exc:
        raise click.ClickException(f"{a!r} and {b!r} are not connected in the graph") from exc
    if not hops:
        click.echo(f"{a} is {b}")
        return
    click.echo(f"{len(hops)} hop{'s' if len(hops) != 1 else ''}:")
    for i, hop in enumerate(hops, 1):
        role = f" [{hop['role']}]" if hop["role"] else ""
        click.echo(f"{i}. {hop['relation']}{role}")
        for ev in hop["evidence"][:3]:
            where = ev["title"] or ev["article"]
            click.echo(f"     “{ev['sentence']}”")
            click.echo(f"       — {where} ({ev['article']})")
        if not hop["evidence"]:
            click.echo("     (no source sentence recorded)")
