"""The one error hierarchy of unspin.

::

    UnspinError                 anything unspin reports to a user
     +-- InputError             unreadable, empty, binary or unparseable input
     |    +-- FetchError        a URL that could not be fetched, or was refused
     +-- ConfigError            a bad option, or an optional engine/model that is missing
     +-- StoreError             the embedded database cannot be opened or written
          +-- NotFound          an id (story, article, pair) that names nothing in the store

Messages are whole sentences that name the offending file, id or option. The library never
prints or exits; the CLI and the web layer translate these errors in one place each.
"""

from __future__ import annotations


class UnspinError(Exception):
    """Base class of every error unspin raises on purpose."""


class InputError(UnspinError):
    """An input document could not be read, decoded or parsed."""


class FetchError(InputError):
    """A URL could not be fetched, or fetching it was refused. ``status`` and ``retry_after``
    are the server's when it answered with an HTTP error, else None."""

    status: int | None = None
    retry_after: str | None = None


class ConfigError(UnspinError):
    """An option, engine or model is missing or invalid."""


class StoreError(UnspinError):
    """The embedded store could not be opened, migrated or written."""


class NotFound(StoreError):
    """An id (story, article, pair) names nothing in the store."""
