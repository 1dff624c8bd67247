"""Helpers for the web tests."""

from __future__ import annotations

from fastapi.testclient import TestClient


def article_id(client: TestClient, source: str) -> int:
    """The store id of the article ingested under ``source``."""
    for candidate in range(1, 20):
        response = client.get(f"/api/articles/{candidate}")
        if response.status_code == 200 and response.json()["source"] == source:
            return candidate
    raise LookupError(source)
