"""Page text made safe to show: nothing in a page may drive the terminal.

`visible(text)` swaps every character that could act on a terminal or hide or
reorder text for a visible stand-in, one character for one, so offsets into
the text stay valid:

* C0 controls (ESC, BEL, backspace, NUL …) → their Control Pictures (`␛`, `␇`, `␈`, `␀`), DEL → `␡`
* C1 controls (U+0080–U+009F, which some terminals obey like ESC sequences) → `�`
* bidirectional embeddings, overrides, isolates and marks → `⇄`
* zero-width and other invisible format characters → `·`
* line and paragraph separators, tab → a space
"""

from __future__ import annotations

import json
import re

_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
_TABLE[0x09] = " "
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_TABLE.update({c: "\u21c4" for c in _BIDI})
_INVISIBLE = [
    0x00AD, 0x034F, *range(0x0600, 0x0606), 0x06DD, 0x070F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E,
    *range(0x200B, 0x200E), *range(0x2060, 0x2066), *range(0x206A, 0x2070), 0x3164, 0xFEFF, 0xFFA0,
    *range(0xFFF9, 0xFFFC), 0x1D173, 0x1D174, 0x1D175, 0x1D176, 0x1D177, 0x1D178, 0x1D179, 0x1D17A,
    0xE0001, *range(0xE0020, 0xE0080),
]  # fmt: skip
_TABLE.update({c: "\u00b7" for c in _INVISIBLE})
_TABLE.update({0x2028: " ", 0x2029: " "})


def _char_class(codes: list[int], extra: str = "") -> re.Pattern[str]:
    """A regex class of these code points, as ranges: a class of 200 single characters
    scans text about ten times slower (it matters for megabytes of JSON)."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return re.compile("[" + "".join(parts) + extra + "]")


_UNSAFE = _char_class(list(_TABLE))
# json.dumps already escapes C0; what it leaves raw is everything from DEL up (and lone
# surrogates, which no UTF-8 stream can carry).
_JSON_UNSAFE = _char_class([c for c in _TABLE if c >= 0x7F], "\ud800-\udfff")


def visible(text: str) -> str:
    """`text` with every unsafe character replaced by a visible one (same length)."""
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def display_path(path: str) -> str:
    """A file path as a person can read it, safe to show.

    A name that is not UTF-8 comes from the file system with each bad byte
    as a lone surrogate (Python's `surrogateescape`): Chinese archives
    unpacked from Windows zip files have GBK names.  Such a run is shown
    decoded as GB18030 where that works, else as `\\xNN` escapes.
    """
    if _ESCAPED_BYTES.search(path) is not None:
        path = _ESCAPED_BYTES.sub(_readable_bytes, _gb18030(path))
    return visible(path)


def _gb18030(path: str) -> str:
    """The whole path decoded as GB18030, if its bytes are that (else unchanged)."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeError:
        return path


def _readable_bytes(match: re.Match[str]) -> str:
    raw = match.group().encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "backslashreplace")


def is_safe(text: str) -> bool:
    return _UNSAFE.search(text) is None


def safe_json(data: object, indent: int | None = None) -> str:
    """JSON with every unsafe character escaped as \\uXXXX, so printing it is harmless."""
    return _JSON_UNSAFE.sub(_escape, json.dumps(data, ensure_ascii=False, indent=indent))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
