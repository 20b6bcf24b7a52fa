"""Synthetic newspaper pages of real text, for the large-corpus benchmark.

    from reader.bench.synth import write_corpus
    write_corpus(directory, articles=10_000)

Sentences come from MSRA's annotated People's Daily text
(`../shared/data/msra_train.bmes.gz`, see `reader.tagger.msra`); people's
names marked in it sign the bylines.  Each file is one page of about eight
articles laid out like the seed page: `## ` headline blocks (some as
hard-break groups instead), an optional subtitle, a `本报讯(记者 …)` byline
opening the first paragraph, paragraphs of about 250 characters of which
some are broken mid-sentence by a column end.  The same seed gives the same
pages, byte for byte.
"""

from __future__ import annotations

import gzip
import random
from dataclasses import dataclass
from pathlib import Path

ARTICLES_PER_PAGE = 8
ARTICLE_CHARS = 1_000
PARAGRAPH_CHARS = 250
_ENDS = "。！？"
_PUNCT = set("，。、；：！？“”‘’（）《》——…,.;:!?()「」『』 ")


@dataclass(frozen=True, slots=True)
class Source:
    sentences: list[str]
    names: list[str]


def load_source(path: Path | None = None) -> Source:
    """Sentences and the two- or three-character people's names marked in them."""
    if path is None:
        from reader.tagger import msra

        path = msra.default_path()
    sentences: list[str] = []
    names: set[str] = set()
    chars: list[str] = []
    tags: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line:
                char, _, tag = line.partition("\t")
                chars.append(char or " ")
                tags.append(tag or "O")
                continue
            if not chars:
                continue
            sentences.append("".join(chars).strip())
            name = ""
            for char, tag in zip(chars, tags, strict=True):
                if tag.endswith("PER"):
                    name += char
                    if tag[0] in "ES":
                        if 2 <= len(name) <= 3:
                            names.add(name)
                        name = ""
                else:
                    name = ""
            chars, tags = [], []
    return Source([s for s in sentences if s], sorted(names))


class _Writer:
    def __init__(self, source: Source, seed: int) -> None:
        self.source = source
        self.random = random.Random(seed)
        self.cursor = self.random.randrange(len(source.sentences))

    def _sentence(self) -> str:
        sentences = self.source.sentences
        # Walk the text in order (it reads like news), jumping now and then.
        if self.random.random() < 0.05:
            self.cursor = self.random.randrange(len(sentences))
        self.cursor = (self.cursor + 1) % len(sentences)
        return sentences[self.cursor]

    def _headline(self, low: int, high: int) -> str:
        for _ in range(20):
            text = "".join(c for c in self._sentence() if c not in _PUNCT)
            if len(text) >= low:
                return text[: self.random.randint(low, high)]
        return "新闻"

    def _paragraph(self, size: int) -> str:
        parts: list[str] = []
        length = 0
        while length < size:
            sentence = self._sentence()
            if sentence[-1] not in _ENDS:
                sentence += "。"
            parts.append(sentence)
            length += len(sentence)
        return "".join(parts)

    def article(self) -> str:
        r = self.random
        lines: list[str] = []
        title = self._headline(8, 22)
        if r.random() < 0.7:
            lines.append(f"## {title}")
            if r.random() < 0.4:
                lines.append(f"## {self._headline(8, 18)}")
        else:  # kicker, title and subtitle joined by Markdown hard breaks
            lines.append(f"{self._headline(6, 14)}  \n{title}  \n{self._headline(8, 18)}")
        reporters = "、".join(r.sample(self.source.names, r.choice((1, 1, 2))))
        body: list[str] = []
        total = 0
        while total < ARTICLE_CHARS:
            paragraph = self._paragraph(r.randint(PARAGRAPH_CHARS // 2, PARAGRAPH_CHARS * 3 // 2))
            total += len(paragraph)
            if not body:
                paragraph = f"本报讯(记者 {reporters}){paragraph}"
            cut = r.randrange(10, len(paragraph) - 10)
            if (
                r.random() < 0.3
                and paragraph[cut - 1] not in _PUNCT
                and "\u4e00" <= paragraph[cut - 1] <= "\u9fff"
            ):
                body.append(paragraph[:cut])  # a column end, mid-sentence
                body.append(paragraph[cut:])
            else:
                body.append(paragraph)
        return "\n\n".join(lines + body)

    def page(self, articles: int) -> str:
        return "\n\n".join(self.article() for _ in range(articles)) + "\n"


def write_corpus(
    directory: Path,
    articles: int,
    *,
    seed: int = 7,
    source: Source | None = None,
    per_page: int = ARTICLES_PER_PAGE,
    per_directory: int = 250,
) -> list[Path]:
    """Write pages holding `articles` articles under `directory`; returns the files, in order.

    Pages go into subdirectories of `per_directory` files (an archive by
    month, say), named so that natural order is page order.
    """
    writer = _Writer(source or load_source(), seed)
    files: list[Path] = []
    left = articles
    number = 0
    while left > 0:
        count = min(per_page, left)
        folder = directory / f"{number // per_directory:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"page_{number:06d}.txt"
        path.write_text(writer.page(count), encoding="utf-8")
        files.append(path)
        left -= count
        number += 1
    return files


SECTIONS = ("要闻", "综合", "经济", "社会", "文化", "体育", "专版", "副刊")


def write_archive(
    directory: Path,
    *,
    start: str = "2024-05-01",
    days: int = 92,
    pages: int = 4,
    articles: int = 3,
    paper: str = "武进日报",
    seed: int = 11,
    source: Source | None = None,
) -> list[Path]:
    """A paper's archive as people keep one: `PAPER/YYYY-MM-DD/NN.txt`, a page per file, each
    opening with its masthead (`武进日报 2024年7月30日 星期二 第3版 综合`); no issue on Sundays."""
    import datetime

    writer = _Writer(source or load_source(), seed)
    first = datetime.date.fromisoformat(start)
    weekdays = "一二三四五六日"
    files: list[Path] = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        if day.weekday() == 6:
            continue
        folder = directory / paper / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(1, pages + 1):
            masthead = (
                f"{paper}　{day.year}年{day.month}月{day.day}日　星期{weekdays[day.weekday()]}"
                f"　第{number}版　{SECTIONS[(number - 1) % len(SECTIONS)]}"
            )
            path = folder / f"{number:02d}.txt"
            path.write_text(masthead + "\n\n" + writer.page(articles), encoding="utf-8")
            files.append(path)
    return files
