"""Every headline line of the indexed articles, folded, end to end: a term scored in many at once.

A broad term leaves a few hundred candidates whose headlines hold it, and
ranking needs each one's headline bonus (`rank.bonus`: a whole word, at the
start of the line, its share of the line, on the title line), a few
microseconds an article in Python.  Here the lines are one folded string,
with where jieba's words start (`reader.search.words`) as one flag a
character, so the term is found in each candidate's lines with `str.find`
and the bonuses are reckoned by numpy: the same numbers, summed in the same
order, so equal scores stay equal.  Articles without word starts (not tagged
yet) and articles added since the last segment are left to `rank.bonus`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.models import Article
from reader.search.fold import fold

if TYPE_CHECKING:
    import numpy as np

    from reader.search.postings import Arrays

SEP = "\x00"
"""Ends each line; folding makes a NUL in the text a space, so no term holds it."""

Scores = tuple["np.ndarray", "np.ndarray", "np.ndarray", "np.ndarray", "np.ndarray"]
"""(articles, bonus, line, start, end): per article scored, its best headline match."""


class Headlines:
    """The folded headline lines of articles 0 … `size` - 1, with per line and per character
    what the headline bonus reads."""

    def __init__(self) -> None:
        import numpy as np

        self.text = ""
        self.size = 0
        empty = np.zeros(0, dtype=np.int64)
        self.first = np.zeros(1, dtype=np.int64)
        """Per article, its first line (and one past the last article's)."""
        self.starts = empty
        """Per line, where it starts in `text`; its length is up to the next `SEP`."""
        self.title = np.zeros(0, dtype=bool)
        """Per line, whether it is the title (role "title")."""
        self.words = np.zeros(0, dtype=bool)
        """Per character of `text`, whether a word starts there."""
        self.tagged = np.zeros(0, dtype=bool)
        """Per article, whether it has word starts (else `rank.bonus` cuts them on the spot)."""
        self._codes = np.zeros(0, dtype=np.uint32)
        """The code points of `text`, as far as worked out (`codes`)."""
        self._starters: dict[str, tuple[int, np.ndarray]] = {}
        """Per letter, how far into `text` and where there its readers are (`starters`)."""
        self._sizes = np.zeros(0, dtype=np.int64)
        """The lengths of the lines, as far as worked out (`line_sizes`)."""

    def extend(self, articles: Sequence[Article]) -> None:
        """Add the next articles' lines."""
        import numpy as np

        parts: list[str] = []
        starts: list[int] = []
        title: list[bool] = []
        counts: list[int] = []
        words: list[np.ndarray] = []
        tagged: list[bool] = []
        at = len(self.text)
        for article in articles:
            lines = article.headline
            counts.append(len(lines))
            total = sum(map(len, lines))
            tagged.append(bool(article.words))
            bits = np.zeros(total, dtype=bool)
            if article.words:
                unpacked = np.unpackbits(np.frombuffer(article.words, dtype=np.uint8), bitorder="little")
                bits[: min(total, len(unpacked))] = unpacked[:total].view(bool)
            offset = 0
            roles = article.roles
            for line, text in enumerate(lines):
                starts.append(at)
                title.append(line < len(roles) and roles[line] == "title")
                parts.append(fold(text))
                parts.append(SEP)
                words.append(bits[offset : offset + len(text)])
                words.append(np.zeros(1, dtype=bool))
                offset += len(text)
                at += len(text) + 1
        added = "".join(parts)
        if len(self._codes) == len(self.text):  # (kept up to date once worked out)
            more = np.frombuffer(added.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            self._codes = np.concatenate((self._codes, more))
        self.text += added
        self.size += len(articles)
        more = np.cumsum(counts, dtype=np.int64) + self.first[-1]
        self.first = np.concatenate((self.first, more))
        self.starts = np.concatenate((self.starts, np.array(starts, dtype=np.int64)))
        self.title = np.concatenate((self.title, np.array(title, dtype=bool)))
        self.words = np.concatenate((self.words, *words))
        self.tagged = np.concatenate((self.tagged, np.array(tagged, dtype=bool)))

    def codes(self) -> np.ndarray:
        """The code point of every character of `text` (worked out on first use, and for
        added text): terms are found by comparing them, and pinyin read through them."""
        import numpy as np

        if len(self._codes) < len(self.text):
            more = self.text[len(self._codes) :].encode("utf-32-le", "surrogatepass")
            self._codes = np.concatenate((self._codes, np.frombuffer(more, dtype=np.uint32)))
        return self._codes

    def line_sizes(self) -> np.ndarray:
        """Per line, its length (worked out on first use, and for added lines: a line's does
        not change when more are added after it)."""
        import numpy as np

        starts = self.starts  # (the text grows before the lines do, and a line ends at its SEP)
        if len(self._sizes) < len(starts):
            new = starts[len(self._sizes) :]
            last = int(new[-1])
            ends = np.append(new[1:] - 1, self.text.index(SEP, last))
            self._sizes = np.concatenate((self._sizes, ends - new))
        return self._sizes

    def starters(self, letter: str) -> np.ndarray:
        """Where in `text` the characters are that have a reading starting with `letter` (or
        are that letter or digit): where a pinyin match can start.  Worked out per letter on
        first use, and for added text."""
        import numpy as np

        from reader.search.pinyin_lines import readings

        codes = self.codes()
        done, found = self._starters.get(letter, (0, np.zeros(0, dtype=np.int32)))
        if done < len(codes):
            table = readings()
            more = np.flatnonzero(table.starting(letter)[table.sets_at(codes[done:])]) + done
            found = np.concatenate((found, more.astype(np.int32)))
            self._starters[letter] = (len(codes), found)
        return found

    def article_spans(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each article's lines run in `text`: [lo, hi), each line with its `SEP`."""
        import numpy as np

        starts, end = self.starts, len(self.text)
        if not len(starts):
            zero = np.zeros(len(docs), dtype=np.int64)
            return zero, zero
        lines = self.first[docs]
        lo = np.where(lines < len(starts), starts[np.minimum(lines, len(starts) - 1)], end)
        nexts = self.first[docs + 1]
        hi = np.where(nexts < len(starts), starts[np.minimum(nexts, len(starts) - 1)], end)
        return lo, hi

    def covers(self, docs: np.ndarray) -> np.ndarray:
        """Per article of `docs`, whether `score` can score it."""
        inside = docs < self.size
        out = inside.copy()
        out[inside] = self.tagged[docs[inside]]
        return out

    def score(self, folded: str, docs: Sequence[int]) -> Scores:
        """For each of `docs` (all covered) whose headline holds `folded`, the best of
        `4·(whole word) + 2·(starts the line) + 3·(share of the line) + (the title line)` over
        the first three matches of each line, the first best in reading order (`rank.bonus`).
        """
        import numpy as np

        m = len(folded)
        starts = self.starts
        if not len(starts) or not len(docs):
            none = np.zeros(0, dtype=np.int64)
            return none, none.astype(np.float64), none, none, none
        los, his = self.article_spans(np.asarray(docs, dtype=np.int64))
        pos = self._find(folded, los, his)
        line = np.searchsorted(starts, pos, side="right") - 1
        keep = first_three(line)
        if keep is not None:
            pos, line = pos[keep], line[keep]
        start = pos - starts[line]
        size = self.line_sizes()[line]
        end = start + m
        words = self.words
        whole = ((start == 0) | words[pos]) & ((end == size) | words[np.minimum(pos + m, len(words) - 1)])
        bonus = (4 * whole.astype(np.int64) + 2 * (start == 0)) + (3 * m) / size + self.title[line]
        doc: np.ndarray = np.searchsorted(self.first, line, side="right") - 1
        order = np.lexsort((pos, -bonus, doc))
        if len(order):
            order = order[np.concatenate(([True], doc[order][1:] != doc[order][:-1]))]
        return doc[order], bonus[order], line[order] - self.first[doc[order]], start[order], end[order]

    def _find(self, folded: str, los: np.ndarray, his: np.ndarray) -> np.ndarray:
        """Where `folded` occurs in `text[lo:hi]` for each (lo, hi), in order, as repeated
        `str.find` from the end of the last occurrence finds it (no overlaps)."""
        import numpy as np

        text, m = self.text, len(folded)
        if m > 8 or not len(los):  # (long terms are rare, and found at once anyway)
            found: list[int] = []
            for lo, hi in zip(los.tolist(), his.tolist(), strict=True):
                i = text.find(folded, lo, hi)
                while i >= 0:
                    found.append(i)
                    i = text.find(folded, i + m, hi)
            return np.array(found, dtype=np.int64)
        codes = self.codes()
        room = np.maximum(his - los - m + 1, 0)
        row = np.repeat(np.arange(len(los)), room)
        pos: np.ndarray = np.arange(len(row)) - np.repeat(np.cumsum(room) - room, room) + los[row]
        for k, ch in enumerate(folded):  # narrowed character by character
            hit = codes[pos + k] == ord(ch)
            pos, row = pos[hit], row[hit]
        if len(pos) > 1 and any(folded[:k] == folded[-k:] for k in range(1, m)):
            kept: list[int] = []  # a term that can overlap itself: drop overlaps, left to right
            after, last = -1, -1
            for i, r in zip(pos.tolist(), row.tolist(), strict=True):
                if i >= after or r != last:
                    kept.append(i)
                    after, last = i + m, r
            pos = np.array(kept, dtype=np.int64)
        return pos

    @property
    def nbytes(self) -> int:
        arrays = (self.first, self.starts, self.title, self.words, self.tagged, self._codes, self._sizes)
        starters = sum(int(found.nbytes) for _, found in self._starters.values())
        return len(self.text) * 2 + sum(int(a.nbytes) for a in arrays) + starters

    def save(self, out: Arrays, prefix: str) -> None:
        import numpy as np

        out[f"{prefix}.text"] = np.frombuffer(self.text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
        for name in ("first", "starts", "title", "words", "tagged"):
            out[f"{prefix}.{name}"] = getattr(self, name)

    @classmethod
    def load(cls, arrays: Arrays, prefix: str, documents: int) -> Headlines:
        """Lines `save` wrote, over `documents` articles; SavedError if they are not that."""
        import numpy as np

        from reader.search.saved import check, take, text

        table = cls()
        table.text = text(arrays, f"{prefix}.text")
        table.first = take(arrays, f"{prefix}.first", np.int64, 1)
        table.starts = take(arrays, f"{prefix}.starts", np.int64, 1)
        table.title = take(arrays, f"{prefix}.title", np.bool_, 1)
        table.words = take(arrays, f"{prefix}.words", np.bool_, 1)
        table.tagged = take(arrays, f"{prefix}.tagged", np.bool_, 1)
        table.size = documents
        check(len(table.first) == documents + 1 and len(table.tagged) == documents, "headline articles")
        check(int(table.first[-1]) == len(table.starts) == len(table.title), "headline lines")
        check(len(table.words) == len(table.text), "headline words")
        check(bool(np.all(np.diff(table.first) >= 0)) and bool(np.all(np.diff(table.starts) > 0)), "order")
        check(
            not len(table.starts) or 0 <= int(table.starts[0]) and int(table.starts[-1]) < len(table.text),
            "lines",
        )
        return table


def first_three(line: np.ndarray) -> np.ndarray | None:
    """Which of some matches, in text order by `line`, are among the first three of their line
    (what `rank.bonus` looks at); None when every one is."""
    import numpy as np

    if len(line) < 4 or not (line[3:] == line[:-3]).any():
        return None
    begins = np.flatnonzero(np.concatenate(([True], line[1:] != line[:-1])))
    rank = np.arange(len(line)) - np.repeat(begins, np.diff(np.append(begins, len(line))))
    keep: np.ndarray = rank < 3
    return keep
