"""Where alerts go: a webhook (JSON, HMAC-SHA256 signed), email over SMTP, and an Atom feed.

JSON lines on stdout are the CLI's own. A channel that fails does not lose the alert: it is kept
in the store (the Atom feed reads it there) and the failure is reported back as a sentence.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import xml.etree.ElementTree as ET
from email.message import EmailMessage

import httpx

from .rules import Email, Webhook

SIGNATURE = "X-Unspin-Signature"
ATOM = "http://www.w3.org/2005/Atom"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(hook: Webhook, alert: dict, timeout: float = 10.0) -> str | None:
    """POST one alert; None when the receiver took it, else why not."""
    body = json.dumps(alert, ensure_ascii=False, sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "unspin-watch"}
    if hook.secret:
        headers[SIGNATURE] = sign(hook.secret, body)
    try:
        answer = httpx.post(hook.url, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        return f"The webhook {hook.url} could not be reached: {exc}."
    if answer.status_code >= 300:
        return f"The webhook {hook.url} answered HTTP {answer.status_code}."
    return None


def mail(email: Email, alerts: list[dict], timeout: float = 10.0) -> str | None:
    """Send ``alerts`` as one message (a digest) or one message each; None when sent."""
    batches = [alerts] if email.digest else [[a] for a in alerts]
    try:
        with smtplib.SMTP(email.host, email.port, timeout=timeout) as smtp:
            for batch in batches:
                smtp.send_message(_message(email, batch))
    except (OSError, smtplib.SMTPException) as exc:
        return f"Email to {email.host}:{email.port} failed: {exc}."
    return None


def _message(email: Email, alerts: list[dict]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = email.sender
    message["To"] = ", ".join(email.to)
    subject = email.subject if len(alerts) == 1 else f"{email.subject}: {len(alerts)} alerts"
    message["Subject"] = " ".join(f"{subject} ({alerts[0]['type']})".split())
    message.set_content("\n\n".join(describe(a) for a in alerts) + "\n")
    return message


def describe(alert: dict) -> str:
    """An alert as plain text: its title, link and the explanation of each change."""
    lines = [alert.get("title") or alert["type"], alert.get("link") or alert.get("url") or ""]
    lines += [f"- {c['kind']} ({c['severity']}): {c['explanation']}" for c in alert["changes"]]
    if alert.get("detail"):
        lines.append(alert["detail"])
    return "\n".join(line for line in lines if line)


def atom(alerts: list[dict], self_url: str, updated: str) -> bytes:
    """An Atom 1.0 feed of ``alerts`` (newest first; each a stored row with ``uid``, ``at`` as
    ISO text and ``data``). ElementTree escapes every text and attribute."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", "unspin alerts")
    _text(feed, "id", "urn:unspin:alerts")
    _text(feed, "updated", updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "unspin watch")
    for row in alerts:
        data = row["data"]
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:unspin:alert:{row['uid']}")
        _text(entry, "title", data.get("title") or data["type"])
        _text(entry, "updated", row["iso"])
        if data.get("link"):
            ET.SubElement(entry, f"{{{ATOM}}}link", href=data["link"])
        ET.SubElement(entry, f"{{{ATOM}}}category", term=data["type"])
        _text(entry, "summary", describe(data))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _xml_safe(text)


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most control characters, even escaped: drop them."""
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
