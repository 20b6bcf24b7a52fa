"""Traditional and Simplified Chinese: fold one into the other, or show text in the other script.

    >>> to_simplified("陳文章會見記者")
    '陈文章会见记者'
    >>> to_traditional("理发以后的皇后")
    '理髮以後的皇后'

`to_simplified` goes character by character (後 → 后, 發 and 髮 → 发), so
the result is as long as the text and every offset into one is an offset
into the other: search folds with it (`reader.search.fold`) and the tagger
reads Simplified renderings of Traditional text through it
(`reader.tagging`).  Many Traditional characters become one Simplified
character, which is what folding wants.  The few characters also in use in
Simplified text (乾, 於, 著) fold with them; both sides of a search fold
alike, so that costs nothing there.

`to_traditional` is for display only: one Simplified character can stand
for several Traditional ones (干 is 乾, 幹 or 干; 发 is 發 or 髮), so it
takes the longest phrase known at each point first (头发 → 頭髮), then the
usual character.  It never changes the text's length either.

The tables (`script.txt`, about 290 kB) are derived from OpenCC's
dictionaries by `python -m reader.script_table`; they load on first use,
in about 20 ms.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

from reader.i18n import Both

Script = Literal["simplified", "traditional"]
TABLE = Path(__file__).resolve().parent / "script.txt"


class _Tables:
    def __init__(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines()
        body = [line for line in lines if not line.startswith("#")]
        traditional, simplified, simple_chars, their_traditional = body[:4]
        self.t2s: dict[int, int] = str.maketrans(traditional, simplified)
        self.s2t: dict[int, int] = str.maketrans(simple_chars, their_traditional)
        self._phrase_lines = body[4:]
        self._phrases: tuple[dict[str, str], dict[str, tuple[int, ...]]] | None = None

    @property
    def phrases(self) -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
        """Simplified phrase → Traditional, and first character → phrase lengths, longest first
        (only `to_traditional` needs them: read on its first call)."""
        if self._phrases is None:
            phrases: dict[str, str] = {}
            lengths: dict[str, set[int]] = {}
            for line in self._phrase_lines:
                key, _, value = line.partition("\t")
                if len(key) > 1 and len(value) == len(key):
                    phrases[key] = value
                    lengths.setdefault(key[0], set()).add(len(key))
            self._phrases = phrases, {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}
        return self._phrases


_tables: _Tables | None = None
_lock = threading.Lock()


def tables() -> _Tables:
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _Tables(TABLE)
    return _tables


def fold_map() -> dict[int, int]:
    """Traditional code point → Simplified code point, for `str.translate` (one to one)."""
    return tables().t2s


def to_simplified(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified one; same length."""
    if text.isascii():
        return text
    return text.translate(tables().t2s)


def to_traditional(text: str) -> str:
    """`text` in Traditional characters, longest known phrase first; same length."""
    if text.isascii():
        return text
    t = tables()
    phrases, lengths = t.phrases
    out: list[str] = []
    i, n = 0, len(text)
    plain = 0  # start of the stretch converted character by character
    while i < n:
        tries = lengths.get(text[i])
        if tries:
            for size in tries:
                found = phrases.get(text[i : i + size])
                if found is not None:
                    out.append(text[plain:i].translate(t.s2t))
                    out.append(found)
                    i += size
                    plain = i
                    break
            else:
                i += 1
        else:
            i += 1
    out.append(text[plain:].translate(t.s2t))
    return "".join(out)


def convert(text: str, script: Script | None) -> str:
    """`text` shown in `script`; as printed when None."""
    if script == "simplified":
        return to_simplified(text)
    if script == "traditional":
        return to_traditional(text)
    return text


DISPLAY: dict[str, Script | None] = {
    "printed": None,
    "simplified": "simplified",
    "traditional": "traditional",
}
"""How text can be shown, by the name `config.toml` gives it (`script = "traditional"`)."""
DISPLAY_NAMES: dict[Script | None, Both] = {
    None: Both("按原样", "as printed"),
    "simplified": Both("简体", "Simplified"),
    "traditional": Both("繁體", "Traditional"),
}


def next_display(current: Script | None) -> Script | None:
    """The way of showing text after `current`: as printed → Simplified → Traditional → as printed."""
    order = list(DISPLAY.values())
    return order[(order.index(current) + 1) % len(order)]
