"""One search syntax for the store, on SQLite (FTS5) and PostgreSQL (``tsquery``) alike.

=========================  =====================================================
``sanctions iran``         both words (AND is implied between terms)
``"maximum pressure"``     the exact phrase
``sanctions OR embargo``   either word
``sanctions NOT oil``      the first without the second; ``sanctions -oil`` too
``sanction*``              any word starting with "sanction"
``(iran OR iraq) nuclear`` parentheses group
=========================  =====================================================

``AND``, ``OR`` and ``NOT`` are operators in upper case only ("not" is a word). Both databases
stem English words ("sanctions" finds "sanction"); punctuation-only terms are ignored.

A query is parsed into a small tree (:func:`parse_query`), then compiled either to an FTS5
``MATCH`` string in which every term is a quoted string (:func:`fts5_match`), or to a
PostgreSQL ``tsquery`` expression whose every term is a bound parameter
(:func:`postgres_tsquery`), so no text a user typed is ever part of SQL.

>>> fts5_match(parse_query('iran -"oil exports"'))
'"iran" NOT "oil exports"'
>>> postgres_tsquery(parse_query("sanction* OR embargo")).sql
"(to_tsquery('english', :q0 || ':*') || plainto_tsquery('english', :q1))"
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from presslens.errors import QueryError

__all__ = [
    "MAX_DEPTH",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "And",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "TsQuery",
    "Word",
    "fts5_match",
    "parse_query",
    "postgres_tsquery",
]

MAX_QUERY_CHARS = 1000
"""The longest query accepted, in characters."""
MAX_TERMS = 50
"""The most words and phrases one query may hold."""
MAX_DEPTH = 20
"""The deepest nesting of parentheses and NOTs."""

_OPERATORS = frozenset({"AND", "OR", "NOT"})
# Control characters, lone surrogates and private-use characters (the search snippets' own
# highlight markers) never reach a database.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Co"})


@dataclass(frozen=True, slots=True)
class Word:
    """One word as typed; ``prefix`` when it ended with ``*``."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must stand together, in this order (``"maximum pressure"``)."""

    text: str


@dataclass(frozen=True, slots=True)
class Not:
    """Leave out what matches ``item``; only inside an :class:`And` beside a positive term."""

    item: Node


@dataclass(frozen=True, slots=True)
class And:
    """Every item matches (at least one of them is not a :class:`Not`)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one item matches (none of them is a :class:`Not`)."""

    items: tuple[Node, ...]


Node = Word | Phrase | Not | And | Or


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "phrase", "(", ")", "-", "AND", "OR", "NOT"
    at: int  # 1-based character position, for messages
    text: str = ""


def _clean(query: str) -> str:
    return "".join(" " if unicodedata.category(ch) in _DROPPED_CATEGORIES else ch for ch in query)


def _tokens(query: str) -> Iterator[_Token]:
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            yield _Token(ch, i + 1)
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError(
                    f"unbalanced quotation mark: the phrase opened at character {i + 1} is not "
                    'closed; close it with " or leave the quotation mark out'
                )
            yield _Token("phrase", i + 1, query[i + 1 : end])
            i = end + 1
        elif ch == "-" and i + 1 < n and (query[i + 1] in '"(' or query[i + 1].isalnum()):
            yield _Token("-", i + 1)
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '()"':
                j += 1
            word = query[i:j]
            yield _Token(word if word in _OPERATORS else "word", i + 1, word)
            i = j


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@dataclass(slots=True)
class _Parser:
    """Recursive descent over the tokens; an atom with no letters or digits parses to None."""

    tokens: list[_Token]
    pos: int = 0
    depth: int = 0
    terms: int = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr()
        extra = self.peek()
        if extra is not None:  # only a ")" can stop or_expr early
            raise QueryError(
                f"unbalanced parenthesis: the ')' at character {extra.at} closes nothing"
            )
        if node is None:
            raise QueryError("nothing to search for: give at least one word or phrase")
        return node

    def or_expr(self) -> Node | None:
        branches = [self.and_expr()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            branches.append(self.and_expr())
            if branches[-2] is None or branches[-1] is None:
                raise QueryError(
                    f"'OR' at character {token.at} needs a word or phrase on each side"
                )
        return _join(Or, [b for b in branches if b is not None])

    def and_expr(self) -> Node | None:
        items: list[Node] = []
        after_and = False
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                if not items or after_and:
                    raise QueryError(f"'AND' at character {token.at} needs a word on each side")
                self.take()
                after_and = True
                continue
            item = self.unary()
            after_and = False
            if item is not None:
                items.append(item)
        if after_and:
            raise QueryError("'AND' at the end needs a word after it")
        return _join(And, items)

    def unary(self) -> Node | None:
        token = self.peek()
        assert token is not None
        if token.kind in ("NOT", "-"):
            self.take()
            following = self.peek()
            if following is None or following.kind in ("OR", "AND", ")"):
                name = token.text or "-"
                raise QueryError(f"'{name}' at character {token.at} needs a word after it")
            self.enter()
            inner = self.unary()
            self.depth -= 1
            return Not(inner) if inner is not None else None
        return self.atom()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"the query nests more than {MAX_DEPTH} levels deep; simplify it")

    def atom(self) -> Node | None:
        token = self.take()
        if token.kind == "(":
            self.enter()
            inner = self.or_expr()
            self.depth -= 1
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError(
                    f"unbalanced parenthesis: the '(' at character {token.at} is not closed"
                )
            self.take()
            return inner
        if token.kind == ")":  # pragma: no cover - and_expr stops before ")"
            raise QueryError(f"unbalanced parenthesis at character {token.at}")
        if token.kind == "phrase":
            words = " ".join(token.text.split())
            return self.count(Phrase(words)) if _has_letters(words) else None
        text = token.text
        prefix = text.endswith("*")
        stem = text.rstrip("*")
        if not _has_letters(stem):
            return None
        if prefix and not stem.isalnum():
            raise QueryError(
                f"{text!r}: a prefix search needs letters and digits only before the '*'"
            )
        return self.count(Word(stem, prefix))

    def count(self, node: Word | Phrase) -> Node:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"the query has more than {MAX_TERMS} words and phrases; shorten it")
        return node


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def _check(node: Node, inside_or: bool = False) -> None:
    """Refuse what no index can answer: a query, or a side of an OR, that only excludes."""
    if isinstance(node, Not) or (
        isinstance(node, And) and all(isinstance(item, Not) for item in node.items)
    ):
        where = "a side of OR" if inside_or else "the query"
        raise QueryError(
            f"{where} only says what to leave out; add a word or phrase to search for, as in "
            "'sanctions NOT oil'"
        )
    if isinstance(node, And):
        for item in node.items:
            _check(item.item if isinstance(item, Not) else item)
    elif isinstance(node, Or):
        for item in node.items:
            _check(item, inside_or=True)


def parse_query(query: str) -> Node:
    """Parse the search syntax (see the module docstring) into a tree.

    Raises:
        QueryError: the query is empty, longer than :data:`MAX_QUERY_CHARS` characters or
            :data:`MAX_TERMS` terms, has an unbalanced quotation mark or parenthesis, a dangling
            operator, or only excludes words.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(query):,} characters long; the most is {MAX_QUERY_CHARS:,}"
        )
    node = _Parser(list(_tokens(_clean(query)))).parse()
    _check(node)
    return node


# -- SQLite FTS5 -----------------------------------------------------------------------------


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_match(node: Node) -> str:
    """The FTS5 ``MATCH`` expression of a parsed query; every term is a quoted string.

    FTS5's NOT is binary (``a NOT b``), so an AND group's excluded terms follow its positive
    ones: ``a b -c -d`` is ``("a" AND "b") NOT ("c" OR "d")``.
    """
    if isinstance(node, Word):
        return _fts5_string(node.text) + (" *" if node.prefix else "")
    if isinstance(node, Phrase):
        return _fts5_string(node.text)
    if isinstance(node, Or):
        return " OR ".join(_fts5_group(item) for item in node.items)
    if isinstance(node, And):
        wanted = [_fts5_group(i) for i in node.items if not isinstance(i, Not)]
        unwanted = [_fts5_group(i.item) for i in node.items if isinstance(i, Not)]
        positive = " AND ".join(wanted)
        if not unwanted:
            return positive
        if len(wanted) > 1:
            positive = f"({positive})"
        negative = unwanted[0] if len(unwanted) == 1 else f"({' OR '.join(unwanted)})"
        return f"{positive} NOT {negative}"
    raise QueryError("a NOT needs a word or phrase to subtract from")


def _fts5_group(node: Node) -> str:
    text = fts5_match(node)
    return f"({text})" if isinstance(node, And | Or) else text


# -- PostgreSQL tsquery ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TsQuery:
    """A PostgreSQL ``tsquery`` expression: SQL of presslens' own making, plus the user's
    words as bound parameters (``:q0``, ``:q1`` ...)."""

    sql: str
    params: dict[str, str]


def postgres_tsquery(node: Node, *, config: str = "english", prefix: str = "q") -> TsQuery:
    """The ``tsquery`` expression of a parsed query, its terms bound as parameters.

    Words go through ``plainto_tsquery``, phrases through ``phraseto_tsquery``, prefixes
    through ``to_tsquery(:w || ':*')`` (the parser lets only letters and digits reach it), joined
    with ``&&``, ``||`` and ``!!``. Every operation is parenthesised, since PostgreSQL gives
    these operators one precedence.

    Args:
        config: the text search configuration the ``search`` columns were built with.
        prefix: the parameters' names start with it, so two queries can share a statement.
    """
    if not config.isidentifier() or not prefix.isidentifier():
        raise ValueError(f"not a text search configuration or parameter name: {config!r}")
    params: dict[str, str] = {}

    def bind(text: str) -> str:
        name = f"{prefix}{len(params)}"
        params[name] = text
        return f":{name}"

    def build(item: Node) -> str:
        if isinstance(item, Word):
            if item.prefix:
                return f"to_tsquery('{config}', {bind(item.text)} || ':*')"
            return f"plainto_tsquery('{config}', {bind(item.text)})"
        if isinstance(item, Phrase):
            return f"phraseto_tsquery('{config}', {bind(item.text)})"
        if isinstance(item, Not):
            return f"(!! {build(item.item)})"
        operator = " && " if isinstance(item, And) else " || "
        return "(" + operator.join(build(i) for i in item.items) + ")"

    return TsQuery(build(node), params)
