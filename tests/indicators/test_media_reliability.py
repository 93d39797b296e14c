"""The media report says how far its negative share can be trusted: next to the share, one
line on the labels behind it (analyst-checked, audited, or unaudited model labels) and,
on a small base, how much one story moves the percentage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import Session

from indicators.audit import draw_sample, sample_items
from indicators.config import IndicatorsConfig
from indicators.media_report import build_media_report, media_document
from indicators.planio import read_plan
from indicators.plans import save_plan
from pantau.core.periods import parse_period
from pantau.core.render import Paragraph
from sentiment.models import SentimentLabel
from tests.indicators.helpers import add_mention, add_profile, media_report, wib

EXAMPLES = Path(__file__).parents[2] / "indicators" / "examples"
UNAUDITED = ("label model, belum diaudit: hasil bisa keliru; lakukan audit sampel "
             "(Tinjau label > Audit)")


def _seven_stories(session: Session, *, human: int = 0) -> int:
    """7 labelled mentions on 5 June 2023, one negative; the first `human` checked by an
    analyst (who kept the model's label)."""
    pid = add_profile(session, "instansi")
    for i in range(7):
        tone = "negatif" if i == 0 else "netral"
        add_mention(session, pid, wib(2023, 6, 5, 8 + i), model=tone,
                    human=tone if i < human else None, title=f"Berita uji {i}")
    session.commit()
    return pid


def _paragraphs(session: Session, kind: str, day: date) -> list[str]:
    cfg = IndicatorsConfig()
    report = build_media_report(session, kind=kind, day=day, cfg=cfg)
    doc = media_document(report, cfg, "Instansi Contoh")
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def _reliability(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if p.startswith("Keandalan:")]


def test_unaudited_model_labels_are_flagged_with_the_swing_of_one_story(
        session: Session) -> None:
    _seven_stories(session)
    [line] = _reliability(_paragraphs(session, "daily", date(2023, 6, 5)))
    assert UNAUDITED in line
    assert "1 pemberitaan = 14,29 poin" in line
    assert "\n" not in line and len(line) < 260  # one short line


def test_analyst_checked_labels_are_counted(session: Session) -> None:
    _seven_stories(session, human=3)
    [line] = _reliability(_paragraphs(session, "daily", date(2023, 6, 5)))
    assert "3 dari 7 pemberitaan sudah diperiksa analis; sisanya label model" in line
    assert "belum diaudit" in line


def test_every_label_checked_needs_no_audit_warning(session: Session) -> None:
    _seven_stories(session, human=7)
    [line] = _reliability(_paragraphs(session, "daily", date(2023, 6, 5)))
    assert "semua 7 pemberitaan sudah diperiksa analis" in line
    assert "belum diaudit" not in line


def test_a_finished_audit_gives_its_estimate_and_interval(session: Session) -> None:
    pid = add_profile(session, "instansi")
    for i in range(40):
        tone = ("negatif", "netral", "positif")[i % 3]
        add_mention(session, pid, wib(2023, 6, 1 + i % 28, 9), model=tone)
    session.commit()
    sample, _ = draw_sample(session, period=parse_period("2023-06"), profile=None,
                            indicators=IndicatorsConfig(), by="ana", size=12, seed=3)
    assert sample.id is not None
    for item in sample_items(session, sample.id):
        label = session.get(SentimentLabel, item.match_id)
        assert label is not None
        label.human_label = item.model_label
        session.add(label)
    session.commit()
    [line] = _reliability(_paragraphs(session, "monthly", date(2023, 6, 30)))
    assert "audit sampel 12 pemberitaan" in line and "95%" in line
    assert "perkiraan" in line and "belum diaudit" not in line
    assert "poin" not in line  # 40 stories: not a small base


def test_the_monthly_target_line_is_not_a_bare_pass_or_fail(session: Session,
                                                            tmp_path: Path) -> None:
    pid = add_profile(session, "instansi")
    for i, tone in enumerate(["negatif", "netral", "positif", "netral"]):
        add_mention(session, pid, wib(2023, 1, 10 + i, 9), model=tone)
    save_plan(session, read_plan(EXAMPLES / "iku-2023-biro-humas-kementerian-januari.yaml"))
    session.commit()
    paragraphs = _paragraphs(session, "monthly", date(2023, 1, 31))
    target = next(i for i, p in enumerate(paragraphs) if "Status:" in p and "target" in p)
    assert paragraphs[target + 1].startswith("Keandalan:")
    assert "1 pemberitaan = 25,00 poin" in paragraphs[target + 1]
    # HTML, PDF and DOCX share the document: the HTML file carries the line.
    [html] = media_report(session, kind="monthly", day=date(2023, 1, 31), formats=["html"],
                          out_dir=tmp_path)
    assert "belum diaudit" in html.read_text(encoding="utf-8")
    [xlsx] = media_report(session, kind="monthly", day=date(2023, 1, 31), formats=["xlsx"],
                          out_dir=tmp_path)
    summary = {row[0]: row[1] for row in load_workbook(xlsx)["Ringkasan"].iter_rows(
        values_only=True)}
    assert "belum diaudit" in summary["Keandalan persentase negatif"]


def test_no_line_without_labelled_news(session: Session) -> None:
    add_profile(session, "instansi")
    session.commit()
    assert _reliability(_paragraphs(session, "daily", date(2023, 6, 5))) == []


def test_report_files_are_named_by_their_period(session: Session, tmp_path: Path) -> None:
    add_profile(session, "instansi")
    session.commit()
    names = {kind: [p.name for p in media_report(session, kind=kind, day=date(2026, 11, 16),
                                                 formats=["html", "xlsx"], out_dir=tmp_path)]
             for kind in ("daily", "weekly", "monthly")}
    assert names == {
        "daily": ["laporan-media-harian-2026-11-16.html", "laporan-media-harian-2026-11-16.xlsx"],
        "weekly": ["laporan-media-mingguan-2026-11-10_2026-11-16.html",
                   "laporan-media-mingguan-2026-11-10_2026-11-16.xlsx"],
        "monthly": ["laporan-media-bulanan-2026-11.html", "laporan-media-bulanan-2026-11.xlsx"]}
