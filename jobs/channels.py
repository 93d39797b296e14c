"""Alert channels: email over SMTP (STARTTLS or implicit TLS, login) and webhooks (a JSON
POST: generic, Telegram bot API, or Slack-style chat tools).

Secrets (passwords, tokens, webhook URLs) never appear in logs or in stored errors: every
error message is scrubbed of them before it leaves this module.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import urlsplit

import httpx

from jobs.config import EmailChannel, WebhookChannel

Channel = EmailChannel | WebhookChannel


class DeliveryError(Exception):
    """A channel refused or could not take the message (message already scrubbed)."""


def channel_secrets(channel: Channel) -> list[str]:
    secrets: list[str] = []
    if isinstance(channel, EmailChannel):
        if channel.password is not None:
            secrets.append(channel.password.get_secret_value())
    else:
        url = channel.url.get_secret_value()
        secrets.append(url)
        path = urlsplit(url).path
        secrets.extend(part for part in path.split("/") if len(part) >= 8)
        if urlsplit(url).query:
            secrets.append(urlsplit(url).query)
        secrets.extend(v.get_secret_value() for v in channel.headers.values())
    return sorted((s for s in secrets if s), key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


class _RedactSecrets(logging.Filter):
    """httpx logs every request URL at INFO; a Telegram URL carries the bot token. This
    filter, on the HTTP libraries' loggers, replaces known channel secrets in their records."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            clean = scrub(message, sorted(self.secrets, key=len, reverse=True))
            if clean != message:
                record.msg, record.args = clean, ()
        return True


_redactor = _RedactSecrets()
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).addFilter(_redactor)


def describe_channel(channel: Channel) -> str:
    """What may be shown about a channel: its name, kind and host, never its secrets."""
    if isinstance(channel, EmailChannel):
        to = ", ".join(channel.to)
        return f"{channel.name} (email via {channel.host}:{channel.port} ke {to})"
    host = urlsplit(channel.url.get_secret_value()).hostname or "?"
    return f"{channel.name} (webhook {channel.format} ke {host})"


def send_email(channel: EmailChannel, subject: str, body: str) -> None:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="pantau")
    message.set_content(body)
    context = ssl.create_default_context(
        cafile=str(channel.ca_file) if channel.ca_file else None
    )
    smtp: smtplib.SMTP
    if channel.ssl:
        smtp = smtplib.SMTP_SSL(channel.host, channel.port, timeout=channel.timeout_seconds,
                                context=context)
    else:
        smtp = smtplib.SMTP(channel.host, channel.port, timeout=channel.timeout_seconds)
    with smtp:
        smtp.ehlo()
        if channel.starttls and not channel.ssl:
            smtp.starttls(context=context)
            smtp.ehlo()
        if channel.username:
            password = channel.password.get_secret_value() if channel.password else ""
            smtp.login(channel.username, password)
        smtp.send_message(message)


def webhook_payload(channel: WebhookChannel, *, subject: str, body: str, rule: str, key: str,
                    day: str | None) -> dict[str, Any]:
    if channel.format == "telegram":
        return {"chat_id": channel.chat_id, "text": f"{subject}\n\n{body}",
                "disable_web_page_preview": True}
    if channel.format == "slack":
        return {"text": f"*{subject}*\n{body}"}
    return {"judul": subject, "pesan": body, "aturan": rule, "kunci": key, "tanggal": day}


def send_webhook(channel: WebhookChannel, payload: dict[str, Any],
                 client: httpx.Client | None = None) -> None:
    _redactor.secrets.update(channel_secrets(channel))
    headers = {k: v.get_secret_value() for k, v in channel.headers.items()}
    post = client.post if client is not None else httpx.post
    response = post(channel.url.get_secret_value(), json=payload, headers=headers,
                    timeout=channel.timeout_seconds)
    if response.status_code >= 300:
        raise DeliveryError(f"penerima menjawab HTTP {response.status_code}")
    if channel.format == "telegram":
        try:
            ok = response.json().get("ok", True)
        except ValueError:
            ok = True
        if ok is False:
            raise DeliveryError("API Telegram menolak pesan (ok=false)")


def send(channel: Channel, *, subject: str, body: str, rule: str, key: str,
         day: str | None, client: httpx.Client | None = None) -> None:
    """Send once; raise `DeliveryError` with a scrubbed message on any failure. `client`
    (optional) is reused by webhooks across many alerts."""
    try:
        if isinstance(channel, EmailChannel):
            send_email(channel, subject, body)
        else:
            send_webhook(channel, webhook_payload(channel, subject=subject, body=body,
                                                  rule=rule, key=key, day=day),
                         client)
    except DeliveryError as exc:
        raise DeliveryError(scrub(str(exc), channel_secrets(channel))) from None
    except (OSError, smtplib.SMTPException, httpx.HTTPError, ssl.SSLError) as exc:
        text = f"{type(exc).__name__}: {exc}".rstrip(": ")
        raise DeliveryError(scrub(text, channel_secrets(channel))) from None
