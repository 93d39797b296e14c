"""The media-monitoring report for a head of bureau (daily, weekly, monthly), in Bahasa
Indonesia, as HTML/PDF (pantau.core.render) and XLSX (openpyxl, text written as text by
pantau.core.spreadsheet).

Contract: `write_media_report(session, *, kind, day, formats, out_dir, indicators,
institution) -> list[Path]`, with the `[indicators]` and `[institution]` sections.

- daily: the Jakarta day `day` (trend: the 7 days ending on it);
- weekly: the 7 days ending on `day`;
- monthly: the calendar month holding `day`.
Every figure is compared with the period just before, counted on the configured basis
(`[indicators] counting_basis`, shown in the report).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from collectors.api import SOCIAL_MEDIA, query_terms
from collectors.catalogue import Catalogue, load_catalogue
from collectors.models import Profile
from indicators import formulas
from indicators.analysis import analysis_period, get_analysis
from indicators.audit import audited_inputs, audited_note, latest_sample, sample_status
from indicators.config import (
    COUNTING_BASIS_LABELS,
    LOWER_FORMULA_LABELS,
    Comparison,
    IndicatorsConfig,
    Institution,
)
from indicators.counting import (
    TONES,
    ClippingRow,
    L,
    Scope,
    ToneCounts,
    clipping_rows,
    count_tones,
    counted_rows,
    fetch_rows,
    negative_rows,
    profile_id,
    sequential,
)
from indicators.followups import (
    ACTIONS,
    SELESAI,
    STATUSES,
    FollowUpSummary,
    duration_text,
    followup_summary,
    followup_unit,
)
from indicators.media_stats import (
    NO_NAMES,
    Breakdown,
    Cluster,
    OwnNames,
    Place,
    Term,
    breakdown,
    change,
    clusters,
    issue_terms,
    key_terms,
)
from indicators.models import Indicator, ReportAnalysis
from indicators.people import Directory, PeopleResult, people_directory, quoted_people
from indicators.plans import negative_share_indicator
from indicators.report_sections import (
    PEOPLE_HEADER,
    VOICE_HEADER,
    people_blocks,
    people_rows,
    voice_blocks,
    voice_rows,
)
from indicators.share import ShareOfVoice, share_of_voice
from pantau.core import render
from pantau.core.errors import InputError
from pantau.core.periods import Period, custom
from pantau.core.render import Document, Heading, Image, Paragraph, Table, fmt_number
from pantau.core.spreadsheet import append_row, save_workbook
from pantau.core.timeutil import format_wib, utcnow

KIND_TITLES = {"daily": "Harian", "weekly": "Mingguan", "monthly": "Bulanan"}
KIND_FILES = {"daily": "harian", "weekly": "mingguan", "monthly": "bulanan"}


CLIPPING_LIMIT = 3000  # stories listed in the PDF/DOCX/HTML appendix (the XLSX has all)
REPORT_FORMATS = ("html", "pdf", "xlsx", "docx", "pptx")


def report_period(kind: str, day: date) -> Period:
    return analysis_period(kind, day)


def report_file_stem(kind: str, period: Period) -> str:
    """The report's file name without its extension, named by its period:
    `laporan-media-harian-2026-11-16`, `laporan-media-mingguan-2026-11-10_2026-11-16` (the
    7 days, first and last), `laporan-media-bulanan-2026-11`."""
    if kind == "daily":
        when = period.start.isoformat()
    elif kind == "monthly":
        when = f"{period.start:%Y-%m}"
    else:
        when = f"{period.start.isoformat()}_{period.end.isoformat()}"
    return f"laporan-media-{KIND_FILES[kind]}-{when}"


def _period_text(kind: str, period: Period) -> str:
    if kind == "daily":
        return f"{period.start:%d-%m-%Y}"
    return period.label


# The scope rows of the report, in this order; the catalogue's scopes first.
SOCIAL_SCOPE = "media sosial"
OUTSIDE_SCOPE = "di luar katalog"
SCOPE_ORDER = ("nasional", "provinsi", "kabupaten-kota", SOCIAL_SCOPE, OUTSIDE_SCOPE)


def outlet_places(catalogue: Catalogue | None = None) -> Place:
    """The scope and province of a mention's outlet from the outlet catalogue (with the
    office's corrections): social media posts are their own scope, and an outlet the
    catalogue does not know is counted as "di luar katalog"."""
    cat = catalogue if catalogue is not None else load_catalogue()
    cache: dict[tuple[str | None, str], tuple[str, str | None]] = {}

    def place(outlet: str | None, media: str) -> tuple[str, str | None]:
        key = (outlet, media)
        if key not in cache:
            found = cat.canonical_outlet(outlet) if outlet else None
            if found is not None:
                cache[key] = (found.scope, found.province or None)
            else:
                cache[key] = (SOCIAL_SCOPE if media == SOCIAL_MEDIA else OUTSIDE_SCOPE, None)
        return cache[key]

    return place


def scope_rows(by_scope: dict[str, ToneCounts]) -> list[tuple[str, ToneCounts]]:
    """The scopes in report order (catalogue scopes, social media, outside the catalogue)."""
    return sorted(by_scope.items(), key=lambda kv: (
        SCOPE_ORDER.index(kv[0]) if kv[0] in SCOPE_ORDER else len(SCOPE_ORDER), kv[0]))


def province_rows(by_province: dict[str, ToneCounts]) -> list[tuple[str, ToneCounts]]:
    return sorted(by_province.items(), key=lambda kv: (-kv[1].total, kv[0]))


def period_breakdown(session: Session, *, period: Period, indicators: IndicatorsConfig,
                     profile: str | None = None,
                     catalogue: Catalogue | None = None,
                     within: frozenset[int] | None = None) -> Breakdown:
    """The counted matches of a period per tone, day, media type, outlet, outlet scope and
    province, on the configured counting basis (the dashboard's breakdowns); `within`: an
    organisation unit's profiles (ids)."""
    rows = fetch_rows(session, Scope(period, profile, None, indicators.counting_basis,
                                     within)) or []
    days = [period.start + timedelta(days=i) for i in range(period.days)]
    return breakdown(((r.label, r.published_at, r.media_type, r.outlet) for r in rows), days,
                     outlet_places(catalogue))


# ---------------------------------------------------------------- how far to trust it

SMALL_BASE = 30  # fewer labelled stories than this: one story moves the share a lot
AUDIT_PLACE = "Tinjau label > Audit"


@dataclass(frozen=True)
class LabelCheck:
    """What stands behind a negative share: how many labelled matches it counts, how many
    of them an analyst labelled, and the period's audit sample (`indicators.audit`) of the
    same scope and counting basis, if any."""

    period: Period
    profile: str | None
    basis: str
    labelled: int
    reviewed: int
    audit: dict[str, Any] | None = None  # `AuditStatus.to_json()` of the latest sample

    @property
    def estimate(self) -> bool:
        """Whether the audit has an estimate (every stratum has an audited mention)."""
        return bool(self.audit and self.audit["negative_share_estimate"] is not None)

    @property
    def needs_audit(self) -> bool:
        """Whether the share rests on model labels nobody has checked or audited."""
        return bool(self.labelled) and self.reviewed < self.labelled and not self.estimate

    @property
    def audit_query(self) -> str:
        """The review page's query that shows (or draws) this period's audit sample."""
        from urllib.parse import urlencode

        return urlencode({"periode": self.period.code,
                          **({"profil": self.profile} if self.profile else {})})


def label_check(session: Session, scope: Scope) -> LabelCheck:
    """The `LabelCheck` of a scope's negative share. An audit is looked up for a profile or
    every profile of the deployment; one media type, or an organisation unit's view over
    several profiles, has none of its own."""
    pid = profile_id(session, scope.profile) if scope.profile is not None else None
    labelled = reviewed = 0
    if scope.profile is None or pid is not None:
        rows = counted_rows(scope, pid, extra=True,
                            sequential=sequential(session, scope)).subquery()
        stmt = (select(func.count(rows.c.label), func.count(L.c.human_label))
                .select_from(rows.outerjoin(L, L.c.match_id == rows.c.match_id))
                .where(rows.c.label.is_not(None)))
        found = session.execute(stmt).one()
        labelled, reviewed = int(found[0] or 0), int(found[1] or 0)
    status = None
    if not scope.media_type and not (scope.within is not None and scope.profile is None):
        sample = latest_sample(session, period=scope.period, profile=scope.profile)
        if sample is not None and sample.basis == scope.basis:
            status = sample_status(session, sample).to_json()
    return LabelCheck(scope.period, scope.profile, scope.basis, labelled, reviewed, status)


def period_label_check(session: Session, *, period: Period, indicators: IndicatorsConfig,
                       profile: str | None = None,
                       within: frozenset[int] | None = None) -> LabelCheck:
    """The `LabelCheck` of a period's negative share as the dashboard counts it."""
    return label_check(session, Scope(period, profile, None, indicators.counting_basis,
                                      within))


def reliability_note(check: LabelCheck, *, place: str | None = AUDIT_PLACE) -> str:
    """One line on how far a negative share can be trusted, e.g. "Keandalan: dasar kecil,
    1 pemberitaan = 14,29 poin; label model, belum diaudit: hasil bisa keliru; lakukan
    audit sampel (Tinjau label > Audit)."; empty when nothing is labelled. `place`: where
    the audit is done, at the end of the line (None: the caller links to it)."""
    n = check.labelled
    if not n:
        return ""
    unit = "cerita" if check.basis == "unique_stories" else "pemberitaan"
    parts: list[str] = []
    if n < SMALL_BASE:
        parts.append(f"dasar kecil, 1 {unit} = {fmt_number(100 / n)} poin")
    if check.reviewed == n:
        parts.append(f"semua {_n(n)} {unit} sudah diperiksa analis")
    elif check.reviewed:
        parts.append(f"{_n(check.reviewed)} dari {_n(n)} {unit} sudah diperiksa analis; "
                     "sisanya label model")
    a = check.audit
    if a is not None and check.estimate:
        low, high = a["ci95"]
        parts.append(f"audit sampel {_n(a['audited'])} {unit}: perkiraan terkoreksi "
                     f"{fmt_number(a['negative_share_estimate'], 1)}% (95%: "
                     f"{fmt_number(low, 1)}-{fmt_number(high, 1)})")
    elif check.needs_audit:
        where = f" ({place})" if place else ""
        if a is not None:
            parts.append(f"{'label model, ' if not check.reviewed else ''}audit belum "
                         f"selesai ({_n(a['audited'])} dari {_n(a['sample'])} butir dinilai): "
                         f"hasil bisa keliru; selesaikan audit sampel{where}")
        else:
            text = "belum diaudit: hasil bisa keliru; lakukan audit sampel" + where
            parts.append(text if check.reviewed else "label model, " + text)
    return "Keandalan: " + "; ".join(parts) + "."


@dataclass
class Target:
    indicator: Indicator
    plan: str
    realisasi: float | None
    inputs: dict[str, Any]
    check: LabelCheck | None = None  # how far the realisation can be trusted


@dataclass
class MediaReport:
    kind: str
    period: Period
    previous: Period
    profile: str | None
    basis: str
    current: Breakdown
    before: ToneCounts
    terms: list[Term]
    topics: list[Cluster]
    people: PeopleResult
    negatives: list[Any]
    negatives_total: int
    target: Target | None
    followups: FollowUpSummary = field(default_factory=FollowUpSummary)
    notes: list[str] = field(default_factory=list)
    audit: dict[str, Any] = field(default_factory=dict)  # the period's audited estimate
    voice: ShareOfVoice | None = None  # beside the peers, when comparisons are configured
    analysis: ReportAnalysis | None = None  # the analyst's Kesimpulan and Saran
    clippings: list[ClippingRow] = field(default_factory=list)  # every story of the period
    issue_of: dict[int, str] = field(default_factory=dict)  # mention id -> issue (topic)
    # What names no issue: the institution's and its profiles' names, the outlets'.
    own: OwnNames = NO_NAMES
    # The outlets whose stories are social media posts (a post has no right of reply).
    social_outlets: frozenset[str] = frozenset()
    # What stands behind the negative share (analysts' checks, the audit).
    check: LabelCheck | None = None


def own_names(session: Session, *, institution: str = "", profile: str | None = None,
              within: frozenset[int] | None = None,
              outlets: Collection[str] = ()) -> OwnNames:
    """The names no issue of the report is named by: the institution's name, the names
    and search terms of its profiles in the report (the report's profile, or every own
    profile: a peer's are not the institution's), and the outlets' names."""
    query = select(Profile)
    if profile is not None:
        query = query.where(col(Profile.name) == profile)
    else:
        query = query.where(col(Profile.comparison).is_(False))
    if within is not None:
        query = query.where(col(Profile.id).in_(sorted(within)))
    names: list[str] = [institution, *outlets]
    for p in session.execute(query).scalars():
        names += [p.name, p.institution or ""]
        with contextlib.suppress(InputError):  # a query the parser refuses names nothing
            names += query_terms(p.query)
    return OwnNames.of(n for n in names if n and n.strip())


def build_media_report(session: Session, *, kind: str, day: date, cfg: IndicatorsConfig,
                       catalogue: Catalogue | None = None, institution: str = "",
                       directory: Directory | None = None,
                       comparisons: Sequence[Comparison] = (),
                       within: frozenset[int] | None = None,
                       units: Collection[str] | None = None) -> MediaReport:
    """Gather every figure of the report (database reads here, computation in
    media_stats and formulas). With `within` and `units` (an organisation unit's profile
    ids and unit codes) the report is that unit's: its profiles' mentions, its plans'
    target, without the deployment's share of voice and analysts' notes."""
    period = report_period(kind, day)
    previous = period.previous()
    basis = cfg.counting_basis
    target_ind = negative_share_indicator(session, day.year, day, units=units)
    notes: list[str] = []
    profile = cfg.report_profile
    if within is not None and profile is not None and profile_id(session, profile) not in within:
        profile = None  # the deployment's report profile is another unit's
    if profile is not None and profile_id(session, profile) is None:
        raise InputError(f"Profil pemantauan '{profile}' ([indicators] report_profile) belum "
                         "ada di basis data.")
    if profile is None and target_ind and target_ind[0].profile:
        profile = target_ind[0].profile
        if profile_id(session, profile) is None:
            notes.append(f"Profil '{profile}' pada indikator rencana belum ada di basis data: "
                         "laporan mencakup semua profil.")
            profile = None
    scope = Scope(period, profile, None, basis, within)
    rows = fetch_rows(session, scope) or []
    days = [period.start + timedelta(days=i) for i in range(period.days)]
    current = breakdown(((r.label, r.published_at, r.media_type, r.outlet) for r in rows), days,
                        outlet_places(catalogue))
    if kind == "daily":
        # The trend of a daily report: each of the last 7 days counted as its own day.
        current.by_day = {d: count_tones(session, period=custom(d, d), indicators=cfg,
                                         profile=profile, within=within)
                          for d in (day - timedelta(days=i) for i in range(6, -1, -1))}
    before = count_tones(session, period=previous, indicators=cfg, profile=profile,
                         within=within)

    titles = [r.title or "" for r in rows]
    labels = [r.label for r in rows]
    own = own_names(session, institution=institution, profile=profile, within=within,
                    outlets={r.outlet for r in rows if r.outlet})
    people = quoted_people(session, period=period, indicators=cfg, profile=profile,
                           directory=directory, top=15, rows=rows)
    negatives, negatives_total = negative_rows(session, Scope(period, profile, None, basis,
                                                              within),
                                               cfg.negative_list_limit)
    check = label_check(session, scope)
    target = None
    if target_ind:
        ind, plan_name = target_ind
        counts = current.tones if ind.profile == profile and not ind.media_type else \
            count_tones(session, period=period, indicators=cfg, profile=ind.profile,
                        media_type=ind.media_type, within=within)
        audited = {} if ind.media_type or (within is not None and ind.profile is None) \
            else audited_inputs(session, period=period, profile=ind.profile, basis=basis)
        target = Target(ind, plan_name, counts.negative_share, {**counts.inputs(), **audited},
                        check if ind.profile == profile and not ind.media_type else
                        label_check(session, Scope(period, ind.profile, ind.media_type, basis,
                                                   within)))
    topics = clusters(titles, labels, own=own)
    issue_of = {rows[i].mention_id: issue_name(c) for c in topics for i in c.members}
    return MediaReport(kind, period, previous, profile, basis, current, before,
                       key_terms(titles, own=own), topics, people,
                       negatives, negatives_total, target,
                       followup_summary(session, period=period, profile=profile,
                                        within=within, unit=followup_unit(units)), notes,
                       {} if within is not None and profile is None else
                       audited_inputs(session, period=period, profile=profile, basis=basis),
                       share_of_voice(session, period=period, indicators=cfg,
                                      institution=institution or "Instansi",
                                      comparisons=comparisons, profile=profile)
                       if comparisons and within is None else None,
                       get_analysis(session, kind=kind, day=day) if within is None else None,
                       clipping_rows(session, Scope(period, profile, None, basis, within)),
                       issue_of, own,
                       frozenset(r.outlet for r in rows
                                 if r.outlet and r.media_type == SOCIAL_MEDIA),
                       check)


def issue_name(cluster: Cluster) -> str:
    """An issue (topic cluster) as the report names it: its strongest terms."""
    return ", ".join(cluster.terms) or "(tanpa kata kunci)"


# ---------------------------------------------------------------- the document


def _n(value: int) -> str:
    return fmt_number(int(value))


def _counts(c: ToneCounts) -> list[str]:
    return [_n(c.total), _n(c.positif), _n(c.netral), _n(c.negatif)]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{fmt_number(value)}%"


NO_PREVIOUS = "belum ada data periode sebelumnya"


def _change_text(cur: int, prev: int, prev_total: int | None = None) -> str:
    """The change of a count against the previous period; "belum ada data" when the
    previous period has no data at all (`prev_total` 0: monitoring had not begun), never a
    rise "from 0"."""
    if (prev if prev_total is None else prev_total) == 0:
        return "tetap" if cur == 0 else "belum ada data"
    ch = change(cur, prev)
    if ch is None:
        return "tetap" if cur == 0 else f"naik dari {_n(prev)}"
    arrow = "naik" if ch > 0 else "turun" if ch < 0 else "tetap"
    return arrow if ch == 0 else f"{arrow} {fmt_number(abs(ch))}%"


def _share_change(cur: float | None, prev: float | None) -> str:
    """The change of a percentage, in percentage points ("-" when either has no data)."""
    if cur is None or prev is None:
        return "-"
    points = round(cur - prev, 2)
    if points == 0:
        return "tetap"
    return f"{'naik' if points > 0 else 'turun'} {fmt_number(abs(points))} poin"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
EVIDENCE_CHARS = 400


def _without_title(passage: str, title: str) -> str:
    """A passage without the headline it may start with (a match without passages is
    labelled on its title and lead: the title is not evidence, the lead is)."""
    text = " ".join(passage.split())
    head = " ".join(title.split())
    if head and text.lower().startswith(head.lower()):
        text = text[len(head):].lstrip(" .:;,-\u2013\u2014|")
    return text


def _evidence(row: Any) -> str:
    """The passage(s) that carry a negative story's tone, never its title: the passages
    the model read as negative (or all it read, or the collector's passages), without the
    headline; else the article's lead; "-" when there is no text beyond the title."""
    title = row.title or ""
    evidence = [e for e in (row.evidence or []) if isinstance(e, dict) and e.get("passage")]
    passages = ([e["passage"] for e in evidence if e.get("label") == "negatif"]
                or [e["passage"] for e in evidence] or list(row.passages or []))
    texts = [t for t in (_without_title(p, title) for p in passages) if t]
    if not texts:
        body = _without_title(getattr(row, "summary", None) or getattr(row, "text", None)
                              or "", title)
        texts = [" ".join(_SENTENCE_END.split(body)[:2])] if body else []
    text = " | ".join(texts[:2])
    if not text:
        return "-"
    return text[:EVIDENCE_CHARS] + ("..." if len(text) > EVIDENCE_CHARS else "")


def _target_lines(r: MediaReport, cfg: IndicatorsConfig) -> list[Paragraph]:
    if r.target is None:
        return [Paragraph("Belum ada indikator persentase sentimen negatif pada rencana tahun "
                          f"{r.period.end.year}; impor rencana kerja (halaman Rencana & "
                          "Indikator) untuk membandingkan dengan target.", "note")]
    t, ind = r.target, r.target.indicator
    st = formulas.target_status(t.realisasi, ind.target, ind.polarity, ind.target_text)
    cap = formulas.capaian(t.realisasi, ind.target, ind.polarity,
                           lower_formula=cfg.lower_is_better_formula, cap=cfg.capaian_max)
    scope = f"profil {ind.profile}" + (f", {ind.media_type}" if ind.media_type else "")
    text = (f"{ind.name} ({t.plan}, {scope}): {_pct(t.realisasi)}{audited_note(t.inputs)} dari "
            f"{t.inputs['total_berlabel']} berita berlabel "
            f"({t.inputs['negatif']} negatif); target {ind.target_text}. Status: {st}.")
    if cap is not None:
        text += f" Capaian {_pct(cap)}."
    style = "warning" if st == formulas.TIDAK_TERCAPAI else "normal"
    lines = [Paragraph(text, style)]
    if t.check is not None and (note := reliability_note(t.check)):
        lines.append(Paragraph(note, "warning" if t.check.needs_audit else "note"))
    return lines


FOLLOWUP_ROWS = 50  # stories listed in the report's follow-up table


def _followup_blocks(f: FollowUpSummary) -> list[Heading | Paragraph | Table]:
    """The section "Tindak lanjut pemberitaan negatif": what was done about each negative
    story of the period, and how fast."""
    blocks: list[Heading | Paragraph | Table] = [Heading("Tindak lanjut pemberitaan negatif")]
    if not f.stories:
        return [*blocks, Paragraph("Tidak ada pemberitaan negatif yang perlu ditindaklanjuti "
                                   "pada periode ini.", "note")]
    done = f.count(SELESAI)
    text = (f"Dari {_n(f.stories)} cerita bersentimen negatif, {_n(done)} selesai ditindaklanjuti, "
            f"{_n(f.count('ditangani'))} sedang ditangani dan {_n(f.count('baru'))} belum "
            "ditangani"
            + (f" ({_n(f.untouched)} belum diberi tindak lanjut sama sekali)" if f.untouched
               else "") + ".")
    if f.median_response is not None:
        text += (f" Waktu tanggap (dari terbit sampai selesai): median "
                 f"{duration_text(f.median_response)}, rata-rata "
                 f"{duration_text(f.mean_response)}.")
    blocks.append(Paragraph(text, "warning" if f.count("baru") else "normal"))
    shown = f.items[:FOLLOWUP_ROWS]
    blocks.append(Table(
        ["Terbit", "Media", "Judul", "Tindakan", "Penanggung jawab", "Tenggat", "Status",
         "Waktu tanggap", "Hasil"],
        [[format_wib(i.published_at, "%d-%m-%Y %H:%M"),
          (i.outlet or i.media_type) + (f" (+{i.copies - 1} salinan)" if i.copies > 1 else ""),
          i.title, i.action_label, i.owner or "-",
          f"{i.deadline:%d-%m-%Y}" if i.deadline else "-", STATUSES[i.status],
          duration_text(i.response_time),
          _followup_outcome(i.followup)] for i in shown],
        links=[i.url for i in shown], link_column=2,
        widths=[1.2, 1.3, 2.6, 1.1, 1.3, 1.1, 1.0, 1.0, 1.6]))
    if f.stories > len(shown):
        blocks.append(Paragraph(f"Ditampilkan {len(shown)} cerita paling mendesak dari "
                                f"{_n(f.stories)}.", "note"))
    return blocks


def _followup_outcome(followup: Any) -> str:
    if followup is None:
        return "-"
    parts = [followup.outcome or ""] + list(followup.links or [])
    return " ".join(p for p in parts if p)[:400] or "-"


@dataclass
class AnalysisText:
    """The report's Kesimpulan and Saran: the analyst's, or a draft from the numbers."""

    conclusion: str
    recommendations: str
    by: str | None = None  # None: a draft nobody has reviewed
    at: Any = None


def _negative_drivers(r: MediaReport) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The issues and the outlets with the most negative stories in the period."""
    issues = sorted(((issue_name(c), c.negative) for c in r.topics if c.negative),
                    key=lambda kv: -kv[1])[:3]
    if not issues and r.negatives:
        # Too few headlines for topic clusters: the key terms of the negative headlines,
        # each headline counted for one issue.
        issues = issue_terms([n.title or "" for n in r.negatives], top=3, own=r.own)
    outlets = sorted(((o, c.negatif) for o, c in r.current.by_outlet.items() if c.negatif),
                     key=lambda kv: (-kv[1], kv[0]))[:3]
    return issues, outlets


def _listing(pairs: list[tuple[str, int]]) -> str:
    items = [f"{name} ({_n(n)})" for name, n in pairs]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " dan " + items[-1]


def draft_analysis(r: MediaReport) -> AnalysisText:
    """A first draft of the conclusion and recommendations, written from the period's
    numbers: what changed against the previous period, which issues and outlets drove the
    negative stories, what is left to follow up. The analyst edits it before it is kept."""
    cur, prev = r.current.tones, r.before
    what = {"daily": "hari", "weekly": "pekan", "monthly": "bulan"}[r.kind]
    if cur.total == 0:
        return AnalysisText(
            "Tidak ada pemberitaan pada periode ini ("
            + (f"periode sebelumnya {_n(prev.total)} pemberitaan" if prev.total else NO_PREVIOUS)
            + ").",
            "- Periksa apakah pengumpulan berita berjalan (Admin, Jadwal & riwayat tugas) "
            "sebelum menyimpulkan tidak ada pemberitaan.")
    compared = (f", {_change_text(cur.total, prev.total)} dibanding periode sebelumnya "
                f"({_n(prev.total)})" if prev.total else f" ({NO_PREVIOUS})")
    lines = [f"Pemberitaan {what} {_period_text(r.kind, r.period)} berjumlah {_n(cur.total)}"
             f"{compared}. Sentimen positif {_n(cur.positif)}, netral "
             f"{_n(cur.netral)}, negatif {_n(cur.negatif)}."]
    share, before = cur.negative_share, prev.negative_share
    if share is not None:
        moved = _share_change(share, before)
        lines.append(f"Persentase sentimen negatif {_pct(share)}"
                     + (f" ({moved} dari {_pct(before)})." if before is not None else "."))
    if r.target is not None:
        ind = r.target.indicator
        st = formulas.target_status(r.target.realisasi, ind.target, ind.polarity,
                                    ind.target_text)
        lines.append(f"Terhadap target {ind.target_text}: {st}.")
    issues, outlets = _negative_drivers(r)
    if cur.negatif and issues:
        lines.append(f"Pemberitaan negatif terutama pada isu {_listing(issues)}.")
    if cur.negatif and outlets:
        lines.append(f"Media dengan pemberitaan negatif terbanyak: {_listing(outlets)}.")
    if r.kind != "daily":
        peak = max(r.current.by_day.items(), key=lambda kv: kv[1].total, default=None)
        if peak and peak[1].total:
            lines.append(f"Puncak pemberitaan pada {peak[0]:%d-%m-%Y} "
                         f"({_n(peak[1].total)} pemberitaan).")
    advice: list[str] = []
    f = r.followups
    waiting = f.count("baru")
    if waiting:
        advice.append(f"Tetapkan tindakan dan penanggung jawab untuk {_n(waiting)} "
                      "pemberitaan negatif yang belum ditangani.")
    if cur.negatif and issues:
        advice.append(f"Siapkan klarifikasi atau siaran pers tentang isu {issues[0][0]}.")
    press = [o for o, _ in outlets if o not in r.social_outlets]
    social = [o for o, _ in outlets if o in r.social_outlets]
    if cur.negatif and press:
        # The right of reply (hak jawab, UU 40/1999 Pers) is asked of a press outlet.
        advice.append(f"Koordinasikan dengan redaksi {press[0]} bila pemberitaannya "
                      "memerlukan hak jawab.")
    if cur.negatif and social:
        advice.append("Tanggapi unggahan negatif di media sosial "
                      f"({', '.join(social)}) dengan penjelasan atau klarifikasi melalui "
                      "kanal resmi instansi.")
    if share is not None and before is not None and share > before:
        advice.append("Perbanyak publikasi capaian program untuk mengimbangi kenaikan "
                      "sentimen negatif.")
    if not advice:
        advice.append("Pertahankan publikasi program dan pantau isu yang berkembang.")
    return AnalysisText(" ".join(lines), "\n".join(f"- {a}" for a in advice))


def media_analysis_draft(session: Session, *, kind: str, day: date,
                         indicators: IndicatorsConfig, institution: str = "") -> AnalysisText:
    """The draft Kesimpulan and Saran of the media report of `kind` on `day` (`institution`:
    its name, which names no issue)."""
    return draft_analysis(build_media_report(session, kind=kind, day=day, cfg=indicators,
                                             institution=institution))


def report_analysis(r: MediaReport) -> AnalysisText:
    """What the report prints as Konklusi: the analyst's text when written, else the draft
    (each part falls back to the draft on its own)."""
    draft = draft_analysis(r)
    a = r.analysis
    if a is None:
        return draft
    return AnalysisText(a.conclusion or draft.conclusion,
                        a.recommendations or draft.recommendations, a.updated_by, a.updated_at)


def _analysis_blocks(r: MediaReport) -> list[Heading | Paragraph]:
    text = report_analysis(r)
    if text.by is None:
        note = ("Draf otomatis dari angka periode ini; belum ditinjau analis (tulis di "
                "halaman Laporan aplikasi web).")
    else:
        note = f"Ditulis oleh {text.by}, {format_wib(text.at)}."
    return [Heading("Konklusi"), Paragraph(note, "note"),
            Heading("Kesimpulan", 3), Paragraph(text.conclusion),
            Heading("Saran", 3), Paragraph(text.recommendations)]


OTHER_ISSUE = "Lainnya"


def clipping_groups(r: MediaReport) -> list[tuple[str, list[ClippingRow]]]:
    """The period's stories grouped by issue (topic cluster), the largest issue first,
    stories oldest first within it; stories outside every cluster under "Lainnya"."""
    groups: dict[str, list[ClippingRow]] = {}
    for row in r.clippings:
        groups.setdefault(r.issue_of.get(row.mention_id, OTHER_ISSUE), []).append(row)
    return sorted(groups.items(), key=lambda kv: (kv[0] == OTHER_ISSUE, -len(kv[1]), kv[0]))


def _clipping_blocks(r: MediaReport) -> list[Heading | Paragraph | Table]:
    blocks: list[Heading | Paragraph | Table] = [
        Heading("Lampiran: daftar kliping", new_page=True)]
    if not r.clippings:
        return [*blocks, Paragraph("Tidak ada pemberitaan pada periode ini.", "note")]
    copies = sum(c.copies for c in r.clippings)
    blocks.append(Paragraph(
        f"{_n(len(r.clippings))} cerita ({_n(copies)} salinan) pada periode ini, "
        "dikelompokkan menurut isu" + (" (kelompok judul berita)" if r.topics else "")
        + "; sentimen cerita adalah sentimen salinan yang mewakilinya.", "note"))
    left = CLIPPING_LIMIT
    for issue, rows in clipping_groups(r):
        if left <= 0:
            break
        shown = rows[:left]
        left -= len(shown)
        title = ("Semua cerita (terlalu sedikit judul untuk dikelompokkan per isu)"
                 if not r.topics else issue if issue == OTHER_ISSUE else f"Isu: {issue}")
        blocks.append(Heading(f"{title} ({_n(len(rows))} cerita)", 3))
        blocks.append(Table(
            ["Tanggal", "Media", "Jenis media", "Judul", "Sentimen", "Salinan"],
            [[format_wib(c.published_at, "%d-%m-%Y %H:%M"), c.outlet or "-", c.media_type,
              c.title or "(tanpa judul)", c.label or "belum berlabel", _n(c.copies)]
             for c in shown],
            links=[c.url for c in shown], link_column=3, widths=[1.3, 1.5, 1.0, 4.0, 1.1, 1.0]))
    if len(r.clippings) > CLIPPING_LIMIT:
        blocks.append(Paragraph(f"Ditampilkan {_n(CLIPPING_LIMIT)} dari "
                                f"{_n(len(r.clippings))} cerita; daftar lengkap ada pada "
                                "berkas XLSX laporan ini.", "note"))
    return blocks


def media_document(r: MediaReport, cfg: IndicatorsConfig, institution: str) -> Document:
    cur, prev = r.current.tones, r.before
    doc = Document(
        title=f"Laporan Monitoring Media {KIND_TITLES[r.kind]}",
        subtitle=(f"{institution} - periode {_period_text(r.kind, r.period)}; "
                  f"dibandingkan dengan {_period_text(r.kind, r.previous)}. "
                  f"Cakupan: {'profil ' + r.profile if r.profile else 'semua profil'}. "
                  f"Dasar penghitungan: {COUNTING_BASIS_LABELS[r.basis]}. "
                  f"Dibuat {format_wib(utcnow())}."),
    )
    doc.add(Heading("Ringkasan"))
    for note in r.notes:
        doc.add(Paragraph(note, "warning"))
    neg_share = cur.negative_share
    if cur.total == 0:
        doc.add(Paragraph("Tidak ada pemberitaan pada periode ini. "
                          + (f"Periode sebelumnya: {_n(prev.total)} pemberitaan."
                             if prev.total else NO_PREVIOUS.capitalize() + ".")))
    else:
        compared = (f"{_change_text(cur.total, prev.total)} dibanding periode sebelumnya: "
                    f"{_n(prev.total)}" if prev.total else NO_PREVIOUS)
        doc.add(Paragraph(
            f"Terdapat {_n(cur.total)} pemberitaan ({compared}). Positif {_n(cur.positif)}, "
            f"netral {_n(cur.netral)}, negatif {_n(cur.negatif)}"
            + (f", belum berlabel {_n(cur.tanpa_label)}" if cur.tanpa_label else "")
            + f". Persentase sentimen negatif {_pct(neg_share)}{audited_note(r.audit)}."))
        if r.check is not None and (note := reliability_note(r.check)):
            doc.add(Paragraph(note, "warning" if r.check.needs_audit else "note"))
    doc.add(Table(
        ["Ukuran", "Periode ini", "Periode sebelumnya", "Perubahan"],
        [["Jumlah pemberitaan", _n(cur.total), _n(prev.total) if prev.total else "-",
          _change_text(cur.total, prev.total)]]
        + [[f"Sentimen {t}", _n(getattr(cur, t)), _n(getattr(prev, t)) if prev.total else "-",
            _change_text(getattr(cur, t), getattr(prev, t), prev.total)] for t in TONES]
        + [["Persentase sentimen negatif", _pct(neg_share), _pct(prev.negative_share),
            _share_change(neg_share, prev.negative_share)]],
        widths=[2.2, 1.2, 1.4, 1.4]))
    doc.add(Heading("Sentimen negatif terhadap target"))
    doc.add(*_target_lines(r, cfg))

    if cur.total:
        doc.add(Heading("Sebaran sentimen"))
        doc.add(Image(render.pie_chart(list(TONES), [cur.positif, cur.netral, cur.negatif],
                                       title="Sebaran sentimen pemberitaan",
                                       colors=[render.TONE_COLOURS[t] for t in TONES]),
                      width_cm=11))
    if any(c.total for c in r.current.by_day.values()):
        doc.add(Heading("Tren harian"))
        day_labels = [f"{d:%d-%m}" for d in r.current.by_day]
        doc.add(Image(render.line_chart(day_labels, {
            t: [getattr(c, t) for c in r.current.by_day.values()] for t in TONES},
            title="Jumlah pemberitaan per hari", ylabel="berita",
            colors=render.TONE_COLOURS)))
        peak = max(r.current.by_day.items(), key=lambda kv: kv[1].total, default=None)
        if peak and peak[1].total:
            doc.add(Paragraph(f"Hari tersibuk: {peak[0]:%d-%m-%Y} dengan {_n(peak[1].total)} "
                              f"pemberitaan ({_n(peak[1].negatif)} negatif).", "note"))

    if cur.total:
        _breakdown_blocks(doc, r)
    else:
        doc.add(Heading("Pemberitaan negatif yang perlu ditanggapi"))
        doc.add(Paragraph("Tidak ada pemberitaan pada periode ini.", "note"))

    doc.add(*_followup_blocks(r.followups))
    doc.add(*_analysis_blocks(r))

    doc.add(Heading("Catatan metode"))
    doc.add(Paragraph(
        f"Dasar penghitungan: {COUNTING_BASIS_LABELS[r.basis]}. Sentimen yang dipakai adalah "
        "label analis bila ada, selain itu label model. Berita yang belum berlabel tidak "
        "masuk penyebut persentase sentimen negatif dan dilaporkan terpisah. Persentase "
        "sentimen negatif = berita negatif / seluruh berita berlabel x 100%. Capaian "
        "indikator makin-rendah-makin-baik: "
        f"{LOWER_FORMULA_LABELS[cfg.lower_is_better_formula]}.", "note"))
    doc.add(*_clipping_blocks(r))
    return doc


def _breakdown_blocks(doc: Document, r: MediaReport) -> None:
    """The sections of a period with news: media types, outlets, issues, people quoted and
    the negative stories to answer."""
    doc.add(Heading("Menurut jenis media"))
    media_rows = sorted(r.current.by_media.items(), key=lambda kv: -kv[1].total)
    doc.add(Table(["Jenis media", "Jumlah", "Positif", "Netral", "Negatif", "% negatif"],
                  [[m, *_counts(c), _pct(c.negative_share)]
                   for m, c in media_rows]))
    if len(media_rows) > 1:  # one bar says nothing the table does not
        doc.add(Image(render.bar_chart([m for m, _ in media_rows],
                                       [c.total for _, c in media_rows],
                                       title="Pemberitaan per jenis media", xlabel="berita"),
                      width_cm=12))
    outlets = sorted(r.current.by_outlet.items(), key=lambda kv: (-kv[1].total, kv[0]))[:15]
    doc.add(Heading(f"Menurut media ({len(outlets)} teratas)" if len(r.current.by_outlet) > 15
                    else "Menurut media"))
    doc.add(Table(["Media", "Jumlah", "Positif", "Netral", "Negatif", "% negatif"],
                  [[o, *_counts(c), _pct(c.negative_share)]
                   for o, c in outlets], widths=[2.5, 1, 1, 1, 1, 1]))
    most_negative = sorted(((o, c) for o, c in r.current.by_outlet.items() if c.negatif),
                           key=lambda kv: (-kv[1].negatif, kv[0]))[:10]
    if len(most_negative) > 1:
        doc.add(Image(render.bar_chart(
            [o for o, _ in most_negative], [c.negatif for _, c in most_negative],
            title="Media dengan pemberitaan negatif terbanyak", xlabel="berita",
            colors=[render.TONE_COLOURS["negatif"]] * len(most_negative)), width_cm=12))

    doc.add(Heading("Menurut cakupan dan provinsi media"))
    scopes = scope_rows(r.current.by_scope)
    doc.add(Table(["Cakupan media", "Jumlah", "Positif", "Netral", "Negatif", "% negatif"],
                  [[name, *_counts(c), _pct(c.negative_share)] for name, c in scopes]))
    provinces = province_rows(r.current.by_province)
    if provinces:
        doc.add(Table(["Provinsi media", "Jumlah", "Positif", "Netral", "Negatif", "% negatif"],
                      [[name, *_counts(c), _pct(c.negative_share)] for name, c in provinces],
                      caption="Media daerah (provinsi dan kabupaten/kota) menurut provinsinya."))
    outside = (f" Media yang tidak ada di katalog dihitung sebagai '{OUTSIDE_SCOPE}'; minta "
               "admin Pantau menambahkannya ke katalog media agar ikut terpetakan."
               if any(name == OUTSIDE_SCOPE for name, _ in scopes) else "")
    doc.add(Paragraph("Cakupan dan provinsi diambil dari katalog media Pantau." + outside,
                      "note"))

    doc.add(Heading("Isu utama"))
    if r.topics:
        doc.add(Table(["Isu (kata kunci)", "Jumlah", "Negatif", "Contoh judul"],
                      [[", ".join(c.terms), _n(c.size), _n(c.negative), c.example]
                       for c in r.topics],
                      caption="Kelompok judul berita (k-means atas TF-IDF judul).",
                      widths=[2, 0.8, 0.8, 4]))
    if r.terms:
        doc.add(Table(["Kata kunci", "Jumlah judul"], [[t.term, _n(t.documents)] for t in r.terms],
                      caption="Kata kunci dengan bobot TF-IDF tertinggi pada judul periode ini.",
                      widths=[3, 1]))
    if not r.topics and not r.terms:
        doc.add(Paragraph("Belum cukup pemberitaan untuk menentukan isu utama.", "note"))

    doc.add(*people_blocks(r.people.people, read=r.people.read, total=r.people.total))
    if r.voice is not None:
        doc.add(*voice_blocks(r.voice))

    doc.add(Heading("Pemberitaan negatif yang perlu ditanggapi"))
    if r.negatives:
        doc.add(Table(
            ["Tanggal", "Media", "Judul", "Kutipan bukti", "Tautan"],
            [[format_wib(n.published_at, "%d-%m-%Y %H:%M"), n.outlet or n.media_type,
              n.title + (" (dikoreksi analis)" if n.human_label else ""), _evidence(n),
              n.url or "-"] for n in r.negatives],
            links=[n.url for n in r.negatives], link_column=2, widths=[1.1, 1.2, 2.4, 3.2, 2.3]))
        if r.negatives_total > len(r.negatives):
            doc.add(Paragraph(f"Ditampilkan {_n(len(r.negatives))} terbaru dari "
                              f"{_n(r.negatives_total)} pemberitaan negatif.", "note"))
    else:
        doc.add(Paragraph("Tidak ada pemberitaan negatif pada periode ini.", "note"))


# ---------------------------------------------------------------- XLSX


def write_media_xlsx(r: MediaReport, path: Path, title: str) -> Path:
    # deferred: openpyxl is only needed when an XLSX is asked for
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    bold = Font(bold=True)

    def sheet(name: str, header: list[str], rows: list[list[Any]], first: bool = False) -> Any:
        ws = wb.active if first else wb.create_sheet(name)
        ws.title = name
        append_row(ws, header, font=bold)
        for row in rows:
            append_row(ws, row)
        return ws

    cur, prev = r.current.tones, r.before
    summary: list[list[Any]] = [["Judul", title], ["Periode", _period_text(r.kind, r.period)],
               ["Periode pembanding", _period_text(r.kind, r.previous)],
               ["Cakupan", f"profil {r.profile}" if r.profile else "semua profil"],
               ["Dasar penghitungan", COUNTING_BASIS_LABELS[r.basis]],
               ["Jumlah pemberitaan", cur.total], ["Jumlah periode sebelumnya", prev.total],
               ["Positif", cur.positif], ["Netral", cur.netral], ["Negatif", cur.negatif],
               ["Belum berlabel", cur.tanpa_label],
               ["Persentase sentimen negatif (%)", cur.negative_share],
               ["Persentase sentimen negatif periode sebelumnya (%)", prev.negative_share]]
    if r.check is not None and r.check.labelled:
        summary.append(["Keandalan persentase negatif", reliability_note(r.check)])
    if r.target:
        summary += [["Indikator", r.target.indicator.name],
                    ["Target", r.target.indicator.target_text],
                    ["Realisasi indikator (%)", r.target.realisasi],
                    ["Status", formulas.target_status(
                        r.target.realisasi, r.target.indicator.target,
                        r.target.indicator.polarity, r.target.indicator.target_text)]]
    sheet("Ringkasan", ["Ukuran", "Nilai"], summary, first=True)
    sheet("Tren harian", ["Tanggal", "Positif", "Netral", "Negatif", "Belum berlabel", "Jumlah"],
          [[d.isoformat(), c.positif, c.netral, c.negatif, c.tanpa_label, c.total]
           for d, c in r.current.by_day.items()])
    for name, pairs in (
            ("Jenis media", sorted(r.current.by_media.items(),
                                   key=lambda kv: (-kv[1].total, kv[0]))),
            ("Media", sorted(r.current.by_outlet.items(), key=lambda kv: (-kv[1].total, kv[0]))),
            ("Cakupan media", scope_rows(r.current.by_scope)),
            ("Provinsi media", province_rows(r.current.by_province))):
        sheet(name, [name, "Jumlah", "Positif", "Netral", "Negatif", "% negatif"],
              [[k, c.total, c.positif, c.netral, c.negatif, c.negative_share] for k, c in pairs])
    sheet("Isu utama", ["Isu (kata kunci)", "Jumlah", "Negatif", "Contoh judul"],
          [[", ".join(c.terms), c.size, c.negative, c.example] for c in r.topics]
          + [[t.term, t.documents, None, "(kata kunci)"] for t in r.terms])
    sheet("Narasumber", PEOPLE_HEADER, people_rows(r.people.people))
    if r.voice is not None:
        sheet("Pangsa pemberitaan", VOICE_HEADER, voice_rows(r.voice))
    ws = sheet("Perlu ditanggapi", ["Tanggal (WIB)", "Media", "Jenis media", "Judul",
                                    "Kutipan bukti", "Tautan", "Dikoreksi analis"],
               [[format_wib(n.published_at), n.outlet, n.media_type, n.title, _evidence(n),
                 n.url, "ya" if n.human_label else "tidak"] for n in r.negatives])
    text = report_analysis(r)
    sheet("Konklusi", ["Bagian", "Isi"],
          [["Kesimpulan", text.conclusion], ["Saran", text.recommendations],
           ["Ditulis oleh", text.by or "draf otomatis (belum ditinjau analis)"],
           ["Waktu", format_wib(text.at) if text.at else None]])
    clip = sheet("Daftar kliping", ["Isu", "Tanggal (WIB)", "Media", "Jenis media", "Judul",
                                    "Tautan", "Sentimen", "Salinan"],
                 [[issue, format_wib(c.published_at), c.outlet, c.media_type, c.title, c.url,
                   c.label or "belum berlabel", c.copies]
                  for issue, rows in clipping_groups(r) for c in rows])
    for row in clip.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            if str(cell.value or "").startswith(("http://", "https://")):
                cell.hyperlink = str(cell.value)
    sheet("Tindak lanjut", ["Terbit (WIB)", "Media", "Salinan", "Judul", "Tautan", "Tindakan",
                            "Penanggung jawab", "Tenggat", "Status", "Selesai (WIB)",
                            "Waktu tanggap (jam)", "Hasil", "Tautan tanggapan"],
          [[format_wib(i.published_at), i.outlet, i.copies, i.title, i.url,
            ACTIONS.get(i.action or "", ""), i.owner, i.deadline.isoformat() if i.deadline
            else None, STATUSES[i.status],
            format_wib(i.followup.done_at) if i.followup and i.followup.done_at else None,
            round(i.response_time.total_seconds() / 3600, 2) if i.response_time else None,
            i.followup.outcome if i.followup else None,
            " | ".join(i.followup.links) if i.followup else None] for i in r.followups.items])
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            if str(cell.value or "").startswith(("http://", "https://")):
                cell.hyperlink = str(cell.value)
    return save_workbook(wb, path)


def write_media_report(session: Session, *, kind: str, day: date, formats: list[str],
                       out_dir: Path, indicators: IndicatorsConfig,
                       institution: Institution,
                       comparisons: Sequence[Comparison] = (),
                       within: frozenset[int] | None = None,
                       units: Collection[str] | None = None) -> list[Path]:
    """Write the media-monitoring report of `kind` (daily|weekly|monthly) on `day` in the
    formats asked (html, pdf, xlsx, docx, pptx); returns the files written. The
    institution's own officials (`institution.officials`) merge and mark the people quoted;
    `comparisons`: the
    peers of the share of voice; `within` and `units`: an organisation unit's report
    (`build_media_report`)."""
    directory = people_directory(institution=institution.name, officials=institution.officials,
                                 comparisons=comparisons)
    report = build_media_report(session, kind=kind, day=day, cfg=indicators,
                                institution=institution.name, directory=directory,
                                comparisons=comparisons, within=within, units=units)
    written_for = institution.name + (f", {institution.unit}" if institution.unit else "")
    doc = media_document(report, indicators, written_for)
    base = out_dir / report_file_stem(kind, report.period)
    written = render.write_document(doc, base, [f for f in formats
                                                if f in ("html", "pdf", "docx", "pptx")])
    if "xlsx" in formats:
        out_dir.mkdir(parents=True, exist_ok=True)
        written.append(write_media_xlsx(report, base.with_suffix(".xlsx"), doc.title))
    return written
