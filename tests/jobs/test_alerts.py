"""Alerts: the rules over stored mentions and sources, delivery to a local SMTP server
(aiosmtpd, STARTTLS and login) and a local HTTP receiver, once per alert, with retries."""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from collectors.models import Match, Mention, Profile, Source
from indicators.config import IndicatorsConfig
from jobs.alerts import check_alerts, day_tones, evaluate, is_spike
from jobs.config import AlertRule, AlertsConfig
from jobs.models import TERKIRIM, AlertDelivery
from pantau.config import get_config
from pantau.core.runlog import GAGAL
from pantau.core.timeutil import JAKARTA, utcnow
from sentiment.models import SentimentLabel
from tests.jobs.helpers import Receiver

DAY = date(2026, 3, 4)
COUNTING = IndicatorsConfig()  # every copy counts


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)  # type: ignore[misc]


def _mention(session: Session, profile: Profile, *, title: str, outlet: str,
             published: datetime, model: str | None, human: str | None = None) -> Match:
    mention = Mention(url_key=f"https://contoh.id/{title}", url=f"https://contoh.id/{title}",
                      title=title, text=title, outlet=outlet, published_at=published,
                      content_hash=title)
    session.add(mention)
    session.flush()
    match = Match(mention_id=mention.id, profile_id=profile.id)  # type: ignore[arg-type]
    session.add(match)
    session.flush()
    if model or human:
        session.add(SentimentLabel(match_id=match.id, model_label=model,  # type: ignore[arg-type]
                                   human_label=human))
    return match


@pytest.fixture
def profile(session: Session) -> Profile:
    p = Profile(name="Pemprov", query="pemprov")
    session.add(p)
    session.commit()
    return p


@pytest.fixture
def day_of_news(session: Session, profile: Profile) -> dict[str, Match]:
    m = {
        "kompas_neg": _mention(session, profile, title="Banjir", outlet="Kompas",
                               published=wib(2026, 3, 4, 8, 0), model="negatif"),
        "kompas_fixed": _mention(session, profile, title="Jalan", outlet="Kompas",
                                 published=wib(2026, 3, 4, 9, 0), model="negatif",
                                 human="netral"),
        "tempo_human_neg": _mention(session, profile, title="Anggaran", outlet="Tempo",
                                    published=wib(2026, 3, 4, 23, 30), model="netral",
                                    human="negatif"),
        "antara_neg": _mention(session, profile, title="Sampah", outlet="Antara",
                               published=wib(2026, 3, 4, 0, 0), model="negatif"),
        "antara_pos": _mention(session, profile, title="Festival", outlet="Antara",
                               published=wib(2026, 3, 4, 12, 0), model="positif"),
        "unlabelled": _mention(session, profile, title="Baru", outlet="Antara",
                               published=wib(2026, 3, 4, 13, 0), model=None),
        # The evening before, in WIB: not part of 4 March.
        "yesterday": _mention(session, profile, title="Kemarin", outlet="Kompas",
                              published=wib(2026, 3, 3, 23, 59), model="negatif"),
    }
    session.commit()
    return m


# --- rules ---------------------------------------------------------------------------------


def test_negative_mentions_from_listed_outlets(session: Session,
                                               day_of_news: dict[str, Match]) -> None:
    rule = AlertRule(kind="negative_outlet", outlets=["kompas", "TEMPO"])
    alerts = evaluate(session, [rule], day=DAY, indicators=COUNTING)
    keys = [a.key for a in alerts]
    assert keys == [f"negative_outlet:match:{day_of_news['kompas_neg'].id}",
                    f"negative_outlet:match:{day_of_news['tempo_human_neg'].id}"]
    assert alerts[0].subject == "[Pantau] Berita negatif dari Kompas: Banjir"
    assert "dimuat Kompas pada 04-03-2026 08:00 WIB" in alerts[0].body
    assert "https://contoh.id/Banjir" in alerts[0].body


def test_the_days_negative_share(session: Session, day_of_news: dict[str, Match]) -> None:
    tones = day_tones(session, DAY, None, indicators=COUNTING)
    assert (tones.negatif, tones.netral, tones.positif, tones.tanpa_label) == (3, 1, 1, 1)
    assert (tones.labelled, tones.negative_share) == (5, 60.0)
    above = AlertRule(kind="negative_share", threshold=50, min_mentions=5)
    [alert] = evaluate(session, [above], day=DAY, indicators=COUNTING)
    assert alert.key == "negative_share:semua:2026-03-04"
    assert alert.subject == "[Pantau] Sentimen negatif 4 Maret 2026 mencapai 60.0%"
    assert "3 dari 5 pemberitaan" in alert.body and "ambang 50%" in alert.body
    assert evaluate(session, [AlertRule(kind="negative_share", threshold=60)], day=DAY,
                    indicators=COUNTING) == []
    assert evaluate(session, [AlertRule(kind="negative_share", threshold=10,
                                        min_mentions=6)], day=DAY, indicators=COUNTING) == []


@pytest.mark.parametrize(
    ("count", "trailing", "factor", "minimum", "expected"),
    [
        (20, [5, 5, 5, 5, 5, 5, 5], 2.0, 10, True),
        (9, [1, 1, 1, 1, 1, 1, 1], 2.0, 10, False),  # below the minimum
        (10, [5, 6, 5, 5, 5, 5, 5], 2.0, 10, False),  # 10 < 2 x 5.14
        (12, [0, 0, 0], 3.0, 10, True),  # nothing before
        (0, [0, 0, 0], 2.0, 0, False),
    ],
)
def test_volume_spike_rule(count: int, trailing: list[int], factor: float, minimum: int,
                           expected: bool) -> None:
    assert is_spike(count, trailing, factor=factor, min_mentions=minimum) is expected


def test_volume_spike_over_stored_mentions(session: Session, profile: Profile) -> None:
    for back in range(1, 4):
        _mention(session, profile, title=f"biasa{back}", outlet="Antara",
                 published=wib(2026, 3, 4 - back, 10, 0), model="netral")
    for i in range(6):
        _mention(session, profile, title=f"ramai{i}", outlet="Antara",
                 published=wib(2026, 3, 4, 10, i), model="netral")
    session.commit()
    rule = AlertRule(kind="volume_spike", factor=2.0, trailing_days=3, min_mentions=5)
    [alert] = evaluate(session, [rule], day=DAY, indicators=COUNTING)
    assert alert.subject == "[Pantau] Lonjakan pemberitaan pada 4 Maret 2026"
    assert "6, 6.0 kali rata-rata 3 hari sebelumnya (1.0 per hari)" in alert.body
    assert evaluate(session, [rule], day=date(2026, 3, 3), indicators=COUNTING) == []


def test_a_failing_source_alerts_once_per_streak(session: Session) -> None:
    source = Source(name="Antara", kind="rss", consecutive_failures=2, last_error="HTTP 503",
                    last_error_at=utcnow(), last_success_at=datetime(2026, 3, 1, tzinfo=UTC))
    session.add(source)
    session.commit()
    rule = AlertRule(kind="source_failing", failures=3)
    assert evaluate(session, [rule], day=DAY, indicators=COUNTING) == []
    source.consecutive_failures = 3
    session.commit()
    [first] = evaluate(session, [rule], day=DAY, indicators=COUNTING)
    assert first.subject == "[Pantau] Sumber Antara gagal 3 kali berturut-turut"
    assert "HTTP 503" in first.body
    source.consecutive_failures = 5
    session.commit()
    assert [a.key for a in evaluate(session, [rule], day=DAY,
                                    indicators=COUNTING)] == [first.key]
    # It recovered, then failed again: a new streak, a new alert.
    source.last_success_at = datetime(2026, 3, 3, tzinfo=UTC)
    session.commit()
    assert evaluate(session, [rule], day=DAY, indicators=COUNTING)[0].key != first.key


def test_alert_rules_are_validated(write_config: Any) -> None:
    from pantau.config import load_config
    from pantau.core.errors import ConfigError

    path = write_config('[[alerts.rules]]\nkind = "negative_outlet"\n')
    with pytest.raises(ConfigError, match="outlets"):
        load_config(path)
    path = write_config('[[alerts.rules]]\nkind = "negative_share"\nchannels = ["wa"]\n')
    with pytest.raises(ConfigError, match="kanal yang tidak ada: wa"):
        load_config(path)


# --- a local SMTP server with STARTTLS and login ----------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "smtp.pem", tmp_path / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class MailBox:
    port: int
    ca_file: Path
    messages: list[Any] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    tls: list[bool] = field(default_factory=list)


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[MailBox]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    box = MailBox(port=_free_port(), ca_file=cert)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            box.tls.append(session.ssl is not None)
            return "250 OK"

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        box.logins.append((login, password))
        return AuthResult(success=(login, password) == ("humas", "sandi-rahasia"), handled=False)

    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port,
                            tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True,
                            auth_require_tls=True)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def _email_config(box: MailBox, password: str = "sandi-rahasia") -> str:
    return f"""
[alerts]
backoff_seconds = 0

[[alerts.channels]]
name = "surel"
kind = "email"
host = "127.0.0.1"
port = {box.port}
starttls = true
username = "humas"
password = "{password}"
ca_file = "{box.ca_file}"
sender = "pantau@pemprov.go.id"
to = ["kabiro@pemprov.go.id", "analis@pemprov.go.id"]

[[alerts.rules]]
kind = "negative_outlet"
outlets = ["Kompas"]
"""


def test_alerts_are_emailed_over_starttls_once(
    write_config: Any, smtp_server: MailBox, day_of_news: dict[str, Match], session: Session
) -> None:
    write_config(_email_config(smtp_server))
    summary = check_alerts(day=DAY, alerts=get_config().alerts, indicators=COUNTING,
                           sleep=lambda s: None)
    assert (summary.sent, summary.failed) == (1, 0)
    [message] = smtp_server.messages
    assert message["Subject"] == "[Pantau] Berita negatif dari Kompas: Banjir"
    assert message["From"] == "pantau@pemprov.go.id"
    assert message["To"] == "kabiro@pemprov.go.id, analis@pemprov.go.id"
    assert "Pemberitaan bersentimen negatif terhadap Pemprov" in message.get_content()
    assert smtp_server.tls == [True]
    assert smtp_server.logins == [("humas", "sandi-rahasia")]

    again = check_alerts(day=DAY, alerts=get_config().alerts, indicators=COUNTING,
                         sleep=lambda s: None)
    assert (again.sent, again.already) == (0, 1)
    assert len(smtp_server.messages) == 1
    [row] = session.exec(select(AlertDelivery)).all()
    assert (row.status, row.attempts, row.channel) == (TERKIRIM, 1, "surel")


def test_a_refused_login_is_recorded_without_the_password(
    write_config: Any, smtp_server: MailBox, day_of_news: dict[str, Match], session: Session,
    caplog: pytest.LogCaptureFixture,
) -> None:
    write_config(_email_config(smtp_server, password="salah-sandi-xyz"))
    caplog.set_level(logging.DEBUG)
    sleeps: list[float] = []
    summary = check_alerts(day=DAY, alerts=get_config().alerts, indicators=COUNTING,
                           sleep=sleeps.append)
    assert (summary.sent, summary.failed) == (0, 1)
    [row] = session.exec(select(AlertDelivery)).all()
    assert (row.status, row.attempts) == (GAGAL, 3)
    assert row.last_error is not None and "SMTPAuthenticationError" in row.last_error
    assert "salah-sandi-xyz" not in row.last_error
    assert "salah-sandi-xyz" not in caplog.text
    assert smtp_server.messages == []


TOKEN = "bot123456:RAHASIA-token-abcdef"


def _webhook_config(url: str, *, attempts: int = 3) -> AlertsConfig:
    return AlertsConfig.model_validate({
        "max_attempts": attempts,
        "backoff_seconds": 0.5,
        "channels": [{"name": "telegram", "kind": "webhook", "format": "telegram",
                      "chat_id": "-100123", "url": f"{url}/{TOKEN}/sendMessage"}],
        "rules": [{"kind": "negative_share", "threshold": 50, "min_mentions": 1}],
    })


def test_webhook_retries_with_backoff_then_delivers(
    receiver: Receiver, day_of_news: dict[str, Match], session: Session
) -> None:
    receiver.fail_next = 2
    sleeps: list[float] = []
    summary = check_alerts(day=DAY, indicators=COUNTING, alerts=_webhook_config(receiver.url),
                           sleep=sleeps.append)
    assert (summary.sent, summary.failed) == (1, 0)
    assert sleeps == [0.5, 1.0]
    assert len(receiver.requests) == 3
    path, payload = receiver.requests[-1]
    assert path == f"/{TOKEN}/sendMessage"
    assert payload["chat_id"] == "-100123"
    assert payload["text"].startswith("[Pantau] Sentimen negatif 4 Maret 2026 mencapai 60.0%")
    [row] = session.exec(select(AlertDelivery)).all()
    assert (row.status, row.attempts, row.last_error) == (TERKIRIM, 3, None)
    # Sent once: later checks find it delivered.
    again = check_alerts(day=DAY, indicators=COUNTING, alerts=_webhook_config(receiver.url))
    assert again.already == 1
    assert len(receiver.requests) == 3


def test_a_failed_delivery_is_retried_by_the_next_check(
    receiver: Receiver, day_of_news: dict[str, Match], session: Session,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    receiver.fail_next = 10
    config = _webhook_config(receiver.url, attempts=2)
    summary = check_alerts(day=DAY, indicators=COUNTING, alerts=config, sleep=lambda s: None)
    assert (summary.sent, summary.failed) == (0, 1)
    [row] = session.exec(select(AlertDelivery)).all()
    assert (row.status, row.attempts) == (GAGAL, 2)
    assert row.last_error == "penerima menjawab HTTP 500"
    receiver.fail_next = 0
    summary = check_alerts(day=DAY, indicators=COUNTING, alerts=config, sleep=lambda s: None)
    assert summary.sent == 1
    session.refresh(row)
    assert (row.status, row.attempts) == (TERKIRIM, 3)
    assert TOKEN not in caplog.text and "RAHASIA" not in caplog.text
    # Past the retry window a failed alert is left alone.
    session.delete(row)
    session.commit()
    receiver.fail_next = 10
    check_alerts(day=DAY, indicators=COUNTING, alerts=config, sleep=lambda s: None)
    later = utcnow() + timedelta(hours=25)
    assert check_alerts(day=DAY, indicators=COUNTING, alerts=config, now=later).already == 1


def test_an_unreachable_webhook_never_shows_its_token(
    day_of_news: dict[str, Match], session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = _webhook_config(f"http://127.0.0.1:{_free_port()}", attempts=1)
    summary = check_alerts(day=DAY, indicators=COUNTING, alerts=config, sleep=lambda s: None)
    assert summary.failed == 1
    [row] = session.exec(select(AlertDelivery)).all()
    assert row.last_error and "ConnectError" in row.last_error
    assert "RAHASIA" not in row.last_error and "RAHASIA" not in caplog.text
    assert "RAHASIA" not in repr(config)


def test_alerts_commands(write_config: Any, receiver: Receiver, cli_runner: Any,
                         day_of_news: dict[str, Match]) -> None:
    write_config(f"""
[alerts]
backoff_seconds = 0

[[alerts.channels]]
name = "obrolan"
kind = "webhook"
format = "slack"
url = "{receiver.url}/hooks/{TOKEN}"

[[alerts.rules]]
kind = "negative_outlet"
outlets = ["Kompas", "Tempo"]
""")
    assert get_config().alerts.channels[0].name == "obrolan"
    out = cli_runner(["alerts", "check", "--date", "2026-03-04"]).output
    assert "Peringatan terkirim: 2; gagal: 0" in out
    assert [body["text"].split("\n")[0] for _, body in receiver.requests] == [
        "*[Pantau] Berita negatif dari Kompas: Banjir*",
        "*[Pantau] Berita negatif dari Tempo: Anggaran*"]
    out = cli_runner(["alerts", "check", "--date", "2026-03-04"]).output
    assert "Peringatan terkirim: 0; gagal: 0; sudah dikirim sebelumnya: 2" in out
    listing = cli_runner(["alerts", "list"]).output
    assert listing.count("terkirim") == 2 and "obrolan" in listing
    test = cli_runner(["alerts", "test"]).output
    assert "Terkirim: 1" in test and TOKEN not in test
    assert receiver.requests[-1][1]["text"].startswith("*[Pantau] Pesan uji peringatan*")
