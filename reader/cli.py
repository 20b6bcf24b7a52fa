"""The `reader` command.

    reader [PATH ...]                  open the terminal reader (default: the seed pages)
    reader parse [PATH ...] [--json]   list the articles found
    reader tag                         tag entities in stdin lines, JSON lines out
    reader search QUERY [PATH ...]     rank articles for a query

Stdout belongs to the command's output; diagnostics go to stderr, one line
each (`reader: PATH: reason`).  The terminal UI is imported only when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from typing import TYPE_CHECKING

from reader import __version__
from reader.sanitize import safe_json, visible

if TYPE_CHECKING:
    from reader.corpus import Corpus
    from reader.models import Article

SUBCOMMANDS = ("parse", "tag", "search")


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = run(argv)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:  # `reader parse … | head`
        code = 0
        sys.stderr.close()
    sys.exit(code)


def run(argv: list[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        command, rest = argv[0], argv[1:]
        return {"parse": cmd_parse, "tag": cmd_tag, "search": cmd_search}[command](rest)
    return cmd_open(argv)


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="page files, or directories to search for .txt/.md pages"
    )


def _load(paths: list[str], *, tag: bool) -> Corpus | None:
    from reader.corpus import load_corpus  # imported here: `reader` alone opens the UI without it

    corpus = load_corpus(paths or None, tag=tag)
    report_problems(corpus)
    if not corpus.articles:
        print("reader: nothing could be read", file=sys.stderr)
        return None
    return corpus


def report_problems(corpus: Corpus) -> None:
    for problem in corpus.problems:
        print(f"reader: {visible(str(problem))}", file=sys.stderr)


# --- reader [PATH ...] -------------------------------------------------------------


def cmd_open(argv: list[str]) -> int:
    parser = _parser("reader", "Read Chinese newspaper pages in the terminal.")
    _add_paths(parser)
    parser.add_argument("--screenshot", metavar="DIR", help="save SVG screenshots of the main screens to DIR and exit")
    args = parser.parse_args(argv)
    # Pages load inside the app, after the first paint; only a command line
    # naming nothing that exists is refused here.
    present = [p for p in args.paths if os.path.lexists(p)]
    for path in args.paths:
        if path not in present:
            print(f"reader: {visible(path)}: no such file or directory", file=sys.stderr)
    if args.paths and not present:
        print("reader: nothing could be read", file=sys.stderr)
        return 1
    if args.screenshot:
        from reader.ui.screenshots import take_screenshots

        for path in take_screenshots(present, args.screenshot):
            print(path)
        return 0
    from reader.ui.app import make_app  # only the TUI pays for Textual

    make_app(present or None).run()
    return 0


# --- reader parse ------------------------------------------------------------------


def cmd_parse(argv: list[str]) -> int:
    parser = _parser("reader parse", "Split pages into articles and print them.")
    _add_paths(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document (see README)")
    parser.add_argument("--no-tag", action="store_true", help="leave `entities` empty (faster)")
    args = parser.parse_args(argv)
    corpus = _load(args.paths, tag=not args.no_tag)
    if corpus is None:
        return 1
    if args.json:
        print(safe_json({"articles": [a.to_json() for a in corpus.articles]}, indent=1))
    else:
        print_listing(corpus.articles, paragraphs=True)
    return 0


def print_listing(articles: Sequence[Article], *, paragraphs: bool = False) -> None:
    source = None
    for article in articles:
        if article.source != source:
            source = article.source
            print(visible(source))
        print(f"{article.order + 1:>3}  {visible(article.title) or '（无标题）'}")
        for line, role in zip(article.headline, article.roles):
            if role != "title":
                print(f"     {_ROLE_NAMES[role]}: {visible(line)}")
        size = sum(len(p) for p in article.paragraphs)
        facts = [f"{len(article.paragraphs)} 段", f"{size} 字"]
        if article.reporters:
            facts.insert(0, "记者 " + "、".join(visible(r) for r in article.reporters))
        print("     " + " · ".join(facts))
        if paragraphs:
            for paragraph in article.paragraphs:
                print(f"       {visible(paragraph)}")
        print()


_ROLE_NAMES = {"banner": "栏目", "kicker": "引题", "subtitle": "副题", "title": "主题"}


# --- reader tag --------------------------------------------------------------------


def cmd_tag(argv: list[str]) -> int:
    parser = _parser("reader tag", "Tag people, places and organisations in stdin, one document per line.")
    parser.parse_args(argv)
    from reader.tagging import Tagger

    tagger = Tagger.default()
    for warning in tagger.warnings:  # the user dictionary's bad lines; the rest of it still counts
        print(f"reader: {visible(warning)}", file=sys.stderr)
    stdin = sys.stdin
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(encoding="utf-8", errors="replace")
    for line in stdin:
        text = line.rstrip("\n").rstrip("\r")
        spans = tagger.tag(text)
        entities = [{"text": text[s.start : s.end], "type": s.type, "start": s.start, "end": s.end} for s in spans]
        sys.stdout.write(safe_json({"entities": entities}) + "\n")
    return 0


# --- reader search -----------------------------------------------------------------


def cmd_search(argv: list[str]) -> int:
    parser = _parser("reader search", "Rank articles for a query (Chinese, pinyin, initials, typos).")
    parser.add_argument("query", metavar="QUERY")
    _add_paths(parser)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args(argv)
    corpus = _load(args.paths, tag=True)
    if corpus is None:
        return 1
    hits = corpus.search(args.query, limit=args.limit)
    if args.json:
        results = [
            {"id": h.article.id, "headline": list(h.article.headline), "score": round(h.score, 3), "snippet": h.snippet}
            for h in hits
        ]
        print(safe_json({"results": results}, indent=1))
        return 0
    if not hits:
        print(f"no match for {visible(args.query)!r}", file=sys.stderr)
        return 1
    for rank, hit in enumerate(hits, 1):
        print(f"{rank:>3}. {visible(hit.article.title)}  [{hit.score:.1f}]  {visible(hit.article.source)}")
        print(f"     {visible(hit.snippet)}")
    return 0
