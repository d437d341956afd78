"""A store for the web tests: the sample corpus plus a farm copy whose title, outlet, URL and
text carry script tags and event-handler attributes (each would set ``window.__pwned``)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from unspin import corpus
from unspin.corpus import readers
from unspin.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "corpus" / "articles.jsonl"
HOSTILE_TITLE = (
    '<script>window.__pwned="title"</script>Hull dock <img src=x onerror="window.__pwned=\'img\'">'
)
HOSTILE_OUTLET = "<b onmouseover=\"window.__pwned='outlet'\">EvilNews</b>"
HOSTILE_URL = "javascript:window.__pwned='url'"
HOSTILE_LINES = (
    '<script>window.__pwned="text"</script>\n'
    '"><svg onload="window.__pwned=\'svg\'"></svg> Read more at <a href="javascript:window.__pwned=1">here</a>.\n'
)


def hostile_rows() -> list[dict]:
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    spin = next(r for r in rows if r["id"] == "farm-spin-1")
    text = spin["text"].replace("3,100", "3,900", 1)
    evil = dict(spin, id="evil-farm", title=HOSTILE_TITLE, outlet=HOSTILE_OUTLET, url=HOSTILE_URL,
                published="2025-03-04T17:30:00Z", text=HOSTILE_LINES + text)  # fmt: skip
    return [*rows, evil]


def build(path: Path) -> Path:
    data = path.with_suffix(".jsonl")
    data.write_text("".join(json.dumps(r) + "\n" for r in hostile_rows()), encoding="utf-8")
    with Store.open(path) as store:
        corpus.run(store, readers.read([str(data)]))
    return path


def start_server(db):
    """``unspin serve``'s app on ``db`` in a real uvicorn server on 127.0.0.1 (a thread of this
    process): (server, thread, port), once it is listening."""
    import uvicorn

    from unspin.web import Settings, create_app

    config = uvicorn.Config(create_app(Settings(str(db))), host="127.0.0.1", port=0,
                            log_level="warning")  # fmt: skip
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        assert time.time() < deadline, "the server did not start"
        time.sleep(0.05)
    return srv, thread, srv.servers[0].sockets[0].getsockname()[1]  # bound by uvicorn: no race
