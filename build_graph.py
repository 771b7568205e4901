#!/usr/bin/env python3
"""Build the knowledge graph: `python build_graph.py [INPUT...] [--out DIR]`.

The same as `newskg build`; with no input it builds the bundled sample articles.
"""

from graph.cli.build import command

if __name__ == "__main__":
    command(prog_name="build_graph.py")
