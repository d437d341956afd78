"""``unspin serve``: a local web UI and JSON API over the store.

::

    from unspin.web import Settings, create_app
    app = create_app(Settings("corpus.db"))   # an ASGI app (FastAPI); run it with uvicorn

Pages (:mod:`.pages`): stories (search, filters, sort, pages), story (derivation graph as SVG,
articles, changes), pair (side by side, aligned, changes highlighted), compare (paste, upload or
fetch two texts), article (text, metadata, versions). The API (:mod:`.api`) serves the same data
under ``/api/`` as JSON in the CLI's shapes. Shells only: every route makes one library call
(:mod:`unspin.corpus`, :func:`unspin.compare`) and renders it.
"""

from __future__ import annotations

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
