"""`reader entities` and `reader mentions`: the people, places and organisations of a corpus,
each under all its names (`reader.profiles`), for a terminal, a script or a spreadsheet."""

from __future__ import annotations

import csv
import sys
from typing import TYPE_CHECKING

from reader.cli import _add_cache_options, _add_paths, _load, _parser, report_problems
from reader.linebreak import char_width
from reader.models import type_name
from reader.sanitize import safe_json, visible

if TYPE_CHECKING:
    from reader.profiles import Profile

TYPES = ("PER", "LOC", "ORG")
MENTION_FIELDS = (
    "article",
    "paper",
    "date",
    "page",
    "headline",
    "name",
    "paragraph",
    "line",
    "start",
    "end",
    "snippet",
)


def cmd_entities(argv: list[str]) -> int:
    parser = _parser(
        "reader entities",
        "The people, places and organisations of the pages, each under all its names, most mentioned first.",
    )
    _add_paths(parser)
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.add_argument(
        "--type", choices=TYPES, help="only people (PER), places (LOC) or organisations (ORG)"
    )
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="the N most mentioned (default: all; 0: all)"
    )
    _add_cache_options(parser)
    args = parser.parse_intermixed_args(argv)
    if args.limit is not None and args.limit < 0:
        parser.error("--limit takes a number of entities, 0 or more")
    corpus = _load(args.paths, tag=True, cache=not args.no_cache)
    if corpus is None:
        return 1
    said = (len(corpus.problems), len(corpus.notices))
    profiles = corpus.profiles
    found = profiles.entities(args.type)
    if args.limit:
        found = found[: args.limit]
    if len(found) > 50:
        profiles.read_all_titles()  # one pass over the corpus beats one per person
    report_problems(corpus, since=said)
    if args.json:
        print(safe_json({"entities": [p.to_json() for p in found]}))  # one line: tens of MB at 100k
        return 0
    if not found:
        print("no people, places or organisations found", file=sys.stderr)
        return 1
    column = min(max(_cells(visible(p.name)) for p in found), NAME_CELLS)
    for profile in found:
        print(_table_row(profile, column))
    return 0


NAME_CELLS = 24
"""The name column's widest (a longer name pushes its own row along)."""


def _cells(text: str) -> int:
    return sum(map(char_width, text))


def _table_row(profile: Profile, column: int) -> str:
    """`武进区  地点  3篇 15次  2024-07-01…2024-07-30  又名 武进  职务 …`, names padded to line up."""
    name = visible(profile.name)
    parts = [
        name + " " * max(0, column - _cells(name)),
        type_name(profile.type),
        f"{profile.article_count:>5}篇 {profile.count:>6}次",
    ]
    if profile.first:
        parts.append(profile.first if profile.first == profile.last else f"{profile.first}…{profile.last}")
    if profile.aliases:
        parts.append("又名 " + "、".join(visible(a) for a in profile.aliases))
    if profile.titles:
        parts.append("职务 " + "、".join(visible(t.title) for t in profile.titles[:3]))
    return "  ".join(parts)


def cmd_mentions(argv: list[str]) -> int:
    parser = _parser(
        "reader mentions",
        "Every mention of a person, place or organisation under any of its names, with where it is.",
    )
    parser.add_argument("name", metavar="NAME", help="any of its names: 武进 finds 武进区 too")
    _add_paths(parser)
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON document")
    output.add_argument(
        "--csv", action="store_true", help="CSV with a header row (for pandas or a spreadsheet)"
    )
    parser.add_argument("--type", choices=TYPES, help="when the name is more than one kind of entity")
    _add_cache_options(parser)
    args = parser.parse_intermixed_args(argv)
    corpus = _load(args.paths, tag=True, cache=not args.no_cache)
    if corpus is None:
        return 1
    said = (len(corpus.problems), len(corpus.notices))
    profiles = corpus.profiles
    exact = profiles.called(args.name)
    if args.type:
        exact = [p for p in exact if p.type == args.type]
    report_problems(corpus, since=said)
    if not exact:
        near = [
            p.name for p in profiles.named(args.name, prefix_limit=8) if not args.type or p.type == args.type
        ]
        hint = f"; did you mean {'、'.join(visible(n) for n in near)}?" if near else ""
        print(f"reader: no entity called {visible(args.name)!r} in these pages{hint}", file=sys.stderr)
        return 1
    records = [record for profile in exact for record in profile.mention_records()]
    if args.json:
        entities = [{"name": p.name, "type": p.type, "aliases": p.aliases} for p in exact]
        print(safe_json({"entities": entities, "mentions": records}, indent=1))
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=MENTION_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: visible(v) if isinstance(v, str) else v for k, v in r.items()} for r in records)
    else:
        for profile in exact:
            names = "、".join(visible(n) for n in profile.aliases)
            print(
                f"{visible(profile.name)}（{type_name(profile.type)}）" + (f" 又名 {names}" if names else "")
            )
            print(f"{profile.count} 次，{profile.article_count} 篇")
        article = None
        for record in records:
            if record["article"] != article:
                article = record["article"]
                where = " ".join(str(record[k]) for k in ("date", "paper") if record[k])
                page = f" 第{record['page']}版" if record["page"] else ""
                print(f"{where}{page}  {visible(str(record['headline']))}".strip())
            print(f"    {visible(str(record['snippet']))}")
    return 0
