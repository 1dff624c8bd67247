"""The web interface: a REST API and pages that show an article with its evidence in place.

``presslens serve`` runs it; :func:`create_app` builds it for any ASGI server.
"""

from presslens.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
