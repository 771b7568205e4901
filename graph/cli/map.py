"""`newskg map`: draw the built graph (or a view of it) as an offline HTML map."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="map")
@click.option("--graph", "graph_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the graph `newskg build` wrote.")
@click.option("--out", "out_file", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write [default: GRAPH/map.html, or GRAPH/maps/<view>.html].")
@click.option("--focus", default=None, help="Ego view around this entity (label, tones optional).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(min=1),
              help="Ego view: hops from the focus.")
@click.option("--event", default=None, help="Event view: this event with its participants, "
              "organisers, place and date.")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="Keep only these entity types (Person, Organisation, Event, City, Country); "
              "repeatable.")
@click.option("--since", default=None, metavar="DATE",
              help="Keep what articles published on or after DATE (YYYY[-MM[-DD]]) say.")
@click.option("--until", default=None, metavar="DATE",
              help="Keep what articles published on or before DATE say.")
@click.option("--article", default=None, metavar="ID", help="Keep what one article says.")
def command(graph_dir: Path, out_file: Path | None, focus: str | None, depth: int,
            event: str | None, types: tuple[str, ...], since: str | None, until: str | None,
            article: str | None) -> None:
    """Write an interactive network map of the graph (opens offline in any browser)."""
    from graph.store import GraphNotFoundError
    from graph.text import slugify
    from viz import load_graph, to_graph_data, write_html
    from viz.views import EntityNotFoundError, ego_view, event_view, filter_data

    if focus and event:
        raise click.UsageError("choose one of --focus and --event")
    try:
        data = to_graph_data(load_graph(graph_dir))
    except GraphNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    if article and article not in data["articles"]:
        raise click.ClickException(f"no article {article!r} in {graph_dir}/")
    if types or since or until or article:
        data = filter_data(data, types=types or None, since=since, until=until, article=article)
    try:
        if focus:
            data = ego_view(data, focus, depth)
            default_name = f"maps/ego-{slugify(focus, 40)}.html"
        elif event:
            data = event_view(data, event)
            default_name = f"maps/event-{slugify(event, 40)}.html"
        elif types or since or until or article:
            default_name = "maps/overview-filtered.html"  # keep the full overview intact
        else:
            default_name = "map.html"
    except EntityNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    path = out_file or graph_dir / default_name
    title = data.get("title") or f"newskg: {len(data['articles'])} articles"
    index = graph_dir / "maps" / "index.html"
    nav = []
    if index.exists():
        import os

        nav.append(("All maps", os.path.relpath(index, path.resolve().parent
                                                if path.is_absolute() else path.parent)))
    write_html(data, path, title=title, nav=nav)
    click.echo(f"{path}  ({len(data['nodes'])} entities, {len(data['edges'])} links)")
