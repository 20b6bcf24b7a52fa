"""The language of the reader's own words (status line, notices, keys, help): one per run.

Chinese when the locale says so (`LANG=zh_CN.UTF-8` and the like), else English;
`config.toml`'s `language` and `reader --lang` override the locale.  The pages
themselves are never translated.

Strings are written as pairs where they are used, `tr("载入中…", "Loading…")`,
so each reads next to its translation.  Strings fixed when a class is defined
(key bindings, tables) are `Both` pairs, shown in the run's language by
`shown`; the UI turns a widget's bindings into its language when it is made.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

_language: Language = "en"


def language_from_locale(environ: Mapping[str, str] | None = None) -> Language:
    """The language POSIX locale variables ask for, in their order of precedence."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: Language) -> None:
    global _language
    _language = language


def current() -> Language:
    return _language


def parse_language(text: str) -> Language | None:
    """`zh`, `en`, or a locale name (`zh_TW.UTF-8`, `en-GB`); None when it is neither."""
    head = text.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    for language in LANGUAGES:
        if head == language:
            return language
    return None


def tr(zh: str, en: str) -> str:
    """`zh` or `en`, in the run's language."""
    return zh if _language == "zh" else en


class Both(str):
    """A string in both languages, fixed before the run's language is known.

    As a `str` it is the English, so Textual and tests can use it as they
    would any string; `shown` gives the run's language.
    """

    zh: str

    def __new__(cls, zh: str, en: str) -> Both:
        made = super().__new__(cls, en)
        made.zh = zh
        return made


def shown(text: str) -> str:
    """`text` in the run's language (a plain string is shown as it is)."""
    if isinstance(text, Both):
        return text.zh if _language == "zh" else str.__str__(text)
    return text


def number(n: int) -> str:
    """Numbers are written one way in both languages: 1,200."""
    return f"{n:,}"


def count(n: int, zh_unit: str, en_one: str, en_many: str | None = None) -> str:
    """`1,200 篇` or `1,200 articles` (and `1 article`)."""
    if _language == "zh":
        return f"{n:,} {zh_unit}"
    word = en_one if n == 1 else (en_many or en_one + "s")
    return f"{n:,} {word}"
