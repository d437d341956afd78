"""Raw responses kept as WARC (``warcio``), so extraction can be run again on what was served.

One gzip member per record, appended: a file cut off by a kill keeps every whole record before
the cut, and ``unspin ingest FILE.warc.gz`` reads it back like any crawl.
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from unspin.errors import UnspinError
from unspin.fetch import Fetched


def keep(path: Path, url: str, got: Fetched) -> str:
    """Append the response to the WARC file at ``path``; returns "file name:offset"."""
    dropped = ("content-encoding", "transfer-encoding", "content-length")  # the body is decoded
    headers = [(k, v) for k, v in got.headers if k not in dropped]
    status = f"{got.status} {got.reason}".strip()
    try:
        with open(path, "ab") as stream:
            offset = stream.tell()
            writer = WARCWriter(stream, gzip=True)
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(got.body),
                http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
            )
            writer.write_record(record)
    except OSError as exc:
        raise UnspinError(
            f"The raw response of {url} could not be kept in {path}: {exc.strerror or exc}."
        ) from exc
    return f"{Path(path).name}:{offset}"
