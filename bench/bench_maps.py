"""Time to build and to open network maps of 100, 1,000 and 5,000 entities.

    python bench/bench_maps.py [--sizes 100 1000 5000] [--keep DIR]

Build = graph dicts from an rdflib Dataset + pyvis + HTML written to disk.
Open = headless Chromium from navigation until the layout has settled and
the map is drawn (`window.__nkgReady`). Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viz.browser import Chromium, find_chromium  # noqa: E402
from viz.convert import to_graph_data  # noqa: E402
from viz.demo import synthetic_dataset  # noqa: E402
from viz.render import _stabilisation_iterations, write_html  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--keep", type=Path, default=None, help="keep the maps in this folder")
    args = parser.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix="nkg-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    chromium = find_chromium()
    print(f"{'entities':>8} {'links':>6} {'iter':>5} {'convert s':>9} {'render s':>8} "
          f"{'MB':>5} {'open s':>7}  errors")
    browser = Chromium(width=1400, height=900) if chromium else None
    if browser:
        browser.start()
    try:
        for n in args.sizes:
            ds = synthetic_dataset(n)
            t0 = time.perf_counter()
            data = to_graph_data(ds)
            t1 = time.perf_counter()
            path = write_html(data, out / f"map-{n}.html", title=f"{n} entities")
            t2 = time.perf_counter()
            size = path.stat().st_size / 1e6
            opened, errors = "-", "chromium not installed"
            if browser:
                visit = browser.open(path, timeout=300)
                drawn = visit.evaluate("Object.keys(network.getPositions()).length")
                opened = f"{visit.load_seconds:7.2f}"
                errors = "none" if not visit.errors and drawn == len(data["nodes"]) else (
                    f"{visit.errors} drawn={drawn}")
            print(f"{len(data['nodes']):>8} {len(data['edges']):>6} "
                  f"{_stabilisation_iterations(len(data['nodes'])):>5} {t1 - t0:>9.2f} "
                  f"{t2 - t1:>8.2f} {size:>5.1f} {opened:>7}  {errors}", flush=True)
    finally:
        if browser:
            browser.close()
    if args.keep:
        print(f"maps in {out}/")


if __name__ == "__main__":
    main()
