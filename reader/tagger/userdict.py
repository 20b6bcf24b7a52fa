"""The user's dictionary: names to add, retype or never tag.

A plain UTF-8 file, `userdict.txt` in the config directory (see
`reader.paths`; `$READER_USER_DICT` names another file).  One entry a line,
jieba's user-dictionary format, `word [freq] [tag]`:

    # a comment; blank lines are fine
    恽淇丞 nr            a person (nr, nrfg, nrt or PER)
    西园路 ns            a place (ns or LOC)
    洛凯机电 10 nt       an organisation (nt or ORG), with a jieba frequency
    高导 5 n             any other jieba tag, or none: a word for segmentation only
    武进 O               never tag this text as an entity (same as the next line)
    -武进
    alias 洛凯 = 洛凯机电   洛凯 is another name of 洛凯机电: one entity (`reader.aliases`)
    -alias 武进 = 武进区     武进 and 武进区 are never one entity, whatever the corpus suggests

A typed entry is tagged wherever it occurs, taking precedence over what the
model found there (unless the model found a longer name around it).  The file
is read when the tagger starts; a malformed line becomes a warning naming the
file and line, and the other lines still count.  A later line for the same
word wins.

`alias` lines only say which names are one entity: they never change what is
tagged, so editing them does not make the tagger run again.
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.fileio import NotRegular, TooBig, read_regular
from reader.models import EntityType

ENV = "READER_USER_DICT"
FILE_NAME = "userdict.txt"

TYPE_OF_TAG: dict[str, EntityType] = {
    "nr": "PER",
    "nrfg": "PER",
    "nrt": "PER",
    "PER": "PER",
    "ns": "LOC",
    "LOC": "LOC",
    "nt": "ORG",
    "ORG": "ORG",
}
_JIEBA_TAG = re.compile(r"^[a-z]{1,4}$")
_ALIAS_LINE = re.compile(rb"^\s*-?alias\s")
_MAX_WORD = 64
MAX_BYTES = 64 * 2**20
"""A dictionary larger than this is not read (jieba's own is 5 MB)."""
MAX_WARNINGS = 5
"""Malformed lines reported one by one; the rest are counted (the app shows each as a notice)."""


@dataclass(frozen=True, slots=True)
class UserDict:
    path: Path | None = None
    words: tuple[tuple[str, int | None, str | None], ...] = ()
    """(word, frequency, jieba tag) for the segmenter, in file order."""
    types: dict[str, EntityType] = field(default_factory=dict)
    """Text that is always this entity type."""
    never: frozenset[str] = frozenset()
    """Text that is never an entity."""
    warnings: tuple[str, ...] = ()
    aliases: tuple[AliasRule, ...] = ()
    """The `alias` and `-alias` lines, in file order."""
    raw: bytes = b""
    """The file's bytes as read."""

    @property
    def tagging_bytes(self) -> bytes:
        """The bytes the tagger depends on: the file without its `alias` lines."""
        return b"\n".join(line for line in self.raw.splitlines() if not _ALIAS_LINE.match(line))


@dataclass(frozen=True, slots=True)
class AliasRule:
    """`alias 简称 = 全称` (one entity: force) or `-alias 简称 = 全称` (never one: forbid)."""

    short: str
    full: str
    force: bool
    where: str = ""
    """`FILE:LINE`, for messages."""


def default_path() -> Path:
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    from reader.paths import config_dir

    return config_dir() / FILE_NAME


def load(path: Path | None) -> UserDict:
    """Read the file at `path`; a missing file is an empty dictionary, never an error."""
    if path is None:
        return UserDict()
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        return UserDict(path)
    except OSError as error:
        return UserDict(path, warnings=(f"{path}: user dictionary not read: {error.strerror or error}",))
    except (NotRegular, TooBig) as error:
        return UserDict(path, warnings=(f"{path}: user dictionary not read: {error}",))
    warnings: list[str] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8-sig", errors="replace")
        warnings.append(f"{path}: not UTF-8 (byte {error.start}); undecodable bytes were replaced")
    return replace(parse(text, path, warnings), raw=raw)


def parse(text: str, path: Path | None = None, warnings: list[str] | None = None) -> UserDict:
    """The entries of a user dictionary's text (see the module docstring)."""
    warnings = warnings if warnings is not None else []
    name = str(path) if path else "<user dictionary>"
    words: dict[str, tuple[str, int | None, str | None]] = {}
    types: dict[str, EntityType] = {}
    never: set[str] = set()
    aliases: list[AliasRule] = []
    bad = 0
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.split(maxsplit=1)[0] in ("alias", "-alias"):
            rule = _parse_alias(entry, f"{name}:{number}")
            problem = rule if isinstance(rule, str) else None
            if isinstance(rule, AliasRule):
                aliases.append(rule)
        else:
            problem = _parse_line(entry, words, types, never)
        if problem:
            bad += 1
            if bad <= MAX_WARNINGS:
                shown = entry if len(entry) <= 40 else entry[:40] + "…"
                warnings.append(f"{name}:{number}: {problem}: {shown!r} (line ignored)")
    if bad > MAX_WARNINGS:
        warnings.append(f"{name}: {bad - MAX_WARNINGS:,} more malformed lines ({bad:,} in all), each ignored")
    return UserDict(path, tuple(words.values()), types, frozenset(never), tuple(warnings), tuple(aliases))


def _parse_alias(entry: str, where: str) -> AliasRule | str:
    """`alias 简称 = 全称` or `-alias 简称 = 全称`: the rule, or what is wrong with the line."""
    keyword, rest = entry.split(maxsplit=1) if len(entry.split()) > 1 else (entry, "")
    short, equals, full = (part.strip() for part in rest.partition("="))
    if not equals or not short or not full:
        return f"expected: {keyword} SHORT = FULL"
    if len(short.split()) > 1 or len(full.split()) > 1:
        return "a name has no spaces in it"
    if short == full:
        return "a name is already itself"
    if max(len(short), len(full)) > _MAX_WORD:
        return f"name longer than {_MAX_WORD} characters"
    return AliasRule(short, full, force=keyword == "alias", where=where)


def _parse_line(
    entry: str,
    words: dict[str, tuple[str, int | None, str | None]],
    types: dict[str, EntityType],
    never: set[str],
) -> str | None:
    """Apply one non-blank line; return what is wrong with it, or None."""
    fields = entry.split()
    word = fields[0]
    if word.startswith("-"):
        word = word[1:]
        if not word:
            return "no word after '-'"
        if len(fields) > 1:
            return "'-word' takes nothing after the word"
        _forget(word, words, types)
        never.add(word)
        return None
    if len(fields) > 3:
        return "too many fields (expected: word [freq] [tag])"
    freq: int | None = None
    tag: str | None = None
    rest = fields[1:]
    if rest and rest[0].isdigit():
        freq = int(rest.pop(0))
        if freq <= 0:
            return "frequency must be a positive whole number"
    if rest:
        tag = rest.pop(0)
    if rest:
        return f"{rest[0]!r} is not a frequency (expected: word [freq] [tag])"
    if len(word) > _MAX_WORD:
        return f"word longer than {_MAX_WORD} characters"
    if tag is not None and tag != "O" and tag not in TYPE_OF_TAG and not _JIEBA_TAG.match(tag):
        return f"unknown tag {tag!r} (use nr/ns/nt, PER/LOC/ORG, O, or a jieba part of speech)"
    _forget(word, words, types)
    never.discard(word)
    if tag == "O":
        never.add(word)
        return None
    kind = TYPE_OF_TAG.get(tag) if tag is not None else None
    if kind and tag is not None:
        types[word] = kind
        tag = {"PER": "nr", "LOC": "ns", "ORG": "nt"}.get(tag, tag)
    words[word] = (word, freq, tag)
    return None


def _forget(word: str, words: MutableMapping[str, Any], types: MutableMapping[str, Any]) -> None:
    words.pop(word, None)
    types.pop(word, None)
