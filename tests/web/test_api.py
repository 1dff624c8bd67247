"""The REST API: every endpoint, its errors (JSON, never a traceback), limits and the token."""

from __future__ import annotations

from _web import article_id
from fastapi.testclient import TestClient

from presslens.web import WebSettings, create_app

TEXT = (
    "Ministers meet as talks resume – OpEd\n\n"
    'The minister said on Monday that the talks would resume. "We are ready," he added.\n\n'
    "Maria Lopez, a senator, told reporters that the resolution was a betrayal of voters.\n"
)


def test_analyze_text_returns_the_record(client: TestClient) -> None:
    response = client.post("/api/analyze", json={"text": TEXT})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] is None
    record = body["record"]
    assert record["schema"] == "presslens.article/1"
    assert any(q["speaker"] and q["speaker"]["text"] == "The minister" for q in record["quotes"])
    for quote in record["quotes"]:
        for span in quote["content"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_analyze_html_and_store_it(client: TestClient) -> None:
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in TEXT.split("\n\n")[1:])
    response = client.post(
        "/api/analyze", json={"html": html + "</article></body></html>", "store": True,
                              "source": "api-test.html"}
    )  # fmt: skip
    assert response.status_code == 200, response.text
    stored = response.json()["id"]
    assert isinstance(stored, int)
    again = client.get(f"/api/articles/{stored}").json()
    assert again["source"] == "api-test.html"


def test_upload(client: TestClient) -> None:
    response = client.post("/api/analyze/upload", files={"file": ("page.txt", TEXT.encode())})
    assert response.status_code == 200, response.text
    assert "talks would resume" in response.json()["record"]["text"]


def test_bad_requests_are_json_with_a_message(client: TestClient) -> None:
    both = client.post("/api/analyze", json={"text": "a", "url": "https://example.org"})
    assert both.status_code == 422
    assert "exactly one of text, html or url" in both.json()["error"]
    empty = client.post("/api/analyze", json={"text": "   "})
    assert empty.status_code == 422 and "the input is empty" in empty.json()["error"]
    binary = client.post("/api/analyze/upload", files={"file": ("x.pdf", b"%PDF-1.7 \x00\x01")})
    assert binary.status_code == 422 and "PDF" in binary.json()["error"]
    for path in ("/api/articles/99999", "/api/actors/99999", "/api/actors/99999/timeline"):
        missing = client.get(path)
        assert missing.status_code == 404 and "no " in missing.json()["error"]
    wrong = client.get("/api/speakers?limit=0")
    assert wrong.status_code == 422 and "limit" in wrong.json()["error"]
    assert "Traceback" not in wrong.text


def test_bodies_are_size_limited(web_store: str) -> None:
    with TestClient(create_app(WebSettings(db=web_store, max_bytes=2_000))) as small:
        big = small.post("/api/analyze", json={"text": "word " * 100_000})
        assert big.status_code == 413
        assert "limit" in big.json()["error"]


def test_the_server_does_not_fetch_its_own_network(client: TestClient, http_server: str) -> None:
    refused = client.post("/api/analyze", json={"url": f"{http_server}/html/news-page.html"})
    assert refused.status_code == 422
    assert "public addresses only" in refused.json()["error"]


def test_an_operator_can_allow_private_urls(web_store: str, http_server: str) -> None:
    settings = WebSettings(db=web_store, fetch_private=True)
    with TestClient(create_app(settings)) as trusting:
        fetched = trusting.post("/api/analyze", json={"url": f"{http_server}/html/news-page.html"})
        assert fetched.status_code == 200, fetched.text


def test_analysis_needs_the_token_when_one_is_set(guarded: TestClient) -> None:
    assert guarded.post("/api/analyze", json={"text": TEXT}).status_code == 401
    wrong = guarded.post("/api/analyze", json={"text": TEXT},
                         headers={"Authorization": "Bearer nope"})  # fmt: skip
    assert wrong.status_code == 401 and "token" in wrong.json()["error"]
    right = guarded.post(
        "/api/analyze", json={"text": TEXT}, headers={"Authorization": "Bearer s3cret"}
    )
    assert right.status_code == 200
    assert guarded.get("/api/speakers").status_code == 200  # reading needs no token


def test_articles_speakers_actors_and_timelines(client: TestClient) -> None:
    oped = article_id(client, "oped-coastal-cities.txt")
    stored = client.get(f"/api/articles/{oped}").json()
    assert stored["record"]["metadata"]["genre"] == "opinion"
    assert stored["actors"]  # record actor ids → corpus actor ids
    speakers = client.get("/api/speakers", params={"limit": 5}).json()
    assert 1 <= len(speakers) <= 5
    alliance = next(s for s in client.get("/api/speakers?limit=50").json()
                    if s["name"] == "Coastal Resilience Alliance")  # fmt: skip
    assert "CRA" in alliance["names"]
    found = client.get("/api/actors", params={"name": "CRA"}).json()
    assert [a["id"] for a in found] == [alliance["actor_id"]]
    actor = client.get(f"/api/actors/{alliance['actor_id']}").json()
    assert actor["quotes"] == 2
    quotes = client.get(f"/api/actors/{alliance['actor_id']}/quotes", params={"limit": 1}).json()
    assert len(quotes) == 1 and quotes[0]["content"]
    timeline = client.get(f"/api/actors/{alliance['actor_id']}/timeline?by=year").json()
    assert sum(p["quotes"] for p in timeline) == 2
    persons = client.get("/api/speakers", params={"type": "person"}).json()
    assert {s["type"] for s in persons} == {"person"}


def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/analyze", "/api/analyze/upload", "/api/articles/{article_id}",
                 "/api/speakers", "/api/actors", "/api/actors/{actor_id}",
                 "/api/actors/{actor_id}/quotes", "/api/actors/{actor_id}/timeline"):  # fmt: skip
        assert path in paths
    assert client.get("/docs").status_code == 200
