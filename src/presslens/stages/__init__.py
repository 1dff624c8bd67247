"""The pipeline's stages, in the order they run.

1. ``ingest``  — read a path, URL or stdin into bytes; decode; decide HTML or plain text.
2. ``extract`` — HTML (trafilatura) or plain text (rule-based cleaner) to clean body + metadata.
3. ``nlp``     — spaCy: tokens, sentences, entities, over the clean body.

``presslens.export`` turns the spaCy ``Doc`` and the extraction into the article record.
"""
