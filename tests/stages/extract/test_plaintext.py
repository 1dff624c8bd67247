from collections.abc import Callable
from pathlib import Path

import pytest

from presslens.stages.extract.plaintext import PlainText, clean_plain_text

COMMENT_FORM_STRINGS = (
    "Leave a Reply",
    "Your email address will not be published",
    "Required fields are marked",
    "Post Comment",
    "Save my name, email",
)


def read(fixtures: Path, name: str) -> str:
    return (fixtures / "plaintext" / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def oped(fixtures: Path) -> PlainText:
    return clean_plain_text(read(fixtures, "oped.txt"))


@pytest.fixture(scope="module")
def news(fixtures: Path) -> PlainText:
    return clean_plain_text(read(fixtures, "news-page.txt"))


# -- the typical case: an op-ed copied from a web page ---------------------------------------


def test_oped_body_runs_from_first_to_last_paragraph(oped: PlainText) -> None:
    assert oped.text.startswith("When the upstream states signed")
    assert oped.text.endswith("We are asking to be told where it went.”")
    assert oped.text.count("\n\n") == 3


@pytest.mark.parametrize("junk", [*COMMENT_FORM_STRINGS, "Rana Okafor", "writes for", "OpEd"])
def test_oped_body_has_no_comment_form_or_author_lines(oped: PlainText, junk: str) -> None:
    assert junk not in oped.text


def test_oped_metadata(oped: PlainText) -> None:
    assert oped.title == "The Price Of Silence On River Treaties – OpEd"
    assert oped.author == "Rana Okafor"
    assert oped.date is None
    assert oped.dateline is None
    assert oped.warnings == ()


def test_oped_bio_line_becomes_affiliation(oped: PlainText) -> None:
    assert oped.affiliation is not None
    assert oped.affiliation.organisation == "Basin Water Forum (BWF)"
    assert oped.affiliation.person == "Rana Okafor"
    assert oped.affiliation.relation == "writes for"
    assert oped.affiliation.statement == "Rana Okafor writes for the Basin Water Forum (BWF)"


# -- a news page: menus, byline, share bar, dateline, ads, captions, related, footer ---------


def test_news_body_keeps_the_dateline(news: PlainText) -> None:
    assert news.text.startswith("SPRINGFIELD (Reuters) — The city council approved")
    assert news.text.endswith("if the grants fall through.")
    assert news.dateline == "SPRINGFIELD (Reuters) —"


@pytest.mark.parametrize(
    "junk",
    ["Skip to content", "Subscribe", "Facebook", "Advertisement", "Photo:", "Related Articles",
     "Bike Lanes", "Follow us", "©", "Privacy Policy", "cookies", "By Jane Doe"],
)  # fmt: skip
def test_news_furniture_is_removed(news: PlainText, junk: str) -> None:
    assert junk not in news.text


def test_news_metadata(news: PlainText) -> None:
    assert news.title == "Council Approves Transit Budget After Marathon Session"
    assert news.author == "Jane Doe and John Roe"
    assert news.date == "2019-11-18"
    assert news.affiliation is None


def test_comment_thread_is_not_body(fixtures: Path) -> None:
    page = clean_plain_text(read(fixtures, "comments-page.txt"))
    assert page.text.startswith("State crews kept the coastal highway closed")
    assert page.text.endswith("between the two towns.")
    for junk in ("says:", "sea wall", "forty", "Reply", "Comments"):
        assert junk not in page.text
    assert page.date == "2019-11-19"


# -- the same article in other shapes ------------------------------------------------------


@pytest.mark.parametrize(
    "reshape",
    [
        lambda text: text.replace("\n", "\r\n"),  # Windows line endings
        lambda text: text.replace("\n", "\r"),  # old Mac line endings
        lambda text: "\n".join(line for line in text.splitlines() if line.strip()),  # no blanks
        lambda text: "\ufeff" + text.replace(" the ", " the\u200b "),  # BOM, zero-width spaces
        lambda text: "\n".join("   " + line + "\t" for line in text.splitlines()),  # padding
    ],
    ids=["crlf", "cr", "no-blank-lines", "invisible-chars", "padded"],
)
def test_reshaped_oped_gives_the_same_result(
    fixtures: Path, oped: PlainText, reshape: Callable[[str], str]
) -> None:
    assert clean_plain_text(reshape(read(fixtures, "oped.txt"))) == oped


def test_article_without_page_furniture_is_kept_whole() -> None:
    paragraphs = [
        "The committee met on Monday to review the proposal, which would extend the programme "
        "for another five years.",
        "Members said they needed more time to study its cost before they could vote on it.",
    ]
    result = clean_plain_text("\n\n".join(paragraphs))
    assert result.text == "\n\n".join(paragraphs)
    assert result.title is None


def test_hard_wrapped_text_is_rejoined() -> None:
    raw = (
        "Budget Approved\n\n"
        "The council voted on Tuesday to approve the new budget,\n"
        "which raises spending on schools and roads by four\n"
        "percent over last year.\n\n"
        "Critics said the plan relies on optimistic revenue\n"
        "forecasts, and warned that a downturn could force cuts\n"
        "next spring."
    )
    result = clean_plain_text(raw)
    assert result.text.startswith("The council voted on Tuesday to approve the new budget, which")
    assert result.text.endswith("could force cuts next spring.")
    assert result.title == "Budget Approved"


# -- odd input never raises ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "has_body"),
    [
        ("", False),
        ("   \n\n\t \r\n", False),
        ("Leave a Reply\nYour email address will not be published. Required fields are marked *"
         "\nPost Comment\nShare\nFacebook\nTwitter\n© 2024 Example News", False),
        ("Home\nNews\nSport\nWeather\nContact Us", False),
        ("Just one line of text.", True),
        ("A sentence that is long enough to count as prose in any article body. " * 3000, True),
        ("word " * 100_000, False),
        ("\x00\x01\x02 \ud7ff \U0001f600", False),
        ("By\n\nBy\n—\n...\n(", False),
    ],
    ids=["empty", "whitespace", "only-boilerplate", "only-menu", "one-line", "very-long-line",
         "long-word-soup", "control-chars", "punctuation"],
)  # fmt: skip
def test_odd_input_never_raises(raw: str, has_body: bool) -> None:
    result = clean_plain_text(raw)
    assert bool(result.text) is has_body
    assert result.text == result.text.strip()
    if not has_body:
        assert result.warnings, "an empty body must say why"


def test_empty_text_warning_says_what_happened() -> None:
    assert clean_plain_text("").warnings == ("the text is empty",)
    assert clean_plain_text("Home\nNews").warnings == ("no article body found in the text",)
