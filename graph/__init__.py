"""newskg: news articles in, an RDF knowledge graph out.

Pipeline stages, one job each (see `graph.pipeline`):
ingest -> extract -> resolve -> link -> rdf -> validate -> store.
`graph.model` is the typed fact model between extraction and RDF.
"""

__version__ = "0.1.0"
