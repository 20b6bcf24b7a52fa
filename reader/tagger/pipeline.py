"""One text block → spans: the model, then the local-news rules, then the user's dictionary.

Consistency across blocks (a document, an article, the corpus) is the
caller's: see `reader.tagging`.  Each layer can be switched off
(`Pipeline.layers`) to measure what it adds: `python -m reader.bench tagging`
does, on the dev slice and the out-of-domain set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from reader.models import EntityType, Span
from reader.tagger import namelist, rules
from reader.tagger.consistency import NameMatcher, apply, lone_surnames, people_surnames, strong_names
from reader.tagger.model import Model
from reader.tagger.segment import Segmenter, Tagged
from reader.tagger.userdict import UserDict

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+[”’」』）)]*")
_CUT_CACHE = 65536
_MAX_CHUNK = 400
"""The model reads sentences; a longer stretch is cut at a comma or, failing that, anywhere."""


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering `text` in order, cut after sentence ends."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield from _bounded(text, start, match.end())
        start = match.end()
    if start < len(text):
        yield from _bounded(text, start, len(text))


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    while end - start > _MAX_CHUNK:
        cut = max(text.rfind(c, start, start + _MAX_CHUNK) for c in "，,、 ")
        cut = cut + 1 if cut > start else start + _MAX_CHUNK
        yield start, text[start:cut]
        start = cut
    if end > start:
        yield start, text[start:end]


LAYERS = frozenset(("namelist", "rules", "consistency", "userdict"))
"""What runs on top of the model: unseparated name lists, the local-news rules, the consistency
pass (strong names carried to their other mentions) and the user's dictionary."""


class Pipeline:
    """The per-block tagger; thread-safe (nothing in it changes after loading)."""

    def __init__(self, user: UserDict, model_path: Path | None = None) -> None:
        self.layers = LAYERS
        """The layers that run (all, unless a benchmark switches some off)."""
        self.user = user
        self.segmenter = Segmenter(user.words)
        self.model = Model(model_path) if model_path is not None else Model()
        self._user_matcher = NameMatcher(dict(user.types))
        self._cuts: dict[str, Tagged] = {}

    def cut(self, text: str) -> Tagged:
        """jieba's cut of `text`, remembered (the rules ask for the same block and words again and again)."""
        found = self._cuts.get(text)
        if found is None:
            found = self.segmenter.tag(text)
            self._remember(text, found)
        return found

    def _remember(self, text: str, cut: Tagged) -> None:
        if len(self._cuts) >= _CUT_CACHE:
            self._cuts.clear()  # bounded; a dict, not lru_cache, so `analyse` can put in what it cut
        self._cuts[text] = cut

    def has_word(self, word: str) -> bool:
        return self.segmenter.has_word(word)

    def analyse(self, text: str) -> tuple[list[Span], list[int]]:
        """Model and rules on one block: its spans (sorted, non-overlapping), and where the
        segmenter's words start (offsets into `text`, ascending)."""
        return self.analyse_many([text])[0]

    def analyse_many(self, texts: Sequence[str]) -> list[tuple[list[Span], list[int]]]:
        """`analyse` for each of several blocks (an article's), with one model run for all of them.

        The model costs a fixed amount per run on top of its cost per
        character, and an article's headline lines and byline are short: run
        one at a time, they cost the neural model more than their text does.
        """
        blocks: list[tuple[str, list[tuple[int, str]], list[int]]] = []
        batch: list[tuple[str, Tagged]] = []
        for text in texts:
            pieces = list(chunks(text))
            cuts = [self.segmenter.tag(piece) for _, piece in pieces]
            # The rules cut the whole block: the pieces' cuts joined are that cut (jieba cuts at
            # punctuation, where pieces end), save in one block in a thousand, which the rules survive.
            self._remember(text, [word for tagged in cuts for word in tagged])
            starts: list[int] = []
            for (offset, _), tagged in zip(pieces, cuts, strict=True):
                for word, _pos in tagged:
                    starts.append(offset)
                    offset += len(word)
            blocks.append((text, pieces, starts))
            batch += [(piece, tagged) for (_, piece), tagged in zip(pieces, cuts, strict=True)]
        decoded = self.model.spans_of(batch)
        results: list[tuple[list[Span], list[int]]] = []
        at = 0
        for text, pieces, starts in blocks:
            found = [
                Span(s.type, s.start + offset, s.end + offset)
                for (offset, _), spans in zip(pieces, decoded[at : at + len(pieces)], strict=True)
                for s in spans
            ]
            at += len(pieces)
            results.append((self._rules(text, found), starts))
        return results

    def _rules(self, text: str, found: list[Span]) -> list[Span]:
        """Name lists and the local-news rules on the model's spans of one block."""
        layers = self.layers
        lists: list[namelist.NameList] = []
        if self.model.names is not None and "namelist" in layers:
            lists = namelist.find(text, self.model.names)
            if lists:
                found = namelist.apply(found, lists)
        if "rules" not in layers:
            return found
        found = self._local_rules(text, found)
        return namelist.apply(found, lists) if lists else found  # a list's people stand (`秘书长王选委员`)

    def _local_rules(self, text: str, found: list[Span]) -> list[Span]:
        found = rules.trim_organisations(text, rules.clean(text, found), self.cut)
        found = rules.organisations_by_role(text, found)
        found = rules.complete_organisations(text, found, self.cut)
        found = rules.organisations_of_places(text, found, self.cut)
        found = rules.no_bare_heads(text, rules.honours(text, found, self.cut))
        people = rules.byline_names(text) + rules.title_names(text, self.has_word, self.cut)
        people += rules.names_before_titles(text, self.cut)
        found = rules.overlay(found, rules.admit_people(text, people, found))
        found = rules.overlay(found, rules.local_offices(text, self.has_word, self.cut))
        listed = rules.list_names(text, found, self.has_word, self.cut)
        return rules.overlay(found, rules.admit_people(text, listed, found))

    def finish(self, text: str, spans: list[Span]) -> list[Span]:
        """The user's dictionary last: typed words win, `never` words go."""
        if "userdict" not in self.layers:
            return spans
        if self._user_matcher:
            spans = rules.overlay(spans, self._user_matcher.find(text))
        if self.user.never:
            spans = [s for s in spans if text[s.start : s.end] not in self.user.never]
        return spans

    def strong_names(self, text: str, spans: list[Span]) -> dict[str, EntityType]:
        """The names `text`'s strong contexts vouch for (see `reader.tagger.consistency`)."""
        if "consistency" not in self.layers:
            return {}
        return strong_names(text, spans, self.cut, self.has_word)

    def propagate(self, text: str, spans: list[Span], matcher: NameMatcher) -> list[Span]:
        return apply(text, spans, matcher, self.cut, self.has_word)

    def surnames(self, blocks: Iterable[tuple[str, list[Span]]]) -> frozenset[str]:
        """The surnames of the people an article's blocks name in full (see `lone_surnames`)."""
        if "consistency" not in self.layers:
            return frozenset()
        return people_surnames(blocks)

    def lone_surnames(self, text: str, spans: list[Span], surnames: frozenset[str]) -> list[Span]:
        return lone_surnames(text, spans, surnames, self.cut)
