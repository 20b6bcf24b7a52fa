"""The search box's little language: plain text, pinyin, and fzf's operators.

    拥军慰问          text anywhere: headline, body, a person/place/organisation, a reporter
    拥军尉问          one wrong, missing or extra character is forgiven (ranked below exact hits)
    qiaojunjie       pinyin, matched against headlines, names and reporters;
    qiao jun jie     spaced (a run spelling the whole first, then each syllable anywhere),
    qjj  qiaojj      initials, or any mix; every reading of a character counts (长 = chang/zhang)
    区领导 慰问        several terms: every one must match, in any order
    '拥军             exact text only: no typo tolerance, no pinyin
    ^乔俊杰            a headline line, paragraph or name starts with it
    精神$             a headline line, paragraph or name ends with it
    ^黄雅婷$           a whole headline line, paragraph or name
    !会议             leave out articles containing it (exact text; also !^x and !x$)
    武进 | 常州        either term (`|` between terms makes them one choice)
    深化\\ 军民         a backslash keeps a space inside a term; `\\$` is a literal `$` at the end
    date:2024-07 page:1 section:要闻 paper:武进日报 by:黄雅婷
                     filters, with any of the above (`reader.search.facets`); filters
                     alone list every article that passes, newest first
    @乔俊杰 @恽淇丞    articles mentioning both (each under any of its names); !@ leaves one out

Details: text is folded first (`ＡＢＣ１２３` = `abc123`, `，` = `,`; see
`reader.search.fold`).  Pinyin applies to terms of ASCII letters and digits (an
apostrophe is ignored: `xi'an`); tones are not typed and ü is `v`.  Typos are
forgiven for terms of three or more Chinese characters (four or more in
article bodies) or five or more ASCII characters that are not pinyin, and
only when a term has fewer than 50 exact matches.  A term made only of
operator characters (`!`, `^`, `'`, `$`: an operator still being typed) is
left out, so `!` and `!^` both match like an empty query.  A query keeps its
first `MAX_TERMS` terms (a pasted paragraph is not a search: every term
costs a lookup).  A character that cannot be text (a lone surrogate, from a
command line in another encoding) is searched as U+FFFD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.search.facets import KINDS as FILTER_KINDS
from reader.search.facets import Filter, parse_filter
from reader.search.fold import fold
from reader.search.pinyin import is_pinyin_query, is_syllable


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a query, operators taken off."""

    text: str
    """Folded text to find."""
    exact: bool = False
    """`'term`: no typo tolerance and no pinyin."""
    prefix: bool = False
    """`^term`: must start a headline line, paragraph or name."""
    suffix: bool = False
    """`term$`: must end one."""
    negate: bool = False
    """`!term`: articles containing it are left out."""

    @property
    def pinyin(self) -> str | None:
        """The letters to match as pinyin, or None when this term is not pinyin-like."""
        if self.exact or self.negate:
            return None
        letters = self.text.replace("'", "")
        return letters if is_pinyin_query(letters) else None

    @property
    def fuzzy(self) -> bool:
        """Whether one wrong, missing or extra character is tolerated (only if no exact match)."""
        if self.exact or self.negate or self.prefix or self.suffix:
            return False
        if self.text.isascii():
            return len(self.text) >= 5 and self.pinyin is None
        return len(self.text) >= 3

    @property
    def fuzzy_body(self) -> bool:
        """Typos are looked for in bodies only for terms of four characters or more (three is too noisy)."""
        return self.fuzzy and len(self.text) >= 4

    def __str__(self) -> str:
        return (
            ("!" if self.negate else "")
            + ("'" if self.exact else "")
            + ("^" if self.prefix else "")
            + self.text
            + ("$" if self.suffix else "")
        )


@dataclass(frozen=True, slots=True)
class Query:
    """Clauses that must all match (each a choice of terms), terms that must not, and filters
    (`date:`, `page:` …: `reader.search.facets`) that every hit passes."""

    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    filters: tuple[Filter, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.clauses or self.excluded or self.filters)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every positive term, clause by clause."""
        return tuple(t for clause in self.clauses for t in clause)


_SPLIT = re.compile(r"(?:\\ |[^ ])+")
_SURROGATES = re.compile("[\ud800-\udfff]")
_OPERATORS_ONLY = re.compile(r"[!^'$]*")
MAX_TERMS = 32


def parse(query: str) -> Query:
    """Split a typed query into terms and operators (see the module docstring)."""
    query = _SURROGATES.sub("\ufffd", query)
    words = [w.replace("\\ ", " ") for w in _SPLIT.findall(fold(query))]
    words = _spaced_pinyin_joined([w for w in words if not _OPERATORS_ONLY.fullmatch(w)][: 2 * MAX_TERMS])
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    filters: list[Filter] = []
    join_next = False
    for word in words:
        if word == "|":
            join_next = bool(groups)
            continue
        if word.lstrip("!").startswith("@") or (
            ":" in word and word.lstrip("!").partition(":")[0] in FILTER_KINDS
        ):
            found = parse_filter(word)
            if found is not None:
                filters.append(found)
            continue  # a filter, or one still being typed (`date:2`): no search term either way
        term = _term(word)
        if term is None:
            continue
        if term.negate:
            excluded.append(term)
            join_next = False
        elif join_next and groups:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    clauses = [tuple(dict.fromkeys(g)) for g in groups]
    excluded = list(dict.fromkeys(excluded))
    while sum(map(len, clauses)) + len(excluded) > MAX_TERMS:
        if excluded:
            excluded.pop()
        elif len(clauses[-1]) > 1:
            clauses[-1] = clauses[-1][:-1]
        else:
            clauses.pop()
    return Query(tuple(clauses), tuple(excluded), tuple(dict.fromkeys(filters)))


def _spaced_pinyin_joined(words: list[str]) -> list[str]:
    """`qiao jun jie` → `qiaojunjie`: pinyin typed a syllable at a time is one name or word,
    not three terms (each of which, `jie`, would match any 届 or 界 alone).  Only runs of two
    or more words that are each one whole syllable are joined (the last may be half typed),
    so `beijing shanghai` stays two terms."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            out.append("".join(run))
        else:
            out.extend(run)
        run.clear()

    for index, word in enumerate(words):
        last = index == len(words) - 1
        if is_syllable(word) or (run and last and is_syllable(word, partial=True)):
            run.append(word)
        else:
            flush()
            out.append(word)
    flush()
    return out


def _term(word: str) -> Term | None:
    negate = exact = prefix = suffix = False
    text = word
    if text.startswith("!") and len(text) > 1:
        negate, text = True, text[1:]
    if text.startswith("'") and len(text) > 1:
        exact, text = True, text[1:]
    if text.startswith("^") and len(text) > 1:
        prefix, text = True, text[1:]
    if text.endswith("$") and not text.endswith("\\$") and len(text) > 1:
        suffix, text = True, text[:-1]
    elif text.endswith("\\$"):
        text = text[:-2] + "$"
    if not text.strip():
        return None
    return Term(text, exact=exact or negate, prefix=prefix, suffix=suffix, negate=negate)
