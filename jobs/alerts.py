"""Alerts: rules evaluated over the stored mentions and sources, delivered once per channel.

Rules (`[[alerts.rules]]`):
- `negative_outlet`: a negative mention from one of the listed outlets;
- `negative_share`: the day's negative share of labelled matches above `threshold` percent;
- `volume_spike`: the day's matches at least `factor` times the trailing daily average;
- `source_failing`: a source that failed `failures` times in a row;
- `followup_overdue`: a follow-up of negative news not done whose deadline has passed (one
  alert per follow-up and deadline: moving the deadline announces it again when it passes).

Every alert has a key; the unique (key, channel) row in `alert_delivery` is claimed before
sending, so each alert goes out once even when two processes check at the same time.
Failed deliveries are retried with backoff, and again by later checks within `retry_hours`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import httpx
from sqlalchemy import func, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from collectors.api import unit_profile_ids, unit_source_ids
from collectors.config import ProfileConfig, SourceConfig
from collectors.models import Match, Mention, Profile, Source
from indicators.api import (
    FOLLOWUP_ACTIONS,
    IndicatorsConfig,
    ToneCounts,
    count_tones,
    effective_tone,
    overdue_followups,
)
from jobs.channels import Channel, DeliveryError, send
from jobs.config import AlertRule, AlertsConfig
from jobs.models import MENGIRIM, TERKIRIM, AlertDelivery
from pantau.core.db import get_engine
from pantau.core.periods import MONTHS_ID, custom
from pantau.core.runlog import GAGAL
from pantau.core.timeutil import format_wib, utcnow
from pantau.core.units import DEFAULT_UNIT
from sentiment.models import SentimentLabel

log = logging.getLogger("pantau.alerts")

# A claim ("mengirim") older than this was left by a dead process and may be taken over.
STALE_CLAIM = timedelta(hours=1)


def tanggal(day: date) -> str:
    """A date as Indonesians write it: '5 Maret 2026'."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Alert:
    key: str
    rule: str
    subject: str
    body: str
    day: date | None
    channels: tuple[str, ...] = ()  # empty: every channel of `unit`
    unit: str | None = None  # the organisation unit whose recipients get it; None: deployment's


# --- rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Watch:
    """What a rule watches: the whole deployment (every profile and source), or one
    organisation unit's (`unit`): its profiles (ids) and, among the sources, those it uses
    (`collectors.api.unit_source_ids` over the configured `sources`)."""

    unit: str | None = None
    profiles: frozenset[int] | None = None  # None: every profile
    sources: Sequence[SourceConfig] = ()


def _negative_outlet(session: Session, rule: AlertRule, day: date,
                     indicators: IndicatorsConfig, watch: Watch) -> list[Alert]:
    """Every negative match of the day from a listed outlet (every copy, whatever the
    counting basis: each outlet's story is one to answer)."""
    lo, hi = custom(day, day).utc_bounds()
    outlets = {o.strip().lower() for o in rule.outlets}
    query = (
        sa_select(Match, Mention, col(Profile.name))
        .join(Mention, col(Match.mention_id) == col(Mention.id))
        .join(Profile, col(Match.profile_id) == col(Profile.id))
        .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
        .where(col(Mention.published_at) >= lo, col(Mention.published_at) < hi,
               col(Match.published_at) >= lo, col(Match.published_at) < hi,
               effective_tone() == "negatif", func.lower(Mention.outlet).in_(outlets))
        .order_by(col(Mention.published_at), col(Match.id))
    )
    if rule.profile:
        query = query.where(col(Profile.name) == rule.profile)
    if watch.profiles is not None:
        query = query.where(col(Match.profile_id).in_(sorted(watch.profiles)))
    alerts = []
    for match, mention, profile_name in session.execute(query).all():
        body = (
            f"Pemberitaan bersentimen negatif terhadap {profile_name} dimuat {mention.outlet} "
            f"pada {format_wib(mention.published_at)}.\n\n"
            f"Judul: {mention.title}\n"
            + (f"Tautan: {mention.url}\n" if mention.url else "")
            + "\nMohon ditinjau dan disiapkan tanggapan bila perlu."
        )
        alerts.append(Alert(
            key=f"{rule.label}:match:{match.id}", rule=rule.label,
            subject=f"[Pantau] Berita negatif dari {mention.outlet}: {mention.title[:80]}",
            body=body, day=day, channels=tuple(rule.channels),
        ))
    return alerts


def day_tones(session: Session, day: date, profile: str | None, *,
              indicators: IndicatorsConfig, within: frozenset[int] | None = None) -> ToneCounts:
    """Matches published on `day` (WIB) per tone, counted exactly as the negative-share
    indicator counts them (the configured counting basis); empty for an unknown profile;
    `within`: a unit's profiles only."""
    return count_tones(session, period=custom(day, day), indicators=indicators, profile=profile,
                       within=within)


def _daily_alert(rule: AlertRule, day: date, *, subject: str, body: str) -> Alert:
    """An alert about a profile's day: one per rule, profile and day."""
    return Alert(key=f"{rule.label}:{rule.profile or 'semua'}:{day.isoformat()}",
                 rule=rule.label, subject=subject, body=body, day=day,
                 channels=tuple(rule.channels))


def _negative_share(session: Session, rule: AlertRule, day: date,
                    indicators: IndicatorsConfig, watch: Watch) -> list[Alert]:
    tones = day_tones(session, day, rule.profile, indicators=indicators,
                      within=watch.profiles)
    negative, labelled, share = tones.negatif, tones.labelled, tones.negative_share
    if labelled < max(rule.min_mentions, 1) or share is None or share <= rule.threshold:
        return []
    scope = f" untuk {rule.profile}" if rule.profile else ""
    return [_daily_alert(
        rule, day,
        subject=f"[Pantau] Sentimen negatif {tanggal(day)} mencapai {share:.1f}%",
        body=(
            f"Pada {tanggal(day)} tercatat {negative} dari {labelled} pemberitaan berlabel"
            f"{scope} bersentimen negatif ({share:.1f}%), di atas ambang {rule.threshold:g}%."
        ),
    )]


def is_spike(count: int, trailing: Sequence[int], *, factor: float, min_mentions: int) -> bool:
    """Pure rule: `count` is a spike against the trailing daily counts."""
    if count < max(min_mentions, 1):
        return False
    average = sum(trailing) / len(trailing) if trailing else 0.0
    return count >= factor * average


def _volume_spike(session: Session, rule: AlertRule, day: date,
                  indicators: IndicatorsConfig, watch: Watch) -> list[Alert]:
    def count(d: date) -> int:
        return day_tones(session, d, rule.profile, indicators=indicators,
                         within=watch.profiles).total

    today = count(day)
    trailing = [count(day - timedelta(days=i)) for i in range(1, rule.trailing_days + 1)]
    if not is_spike(today, trailing, factor=rule.factor, min_mentions=rule.min_mentions):
        return []
    average = sum(trailing) / len(trailing)
    ratio = f"{today / average:.1f} kali" if average else "jauh di atas"
    return [_daily_alert(
        rule, day,
        subject=f"[Pantau] Lonjakan pemberitaan pada {tanggal(day)}",
        body=(
            f"Jumlah pemberitaan pada {tanggal(day)}: {today}, {ratio} rata-rata "
            f"{rule.trailing_days} hari sebelumnya ({average:.1f} per hari)."
        ),
    )]


def _source_failing(session: Session, rule: AlertRule, day: date,
                    indicators: IndicatorsConfig, watch: Watch) -> list[Alert]:
    sources = list(session.exec(
        select(Source).where(Source.enabled == True,  # noqa: E712
                             col(Source.consecutive_failures) >= rule.failures)
        .order_by(col(Source.name))
    ).all())
    if watch.unit is not None and sources:
        # A unit hears only of the sources it uses: its own and the shared ones its
        # profiles matched; another unit's source (and its error) is not its business.
        used = unit_source_ids(session, sources=watch.sources, units={watch.unit},
                               profiles=watch.profiles or frozenset(),
                               among=[s.id for s in sources if s.id is not None])
        sources = [s for s in sources if s.id in used]
    alerts = []
    for source in sources:
        streak = source.last_success_at.isoformat() if source.last_success_at else "belum-pernah"
        last_ok = format_wib(source.last_success_at) if source.last_success_at else "belum pernah"
        alerts.append(Alert(
            key=f"{rule.label}:{source.name}:{streak}", rule=rule.label,
            subject=(f"[Pantau] Sumber {source.name} gagal "
                     f"{source.consecutive_failures} kali berturut-turut"),
            body=(
                f"Sumber {source.name} ({source.kind}) gagal dikumpulkan "
                f"{source.consecutive_failures} kali berturut-turut.\n"
                f"Galat terakhir ({format_wib(source.last_error_at)}): "
                f"{source.last_error or '-'}\n"
                f"Terakhir berhasil: {last_ok}."
            ),
            day=None, channels=tuple(rule.channels),
        ))
    return alerts


def _followup_overdue(session: Session, rule: AlertRule, day: date,
                      indicators: IndicatorsConfig, watch: Watch) -> list[Alert]:
    alerts = []
    for item in overdue_followups(session, day=day, unit=rule.unit):
        deadline = item.deadline
        unit = item.followup.org_unit if item.followup else DEFAULT_UNIT
        story = item.story_id if unit == DEFAULT_UNIT else f"{item.story_id}@{unit}"
        assert deadline is not None  # overdue means it has one
        body = (
            f"Tenggat tindak lanjut pemberitaan negatif telah lewat ({tanggal(deadline)}).\n\n"
            f"Judul: {item.title}\n"
            f"Media: {item.outlet or item.media_type} ({item.reach})\n"
            f"Tindakan: {FOLLOWUP_ACTIONS.get(item.action or '', 'belum dipilih')}; "
            f"penanggung jawab: {item.owner or 'belum ditentukan'}; status: {item.status}.\n"
            + (f"Tautan: {item.url}\n" if item.url else "")
            + "\nMohon segera diselesaikan atau tenggatnya diperbarui."
        )
        alerts.append(Alert(
            key=f"{rule.label}:followup:{story}:{deadline.isoformat()}",
            rule=rule.label,
            subject=f"[Pantau] Tenggat tindak lanjut lewat: {item.title[:80]}",
            body=body, day=day, channels=tuple(rule.channels)))
    return alerts


RULES: dict[str, Callable[[Session, AlertRule, date, IndicatorsConfig, Watch],
                           list[Alert]]] = {
    "negative_outlet": _negative_outlet,
    "negative_share": _negative_share,
    "volume_spike": _volume_spike,
    "source_failing": _source_failing,
    "followup_overdue": _followup_overdue,
}


def evaluate(session: Session, rules: Sequence[AlertRule], *, day: date,
             indicators: IndicatorsConfig, profiles: Sequence[ProfileConfig] = (),
             sources: Sequence[SourceConfig] = ()) -> list[Alert]:
    """The alerts of `rules` for `day`; `indicators` gives the counting basis of the tone
    counts (the same as the negative-share indicator's). A rule of an organisation unit
    (`rule.unit`) sees only the profiles `profiles` gives that unit (`[[profiles]]`) and the
    sources it uses (its own in `sources`, `[[sources]]`, and the shared ones its profiles
    matched), and its alerts go to that unit's channels only (their keys start with the
    unit's code)."""
    alerts: list[Alert] = []
    for rule in rules:
        if rule.unit is None:
            alerts.extend(RULES[rule.kind](session, rule, day, indicators, Watch()))
            continue
        watch = Watch(unit=rule.unit, sources=sources, profiles=unit_profile_ids(
            session, profiles=profiles, units={rule.unit}))
        alerts.extend(replace(a, key=f"{rule.unit}/{a.key}", unit=rule.unit)
                      for a in RULES[rule.kind](session, rule, day, indicators, watch))
    return alerts


# --- delivery ----------------------------------------------------------------------------


@dataclass
class DeliverySummary:
    sent: int = 0
    failed: int = 0
    already: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(session: Session, alert: Alert, channel: str, *, now: datetime,
           retry_window: timedelta) -> AlertDelivery | None:
    """Take the (key, channel) row for sending, or None when it is sent or someone else has
    it. New alerts insert the row; failed ones within the window and stale claims are taken
    over with a conditional update, so only one process wins."""
    row = session.exec(
        select(AlertDelivery).where(AlertDelivery.key == alert.key,
                                    AlertDelivery.channel == channel)
    ).first()
    if row is None:
        row = AlertDelivery(key=alert.key, channel=channel, rule=alert.rule,
                            day=alert.day.isoformat() if alert.day else None,
                            subject=alert.subject, body=alert.body, status=MENGIRIM,
                            created_at=now, updated_at=now)
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return None
        return row
    retry = row.status == GAGAL and row.created_at >= now - retry_window
    stale = row.status == MENGIRIM and row.updated_at < now - STALE_CLAIM
    if not (retry or stale):
        return None
    taken = session.execute(
        update(AlertDelivery)
        .where(col(AlertDelivery.id) == row.id, col(AlertDelivery.status) == row.status,
               col(AlertDelivery.updated_at) == row.updated_at)
        .values(status=MENGIRIM, updated_at=now)
    )
    session.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(row)
    return row


def deliver(
    alerts: Sequence[Alert],
    channels: Sequence[Channel],
    *,
    max_attempts: int = 3,
    backoff_seconds: float = 2.0,
    retry_window: timedelta = timedelta(hours=24),
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
    url: str | None = None,
) -> DeliverySummary:
    """Send each alert to its channels once, with retries and exponential backoff."""
    summary = DeliverySummary()
    by_name = {c.name: c for c in channels}
    now = now or utcnow()
    with Session(get_engine(url), expire_on_commit=False) as session, httpx.Client() as client:
        for alert in alerts:
            targets = [by_name[n] for n in alert.channels if n in by_name] or (
                [c for c in channels if c.unit == alert.unit] if not alert.channels else [])
            for channel in targets:
                row = _claim(session, alert, channel.name, now=now, retry_window=retry_window)
                if row is None:
                    summary.already += 1
                    continue
                for attempt in range(max_attempts):
                    row.attempts += 1
                    try:
                        send(channel, subject=alert.subject, body=alert.body, rule=alert.rule,
                             key=alert.key, day=row.day, client=client)
                    except DeliveryError as exc:
                        row.last_error = str(exc)
                        row.updated_at = utcnow()
                        last = attempt == max_attempts - 1
                        row.status = GAGAL if last else MENGIRIM
                        session.add(row)
                        session.commit()
                        log.warning("Peringatan %s ke kanal %s gagal (percobaan %d): %s",
                                    alert.key, channel.name, row.attempts, exc)
                        if not last:
                            sleep(backoff_seconds * (2 ** attempt))
                        continue
                    row.status = TERKIRIM
                    row.last_error = None
                    row.sent_at = row.updated_at = utcnow()
                    session.add(row)
                    session.commit()
                    log.info("Peringatan %s terkirim ke kanal %s", alert.key, channel.name)
                    break
                if row.status == TERKIRIM:
                    summary.sent += 1
                else:
                    summary.failed += 1
                    summary.errors.append(f"{channel.name}: {row.last_error}")
    return summary


def check_alerts(
    *,
    day: date,
    alerts: AlertsConfig,
    indicators: IndicatorsConfig,
    profiles: Sequence[ProfileConfig] = (),
    sources: Sequence[SourceConfig] = (),
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
    url: str | None = None,
) -> DeliverySummary:
    """Evaluate every rule for `day` and deliver what is new (the `alerts` step);
    `profiles` and `sources` (`[[profiles]]`, `[[sources]]`) say which unit owns which."""
    if not alerts.enabled or not alerts.rules or not alerts.channels:
        return DeliverySummary()
    with Session(get_engine(url), expire_on_commit=False) as session:
        found = evaluate(session, alerts.rules, day=day, indicators=indicators,
                         profiles=profiles, sources=sources)
    return deliver(found, alerts.channels, max_attempts=alerts.max_attempts,
                   backoff_seconds=alerts.backoff_seconds,
                   retry_window=timedelta(hours=alerts.retry_hours), now=now, sleep=sleep,
                   url=url)


def list_deliveries(session: Session, *, limit: int = 20, failed: bool = False
                    ) -> list[AlertDelivery]:
    query = select(AlertDelivery)
    if failed:
        query = query.where(AlertDelivery.status != TERKIRIM)
    return list(session.exec(
        query.order_by(col(AlertDelivery.created_at).desc(), col(AlertDelivery.id).desc())
        .limit(limit)
    ).all())
