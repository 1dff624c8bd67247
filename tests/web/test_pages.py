"""The pages: rendered on the server, readable without JavaScript, hostile content escaped."""

from __future__ import annotations

import re

from _web import article_id
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from presslens.cli.app import app
from presslens.stages.persuasion import shown_threshold
from presslens.web.security import CSP

HTML = {"Accept": "text/html"}


def test_every_page_carries_the_content_security_policy(client: TestClient) -> None:
    for path in (
        "/",
        "/speakers",
        "/analyze",
        f"/articles/{article_id(client, 'oped-coastal-cities.txt')}",
    ):
        response = client.get(path, headers=HTML)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"] == CSP
        assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
        assert "<script>" not in response.text  # no inline script, only /static/presslens.js
        assert " style=" not in response.text  # no inline style either


def test_the_article_page_shows_every_layer_in_the_text(client: TestClient) -> None:
    page = client.get(f"/articles/{article_id(client, 'oped-coastal-cities.txt')}").text
    for layer in ("quote", "speaker", "actor", "technique", "entity"):
        assert f'id="layer-{layer}"' in page  # the legend: a checkbox per layer, CSS-only
        assert f"l-{layer}" in page
    assert "title tag &#39;OpEd&#39;" in page or "title tag 'OpEd'" in page  # genre evidence
    assert "Coastal Cities Alliance" in page and "Stated affiliation" in page
    # The quote's words and its speaker share a group, so they light up together.
    match = re.search(r'class="[^"]*l-speaker[^"]*" data-groups="([^"]*)"[^>]*>She<', page)
    assert match is not None
    group = next(g for g in match.group(1).split() if g.startswith("q"))
    quote = re.search(rf'class="[^"]*l-quote[^"]*" data-groups="[^"]*\b{group}\b[^"]*"', page)
    assert quote is not None
    assert 'href="/actors/' in page  # marks link to their actor's page
    assert 'dir="auto"' in page


def test_hostile_content_runs_nothing(client: TestClient) -> None:
    page = client.get(f"/articles/{article_id(client, 'hostile.html')}", headers=HTML).text
    assert "window.__pwned" in page  # shown as text ...
    assert "<script>window" not in page  # ... never as markup
    assert "<img src=x" not in page and 'onerror="' not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_speakers_actor_and_chart(client: TestClient) -> None:
    speakers = client.get("/speakers", headers=HTML).text
    link = re.search(r'<a href="(/actors/\d+)">Coastal Resilience Alliance</a>', speakers)
    assert link is not None
    actor = client.get(link.group(1), headers=HTML).text
    assert "<svg" in actor and 'class="bar-quotes"' in actor
    assert "CRA" in actor
    assert client.get(link.group(1) + "?by=year").status_code == 200


def test_analyze_page_shows_the_article_without_storing(client: TestClient) -> None:
    before = client.get("/api/speakers?limit=500").json()
    text = ('The mayor said on Monday that "the levy is fair" and the council agreed.\n\n'
            "Critics called the plan a disaster for the poorest families in the city.")  # fmt: skip
    response = client.post("/analyze", data={"text": text}, headers=HTML)
    assert response.status_code == 200
    assert "the levy is fair" in response.text and "l-quote" in response.text
    assert client.get("/api/speakers?limit=500").json() == before
    nothing = client.post("/analyze", data={"text": ""}, headers=HTML)
    assert nothing.status_code == 422 and "Give one thing to analyse" in nothing.text


def test_errors_are_pages_for_people(client: TestClient) -> None:
    missing = client.get("/articles/99999", headers=HTML)
    assert missing.status_code == 404
    assert "no article 99999" in missing.text and "Traceback" not in missing.text


def test_serving_beyond_loopback_needs_a_token() -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"], env={"PRESSLENS_TOKEN": ""})
    assert result.exit_code == 2
    assert "--token" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_quotations_keep_to_speech_and_writing_unless_asked(client: TestClient) -> None:
    path = f"/articles/{article_id(client, 'oped-coastal-cities.txt')}"
    said = client.get(path, headers=HTML).text
    every = client.get(path + "?all_cues=true", headers=HTML).text
    # The op-ed attributes a belief to "the most cautious economists": listed only on request.
    assert "most cautious economists" in every
    hidden = re.search(r"(\d+) more attributions? of beliefs, intentions or perceptions", said)
    assert hidden is not None and int(hidden.group(1)) >= 1
    assert "<td>belief</td>" not in said and "<td>speech</td>" in said
    assert "Every attribution" in every
    listed = client.get("/api/quotes?limit=500").json()
    all_listed = client.get("/api/quotes?limit=500&all_cues=true").json()
    assert len(all_listed) > len(listed)
    assert not any("most cautious economists" in (q["speaker"] or "") for q in listed)


def test_technique_spans_below_the_shown_threshold_are_listed_on_request(
    client: TestClient,
) -> None:
    path = f"/articles/{article_id(client, 'oped-coastal-cities.txt')}"
    stored = client.get("/api" + path).json()["record"]["techniques"]
    cut = shown_threshold()
    below = [t for t in stored if t["confidence"] < cut]
    assert below, "the fixture needs a span below the shown threshold"
    shown = client.get(path, headers=HTML).text
    every = client.get(path + "?all_techniques=true", headers=HTML).text
    hidden = re.search(r"(\d+) less certain spans? not shown", shown)
    assert hidden is not None and int(hidden.group(1)) == len(below)
    assert "all_techniques=true" in shown
    section = every.split("<h2>Persuasion techniques", 1)[1].split("</section>", 1)[0]
    assert section.count("<li><strong>") == len(stored)
    assert "Every span the record keeps" in every
