"""`newskg stats`: who is central, which groups form, what is connected."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="stats")
@click.option("--graph", "graph_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the graph `newskg build` wrote.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1),
              help="How many entities per list.")
def command(graph_dir: Path, top: int) -> None:
    """Print the most central people and organisations, communities and components."""
    from collections import Counter

    from graph.store import GraphNotFoundError
    from viz import load_graph, to_graph_data
    from viz.analytics import centrality, communities, components

    try:
        data = to_graph_data(load_graph(graph_dir))
    except GraphNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    types = Counter(n["type"] for n in data["nodes"])
    click.echo(f"{len(data['nodes'])} entities, {len(data['edges'])} links, "
               f"{len(data['articles'])} articles")
    click.echo("  " + ", ".join(f"{t} {c}" for t, c in sorted(types.items())))

    for type_name, rows in centrality(data, top).items():
        click.echo(f"\nMost central {'people' if type_name == 'Person' else 'organisations'} "
                   "(betweenness, links):")
        if not rows:
            click.echo("  (none)")
        for i, r in enumerate(rows, 1):
            click.echo(f"  {i:>2}. {r['label']}  {r['betweenness']:.3f}  {r['degree']}")

    groups = [g for g in communities(data) if len(g) > 1]
    click.echo(f"\nCommunities: {len(groups)} with more than one entity")
    for i, members in enumerate(groups[:top], 1):
        names = ", ".join(m["label"] for m in members[:6])
        more = f" … +{len(members) - 6}" if len(members) > 6 else ""
        click.echo(f"  {i:>2}. ({len(members)}) {names}{more}")

    comps = components(data)
    sizes = Counter(len(c) for c in comps)
    click.echo(f"\nConnected components: {len(comps)}; largest has "
               f"{len(comps[0]) if comps else 0} entities")
    click.echo("  sizes: " + ", ".join(f"{s}×{n}" for s, n in sorted(sizes.items(), reverse=True)))
