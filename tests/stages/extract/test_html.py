from pathlib import Path

import pytest
from lxml.html import fromstring

from presslens.stages.extract import extract_html
from presslens.stages.extract.html import read_page_signals


@pytest.fixture(scope="module")
def opinion_page(fixtures: Path) -> str:
    return (fixtures / "html" / "opinion-page.html").read_text(encoding="utf-8")


def test_body_is_the_article_only(opinion_page: str) -> None:
    page = extract_html(opinion_page)
    assert page.text.startswith("Every container that crosses the Pacific")
    assert page.text.endswith("the neighbourhoods that carried it.")
    for junk in ("Leave a Reply", "Subscribe", "Cookie", "All rights reserved", "senior fellow"):
        assert junk not in page.text


def test_metadata(opinion_page: str) -> None:
    page = extract_html(opinion_page)
    assert page.title == "The Quiet Cost of Cheap Shipping"
    assert page.signals.html_title == "Opinion | The Quiet Cost of Cheap Shipping - Harbor Review"
    assert page.author == "Priya Raman"
    assert page.date == "2024-05-14"
    assert page.outlet == "Harbor Review"
    assert page.signals.language == "en"


def test_bio_line_becomes_affiliation(opinion_page: str) -> None:
    page = extract_html(opinion_page)
    assert page.affiliation is not None
    assert "Institute for Maritime Policy" in page.affiliation.organisation
    assert page.bio_lines == (
        "Priya Raman is a senior fellow at the Institute for Maritime Policy.",
    )


def test_page_signals_from_jsonld_graph(fixtures: Path) -> None:
    html = (fixtures / "html" / "news-page.html").read_bytes().decode("cp1252")
    signals = read_page_signals(fromstring(html))
    assert "NewsArticle" in signals.schema_types
    assert signals.sections == ("Local",)
    assert signals.og_type == "article"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><head><script type='application/ld+json'>{broken</script></head>"
        "<body><p>x</p></body></html>",
        "<<<>>>",
        "<p>" + "deep <b>" * 300 + "</p>",
    ],
)
def test_odd_html_never_raises(html: str) -> None:
    page = extract_html(html)
    assert isinstance(page.text, str)
    if not page.text:
        assert page.warnings
