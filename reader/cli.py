"""The `reader` command.

    reader [PATH ...]                  open the terminal reader (default: the seed pages)
    reader parse [PATH ...] [--json]   list the articles found
    reader tag                         tag entities in stdin lines, JSON lines out
    reader search QUERY [PATH ...]     rank articles for a query
    reader index [PATH ...]            build or update the cache for a corpus, with progress
    reader entities [PATH ...]         people, places, organisations: names, titles, dates, company
    reader mentions NAME [PATH ...]    every mention of one of them, under any name (--json, --csv)
    reader cache info | clear          where the cache is and what it holds; delete it
    reader serve [PATH ...]            the same app in a web browser, on this machine

`reader`, `parse`, `search`, `index`, `entities` and `mentions` take `--no-cache` to read and tag
everything afresh without touching the cache.

Stdout belongs to the command's output; diagnostics go to stderr, one line
each (`reader: PATH: reason`).  The terminal UI is imported only when it runs.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from reader import __version__
from reader.sanitize import display_path, safe_json, visible

if TYPE_CHECKING:
    from reader.corpus import Corpus
    from reader.indexer import Progress
    from reader.models import Article

COMMANDS = {
    "parse": "list the articles found in pages (--json: all their text, as JSON)",
    "search": "rank articles for a query: Chinese, pinyin, initials, typos",
    "entities": "people, places and organisations, each under all its names",
    "mentions": "every mention of one of them, under any of its names",
    "index": "build or update the cache for pages, with progress",
    "tag": "tag names in text on stdin, one JSON line per input line",
    "cache": "where the cache is and what it holds (info), or delete it (clear)",
    "serve": "serve the reader to a web browser on this machine",
}
"""The subcommands, each with the line `reader --help` gives it."""
SUBCOMMANDS = tuple(COMMANDS)


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
    typo = _mistyped_command(argv)
    if typo:
        print(typo, file=sys.stderr)
        return 2
    if argv and argv[0] == "serve":
        from reader.serve import cmd_serve

        return cmd_serve(argv[1:])
    if argv and argv[0] in ("entities", "mentions"):
        from reader.cli_entities import cmd_entities, cmd_mentions

        return (cmd_entities if argv[0] == "entities" else cmd_mentions)(argv[1:])
    if argv and argv[0] in SUBCOMMANDS:
        command, rest = argv[0], argv[1:]
        commands = {
            "parse": cmd_parse,
            "tag": cmd_tag,
            "search": cmd_search,
            "index": cmd_index,
            "cache": cmd_cache,
        }
        return commands[command](rest)
    return cmd_open(argv)


def _mistyped_command(argv: list[str]) -> str | None:
    """What to say when the first argument is no file but looks like a subcommand (`reader pars`)."""
    if not argv or argv[0].startswith("-") or argv[0] in COMMANDS or os.path.lexists(argv[0]):
        return None
    near = difflib.get_close_matches(argv[0], SUBCOMMANDS, n=1)
    if not near:
        return None
    return f"reader: no such file or command {visible(argv[0])!r}; did you mean {near[0]!r}?"


def _parser(
    prog: str, description: str, epilog: str | None = None, usage: str | None = None
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog=epilog,
        usage=usage,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _add_paths(parser: argparse.ArgumentParser) -> None:
    # A default makes argparse treat PATH as optional, as nargs="*" says; without one
    # parse_intermixed_args calls it required whenever another positional comes first.
    parser.add_argument(
        "paths",
        nargs="*",
        default=[],
        metavar="PATH",
        help="page files, or directories to search for .txt/.md pages (default: the seed pages)",
    )


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    from reader.i18n import LANGUAGES

    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="the reader's own words in Chinese or English (default: config.toml's `language`, else the locale)",
    )


def _add_cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache", action="store_true", help="read and tag everything afresh; leave the cache alone"
    )


def _load(paths: list[str], *, tag: bool, cache: bool = True, workers: int | None = None) -> Corpus | None:
    from reader.corpus import load_corpus  # imported here: `reader` alone opens the UI without it

    bar = ProgressLine(sys.stderr, plain=False)  # on a terminal only: stderr stays quiet in pipes
    try:
        corpus = load_corpus(
            paths or None, tag=tag, cache=cache, workers=workers, on_progress=bar.update, own_heap=True
        )
    finally:
        bar.close()
    report_problems(corpus)
    if not corpus.articles:
        print("reader: nothing could be read", file=sys.stderr)
        return None
    return corpus


def report_problems(corpus: Corpus, since: tuple[int, int] = (0, 0)) -> None:
    """The corpus's problems and notices on stderr, from the `since` (problems, notices) on."""
    for notice in corpus.notices[since[1] :]:
        print(f"reader: cache: {visible(notice)}", file=sys.stderr)
    for problem in corpus.problems[since[0] :]:
        print(f"reader: {visible(str(problem))}", file=sys.stderr)


class ProgressLine:
    """Progress on stderr: a bar redrawn in place on a terminal, else (if `plain`) a line now and then.

    Nothing is drawn for work that ends within `DELAY` seconds, so warm starts stay silent.
    """

    DELAY = 0.5
    PLAIN_EVERY = 5.0

    def __init__(self, stream: TextIO, *, plain: bool) -> None:
        self.stream = stream
        try:
            self.tty = stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        self.plain = plain
        self.started = time.monotonic()
        self.last = 0.0
        self.phase = ""
        self.drawn = False

    def update(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self.started < self.DELAY:
            return
        if self.tty:
            if now - self.last < 0.1 and progress.done < progress.total:
                return
            self.last = now
            self._draw(progress)
        elif self.plain and (
            progress.phase != self.phase
            or now - self.last >= self.PLAIN_EVERY
            or progress.done == progress.total
        ):
            self.last = now
            self.phase = progress.phase
            print(f"reader: {progress.describe()}", file=self.stream, flush=True)

    def _draw(self, progress: Progress) -> None:
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns
        text = progress.describe()
        room = width - len(text) - 4
        if room >= 10:
            size = min(room, 40)
            filled = size * progress.done // max(progress.total, 1)
            text = "[" + "#" * filled + "." * (size - filled) + "] " + text
        self.stream.write("\r" + text[: width - 1].ljust(width - 1))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            import shutil

            self.stream.write("\r" + " " * (shutil.get_terminal_size((80, 24)).columns - 1) + "\r")
            self.stream.flush()
            self.drawn = False


# --- reader [PATH ...] -------------------------------------------------------------


def missing_paths(paths: list[str]) -> list[str]:
    """The paths that are not there, each said on stderr."""
    missing = [p for p in paths if not os.path.lexists(p)]
    for path in missing:
        print(f"reader: {visible(path)}: no such file or directory", file=sys.stderr)
    return missing


def _commands_help() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {line}" for name, line in COMMANDS.items()]
    return "commands (`reader COMMAND --help` for each):\n" + "\n".join(lines)


def cmd_open(argv: list[str]) -> int:
    parser = _parser(
        "reader",
        "Read Chinese newspaper pages in the terminal (without PATH: the seed pages).",
        _commands_help(),
        usage="%(prog)s [options] [PATH ...]\n       %(prog)s COMMAND [ARGS ...]",
    )
    _add_paths(parser)
    parser.add_argument(
        "--screenshot", metavar="DIR", help="save SVG screenshots of the main screens to DIR and exit"
    )
    parser.add_argument(
        "--scenes",
        default="main,search,profile,entities,help",
        help="which screenshots (main, search, profile, entities, help, overview, timeline)",
    )
    _add_language_option(parser)
    _add_cache_options(parser)
    args = parser.parse_intermixed_args(argv)
    # Pages load inside the app, after the first paint; a path that is not there is
    # refused here, where the message is seen (once the app draws, stderr is hidden).
    if missing_paths(args.paths):
        return 1
    present = list(args.paths)
    if args.screenshot:
        from reader.ui.screenshots import SCENES, take_screenshots

        scenes = [s.strip() for s in args.scenes.split(",") if s.strip()]
        unknown = [s for s in scenes if s not in SCENES]
        if unknown:
            print(
                f"reader: no such scene: {', '.join(unknown)} (known: {', '.join(SCENES)})", file=sys.stderr
            )
            return 2
        for path in take_screenshots(present, args.screenshot, scenes=scenes, language=args.lang):
            print(path)
        return 0
    # `reader serve` runs this with pipes and a driver of Textual's that draws in a browser.
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and "TEXTUAL_DRIVER" not in os.environ:
        # No terminal to draw on (a pipe, a file, a cron job): list instead of
        # pouring escape codes into it.
        print(
            "reader: not a terminal: listing the articles (`reader parse` prints them whole)", file=sys.stderr
        )
        corpus = _load(present, tag=False, cache=not args.no_cache)
        if corpus is None:
            return 1
        print_listing(corpus.articles)
        return 0
    from reader.ui.app import make_app  # only the TUI pays for Textual

    app = make_app(present or None, cache=not args.no_cache, language=args.lang)
    app.run()
    return 0


# --- reader parse ------------------------------------------------------------------


def cmd_parse(argv: list[str]) -> int:
    parser = _parser("reader parse", "Split pages into articles and print them.")
    _add_paths(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document (see README)")
    parser.add_argument("--no-tag", action="store_true", help="leave `entities` empty (faster)")
    _add_cache_options(parser)
    args = parser.parse_intermixed_args(argv)
    corpus = _load(args.paths, tag=not args.no_tag, cache=not args.no_cache)
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
            print(display_path(source))
        print(f"{article.order + 1:>3}  {visible(article.title) or '（无标题）'}")
        for line, role in zip(article.headline, article.roles, strict=True):
            if role != "title":
                print(f"     {_ROLE_NAMES[role]}: {visible(line)}")
        size = sum(len(p) for p in article.paragraphs)
        facts = [f"{len(article.paragraphs)} 段", f"{size} 字"]
        placed = article.placement.describe()
        if placed:
            facts.append(visible(placed))
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
        entities = [
            {"text": text[s.start : s.end], "type": s.type, "start": s.start, "end": s.end} for s in spans
        ]
        sys.stdout.write(safe_json({"entities": entities}) + "\n")
    return 0


# --- reader search -----------------------------------------------------------------


def cmd_search(argv: list[str]) -> int:
    parser = _parser("reader search", "Rank articles for a query (Chinese, pinyin, initials, typos).")
    parser.add_argument("query", metavar="QUERY", help="what to look for: 武进, wujin, wj, 武近 …")
    _add_paths(parser)
    parser.add_argument("--json", action="store_true", help="one JSON document (see README)")
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N articles, best first (default: 20)"
    )
    _add_cache_options(parser)
    args = parser.parse_intermixed_args(argv)
    if args.limit < 1:
        parser.error("--limit takes a number of articles, 1 or more")
    corpus = _load(args.paths, tag=True, cache=not args.no_cache)
    if corpus is None:
        return 1
    said = (len(corpus.problems), len(corpus.notices))
    hits = corpus.search(args.query, limit=args.limit)  # its index from the cache, or built and saved there
    report_problems(corpus, since=said)
    if args.json:
        results = [
            {
                "id": h.article.id,
                "headline": list(h.article.headline),
                "score": round(h.score, 3),
                "snippet": h.snippet,
            }
            for h in hits
        ]
        print(safe_json({"results": results}, indent=1))
        return 0
    if not hits:
        print(f"no match for {visible(args.query)!r}", file=sys.stderr)
        return 1
    for rank, hit in enumerate(hits, 1):
        print(
            f"{rank:>3}. {visible(hit.article.title)}  [{hit.score:.1f}]  {display_path(hit.article.source)}"
        )
        print(f"     {visible(hit.snippet)}")
    return 0


# --- reader index ------------------------------------------------------------------


def cmd_index(argv: list[str]) -> int:
    parser = _parser(
        "reader index", "Build or update the cache for pages: parse and tag what is new or changed."
    )
    _add_paths(parser)
    _add_cache_options(parser)
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="tagging processes, at most one per core (default: one per core for big corpora)",
    )
    args = parser.parse_intermixed_args(argv)
    from reader.corpus import CorpusBuilder
    from reader.indexer import index_corpus

    bar = ProgressLine(sys.stderr, plain=True)
    builder = CorpusBuilder()
    corpus = builder.corpus
    said = (0, 0)  # problems and notices printed so far: each is said as it comes
    try:
        events = index_corpus(
            args.paths or None, cache=not args.no_cache, workers=args.workers, own_heap=True
        )
        for event in events:
            builder.apply(event)
            if builder.progress is event:
                bar.update(builder.progress)
            elif said != (len(corpus.problems), len(corpus.notices)):
                bar.close()
                report_problems(corpus, since=said)
                said = (len(corpus.problems), len(corpus.notices))
    finally:
        bar.close()
    finished = builder.finished
    if finished is None or not builder.corpus.articles:
        print("reader: nothing could be read", file=sys.stderr)
        return 1
    processes = f" by {_count(finished.workers, 'worker process', 'worker processes')}"
    print(
        f"{_count(finished.articles, 'article')} in {_count(finished.files, 'file')}: "
        f"{finished.cached:,} from the cache, {finished.parsed:,} read, {finished.tagged:,} tagged"
        f"{processes if finished.workers else ''}, in {finished.seconds:.1f}s"
    )
    return 0


# --- reader cache ------------------------------------------------------------------


def cmd_cache(argv: list[str]) -> int:
    parser = _parser("reader cache", "Where the cache is and what it holds (info), or delete it (clear).")
    parser.add_argument(
        "action", choices=("info", "clear"), help="info: where, how big, what it holds; clear: delete it"
    )
    parser.add_argument("--json", action="store_true", help="info as one JSON object")
    args = parser.parse_args(argv)
    from reader.cache import store

    if args.action == "clear":
        freed, removed, problems = store.clear()
        for problem in problems:
            print(f"reader: {visible(problem)}", file=sys.stderr)
        where = display_path(str(store.cache_file()))
        print(f"removed {where} ({_size(freed)})" if removed else f"no cache at {where}")
        return 1 if problems else 0
    info = store.info()
    if args.json:
        print(
            safe_json(
                {
                    "path": str(info.path),
                    "exists": info.exists,
                    "bytes": info.bytes,
                    "files": info.files,
                    "articles": info.articles,
                    "tagged_files": info.tagged_files,
                    "corpora": info.corpora,
                    "error": info.error,
                }
            )
        )
        return 0
    print(f"cache: {visible(str(info.path))}")
    if not info.exists:
        print("empty (nothing cached yet; `reader index PATH` builds it)")
        return 0
    print(f"size: {_size(info.bytes)}")
    if info.error:
        print(
            f"unreadable: {visible(info.error)} "
            "(`reader cache clear` removes it; it is rebuilt on the next run)"
        )
        return 0
    print(
        f"pages: {info.files:,} ({info.tagged_files:,} tagged) · articles: {info.articles:,}"
        f" · corpora: {info.corpora:,}"
    )
    return 0


def _count(number: int, noun: str, plural: str | None = None) -> str:
    """`1 file`, `2 files`, `1,200 articles`."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def _size(count: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:,} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000  # type: ignore[assignment]
    return f"{count} bytes"
