"""Run a command and report the peak memory of its process tree.

    python bench/memwatch.py -- python build_graph.py CORPUS --out OUT --jobs 2 --no-progress

Samples every `--interval` seconds the RSS, PSS and USS of the command and
all its descendants (pool workers included), prints a line every
`--every` seconds on stderr, and at the end the peaks, in MB. Used for the
50,000-article memory figure (`bench/NOTES.md`), where running the whole
benchmark (`bench/run.py`, which measures the same way in-process) would
also time an incremental rebuild.

RSS counts pages shared between processes once per process (the fork-server
workers share their imported modules); PSS splits them, so a sum of PSS is
the closer figure for "memory used". Short spikes between two samples are
missed; the build also records its own process's exact high-water mark per
stage in `build.json` (`peak_rss_mb`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from typing import Any


def _sample(root: Any) -> dict[str, int]:
    import psutil

    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return {}
    totals = {"main_rss": 0, "rss": 0, "pss": 0, "uss": 0, "processes": 0}
    for proc in procs:
        try:
            info = proc.memory_full_info()
        except psutil.Error:
            continue
        totals["processes"] += 1
        totals["rss"] += info.rss
        totals["pss"] += getattr(info, "pss", info.rss)
        totals["uss"] += getattr(info, "uss", info.rss)
        if proc.pid == root.pid:
            totals["main_rss"] = info.rss
    return totals


def main(argv: list[str] | None = None) -> int:
    import psutil

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--every", type=float, default=30.0, help="seconds between progress lines")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")

    child = subprocess.Popen(command)
    root = psutil.Process(child.pid)
    peaks = {"main_rss": 0, "rss": 0, "pss": 0, "uss": 0}
    start = last = time.monotonic()
    while child.poll() is None:
        sample = _sample(root)
        for key in peaks:
            peaks[key] = max(peaks[key], sample.get(key, 0))
        now = time.monotonic()
        if sample and now - last >= args.every:
            mb = {k: v >> 20 for k, v in sample.items() if k != "processes"}
            print(f"[memwatch {now - start:7.0f} s] {sample['processes']} processes, MB: {mb}", file=sys.stderr, flush=True)
            last = now
        time.sleep(args.interval)
    report = {"seconds": round(time.monotonic() - start, 1), "exit_status": child.returncode,
              **{f"peak_{k}_mb": round(v / 2**20) for k, v in peaks.items()}}
    print(json.dumps(report))
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
