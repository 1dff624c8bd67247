"""Stage 2: clean body and metadata from HTML (trafilatura) or copied page text (rules)."""

from presslens.stages.extract.extracted import Extracted
from presslens.stages.extract.genre import GenreSignals, detect_genre, split_title_tag
from presslens.stages.extract.html import extract_html
from presslens.stages.extract.plaintext import PlainText, clean_plain_text
from presslens.stages.extract.router import extract, split_title_outlet

__all__ = [
    "Extracted",
    "GenreSignals",
    "PlainText",
    "clean_plain_text",
    "detect_genre",
    "extract",
    "extract_html",
    "split_title_outlet",
    "split_title_tag",
]
