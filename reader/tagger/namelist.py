"""Lists of people written without separators: `治丧委员会名单：江泽民李鹏乔石李瑞环…`.

Print separates such names with spaces or nothing at all, and once the
spaces are gone a model reads the run as one long name, or as words.  Here
a run of Chinese characters is cut into names by dynamic programming under
a small generative model of Chinese names (`NameShape`): a surname (single
or compound, from `lexicon.SURNAMES` and `COMPOUND_SURNAMES`), then one or
two given characters, each with its probability in names.  A character no
name can start (the remains of a name cut by a line break) may be skipped,
at a price.  The stretch of names is a list when it explains its characters
much better than ordinary text does (log-likelihood ratio per character),
more leniently right after a word that announces people (`名单`, `委员`,
`出席的有` …, `TRIGGERS`), and it ends at a word that closes a list (`等`).

The probabilities are counted from the names and text of the training
slice (`NameShape.count`, stored with the neural model): character
statistics of names, not names.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from reader.models import Span
from reader.tagger.lexicon import COMPOUND_SURNAMES, LIST_TAILS, SURNAMES

TRIGGERS = (
    "名单如下", "名单", "委员", "常委", "成员", "主席团", "出席会议的有", "出席的有", "参加会议的有",
    "参加的有", "出席会议的还有", "出席的还有", "获奖者", "他们是", "分别是", "当选", "人员有", "名誉主席",
    "组成人员",
)  # fmt: skip
"""Words after which a run of names is a list (a colon may follow)."""

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LONG_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{8,}")
_TRIGGER_RE = re.compile("|".join(sorted(map(re.escape, TRIGGERS), key=len, reverse=True)))
_COLONS = "：:　 "
_TAIL_RE = re.compile("|".join(map(re.escape, LIST_TAILS)))

SKIP = math.log(1e-7)
"""Log-probability of a skipped character (one no name explains)."""
MIN_GAIN = 2.0
"""Log-likelihood ratio per character (names against ordinary text) a list must reach …"""
MIN_GAIN_TRIGGERED = 1.0
"""… or, right after a trigger word, this."""
MIN_NAMES = 4
"""Names a list needs without a trigger word (with one: two)."""
MIN_SURNAMES = 0.4
"""Share of a run's characters that must be surnames for it to be parsed without a trigger word: lists
have about one in two or three, ordinary text one in eight (this skips 98% of runs, and the parse)."""


@dataclass(frozen=True, slots=True)
class NameList:
    """One list found: where it runs in the text, and its people."""

    start: int
    end: int
    people: list[Span]


class NameShape:
    """Log-probabilities of surnames, given-name characters and given-name lengths, and of text characters."""

    def __init__(
        self,
        keys: list[str],
        surname: npt.NDArray[np.int64],
        given: npt.NDArray[np.int64],
        text: npt.NDArray[np.int64],
        lengths: npt.NDArray[np.int64],
    ) -> None:
        """Counts per key (a character, or a compound surname): as a surname, in given names, in all text;
        and how many given names had one character and two."""
        if not (len(keys) == len(surname) == len(given) == len(text)) or lengths.shape != (2,):
            raise ValueError("name statistics of different lengths")
        self.keys = keys
        self._counts = (surname, given, text, lengths)
        vocabulary = len(keys) + 1000  # room for characters never counted
        surnames = (*SURNAMES, *COMPOUND_SURNAMES)
        total_surname = int(surname.sum()) + len(surnames)
        total_given = int(given.sum()) + 0.5 * vocabulary
        total_text = int(text.sum()) + vocabulary
        self.surname = {s: math.log(1 / total_surname) for s in surnames}
        """Only the tables' surnames start a name; the counts say how often."""
        self.given: dict[str, float] = {}
        self.text: dict[str, float] = {}
        for key, s, g, t in zip(keys, surname.tolist(), given.tolist(), text.tolist(), strict=True):
            if key in self.surname:
                self.surname[key] = math.log((s + 1) / total_surname)
            if g:
                self.given[key] = math.log((g + 0.5) / total_given)
            if t:
                self.text[key] = math.log((t + 1) / total_text)
        self.given_unknown = math.log(0.5 / total_given)
        self.text_unknown = math.log(1 / total_text)
        both = int(lengths.sum()) + 2
        self.length = (math.log((int(lengths[0]) + 1) / both), math.log((int(lengths[1]) + 1) / both))

    @classmethod
    def count(cls, names: Iterable[str], texts: Iterable[str]) -> NameShape:
        """From people's names (as annotated) and the text they came from; only Chinese-shaped names count."""
        surname: Counter[str] = Counter()
        given: Counter[str] = Counter()
        lengths = [0, 0]
        for name in names:
            head = 2 if name[:2] in COMPOUND_SURNAMES else 1 if name[:1] in SURNAMES else 0
            if head and 1 <= len(name) - head <= 2 and _RUN.fullmatch(name):
                surname[name[:head]] += 1
                given.update(name[head:])
                lengths[len(name) - head - 1] += 1
        text: Counter[str] = Counter()
        for t in texts:
            text.update(t)
        keys = sorted(set(text) | set(given) | set(surname))

        def column(counter: Counter[str]) -> npt.NDArray[np.int64]:
            return np.array([counter[k] for k in keys], dtype=np.int64)

        return cls(keys, column(surname), column(given), column(text), np.array(lengths, dtype=np.int64))

    def arrays(self, prefix: str = "names_") -> dict[str, npt.NDArray[np.generic]]:
        surname, given, text, lengths = self._counts
        return {
            f"{prefix}keys": np.array("\n".join(self.keys)),
            f"{prefix}surname": surname,
            f"{prefix}given": given,
            f"{prefix}text": text,
            f"{prefix}lengths": lengths,
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str = "names_") -> NameShape:
        get = data.__getitem__  # an NpzFile or a dict
        return cls(
            str(get(f"{prefix}keys")).split("\n"),
            *(np.asarray(get(prefix + n), dtype=np.int64) for n in ("surname", "given", "text", "lengths")),
        )

    # --- scoring ------------------------------------------------------------------------

    def names_at(self, text: str, at: int, end: int) -> list[tuple[int, float]]:
        """(length, log-probability) of each name that could start at `at` and end by `end`."""
        out: list[tuple[int, float]] = []
        for head in (2, 1):
            logp = self.surname.get(text[at : at + head]) if at + head <= end else None
            if logp is None:
                continue
            for size in (1, 2):
                stop = at + head + size
                if stop > end:
                    break
                logp += self.given.get(text[stop - 1], self.given_unknown)
                out.append((head + size, logp + self.length[size - 1]))
        return out

    def background(self, chars: str) -> float:
        return sum(self.text.get(c, self.text_unknown) for c in chars)


def find(text: str, shape: NameShape) -> list[NameList]:
    """The unseparated lists of people in `text`."""
    found: list[NameList] = []
    # After a trigger word (and a colon, if any): the run of Chinese characters that follows.
    cuts: list[int] = []  # where triggers start: an untriggered run stops there
    parsed: set[int] = set()  # where the runs after a trigger start: parsed already
    for trigger in _TRIGGER_RE.finditer(text):
        cuts.append(trigger.start())
        start = trigger.end()
        while start < len(text) and text[start] in _COLONS:
            start += 1
        run = _RUN.match(text, start)
        if run is not None and start not in parsed:
            parsed.add(start)
            found += _parse(text, start, run.end(), True, shape)
    # Elsewhere: long runs, dense in surnames.
    is_surname = SURNAMES.__contains__
    for run in _LONG_RUN.finditer(text):
        start, end = run.span()
        if start in parsed:
            continue
        for cut in cuts:
            if start <= cut < end:
                end = cut
                break
        size = end - start
        surnames = sum(map(is_surname, text[start:end]))
        if size >= 2 * MIN_NAMES and surnames >= MIN_SURNAMES * size:
            found += _parse(text, start, end, False, shape)
    found.sort(key=lambda found_list: found_list.start)
    return found


def _parse(text: str, start: int, end: int, triggered: bool, shape: NameShape) -> list[NameList]:
    """The most likely cut of text[start:end] into names and skipped characters; its lists.

    A word that closes a list (`等`, `参加` …, `LIST_TAILS`) ends the run first:
    `陈红梅周立新吴海燕参加了视察` is three names, not `吴海` and `燕参加`.
    """
    tail = _TAIL_RE.search(text, start + 4, end)
    if tail is not None:
        end = tail.start()
    n = end - start
    if n < 4:
        return []
    best = [-math.inf] * (n + 1)
    back: list[tuple[int, bool]] = [(0, False)] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == -math.inf:
            continue
        if best[i] + SKIP > best[i + 1]:
            best[i + 1], back[i + 1] = best[i] + SKIP, (i, False)
        for length, logp in shape.names_at(text, start + i, end):
            if best[i] + logp > best[i + length]:
                best[i + length], back[i + length] = best[i] + logp, (i, True)
    pieces: list[tuple[int, int, bool]] = []
    j = n
    while j > 0:
        i, is_name = back[j]
        pieces.append((i, j, is_name))
        j = i
    pieces.reverse()
    lists: list[NameList] = []
    stretch: list[tuple[int, int, float]] = []
    for i, j, is_name in [*pieces, (n, n, False)]:
        if is_name and not text[start + i : end].startswith(LIST_TAILS):
            stretch.append((i, j, best[j] - best[i]))
            continue
        if stretch:
            lists += _accept(text, start, stretch, triggered, shape)
            stretch = []
        triggered = False  # only the stretch right after the trigger word
    return lists


def _accept(
    text: str, start: int, names: list[tuple[int, int, float]], triggered: bool, shape: NameShape
) -> list[NameList]:
    first, last = start + names[0][0], start + names[-1][1]
    if len(names) < (2 if triggered else MIN_NAMES) or last - first < 5:
        return []  # a list of two names of two characters (`皮尔|庞特`) is more likely one name
    gain = sum(logp for _, _, logp in names) - shape.background(text[first:last])
    if gain / (last - first) < (MIN_GAIN_TRIGGERED if triggered else MIN_GAIN):
        return []
    people = [Span("PER", start + i, start + j) for i, j, _ in names]
    return [NameList(first, last, people)]


def apply(spans: list[Span], lists: list[NameList]) -> list[Span]:
    """`spans` (sorted, disjoint) with the lists' people instead of whatever overlapped each list."""
    kept = [s for s in spans if not any(s.start < found.end and found.start < s.end for found in lists)]
    kept += [person for found in lists for person in found.people]
    return sorted(kept, key=lambda s: s.start)
