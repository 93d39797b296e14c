"""Read-only queries behind the analysts' dashboard (page and API): the period picker (its
default day is `default_day`), the period's figures, the trend, the top outlets and media
types, the latest negative stories with their follow-up status and the open follow-ups.
Listing mentions is sentiment's (`sentiment.api.MentionFilter`, `paged_mentions`); the
dashboard's counts and negative share are the indicator's own (`indicators.api.count_tones`,
`ToneCounts`); the follow-ups are `indicators.api.followup_queue`'s."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlmodel import Session, col

from collectors.models import Match, Mention, Profile
from indicators.api import (
    FOLLOWUP_ACTIONS,
    FOLLOWUP_OPEN,
    FOLLOWUP_STATUSES,
    Comparison,
    Directory,
    LabelCheck,
    PeopleResult,
    QueueFilter,
    QueueItem,
    ShareOfVoice,
    ToneCounts,
    count_tones,
    followup_queue,
    followup_state,
    media_report_period,
    negative_share_indicator,
    period_breakdown,
    period_label_check,
    province_rows,
    quoted_people,
    reliability_note,
    scope_rows,
    share_of_voice,
    target_status,
)
from indicators.config import IndicatorsConfig
from pantau.config import PantauConfig
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period, custom, day_bounds
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.web.access import UnitView
from pantau.web.deps import MEDIA_WRITE, Principal
from sentiment.api import LABELS, mention_detail


def _profile_name(session: Session, profile_id: int | None,
                  within: frozenset[int] | None = None) -> str | None:
    if profile_id and within is not None and profile_id not in within:
        raise NotFoundError(f"Profil nomor {profile_id} tidak ditemukan.")
    profile = session.get(Profile, profile_id) if profile_id else None
    return profile.name if profile else None


def tone_summary(session: Session, period: Period, profile_id: int | None = None, *,
                 indicators: IndicatorsConfig,
                 within: frozenset[int] | None = None) -> ToneCounts:
    return count_tones(session, period=period, indicators=indicators,
                       profile=_profile_name(session, profile_id, within), within=within)


def daily_trend(session: Session, first: date, last: date, profile_id: int | None = None, *,
                indicators: IndicatorsConfig,
                within: frozenset[int] | None = None) -> list[tuple[date, ToneCounts]]:
    """Per WIB day: tone counts, each day counted as the indicator would count it."""
    profile = _profile_name(session, profile_id, within)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [(d, count_tones(session, period=custom(d, d), indicators=indicators,
                            profile=profile, within=within)) for d in days]


PERIOD_KINDS = {"hari": "Hari", "minggu": "Minggu (7 hari)", "bulan": "Bulan",
                "kustom": "Rentang tanggal"}
REPORT_KINDS = {"hari": "daily", "minggu": "weekly", "bulan": "monthly"}
MIN_TREND_DAYS = 14  # a day or a week is shown within the two weeks that end with it
MAX_TREND_DAYS = 92
MAX_CUSTOM_DAYS = 366


def default_day(session: Session, within: frozenset[int] | None = None) -> date:
    """The day the dashboard opens on: the latest WIB day with a stored mention (of the
    profiles `within`, when set; never after today), or today when nothing is stored."""
    today = to_jakarta(utcnow()).date()
    stmt = (select(func.max(col(Mention.published_at)))
            .where(col(Mention.published_at) < day_bounds(today)[1]))
    if within is not None:
        stmt = stmt.where(col(Mention.id).in_(
            select(col(Match.mention_id)).where(col(Match.profile_id).in_(sorted(within)))))
    latest = session.execute(stmt).scalar()
    return to_jakarta(latest).date() if latest else today


def dashboard_period(kind: str, day: date, start: date | None = None,
                     end: date | None = None) -> Period:
    """The period the picker asks for: the day, the 7 days ending on it, its month, or a
    range (both ends inclusive)."""
    if kind in REPORT_KINDS:  # the same periods as the daily, weekly and monthly reports
        return media_report_period(REPORT_KINDS[kind], day)
    if kind == "kustom":
        if start is None or end is None:
            raise InputError("Rentang tanggal memerlukan tanggal awal dan akhir.")
        period = custom(start, end)
        if period.days > MAX_CUSTOM_DAYS:
            raise InputError(f"Rentang tanggal paling panjang {MAX_CUSTOM_DAYS} hari.")
        return period
    raise InputError(f"Periode dasbor '{kind}' tidak dikenal: pilih {', '.join(PERIOD_KINDS)}.")


def trend_days(period: Period) -> tuple[date, date]:
    """The days the trend chart shows: the period's (its last `MAX_TREND_DAYS` at most),
    widened to `MIN_TREND_DAYS` ending on its last day."""
    days = min(max(period.days, MIN_TREND_DAYS), MAX_TREND_DAYS)
    return period.end - timedelta(days=days - 1), period.end


def nice_ticks(top: int, count: int = 5) -> list[int]:
    """Whole-number ticks from 0 that cover `top` (1, 2, 5 x 10^n steps)."""
    top = max(top, 1)
    raw = top / count
    magnitude = 10 ** max(len(str(int(raw))) - 1, 0)
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    step = max(int(step), 1)
    ticks = list(range(0, top + step, step))
    return ticks if ticks[-1] >= top else [*ticks, ticks[-1] + step]


@dataclass
class Dashboard:
    kind: str
    day: date
    period: Period
    tones: ToneCounts
    previous: ToneCounts
    trend: list[tuple[date, ToneCounts]]
    ticks: list[int]
    outlets: list[tuple[str, ToneCounts]]
    media_types: list[tuple[str, ToneCounts]]
    negatives: list[QueueItem]  # the period's negative stories, newest first
    negatives_total: int
    open_followups: list[QueueItem]  # every open follow-up, most urgent first
    open_total: int
    overdue: int
    target: float | None
    target_name: str | None
    target_text: str | None = None
    target_polarity: str = "lower"
    # The outlets' reach and province (the outlet catalogue), in report order.
    scopes: list[tuple[str, ToneCounts]] = field(default_factory=list)
    provinces: list[tuple[str, ToneCounts]] = field(default_factory=list)
    # What stands behind the negative share: analysts' checks, the period's audit.
    check: LabelCheck | None = None

    @property
    def reliability(self) -> str:
        """The one line on how far the negative share can be trusted, without where to
        audit and its full stop (the page links to the review page's audit after it)."""
        if self.check is None:
            return ""
        return reliability_note(self.check, place=None).removesuffix(".")

    def meets(self, share: float | None) -> bool | None:
        """Whether a negative share meets the plan's target as written (None: no target
        or no share)."""
        if self.target is None or share is None:
            return None
        return target_status(share, self.target, self.target_polarity,
                             self.target_text or "") == "tercapai"

    @property
    def label(self) -> str:
        if self.period.days == 1:
            return f"{self.period.start:%d-%m-%Y}"
        return f"{self.period.start:%d-%m-%Y} s.d. {self.period.end:%d-%m-%Y}"


TOP_OUTLETS = 10
LATEST_NEGATIVES = 8
OPEN_SHOWN = 8


def dashboard(session: Session, *, indicators: IndicatorsConfig, view: UnitView,
              kind: str = "hari", day: date | None = None, start: date | None = None,
              end: date | None = None, profile_id: int | None = None) -> Dashboard:
    """The dashboard of a period over the organisation units of `view`: their profiles'
    mentions, their plans' target, and the follow-ups of `view.followups` (one unit's, of
    its own stories)."""
    within, units = view.profiles, view.units
    day = day or default_day(session, within)
    period = dashboard_period(kind, day, start, end)
    profile = _profile_name(session, profile_id, within)
    figures = period_breakdown(session, period=period, indicators=indicators, profile=profile,
                               within=within)
    first, last = trend_days(period)
    trend = daily_trend(session, first, last, profile_id, indicators=indicators,
                        within=within)
    top = max((t.total for _, t in trend), default=0)
    today = to_jakarta(utcnow()).date()
    unit = view.followups.unit
    stories = within if view.followups.profiles is None else view.followups.profiles
    negatives = followup_queue(session, QueueFilter(period=period, status=None,
                                                    profile=profile, within=stories,
                                                    unit=unit), today=today)
    negatives = sorted((i for i in negatives if i.negative),
                       key=lambda i: i.published_at, reverse=True)
    open_items = followup_queue(session, QueueFilter(status=FOLLOWUP_OPEN, profile=profile,
                                                     within=stories, unit=unit), today=today)
    target = negative_share_indicator(session, period.end.year, period.end, units=units)
    return Dashboard(
        kind=kind, day=day, period=period, tones=figures.tones,
        previous=count_tones(session, period=period.previous(), indicators=indicators,
                             profile=profile, within=within),
        trend=trend, ticks=nice_ticks(top),
        outlets=sorted(figures.by_outlet.items(),
                       key=lambda kv: (-kv[1].total, kv[0]))[:TOP_OUTLETS],
        media_types=sorted(figures.by_media.items(), key=lambda kv: (-kv[1].total, kv[0])),
        negatives=negatives[:LATEST_NEGATIVES], negatives_total=len(negatives),
        open_followups=open_items[:OPEN_SHOWN], open_total=len(open_items),
        overdue=sum(1 for i in open_items if i.overdue(today)),
        target=target[0].target if target else None,
        target_name=target[0].name if target else None,
        target_text=target[0].target_text if target else None,
        target_polarity=target[0].polarity if target else "lower",
        scopes=scope_rows(figures.by_scope), provinces=province_rows(figures.by_province),
        check=period_label_check(session, period=period, indicators=indicators,
                                 profile=profile, within=within),
    )


def people_page(session: Session, *, indicators: IndicatorsConfig, directory: Directory,
                kind: str = "hari", day: date | None = None, start: date | None = None,
                end: date | None = None, profile_id: int | None = None,
                top: int | None = 50,
                within: frozenset[int] | None = None) -> tuple[Period, date, PeopleResult]:
    """The people quoted in the period the picker asks for (the dashboard's periods), in
    the mentions of the profiles `within` (an organisation unit's) when set."""
    day = day or default_day(session, within)
    period = dashboard_period(kind, day, start, end)
    return period, day, quoted_people(session, period=period, indicators=indicators,
                                      profile=_profile_name(session, profile_id, within),
                                      directory=directory, top=top, within=within)


def voice_page(session: Session, *, indicators: IndicatorsConfig, institution: str,
               comparisons: list[Comparison], kind: str = "hari", day: date | None = None,
               start: date | None = None, end: date | None = None,
               profile_id: int | None = None, series: bool = False) -> ShareOfVoice:
    """The institution beside its peers in the period the picker asks for."""
    day = day or default_day(session)
    period = dashboard_period(kind, day, start, end)
    return share_of_voice(session, period=period, indicators=indicators,
                          institution=institution, comparisons=comparisons,
                          profile=_profile_name(session, profile_id), series=series)


def original_link(url: str | None) -> str | None:
    """What the page says of a mention's web address: "link" (a reader can open it),
    "local" (a loopback address: the demo's server, gone once `pantau demo` ended) or None
    (no web address: a clipping, a transcript)."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = (urlsplit(url).hostname or "").casefold()
    if host == "localhost" or host.endswith(".localhost"):
        return "local"
    try:
        return "local" if ip_address(host).is_loopback else "link"
    except ValueError:
        return "link"


def mention_page_context(session: Session, *, config: PantauConfig, user: Principal,
                         mention_id: int, unit: str = "",
                         form: Mapping[str, str] | None = None, error: str | None = None,
                         error_field: str | None = None) -> dict[str, Any]:
    """What a mention's page (`media/detail.html`) shows: the mention with its matches and
    the follow-up of its story by one organisation unit (`unit`, `Access.followup_scope`).
    After a refused follow-up, `form` holds what was typed (shown again instead of the
    stored follow-up) and `error` the message, beside `error_field` (None: above the
    form)."""
    detail = mention_detail(session, mention_id, within=user.access.profiles)
    if detail is None:
        raise NotFoundError(f"Pemberitaan nomor {mention_id} tidak ditemukan.")
    scope = user.access.followup_scope(session, config, unit)
    return {
        "d": detail, "labels": LABELS, "can_write": user.can(MEDIA_WRITE),
        "original": original_link(detail.mention.url),
        "f": followup_state(session, mention_id, unit=scope.unit, within=scope.profiles),
        "followup_unit": scope.unit, "units": user.access.unit_choices(config),
        "actions": FOLLOWUP_ACTIONS, "statuses": FOLLOWUP_STATUSES,
        "form": dict(form) if form is not None else None,
        "error": error, "error_field": error_field}
