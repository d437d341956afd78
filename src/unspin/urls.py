"""URLs from untrusted input, parsed without ever raising."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def split_url(url: str) -> SplitResult | None:
    """``urlsplit`` for an untrusted URL: None where it raises (``https://[host`` is "Invalid
    IPv6 URL", a port that is no number...), so a bad link is a failure, never a crash."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts


def http_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL that parses ("https:/x" is not)."""
    url = url.strip()
    parts = split_url(url)
    return parts is not None and parts.scheme.lower() in ("http", "https") and bool(URL.match(url))
