"""The build's output folder: atomic writes of the graph files, and loading them.

Every file is written to a temporary name in the same folder, flushed to disk
and moved over the old one with `os.replace`, which is atomic on POSIX: an
interrupted or failed build leaves the last good file in place, never half of
a new one. `build.json` is replaced last, so it always describes graph files
that are complete.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset

__all__ = [
    "GRAPH_TRIG",
    "GRAPH_NQUADS",
    "MANIFEST",
    "GraphNotFoundError",
    "atomic_write",
    "write_dataset",
    "write_graph",
    "graph_writer",
    "write_trig",
    "trig_chunk",
    "write_manifest",
    "load_dataset",
    "read_manifest",
]

GRAPH_TRIG = "graph.trig"
GRAPH_NQUADS = "graph.nq"
MANIFEST = "build.json"


class GraphNotFoundError(FileNotFoundError):
    """No built graph in the folder a command was pointed at."""


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside `path`; on success move it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_serialised(path: Path, serialise: Callable[[IO[bytes]], None]) -> None:
    with atomic_write(path, "wb") as handle:
        serialise(handle)


def write_dataset(dataset: Dataset, out_dir: Path) -> dict[str, Path]:
    """Write the dataset as TriG (for people) and N-Quads (for loading fast)."""
    return write_graph([dataset.serialize(format="nquads")], out_dir)


@functools.lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    from rdflib import Graph

    from graph.rdf import bind_prefixes  # late: rdf imports the model, keep store light

    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    # `id:` would turn every entity IRI into an escaped local name
    # (id:person\/nguyen-van-a-…): full IRIs read better.
    return {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix != "id"}


@contextlib.contextmanager
def graph_writer(out_dir: Path) -> Iterator[Callable[[str], Any]]:
    """Stream N-Quads text to graph.nq, chunk by chunk (a page's graphs at a
    time), so the graph is never held whole in memory. The file replaces the
    old one only when the block ends without an exception."""
    out_dir = Path(out_dir)
    # Temporary files of a build that was killed while writing are never valid.
    for stale in out_dir.glob(".graph.*.tmp"):
        stale.unlink(missing_ok=True)
    with atomic_write(out_dir / GRAPH_NQUADS) as handle:
        yield handle.write


def trig_header() -> str:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in _prefixes().items())


def trig_chunk(nquads: str) -> str:
    """TriG of some N-Quads without the prefix lines (`trig_header` holds them):
    the TriG of a page, to be concatenated with the other pages' after the
    header. TriG allows that: prefixes hold to the end of the document, and
    N-Quads and TriG share blank node labels' scope (the document)."""
    import pyoxigraph

    text = pyoxigraph.serialize(
        pyoxigraph.parse(nquads.encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS),
        None,
        pyoxigraph.RdfFormat.TRIG,
        prefixes=_prefixes(),
    ).decode("utf-8")
    body = 0
    while text.startswith("@prefix ", body):
        body = text.index("\n", body) + 1
    return text[body:]


@contextlib.contextmanager
def graph_and_trig_writer(out_dir: Path) -> Iterator[Callable[[str, str], Any]]:
    """`graph_writer` that also writes graph.trig: each chunk comes as its
    N-Quads and its TriG (`trig_chunk`). Both files replace the old ones only
    when the block ends without an exception."""
    out_dir = Path(out_dir)
    with graph_writer(out_dir) as write_nquads, atomic_write(out_dir / GRAPH_TRIG) as trig:
        trig.write(trig_header())

        def write(nquads: str, trig_text: str) -> None:
            write_nquads(nquads)
            trig.write(trig_text)

        yield write


def write_trig(out_dir: Path) -> Path:
    """graph.trig from graph.nq, streamed through pyoxigraph: its TriG writer
    groups consecutive quads of one graph, and graph.nq is written graph by
    graph. (rdflib's TriG serializer took a third of a build.)"""
    import pyoxigraph

    out_dir = Path(out_dir)
    path = out_dir / GRAPH_TRIG
    with open(out_dir / GRAPH_NQUADS, "rb") as source, atomic_write(path, "wb") as handle:
        pyoxigraph.serialize(
            pyoxigraph.parse(source, pyoxigraph.RdfFormat.N_QUADS),
            handle,
            pyoxigraph.RdfFormat.TRIG,
            prefixes=_prefixes(),
        )
    return path


def write_graph(chunks: Iterable[str], out_dir: Path) -> dict[str, Path]:
    """Write N-Quads chunks as graph.nq, then graph.trig from it."""
    out_dir = Path(out_dir)
    with graph_writer(out_dir) as write:
        for chunk in chunks:
            write(chunk)
    return {"trig": write_trig(out_dir), "nquads": out_dir / GRAPH_NQUADS}


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    path = Path(out_dir) / MANIFEST
    with atomic_write(path) as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2, default=str)
    return path


def read_manifest(out_dir: Path) -> dict[str, Any]:
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def load_dataset(out_dir: Path) -> Dataset:
    """Load the graph a build wrote into `out_dir` (default graph = union)."""
    out_dir = Path(out_dir)
    nquads = out_dir / GRAPH_NQUADS
    trig = out_dir / GRAPH_TRIG
    dataset = Dataset(default_union=True)
    if nquads.exists():
        dataset.parse(nquads, format="nquads")
    elif trig.exists():
        dataset.parse(trig, format="trig")
    else:
        raise GraphNotFoundError(
            f"no graph in {out_dir}/ (expected {GRAPH_NQUADS}): run `newskg build --out {out_dir}` first"
        )
    from graph.rdf import bind_prefixes  # late: rdf imports the model, keep store light

    bind_prefixes(dataset)
    return dataset
