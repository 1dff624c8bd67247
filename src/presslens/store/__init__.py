"""The corpus store: analysed articles, their actors (merged across articles) and quotes.

SQLite by default (a file path), PostgreSQL or any SQLAlchemy database by URL.
"""

from presslens.stages.actors.keys import AliasIndex, actor_key, lookup_keys, normalise_name
from presslens.store.queries import ArticleHit, Filters, QuoteHit
from presslens.store.repository import SpeakerRow, Store, TimelineRow
from presslens.store.session import database_url

__all__ = [
    "AliasIndex",
    "ArticleHit",
    "Filters",
    "QuoteHit",
    "SpeakerRow",
    "Store",
    "TimelineRow",
    "actor_key",
    "database_url",
    "lookup_keys",
    "normalise_name",
]
