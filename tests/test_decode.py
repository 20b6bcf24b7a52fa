"""Decoding the byte forms Chinese text files come in."""

import codecs

import pytest

from reader.decode import UndecodableError, decode_bytes

TEXT = "本报讯(记者 黄雅婷)连日来,乔俊杰、恽淇丞等区领导开展“八一”拥军慰问。\n"

ENCODED = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    ("utf-16 LE BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16 BE BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    ("utf-32 BOM", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    ("utf-16 without BOM", TEXT.encode("utf-16-le"), "utf-16-le"),
    ("gb18030", TEXT.encode("gb18030"), "gb18030"),
    ("gbk", TEXT.encode("gbk"), "gb18030"),
    ("gb2312", TEXT.encode("gb2312"), "gb18030"),
]


@pytest.mark.parametrize("name,data,encoding", ENCODED, ids=[e[0] for e in ENCODED])
def test_encodings(name, data, encoding):
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.warning) == (TEXT, encoding, "")


def test_invalid_utf8_in_the_middle_is_replaced_and_reported():
    data = TEXT.encode("utf-8") * 20
    cut = len(TEXT.encode("utf-8")) * 7  # between two characters
    broken = data[:cut] + b"\xff\xfe" + data[cut:]
    decoded = decode_bytes(broken)
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 2
    assert "2 bytes not valid UTF-8" in decoded.warning
    assert decoded.text.replace("\ufffd", "") == TEXT * 20


def test_real_replacement_characters_are_not_errors():
    decoded = decode_bytes(("坏字符\ufffd保留" + TEXT).encode("utf-8"))
    assert decoded.warning == ""


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG"),
        (b"%PDF-1.7\n" + bytes(200), "PDF"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x00\x01\x02\x03" * 500, "binary"),
    ],
    ids=["png", "pdf", "all bytes", "nul-heavy"],
)
def test_binary_is_refused_with_a_reason(data, reason):
    with pytest.raises(UndecodableError, match=reason):
        decode_bytes(data)
