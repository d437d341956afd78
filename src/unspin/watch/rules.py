"""``watch.toml``: the schedule's bounds, the alert rules and the channels, read with ``tomllib``.

::

    [schedule]                 # seconds; every field of schedule.Policy may be set
    feed_min = 300
    page_start = 900

    [[alert]]                  # no [[alert]] at all: the four defaults below
    type = "stealth_edit"      # stealth_edit | new_rewrite | disputed | health
    kinds = ["number", "entity", "quote"]   # change kinds (default: all)
    min_severity = "medium"    # high | medium | low
    min_confidence = 0.5       # the verifier's confidence, 0..1
    outlets = ["Daily Farm"]   # only these outlets (default: any)
    stories = ["3f2a"]         # only these stories, by id prefix (default: any)
    keywords = ["strike"]      # only articles whose title or text holds one (default: any)

    [webhook]                  # POST each alert as JSON, signed X-Unspin-Signature: sha256=<hex>
    url = "http://127.0.0.1:9000/hook"
    secret = "..."

    [email]                    # SMTP; digest = one message per pass instead of one per alert
    host = "127.0.0.1"
    port = 25
    from = "unspin@localhost"
    to = ["desk@example.org"]
    digest = true

Any unknown key or wrong type is a :class:`~unspin.errors.ConfigError` naming the file and key.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError
from unspin.records import KINDS, SEVERITIES

from .schedule import Policy

TYPES = ("stealth_edit", "new_rewrite", "disputed", "health")
RANK = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class Rule:
    type: str
    kinds: tuple[str, ...] = ()
    min_severity: str = "medium"
    min_confidence: float = 0.0
    outlets: tuple[str, ...] = ()
    stories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    name: str = ""

    def changes(self, changes: list[dict]) -> list[dict]:
        """The changes (compare's JSON objects) this rule alerts on."""
        floor = RANK[self.min_severity]
        return [
            c for c in changes
            if c["kind"] != "omitted"
            and (not self.kinds or c["kind"] in self.kinds)
            and RANK.get(c["severity"], 0) >= floor
            and (c.get("confidence") is None or c["confidence"] >= self.min_confidence)
        ]  # fmt: skip

    def admits(self, outlet: str | None, story: str | None, text: str) -> bool:
        if self.outlets and outlet not in self.outlets:
            return False
        if self.stories and not (story and any(story.startswith(s) for s in self.stories)):
            return False
        low = text.lower()
        return not self.keywords or any(k.lower() in low for k in self.keywords)


DEFAULT_RULES = tuple(Rule(t, name=f"default {t}") for t in TYPES)


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str = ""


@dataclass(frozen=True)
class Email:
    to: tuple[str, ...]
    host: str = "127.0.0.1"
    port: int = 25
    sender: str = "unspin@localhost"
    digest: bool = False
    subject: str = "unspin alert"


@dataclass(frozen=True)
class Config:
    policy: Policy = field(default_factory=Policy)
    rules: tuple[Rule, ...] = DEFAULT_RULES
    webhook: Webhook | None = None
    email: Email | None = None
    user_agent: str = "unspin-watch/0.1 (+https://github.com/unspin; fact-change monitor)"
    timeout: float = 10.0
    max_bytes: int = 5_000_000


def load(path: str | Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"The watch config {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"The watch config {path} cannot be read: {exc}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The watch config {path} is not valid TOML: {exc}.") from None
    return parse(data, str(path))


def parse(data: dict[str, Any], name: str = "watch.toml") -> Config:
    _keys(data, {"schedule", "alert", "webhook", "email", "fetch"}, name, "")
    policy = Policy(**_fields(data.get("schedule", {}), Policy, name, "schedule"))
    rules = tuple(_rule(r, name, i) for i, r in enumerate(_list(data, "alert", name), 1))
    fetch = _fields(data.get("fetch", {}), None, name, "fetch",
                    {"user_agent": str, "timeout": float, "max_bytes": int})  # fmt: skip
    hook = data.get("webhook")
    webhook = (
        Webhook(**_fields(hook, None, name, "webhook", {"url": str, "secret": str}))
        if hook
        else None
    )
    email = _email(data["email"], name) if "email" in data else None
    return Config(policy, rules or DEFAULT_RULES, webhook, email, **fetch)


def _rule(raw: object, name: str, number: int) -> Rule:
    where = f"alert {number}"
    types = {"type": str, "kinds": list, "min_severity": str, "min_confidence": float,
             "outlets": list, "stories": list, "keywords": list, "name": str}  # fmt: skip
    values = _fields(raw, None, name, where, types)
    if values.get("type") not in TYPES:
        raise ConfigError(f"{name}: [[alert]] {number} needs type = one of {', '.join(TYPES)}.")
    bad = [k for k in values.get("kinds", []) if k not in KINDS]
    if bad:
        raise ConfigError(f"{name}: [[alert]] {number} names unknown change kinds {bad}.")
    if values.get("min_severity", "medium") not in SEVERITIES:
        raise ConfigError(f"{name}: [[alert]] {number}: min_severity is one of high, medium, low.")
    for key in ("kinds", "outlets", "stories", "keywords"):
        if key in values:
            if not all(isinstance(v, str) for v in values[key]):
                raise ConfigError(f"{name}: [[alert]] {number}: {key} is a list of strings.")
            values[key] = tuple(values[key])
    values.setdefault("name", f"alert {number}")
    return Rule(**values)


def _email(raw: object, name: str) -> Email:
    types = {"to": list, "host": str, "port": int, "from": str, "digest": bool, "subject": str}
    values = _fields(raw, None, name, "email", types)
    if not values.get("to") or not all(isinstance(v, str) for v in values["to"]):
        raise ConfigError(f"{name}: [email] needs to = a list of addresses.")
    values["to"] = tuple(values["to"])
    if "from" in values:
        values["sender"] = values.pop("from")
    return Email(**values)


def _list(data: dict, key: str, name: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{name}: {key} must be an array of tables ([[{key}]]).")
    return value


def _fields(raw: object, cls: type | None, name: str, where: str, types: dict | None = None):
    if not isinstance(raw, dict):
        raise ConfigError(f"{name}: [{where}] must be a table.")
    if types is None and cls is not None:
        types = {f.name: f.type for f in dataclasses.fields(cls)}
        named = {"int": int, "bool": bool, int: int, bool: bool}
        types = {k: named.get(v, float) for k, v in types.items()}
    assert types is not None
    _keys(raw, set(types), name, where)
    out = {}
    for key, value in raw.items():
        want = types[key]
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, want) or (want is not bool and isinstance(value, bool)):
            raise ConfigError(f"{name}: {where}.{key} must be a {want.__name__}.")
        out[key] = value
    return out


def _keys(raw: dict, known: set[str], name: str, where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        at = f"[{where}] " if where else ""
        raise ConfigError(f"{name}: {at}has unknown keys {unknown}; known: {sorted(known)}.")
