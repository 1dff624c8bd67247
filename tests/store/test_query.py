"""The search syntax: parsed to a tree, compiled for FTS5 and for PostgreSQL, bad input refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presslens.errors import PresslensError, QueryError
from presslens.store.query import (
    MAX_QUERY_CHARS,
    And,
    Not,
    Or,
    Phrase,
    Word,
    fts5_match,
    parse_query,
    postgres_tsquery,
)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("sanctions", Word("sanctions")),
        ("sanctions iran", And((Word("sanctions"), Word("iran")))),
        ("sanctions AND iran", And((Word("sanctions"), Word("iran")))),
        ('"maximum  pressure"', Phrase("maximum pressure")),
        ("sanction*", Word("sanction", prefix=True)),
        ("a OR b c", Or((Word("a"), And((Word("b"), Word("c")))))),
        ("a -b", And((Word("a"), Not(Word("b"))))),
        ("a NOT b", And((Word("a"), Not(Word("b"))))),
        ("NOT b a", And((Not(Word("b")), Word("a")))),
        ("(a OR b) c", And((Or((Word("a"), Word("b"))), Word("c")))),
        ("a -(b OR c)", And((Word("a"), Not(Or((Word("b"), Word("c"))))))),
        ("a or not b", And((Word("a"), Word("or"), Word("not"), Word("b")))),  # words, not ops
        ("e-mail", Word("e-mail")),
        ("a ; -- b", And((Word("a"), Word("b")))),  # punctuation-only terms are no terms
        ("a\x00b", And((Word("a"), Word("b")))),  # control characters are spaces
        ("a\ue000b", And((Word("a"), Word("b")))),  # so are the snippets' private markers
        ("((a))", Word("a")),
    ],
)
def test_parse(query: str, tree: object) -> None:
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "nothing to search for"),
        ("   ; --", "nothing to search for"),
        ('"unclosed phrase', "unbalanced quotation mark"),
        ('a "b', "unbalanced quotation mark"),
        ("(a OR b", "'(' at character 1 is not closed"),
        ("a)", "')' at character 2 closes nothing"),
        ("'); DROP TABLE articles; --", "closes nothing"),
        ("NOT a", "only says what to leave out"),
        ("-a -b", "only says what to leave out"),
        ("a OR -b", "a side of OR only says what to leave out"),
        ("AND a", "'AND' at character 1"),
        ("a AND", "'AND' at the end"),
        ("a OR", "'OR' at character 3"),
        ("a NOT", "'NOT' at character 3 needs a word"),
        ("U.S*", "a prefix search needs letters and digits"),
        ("x" * (MAX_QUERY_CHARS + 1), "1,001 characters"),
        (" ".join(["w"] * 51), "more than 50 words"),
        ("(" * 25 + "a" + ")" * 25, "nests more than 20 levels"),
    ],
)
def test_bad_queries_are_one_line_errors(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as raised:
        parse_query(query)
    assert "\n" not in str(raised.value)
    assert isinstance(raised.value, PresslensError)


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("sanctions iran", '"sanctions" AND "iran"'),
        ('"maximum pressure" OR embargo', '"maximum pressure" OR "embargo"'),
        ("sanction*", '"sanction" *'),
        ("a -b", '"a" NOT "b"'),
        ("a b -c -d", '("a" AND "b") NOT ("c" OR "d")'),
        ("NOT c a", '"a" NOT "c"'),
        ("(a OR b) c", '("a" OR "b") AND "c"'),
        ("a -(b c)", '"a" NOT ("b" AND "c")'),
        ("title:iran NEAR", '"title:iran" AND "NEAR"'),  # FTS5 syntax stays text
        ("it's", '"it\'s"'),
        ("a*b", '"a*b"'),
    ],
)
def test_fts5(query: str, match: str) -> None:
    assert fts5_match(parse_query(query)) == match


def test_fts5_escapes_quotes() -> None:
    assert fts5_match(Word('say "no"')) == '"say ""no"""'


@pytest.mark.parametrize(
    ("query", "sql", "params"),
    [
        ("iran", "plainto_tsquery('english', :q0)", ["iran"]),
        ('"oil exports"', "phraseto_tsquery('english', :q0)", ["oil exports"]),
        ("sanct*", "to_tsquery('english', :q0 || ':*')", ["sanct"]),
        (
            "a -b",
            "(plainto_tsquery('english', :q0) && (!! plainto_tsquery('english', :q1)))",
            ["a", "b"],
        ),
        (
            "a OR b c",
            "(plainto_tsquery('english', :q0) || "
            "(plainto_tsquery('english', :q1) && plainto_tsquery('english', :q2)))",
            ["a", "b", "c"],
        ),
        (
            "x'; DROP TABLE articles; --",
            "(plainto_tsquery('english', :q0) && plainto_tsquery('english', :q1) && "
            "plainto_tsquery('english', :q2) && plainto_tsquery('english', :q3))",
            ["x';", "DROP", "TABLE", "articles;"],
        ),
    ],
)
def test_postgres_terms_are_parameters(query: str, sql: str, params: list[str]) -> None:
    compiled = postgres_tsquery(parse_query(query))
    assert compiled.sql == sql
    assert list(compiled.params.values()) == params


def test_postgres_config_and_prefix_must_be_names() -> None:
    with pytest.raises(ValueError, match="configuration"):
        postgres_tsquery(Word("a"), config="english'); --")
    with pytest.raises(ValueError, match="parameter name"):
        postgres_tsquery(Word("a"), prefix="p; --")
    assert postgres_tsquery(Word("a"), prefix="other_").params == {"other_0": "a"}


@given(st.text(max_size=200))
def test_any_text_parses_or_is_refused_in_one_line(query: str) -> None:
    try:
        node = parse_query(query)
    except QueryError as exc:
        assert "\n" not in str(exc)
        return
    compiled = postgres_tsquery(node)
    assert _OURS.sub("", compiled.sql) == ""  # nothing in the SQL but presslens' own syntax
    assert fts5_match(node).count('"') % 2 == 0


_OURS = re.compile(
    r"(?:plainto|phraseto)_tsquery\('english', :q\d+\)|to_tsquery\('english', :q\d+ \|\| ':\*'\)"
    r"|[()&|! ]"
)
