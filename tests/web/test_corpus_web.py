"""Search with facets, quotations by speaker and streamed exports, over HTTP."""

from __future__ import annotations

import io
import zipfile
from csv import DictReader

import pyarrow.parquet as pq
from fastapi.testclient import TestClient

HTML = {"Accept": "text/html"}


def test_search_api_ranks_and_counts(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "levy OR coastal"}).json()
    assert found["items"], found
    assert found["items"][0]["rank"] == 1
    assert found["facets"]["total"] >= len(found["items"])
    assert any("«" in item["snippet"] for item in found["items"])
    narrowed = client.get("/api/search", params={"q": "levy", "genre": "opinion"}).json()
    assert narrowed["facets"]["total"] <= found["facets"]["total"]
    assert {g for g, _ in narrowed["facets"]["genres"]} <= {"opinion"}


def test_a_bad_query_is_a_json_error(client: TestClient) -> None:
    bad = client.get("/api/search", params={"q": '"unclosed'})
    assert bad.status_code in (400, 422) and "error" in bad.json()
    hostile = client.get("/api/search", params={"q": "'); DROP TABLE articles; --"})
    assert hostile.status_code in (200, 400, 422)
    assert client.get("/api/speakers").status_code == 200  # the table is still there


def test_quotes_by_any_name_of_the_speaker(client: TestClient) -> None:
    by_acronym = client.get("/api/quotes", params={"speaker": "CRA"}).json()
    by_name = client.get("/api/quotes", params={"speaker": "Coastal Resilience Alliance"}).json()
    assert by_acronym and [q["quote_id"] for q in by_acronym] == [q["quote_id"] for q in by_name]
    assert all(q["actor"] == "Coastal Resilience Alliance" for q in by_acronym)


def test_exports_are_streamed_files_with_the_filters(client: TestClient) -> None:
    csv = client.get("/api/export/articles", params={"format": "csv", "q": "levy"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    rows = list(DictReader(io.StringIO(csv.text)))
    found = client.get("/api/search", params={"q": "levy", "limit": 500}).json()["facets"]["total"]
    assert rows and len(rows) == found  # exactly the filtered articles, no cap
    assert all("levy" in row["text"].lower() for row in rows)
    parquet = client.get("/api/export/quotes", params={"format": "parquet"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows > 0 and "speaker" in table.column_names
    everything = client.get("/api/export/all", params={"format": "jsonl"})
    with zipfile.ZipFile(io.BytesIO(everything.content)) as archive:
        assert {"articles.jsonl", "quotes.jsonl", "failures.jsonl"} <= set(archive.namelist())
    assert client.get("/api/export/nope").status_code == 422


def test_the_search_page_has_facets_and_export_links(client: TestClient) -> None:
    page = client.get("/search", params={"q": "levy"}, headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "<mark>" in text  # hits highlighted, the rest escaped
    assert "/api/export/articles?q=levy&amp;format=csv" in text
    assert 'href="/search?q=levy&amp;genre=' in text  # a facet adds itself to the filter
    empty = client.get("/search", headers=HTML)
    assert empty.status_code == 200 and "Type words" in empty.text
    bad = client.get("/search", params={"q": '"unclosed'}, headers=HTML)
    assert bad.status_code in (400, 422) and "Traceback" not in bad.text
