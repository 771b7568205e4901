"""`newskg serve`: a read-only SPARQL 1.1 Protocol endpoint and a YASGUI page.

- `app`: the HTTP server (`/sparql`, `/`, `/queries.json`, `/static/…`).
- `guard`: what a query must pass first (no Update, SERVICE allow-list).
- `workers`: query processes, so the time limit can stop a running query.
- `static/yasgui/`: YASGUI (@zazuko/yasgui, MIT licence, see LICENSE there),
  vendored so the page works offline.
"""

from graph.server.app import ServerConfig, SparqlServer, make_server

__all__ = ["ServerConfig", "SparqlServer", "make_server"]
