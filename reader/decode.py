"""Bytes of a page → text: find the encoding Chinese text files really come in.

Order of trust: a byte-order mark (UTF-8, UTF-16, UTF-32); then strict UTF-8;
then strict GB18030 (a superset of GBK and GB2312, the usual legacy encodings
of Chinese text files); then the better of the two with undecodable bytes
replaced by U+FFFD, with a warning that says how many.  Files that look like
binary data (magic numbers, many control bytes) are refused.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we read; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str = ""
    """Non-empty when part of the input could not be read as text."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"SQLite format 3": "an SQLite database",
}

_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)
"""Control bytes that plain text does not hold (counted at C speed with `bytes.translate`)."""


def decode_bytes(data: bytes) -> Decoded:
    """Decode a page's bytes, or raise `UndecodableError` with a one-line reason."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_lenient(data[len(bom) :], encoding)
    if not data:
        return Decoded("", "utf-8")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise UndecodableError(f"not text: looks like {what}")
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(4, len(sample) // 10):
        utf16 = _sniff_utf16(sample)
        if utf16:
            return _decode_lenient(data, utf16)
        what = "NUL" if sample.count(0) > controls // 2 else "control"
        raise UndecodableError(f"not text: binary data (many {what} bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few broken bytes would often still decode as GB18030,
    # into nonsense: when nearly all of it is valid UTF-8, UTF-8 it is.
    utf8 = _decode_lenient(data, "utf-8")
    non_ascii = len(utf8.text) - len(utf8.text.encode("ascii", "ignore"))
    if utf8.text.count("\ufffd") * 50 <= non_ascii:
        return utf8
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    gb = _decode_lenient(data, "gb18030")
    best = min((utf8, gb), key=lambda d: d.text.count("\ufffd"))
    if best.text.count("\ufffd") * 100 > len(best.text) or not _mostly_common_hanzi(best.text):
        raise UndecodableError("not text in UTF-8, UTF-16 or GB18030/GBK")
    return best


def _mostly_common_hanzi(text: str) -> bool:
    """Real Chinese text is nearly all GB2312 characters; bytes decoded by force are not."""
    sample = [ch for ch in text[:20000] if ord(ch) > 127 and ch != "\ufffd"]
    common = 0
    for ch in sample:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.8 * len(sample)


def _decode_lenient(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - _count_real_replacement_chars(data, encoding)
    if bad <= 0:
        return Decoded(text, encoding)
    noun = "byte" if bad == 1 else "bytes"
    return Decoded(text, encoding, f"{bad} {noun} not valid {encoding.upper()}, shown as �")


def _count_real_replacement_chars(data: bytes, encoding: str) -> int:
    """U+FFFD that the file itself contains, so they are not counted as errors."""
    try:
        marker = "\ufffd".encode(encoding)
    except UnicodeEncodeError:
        return 0
    return data.count(marker)


def _sniff_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: its bytes look binary, but decode to plain text."""
    sample = sample[: len(sample) & ~1]
    if len(sample) < 16:
        return None  # too little to tell
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        if text and sum(map(_plausible, text)) >= 0.95 * len(text):
            return encoding
    return None


def _plausible(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\t\n\r"
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation: “ ” — …
        or code in (0xB7, 0xD7)
    )
