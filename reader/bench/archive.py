"""A demo archive: `python -m reader.bench archive DIR [--days 92] [--pages 4]`.

A paper's issues in dated folders, a file per page with its masthead, made of
real news sentences (`../shared/data`, as the other benchmarks): for trying
the archive features by hand, for the README's screenshots, and as input to
the benchmarks.  Prints where it wrote and how much.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.bench._synth import write_archive


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m reader.bench archive", description=__doc__.splitlines()[0]
    )
    parser.add_argument("directory", type=Path)
    parser.add_argument("--start", default="2024-05-01", help="the first day (ISO)")
    parser.add_argument("--days", type=int, default=92, help="days from the first (Sundays have no issue)")
    parser.add_argument("--pages", type=int, default=4, help="pages an issue")
    parser.add_argument("--articles", type=int, default=3, help="articles a page")
    args = parser.parse_args()
    files = write_archive(
        args.directory, start=args.start, days=args.days, pages=args.pages, articles=args.articles
    )
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} pages ({size / 1e6:.1f} MB) under {args.directory}")


if __name__ == "__main__":
    main()
