"""Search as you type over a corpus: Chinese text, pinyin, typos, names.

    >>> index = SearchIndex(corpus.articles)
    >>> [hit.article.title for hit in index.query("拥军尉问")]

What a query can say is in `reader.search.query` (fzf's extended-search operators
`'exact`, `^prefix`, `suffix$`, `!exclude` and `a | b`, plus pinyin and
initials).  How it ranks, best first, in bands that never overlap:

    headline, exact text           90–100
    headline, pinyin               84–90
    name (entity or reporter)      78–84
    name, pinyin                   72–78
    body, exact text               55–70
    headline, one typo             40–50
    name, one typo                 35–40
    body, one typo                 20–35

Within a band: a match on jieba word boundaries beats one inside a longer
word (中国 in 中国经济 over 发展中国家), an earlier and fuller match beats a
later one, full pinyin beats initials, more occurrences beat fewer.  Typo
matches are looked for only for a term with fewer than `FUZZY_BELOW` exact
matches.  With several terms, an article's score is the mean of its terms'.

How it stays fast: character bigrams of headlines and bodies and pinyin keys of
headlines are in compact postings (`reader.search.store`); names are searched
once per distinct name (`reader.search.names`).  A term narrows by the index, and by the
previous keystroke's matches when it extends an earlier term (fzf's trick),
then checks candidates; the best `REFINE_CAP` are ranked.  A one-term query
stops looking once `REFINE_CAP` articles matched in the best fields (a chunk
of articles at a time: `reader.search.fields`), so for a very broad term (one
character, one letter) the results are the best of the first matches in
corpus order, not of all of them.  Checking is also capped per term.
Ranking takes each candidate's score, or a bound of it where that is much
cheaper (body text), and scores in full only those that can still place
(`reader.search.topk`, `reader.search.bounds`).  Scores, bounds and where
each candidate matched are arrays; a place is made a `Found` only for the
hits walked.  Headline bonuses of all the candidates are reckoned at once
over the folded headline lines (`reader.search.headlines`), headline pinyin
by walking all their readings together (`reader.search.pinyin_lines`, which
also checks the candidates the index cannot prove), name bonuses from each
matched name scored once; typo matches are scored from what the check
that found them kept; articles that spell none of a term's characters
another way (most) are searched with plain `str` methods, the others with
the folding regex (`reader.search.variants`).

Articles added with `add` are searchable at once; `flush` indexes them
(`reader.search.store`).  The cache keeps the index's arrays (`reader.search.saved`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.models import HEADLINE, Article, TextRef
from reader.search import pinyin_lines, words
from reader.search.bounds import bound
from reader.search.fields import PINYIN_VERIFY_CAP, exclude, fuzzy_field, pinyin_field, text_field
from reader.search.headlines import Headlines, Scores
from reader.search.match import FuzzyFinder, PinyinFinder, TextFinder
from reader.search.names import WALKED_ONE_BY_ONE, Names
from reader.search.pinyin_lines import Matches
from reader.search.postings import intersect, query_keys, union
from reader.search.query import Query, Term, parse
from reader.search.rank import (
    BANDS,
    EXACT_FIELDS,
    FUZZY_FIELDS,
    MAX_BONUS,
    Found,
    Hit,
    NameScores,
    field_of,
    make_hits,
    name_score,
    one_line,
    pinyin_name_scores,
    text_name_scores,
    title_found,
)
from reader.search.rank import bonus as score_one
from reader.search.store import IndexData
from reader.search.topk import Ranked, best_known, best_of
from reader.search.variants import term_signature

if TYPE_CHECKING:
    import numpy as np

    from reader.search.facets import Mentioning

FUZZY_BELOW = 50
"""Typo matches are looked for when a term has fewer exact matches than this."""
REFINE_CAP = 200
"""At most this many candidates (per clause, shared) are scored in full, `limit` at least."""
CACHE_SIZE = 64
MENTIONS_PER_CANDIDATE = 50
"""Name matches are scored all at once while the (name, article) pairs to look through number
at most about this many per candidate (else one candidate at a time)."""
NAMES_CHECKED = 64
"""An earlier keystroke's name matches checked one by one rather than looked up, at most
(checking one costs a few µs; the lookup, some 0.4 ms for pinyin)."""
_FIELD_AT = {float(base): field for field, (base, _) in BANDS.items()}
"""A field by its band's base score (what `_bases` marks)."""
_HEADLINE = BANDS["headline"][0]
_Where = tuple[int, int, int]
"""A headline match as `Headlines` gives it: (line, start, end)."""


class _Places:
    """Where one term matched each candidate best, by position: headline matches scored
    together are kept as arrays, and made a `Found` only when asked (making one for each of
    a few hundred candidates cost more than scoring them); the others as found."""

    __slots__ = ("line", "start", "end", "pinyin", "found", "later", "article", "_lists")

    def __init__(self, count: int, article: Callable[[int], Article]) -> None:
        import numpy as np

        self.line = np.zeros(count, dtype=np.int64)
        self.start = np.zeros(count, dtype=np.int64)
        self.end = np.zeros(count, dtype=np.int64)
        self.pinyin = np.zeros(count, dtype=bool)
        self.found: dict[int, Found | None] = {}
        self.later: dict[int, tuple[Term, str, set[str], NameScores]] = {}
        """Name matches scored together: where, found when asked (`rank.bonus`)."""
        self.article = article
        """The article at a position."""
        self._lists: tuple[list[int], list[int], list[int], list[bool]] | None = None

    def at(self, i: int) -> Found | None:
        if i in self.found:
            return self.found[i]
        if i in self.later:
            term, field, matched, memo = self.later[i]
            return score_one(self.article(i), term, field, matched, names=memo)[1]
        if self._lists is None:  # (asked for some 50 of them: one conversion, not 200 objects)
            self._lists = (self.line.tolist(), self.start.tolist(), self.end.tolist(), self.pinyin.tolist())
        line, start, end, pinyin = self._lists
        return Found(TextRef(HEADLINE, line[i], start[i], end[i]), "pinyin" if pinyin[i] else "headline")


class _TermDocs:
    """Per field, the sorted article numbers a term matches; filled lazily."""

    __slots__ = ("docs", "complete", "names", "size", "signature", "typos", "spelled", "_sets")

    def __init__(self, size: int, term: Term) -> None:
        self.size = size
        self.signature = term_signature(term.text)
        """Which characters of the term an article may spell another way (`reader.search.variants`)."""
        self.docs: dict[str, np.ndarray] = {}
        self.complete: dict[str, bool] = {}
        self.names: dict[str, list[int]] = {}
        self.typos: dict[str, dict[int, tuple[int, Found | None]]] = {}
        """Per typo field, per article checked, how many stretches are one edit away and the first."""
        self.spelled: dict[int, Matches] = {}
        """Per article whose headline lines were checked for the term's pinyin, what was found."""
        self._sets: dict[str, set[str]] = {}

    def name_set(self, field: str, names: Names) -> set[str]:
        """Texts of the names the term matched in a name field."""
        found = self._sets.get(field)
        if found is None:
            found = self._sets[field] = {names.text(i) for i in self.names.get(field, ())}
        return found


class SearchIndex:
    """A ranked, typo- and pinyin-tolerant index over articles; grows with `add`."""

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self.data = IndexData()
        self._cache: OrderedDict[Term, _TermDocs] = OrderedDict()
        self.mentioning: Mentioning | None = None
        """Answers `@name` (set by the corpus, which knows its entities: `Corpus.install_search`)."""
        self.add(articles)
        self.flush()
        self.data.bulk = False
        _warm()
        if any(not article.words for article in self.articles):
            words.warm_up()  # untagged articles: whole words are found by cutting on the spot

    def __len__(self) -> int:
        return len(self.data.articles)

    @property
    def articles(self) -> list[Article]:
        """The articles, in the order they were added (hits name them by number)."""
        return self.data.articles

    def add(self, articles: Iterable[Article]) -> None:
        """Append articles; they are searchable at once, indexed a segment at a time."""
        self.data.add(articles)

    def flush(self) -> None:
        """Index every pending article now (call when a batch of loading ends)."""
        self.data.flush()

    @property
    def nbytes(self) -> int:
        """Bytes held by the postings (not counting the articles themselves)."""
        return self.data.nbytes

    @classmethod
    def from_data(cls, data: IndexData) -> SearchIndex:
        """An index over data already built (read from the cache: `reader.search.saved`).

        Not warmed here: a reader of the cache installs the index first and calls
        `warm_up()` after, in the background, so search is usable at once.
        """
        index = cls.__new__(cls)
        index.data = data
        index._cache = OrderedDict()
        index.mentioning = None
        return index

    # --- querying ----------------------------------------------------------------------

    def query(self, q: str, limit: int = 50) -> list[Hit]:
        """The best `limit` articles for `q`, best first."""
        parsed = parse(q)
        if not parsed or not self.articles or limit <= 0:
            return []
        if not parsed.clauses:
            return self._unranked(parsed, limit)
        joined = _spaced_pinyin(parsed)
        if joined is None:
            return self._query(parsed, limit)
        # `huang ya ting` is first of all one name: hits that spell it as one run
        # come first, then (if there is room) those matching the syllables anywhere.
        first = self._query(replace(parse(joined), filters=parsed.filters), limit)
        if len(first) >= limit or any(len(c[0].text) == 1 for c in parsed.clauses):
            return first  # (a lone letter: the next syllable is still being typed)
        hits = self._query(parsed, limit)
        seen = {h.article.id for h in first}
        floor = first[-1].score if first else 100.0
        rest = [replace(h, score=min(h.score, floor)) for h in hits if h.article.id not in seen]
        return (first + rest)[:limit]

    def _query(self, parsed: Query, limit: int) -> list[Hit]:
        import numpy as np

        n = len(self.articles)
        single = len(parsed.clauses) == 1 and len(parsed.clauses[0]) == 1
        total: np.ndarray | None = None
        # Article numbers still matching every clause; filters narrow them before any term.
        alive: np.ndarray | None = (
            self.data.facets.passing(parsed.filters, n, self.mentioning) if parsed.filters else None
        )
        if alive is not None and not len(alive):
            return []
        clause_bases: list[list[tuple[Term, np.ndarray, _TermDocs]]] = []
        for clause in sorted(parsed.clauses, key=_selectivity, reverse=True):
            per_term = []
            for term in clause:
                td = self._term_docs(term, alive)
                base, hit = self._bases(
                    term, td, n, within=alive, single=single, limit=limit, all_needed=bool(parsed.excluded)
                )
                per_term.append((term, base, td))
            if len(per_term) == 1:  # (one term: its scores are the clause's, and where it matched)
                best = per_term[0][1]
            else:
                best = np.zeros(n, dtype=np.float32)
                for _, base, _ in per_term:
                    np.maximum(best, base, out=best)
                hit = np.flatnonzero(best)
            clause_bases.append(per_term)
            if total is None:
                total = best if len(parsed.clauses) == 1 else best.copy()
            else:
                total += best
            alive = hit if alive is None else intersect(alive, hit)
            if not len(alive):
                return []
        assert alive is not None and total is not None
        for term in parsed.excluded:
            alive = exclude(self.data, term, alive)
        if not len(alive):
            return []
        scores = total[alive] / len(parsed.clauses)
        order = np.argsort(-scores, kind="stable")
        kth = scores[order[min(limit, len(order)) - 1]]
        keep = order[scores[order] >= kth - MAX_BONUS][: max(limit, REFINE_CAP // len(parsed.clauses))]
        names: dict[tuple[int, str], NameScores] = {}
        docs = alive[keep]
        spelled: dict[int, dict[int, Matches]] = {}
        ceilings, tight, where = self._bound_all(docs, clause_bases, names, spelled)
        if tight.all():
            ranked = best_known(docs, limit, ceilings, where)
        else:
            known, bounds, numbers = tight.tolist(), ceilings.tolist(), docs.tolist()

            def exact(i: int) -> tuple[float, Found]:
                if not known[i]:
                    return self._refine(numbers[i], clause_bases, names)
                return bounds[i], where(i)

            ranked = best_of(docs, limit, ceilings, exact)
        found = [(self.articles[r.doc], r.score, r.detail) for r in ranked]
        return make_hits(
            found, parsed, _spelled_spans(parsed, spelled, ranked), _in_no_headline(parsed, clause_bases)
        )

    def _unranked(self, parsed: Query, limit: int) -> list[Hit]:
        """Filters and exclusions only: every article that passes, newest first (with no
        filter, in corpus order), up to `limit`."""
        import numpy as np

        facets = self.data.facets
        alive = (
            facets.passing(parsed.filters, len(self.articles), self.mentioning)
            if parsed.filters
            else np.arange(len(self.articles))
        )
        for term in parsed.excluded:
            alive = exclude(self.data, term, alive)
        if parsed.filters:
            alive = facets.newest_first(alive)
        hits = []
        for doc in alive[:limit]:
            article = self.articles[int(doc)]
            hits.append(Hit(article, 0.0, one_line(article.title), (), "headline", title_found(article).at))
        return hits

    # --- which articles match a term, field by field ----------------------------------

    def _bases(
        self,
        term: Term,
        td: _TermDocs,
        n: int,
        *,
        within: np.ndarray | None,
        single: bool,
        limit: int,
        all_needed: bool = False,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per article, the base score of the best field the term matches (0: none); and the
        articles it matches, sorted (so a one-term clause need not look through every score)."""
        import numpy as np

        base = np.zeros(n, dtype=np.float32)
        marked: list[np.ndarray] = []
        seen = 0
        enough = max(limit, REFINE_CAP) if single else None
        for field in EXACT_FIELDS:
            # A one-term query ranks the first `enough` articles of the best fields in corpus
            # order: a field proven by the index stops once it has that many beyond those of the
            # fields above (which may be the same articles).
            # (Not when some will be excluded after: which, is not known yet.)
            take = None if enough is None or all_needed else enough + seen
            docs = self._field(td, term, field, within, single, enough, take)
            if len(docs) and docs[-1] >= n:  # articles added by another thread since the query began
                docs = docs[docs < n]
            if len(docs):
                view = base[docs]
                np.maximum(view, BANDS[field][0], out=view)
                base[docs] = view
                marked.append(docs)
            seen += len(docs)
            if single and seen >= limit:
                return base, union(*marked)  # lower bands cannot reach the first `limit`
        matched = union(*marked)
        if term.fuzzy and len(matched) < FUZZY_BELOW:
            for field in FUZZY_FIELDS:
                if field == "body_fz" and not term.fuzzy_body:
                    continue
                docs = self._field(td, term, field, within, single)
                docs = docs[docs < n]
                if len(docs):
                    view = base[docs]
                    np.maximum(view, BANDS[field][0], out=view)
                    base[docs] = view
                    matched = union(matched, docs)
        return base, matched

    def _term_docs(self, term: Term, within: np.ndarray | None) -> _TermDocs:
        if within is not None:
            return _TermDocs(len(self.articles), term)  # restricted results are not reusable
        td = self._cache.get(term)
        if td is None or td.size != len(self.articles):
            td = self._cache[term] = _TermDocs(len(self.articles), term)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(term)
        return td

    def _superset(self, term: Term, field: str, within: np.ndarray | None) -> np.ndarray | None:
        """Articles that must contain every match of `term` in `field`, if known.

        A term that contains an earlier, unanchored term (the previous keystroke)
        matches only where that one matched: fzf's trick, for text fields.
        For pinyin, the earlier term must be a prefix.
        """

        found = [] if within is None else [within]
        found.extend(td.docs[field] for td in self._earlier(term, field))
        if not found:
            return None
        found.sort(key=len)  # narrowest first: each step then looks up fewer
        best = found[0]
        for docs in found[1:]:
            best = intersect(best, docs)
        return best

    def _names_before(self, term: Term, field: str) -> list[int] | None:
        """The names an earlier term matched in full that every match of `term` is among
        (`_superset`'s rule), when few enough that checking each beats the lookup."""
        found = [ids for td in self._earlier(term, field) if (ids := td.names.get(field)) is not None]
        best = min(found, key=len, default=None)
        return best if best is not None and len(best) <= NAMES_CHECKED else None

    def _earlier(self, term: Term, field: str) -> Iterator[_TermDocs]:
        """What earlier, unanchored terms found in full in `field` that holds every match of
        `term`: text that `term` contains, or for pinyin a prefix of `term`'s."""
        size = len(self.articles)
        for other, td in self._cache.items():
            if other == term or td.size != size or not td.complete.get(field) or other.prefix or other.suffix:
                continue
            if field.endswith("_py"):
                ok = (
                    other.pinyin is not None
                    and term.pinyin is not None
                    and term.pinyin.startswith(other.pinyin)
                )
            else:
                ok = other.text in term.text
            if ok:
                yield td

    def _field(
        self,
        td: _TermDocs,
        term: Term,
        field: str,
        within: np.ndarray | None,
        single: bool = True,
        enough: int | None = None,
        take: int | None = None,
    ) -> np.ndarray:
        """Articles where `term` matches in `field` (cached per term).

        `within` restricts the search (results then not cached); with
        `enough`, checking candidates stops once that many matched; with `take`,
        a field proven by the index stops once it has that many (not cached).
        """
        import numpy as np

        docs = td.docs.get(field)
        if docs is not None and (td.complete.get(field) or not single or field.endswith("_fz")):
            return docs if within is None else intersect(docs, within)
        complete = True
        partial = False
        cap = PINYIN_VERIFY_CAP if single else PINYIN_VERIFY_CAP // 10
        if field in ("headline", "body"):
            superset = self._superset(term, field, within)
            docs, complete, partial = text_field(self.data, term, field, superset, enough, take)
        elif field == "headline_py":
            if term.pinyin is None:
                docs = np.zeros(0, dtype=np.int64)
            else:
                superset = self._superset(term, field, within)
                docs, complete, partial = pinyin_field(
                    self.data, term, superset, cap, enough, take, td.spelled if within is None else None
                )
        elif field == "name":
            finder = TextFinder(term)
            earlier = self._names_before(term, field)
            if earlier is None:
                ids = self.data.names.matching(finder)
            else:
                ids = [i for i in earlier if finder.found(self.data.names.text(i))]
            td.names[field] = ids
            docs = self.data.names.docs_of(ids)
        elif field == "name_py":
            ids = []
            if term.pinyin is not None:
                py = PinyinFinder(term)
                earlier = self._names_before(term, field)
                if earlier is None:
                    ids, complete = self.data.names.matching_pinyin(py, cap)
                else:
                    ids = [i for i in earlier if py.found(self.data.names.text(i))]
            td.names[field] = ids
            docs = self.data.names.docs_of(ids)
        elif field == "name_fz":
            td.names[field] = ids = self.data.names.matching_fuzzy(FuzzyFinder(term))
            docs = self.data.names.docs_of(ids)
        else:
            docs, complete, td.typos[field] = fuzzy_field(self.data, term, field, within)
        if within is not None:
            docs = intersect(docs, within)
        if not partial:  # (the first articles only: another query may need the rest)
            td.docs[field] = docs
            td.complete[field] = complete and within is None
        return docs

    # --- scoring articles ----------------------------------------------------------------

    def _bound_all(
        self,
        docs: np.ndarray,
        clause_bases: list[list[tuple[Term, np.ndarray, _TermDocs]]],
        names: dict[tuple[int, str], NameScores],
        spelled: dict[int, dict[int, Matches]],
    ) -> tuple[np.ndarray, np.ndarray, Callable[[int], Found]]:
        """Per article of `docs`, at least its `_refine` score (`reader.search.bounds`); whether
        that is the score itself (tight); and, for a tight one, where its best match is
        (asked by position in `docs`).

        Reckoned term by term over all the articles at once (what is the same for each is
        looked up once), adding in `_refine`'s order, so that a tight bound equals the score.
        Headline matches `Headlines` can score are scored together in numpy (`spelled` keeps
        the pinyin matches, per term and article); the rest one by one.
        """
        import numpy as np

        count = len(docs)
        order: list[int] = docs.tolist()
        articles = self.articles

        def article_at(i: int) -> Article:
            return articles[order[i]]

        totals = np.zeros(count)
        best = np.full(count, -np.inf)
        best_term = np.full(count, -1)
        tight = np.ones(count, dtype=bool)
        places: list[_Places] = []
        for per_term in clause_bases:
            clause_best = np.full(count, -np.inf)
            clause_term = np.full(count, -1)
            for term, bases, td in per_term:
                values = bases[docs].astype(np.float64)
                scores = np.zeros(count)
                where = _Places(count, article_at)
                done = self._headlines(
                    term, td, docs, values, scores, where, spelled.setdefault(id(term), {})
                )
                done |= self._names(term, td, docs, values, scores, where, names)
                rest = np.flatnonzero(values.astype(bool) & ~done).tolist()
                if rest:
                    plain = self.data.plain(docs[rest], td.signature).tolist()
                    for k, i in enumerate(rest):
                        base = float(values[i])
                        field = _FIELD_AT.get(base) or field_of(base)
                        matched = td.name_set(field, self.data.names)
                        memo = names.setdefault((id(term), field), {})
                        typo = td.typos[field].get(order[i]) if field in td.typos else None
                        article = self.articles[order[i]]
                        bonus, loc = bound(article, term, field, matched, memo, plain=plain[k], typo=typo)
                        scores[i] = base + bonus
                        where.found[i] = loc
                        if loc is None:
                            tight[i] = False
                better = (scores > clause_best) & values.astype(bool)
                clause_best[better] = scores[better]
                clause_term[better] = len(places)
                places.append(where)
            totals += clause_best
            better = clause_best > best
            best[better] = clause_best[better]
            best_term[better] = clause_term[better]
        ceilings = totals / len(clause_bases)
        chosen: list[int] = best_term.tolist()

        def found(i: int) -> Found:
            loc = places[chosen[i]].at(i)
            assert loc is not None
            return loc

        return ceilings, tight, found

    def _headlines(
        self,
        term: Term,
        td: _TermDocs,
        docs: np.ndarray,
        values: np.ndarray,
        scores: np.ndarray,
        where: _Places,
        spelled: dict[int, Matches],
    ) -> np.ndarray:
        """Score the headline matches among `docs` that `Headlines` can score, all at once,
        text (`Headlines.score`) and pinyin (`pinyin_lines.Matches`): their scores (base +
        bonus) into `scores` and where into `where`, by position in `docs`; the pinyin matches
        into `spelled`, by article (those the check made are taken from `td`).  Returns which
        positions were scored."""
        import numpy as np

        done = np.zeros(len(docs), dtype=bool)
        table = self.data.headlines
        if table is None or term.prefix or term.suffix:
            return done
        fields = [("headline", table.covers(docs))]
        if term.pinyin is not None:
            fields.append(("headline_py", docs < table.size))
        for field, covered in fields:
            base, width = BANDS[field]
            at = np.flatnonzero((values == base) & covered)
            if not len(at):
                continue
            at = at[np.argsort(docs[at], kind="stable")]
            wanted = docs[at].tolist()
            if field == "headline":
                found, bonus, line, start, end = table.score(term.text, wanted)
            else:
                assert term.pinyin is not None
                found, bonus, line, start, end = _pinyin_scores(
                    table, term.pinyin, wanted, td.spelled, spelled
                )
            if not len(found):
                continue
            at = at[np.searchsorted(docs[at], found)]
            done[at] = True
            scores[at] = values[at] + np.minimum(bonus, width)
            where.line[at], where.start[at], where.end[at] = line, start, end
            where.pinyin[at] = field == "headline_py"
        return done

    def _names(
        self,
        term: Term,
        td: _TermDocs,
        docs: np.ndarray,
        values: np.ndarray,
        scores: np.ndarray,
        where: _Places,
        names: dict[tuple[int, str], NameScores],
    ) -> np.ndarray:
        """Score the name matches among `docs` all at once: an article's name bonus is the best
        score of the names it mentions that the term matched (`rank.bonus`), each name scored
        once; where it is, is found when asked.  Returns which positions were scored."""
        import numpy as np

        done = np.zeros(len(docs), dtype=bool)
        for field in ("name", "name_py"):
            base, width = BANDS[field]
            at = np.flatnonzero(values == base)
            ids = td.names.get(field)
            if not len(at) or not ids:
                continue
            # (Names found in very many articles: the few candidates are cheaper one by one.)
            pairs = self.data.names.mentions(ids, MENTIONS_PER_CANDIDATE * len(at) + 2_000)
            if pairs is None:
                continue
            named, mentioned = pairs
            wanted = np.sort(docs[at])
            inside = np.isin(mentioned, wanted)
            named, mentioned = named[inside], mentioned[inside]
            memo = names.setdefault((id(term), field), {})
            distinct, which = np.unique(named, return_inverse=True)
            if field == "name" and not (term.prefix or term.suffix):
                # (each of these names holds the term: the rule at once, from where it is)
                first, lengths = self.data.names.first_places(distinct.tolist(), term.text)
                value = text_name_scores(len(term.text), first, lengths)
            elif (
                field == "name_py"
                and term.pinyin is not None
                and not (term.prefix or term.suffix)
                and len(distinct) > WALKED_ONE_BY_ONE  # (else one by one: `rank.name_score`)
            ):
                value = pinyin_name_scores(*self.data.names.pinyin_places(distinct, term.pinyin))
            else:
                value = np.full(len(distinct), -np.inf)
                for k, name in enumerate(distinct.tolist()):
                    found = name_score(term, field, self.data.names.text(name), memo)
                    if found is not None:
                        value[k] = found[0]
            best = np.full(len(wanted), -np.inf)
            np.maximum.at(best, np.searchsorted(wanted, mentioned), value[which])
            position = at[np.argsort(docs[at], kind="stable")]
            scored = best > -np.inf
            position, best = position[scored], best[scored]
            done[position] = True
            scores[position] = values[position] + np.minimum(best, width)
            matched = td.name_set(field, self.data.names)
            where.later.update(dict.fromkeys(position.tolist(), (term, field, matched, memo)))
        return done

    def _refine(
        self,
        doc: int,
        clause_bases: list[list[tuple[Term, np.ndarray, _TermDocs]]],
        names: dict[tuple[int, str], NameScores],
    ) -> tuple[float, Found]:
        """Full score of one article, and where its best match is."""
        total = 0.0
        best: tuple[float, Found] | None = None
        article = self.articles[doc]
        for per_term in clause_bases:
            clause_best: tuple[float, Found] | None = None
            for term, bases, td in per_term:
                base = float(bases[doc])
                if not base:
                    continue
                field = _FIELD_AT.get(base) or field_of(base)
                matched = td.name_set(field, self.data.names)
                memo = names.setdefault((id(term), field), {})  # (a Term's hash is computed anew)
                plain = self.data.plain_one(doc, td.signature)
                bonus, loc = score_one(article, term, field, matched, names=memo, plain=plain)
                score = base + min(bonus, BANDS[field][1])
                if clause_best is None or score > clause_best[0]:
                    clause_best = (score, loc)
            assert clause_best is not None
            total += clause_best[0]
            if best is None or clause_best[0] > best[0]:
                best = clause_best
        assert best is not None
        return total / len(clause_bases), best[1]


def _pinyin_scores(
    table: Headlines, p: str, wanted: list[int], checked: dict[int, Matches], spelled: dict[int, Matches]
) -> Scores:
    """`Matches.score` of the articles `wanted` (sorted): from what checking them found where it
    did (`checked`), else matched now; each article's matches go into `spelled`."""
    import numpy as np

    if not checked:  # (the index proved every one: none was checked)
        proven = Matches(table, p, wanted)
        spelled.update(dict.fromkeys(wanted, proven))
        return proven.score()
    known: dict[int, tuple[Matches, list[int]]] = {}
    rest = []
    for doc in wanted:
        matches = checked.get(doc)
        if matches is None:
            rest.append(doc)
        else:
            known.setdefault(id(matches), (matches, []))[1].append(doc)
    parts = list(known.values())
    if rest:
        parts.append((Matches(table, p, rest), rest))
    scored = []
    for matches, docs in parts:
        spelled.update(dict.fromkeys(docs, matches))
        found = matches.score()
        if len(parts) > 1 or len(docs) < len(matches.wanted):
            keep = np.isin(found[0], docs)
            found = (found[0][keep], found[1][keep], found[2][keep], found[3][keep], found[4][keep])
        scored.append(found)
    if len(scored) == 1:
        return scored[0]
    joined = [np.concatenate(arrays) for arrays in zip(*scored, strict=True)]
    order = np.argsort(joined[0], kind="stable")
    return joined[0][order], joined[1][order], joined[2][order], joined[3][order], joined[4][order]


def _in_no_headline(parsed: Query, clause_bases: list[list[tuple[Term, np.ndarray, _TermDocs]]]) -> set[int]:
    """The terms (by place in `parsed.terms`) that every headline was looked through for and
    none holds as written."""
    absent = set()
    for clause in clause_bases:
        for term, _, td in clause:
            docs = td.docs.get("headline")
            if docs is not None and not len(docs) and td.complete.get("headline"):
                absent.add(id(term))
    return {t for t, term in enumerate(parsed.terms) if id(term) in absent}


def _spelled_spans(
    parsed: Query, spelled: dict[int, dict[int, Matches]], ranked: list[Ranked[Found]]
) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """Per (hit, term), where `pinyin_lines` found the term's pinyin in the hit's headline line,
    for the highlights (rather than look again)."""
    out: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for t, term in enumerate(parsed.terms):
        found = spelled.get(id(term))
        if not found or term.pinyin is None:
            continue
        wanted: dict[int, tuple[Matches, list[int], list[int], list[int]]] = {}
        for h, r in enumerate(ranked):
            matches = found.get(r.doc)
            if matches is not None and r.detail.at.block == HEADLINE:
                _, hits, docs, lines = wanted.setdefault(id(matches), (matches, [], [], []))
                hits.append(h)
                docs.append(r.doc)
                lines.append(r.detail.at.line)
        for matches, hits, docs, lines in wanted.values():
            out.update(zip([(h, t) for h in hits], matches.spans_of_lines(docs, lines), strict=True))
    return out


def warm_up(index: SearchIndex | None = None) -> None:
    """Load what the first keystroke would otherwise wait for (pinyin tables, rapidfuzz, and
    the code points and line lengths of `index`'s headlines and the code points of its
    names, which a cached index does not store).

    Not jieba's dictionary: tagged articles carry their word boundaries (`reader.search.words`).
    """
    _warm()
    if index is not None and index.data.headlines is not None:
        index.data.headlines.codes()
        index.data.headlines.line_sizes()
    if index is not None:
        index.data.names.warm_up()


def _warm() -> None:
    import numpy as np

    from reader.search import pinyin
    from reader.search.match import FuzzyFinder
    from reader.search.query import Term

    for letter in "abcdefghijklmnopqrstuvwxyz":
        pinyin.tables().starters(letter)
    pinyin_lines.readings()
    FuzzyFinder(Term("预热词"))
    query_keys("预热")  # the folding and word-character tables
    a = np.arange(3)
    np.isin(a, a), np.intersect1d(a, a), np.setdiff1d(a, a)


def _spaced_pinyin(parsed: Query) -> str | None:
    """`qiao jun jie` → `qiaojunjie`: plain pinyin terms, more than one, no operators."""
    terms = [c[0] for c in parsed.clauses if len(c) == 1]
    if len(terms) < 2 or len(terms) != len(parsed.clauses) or parsed.excluded:
        return None
    if any(t.pinyin is None or t.prefix or t.suffix or t.text != t.pinyin for t in terms):
        return None
    return "".join(t.text for t in terms)


def _selectivity(clause: tuple[Term, ...]) -> float:
    """A guess at how few articles a clause matches (higher: fewer), to narrow early."""
    return min(sum(1 if ch.isascii() else 3 for ch in t.text) for t in clause)
