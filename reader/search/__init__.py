"""Search as you type over a corpus: Chinese text, pinyin, typos, names.

    >>> from reader.search import SearchIndex
    >>> index = SearchIndex(corpus.articles)
    >>> [hit.article.title for hit in index.query("拥军尉问")]

One module per idea:

* `query`     the search box's little language (fzf's operators, pinyin, initials);
* `fold`      width and case folding (`ＡＢＣ` finds `abc`);
* `pinyin`    every reading of every character, as searchable keys;
* `postings`  the compact inverted index of character bigrams and pinyin keys;
* `names`     the corpus's people, places, organisations and reporters, searched once each;
* `match`     one term inside one block of text: exact, pinyin, one typo;
* `words`     where jieba's words start, so whole-word hits rank first without loading jieba;
* `variants`  which articles spell a term's characters only as it is typed (plain `str` search);
* `fields`    which articles a term matches in one field: exact, pinyin, one typo;
* `rank`      scoring one article for a term, snippets, every hit in an article;
* `headlines` headline bonuses of many articles at once (numpy over the folded lines);
* `bounds`, `topk`  cheap bounds of scores, and the best `limit` without scoring all;
* `index`     `SearchIndex`: narrows by the postings, checks, ranks (how: its docstring).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.search.index import SearchIndex, warm_up
    from reader.search.rank import Hit, find_in_article

__all__ = ["Hit", "SearchIndex", "find_in_article", "warm_up"]


def __getattr__(name: str) -> object:
    """Loaded on first use: `reader.search.query` alone (the app parses as the user types) must
    not bring the index code and numpy with it before the first frame."""
    if name in ("SearchIndex", "warm_up"):
        from reader.search import index

        return getattr(index, name)
    if name in ("Hit", "find_in_article"):
        from reader.search import rank

        return getattr(rank, name)
    raise AttributeError(name)
