"""The `newskg` command line.

Each subcommand lives in its own module of this package and is imported only
when it runs, so `newskg --help` stays fast and a broken optional dependency of
one command cannot break the others.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

# command name -> module in graph.cli (each defines a click command named `command`)
COMMANDS: dict[str, str] = {
    "build": "build",
    "ingest": "ingest",
    "facts": "facts",
    "eval": "evaluate",
    "link": "link",
    "query": "query",
    "serve": "serve",
    "push": "push",
    "map": "map",
    "stats": "stats",
    "path": "path",
    "export": "export",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(
            name
            for name, module in COMMANDS.items()
            if importlib.util.find_spec(f"{__name__}.{module}") is not None
        )

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{module_name}":
                return None
            raise
        return module.command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newskg")
def main() -> None:
    """newskg: turn news articles into a knowledge graph you can query and map."""


if __name__ == "__main__":  # pragma: no cover
    main()
