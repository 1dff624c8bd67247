"""In a real headless Chromium: the layers, hover, toggles, links, the chart, and no script
from the page's content ever runs. CI installs Debian's chromium; elsewhere the test is skipped
unless PRESSLENS_REQUIRE_BROWSER is set (as in CI), which makes a missing browser a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from _web import article_id
from fastapi.testclient import TestClient

CHROMIUM = os.environ.get("PRESSLENS_CHROMIUM", "/usr/bin/chromium")
BUILD = Path(__file__).resolve().parents[2] / "build"
pytestmark = pytest.mark.slow


def _browser_missing() -> bool:
    if Path(CHROMIUM).is_file() or shutil.which(CHROMIUM):
        return False
    if os.environ.get("PRESSLENS_REQUIRE_BROWSER"):
        pytest.fail(f"PRESSLENS_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
    return True


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    if _browser_missing():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 1400})
        finally:
            browser.close()


def test_article_layers_hover_toggle_and_links(page, server: str, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    oped = article_id(client, "oped-coastal-cities.txt")
    response = page.goto(f"{server}/articles/{oped}")
    assert response.status == 200
    quote = page.locator(".body .l-quote").first
    assert quote.is_visible()
    BUILD.mkdir(exist_ok=True)
    page.screenshot(path=str(BUILD / "article.png"), full_page=True)

    # Hovering a quotation lights up its speaker and names it in the inspector.
    she_quote = page.locator(".body .l-quote", has_text="The current model is not sustainable")
    she_quote.first.hover()
    inspector = page.locator(".inspector")
    assert inspector.is_visible() and "Laura Bennett" in inspector.inner_text()
    assert page.locator(".body .l-speaker.lit", has_text="She").count() == 1

    # A layer off, and on again (CSS alone: the checkbox is the legend's chip).
    def background() -> str:
        return str(quote.evaluate("e => getComputedStyle(e).backgroundColor"))

    shown = background()
    page.locator('label[for="layer-quote"]').click()
    assert background() in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator('label[for="layer-quote"]').click()
    assert background() == shown

    # A speaker's mark is a link to the actor's page, which charts quotes and mentions.
    page.locator(".body a.l-speaker", has_text="Laura Bennett").first.click()
    page.wait_for_url("**/actors/*")
    assert "Laura Bennett" in page.locator("h1").inner_text()
    assert page.locator("svg.chart rect.bar-quotes").count() >= 1


def test_no_script_from_the_content_runs(page, server: str, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    hostile = article_id(client, "hostile.html")
    response = page.goto(f"{server}/articles/{hostile}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "window.__pwned" in page.locator("h1").inner_text()  # the title shows it, as text


def test_search_and_export(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/")
    page.fill("form.quick input[name=q]", "levy")
    page.press("form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=levy")
    assert page.locator("ol.hits li").count() >= 1
    assert page.locator(".snippet mark").first.is_visible()
    with page.expect_download() as download:
        page.click("text=articles (CSV)")
    saved = download.value.path()
    assert saved is not None
    text = Path(saved).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith('"id"') and "levy" in text.lower()
