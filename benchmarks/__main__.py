"""`python -m benchmarks [--scale N]`: load the scaled demo district into its own
database (once per scale) and time the grid statistics, each beside the bare PostGIS
query doing the same work. Writes docs/benchmarks.md."""

import argparse
from pathlib import Path

from benchmarks import exports
from benchmarks.grid_stats import run

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--scale",
        type=int,
        nargs="+",
        default=[10],
        help="demo district scales to measure (default 10: ~5,000 grid cells)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median kept)")
    parser.add_argument(
        "--exports",
        type=int,
        default=100_000,
        help="features in the export benchmark (default 100,000; 0: skip it)",
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    sections = [run(scale, args.repeat) for scale in args.scale]
    if args.exports:
        sections.append(exports.run(args.exports))
    report = "\n\n".join(sections)
    print(report)
    if not args.no_write:
        DOCS.write_text(HEADER + report + "\n", encoding="utf-8")
        print(f"\nwritten to {DOCS}")


HEADER = """# Benchmarks

Written by `make bench` (`python -m benchmarks --scale …`); do not edit by hand. Each
figure is the median of several runs on the machine that ran it, beside the time of the
bare PostGIS query doing the same work (ratio = ours ÷ bare). Times are wall-clock
milliseconds, measured by the benchmark itself — never by a test.

**What is measured.** The grid statistics of issue 4: per grid cell, the occupied area
(union of the standing footprints, clipped to the cell, geodesic m²) and the sweep
coverage (union of the sweeps, clipped), with counts; for one community and for the
whole district.
- *maintained*: the default request (now, over all time) served from `grid_stat`, which
  every write marks for recomputation (triggers) and recomputes before it commits;
- *live*: a moment `at` and a period [`from`, `to`), computed afresh with the state of
  each violation replayed from its event history;
- *bare PostGIS*: one hand-written query computing the same per-cell unions and areas
  from the current status, without history, scoping, JSON or HTTP;
- *HTTP*: the whole request through the ASGI app (routing, auth, JSON), in process.

The exports (docs/exports.md): the peak memory of an export of 100,000 features in each
format, which must stay flat — the file is written in chunks and streamed.

"""


if __name__ == "__main__":
    main()
