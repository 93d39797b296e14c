"""Sections of the media report about people and peers: the people quoted (narasumber,
with their tone) and the share of voice beside peer institutions. Built as
`pantau.core.render` blocks, and as rows for the XLSX sheets."""

from __future__ import annotations

from typing import Any

from indicators.people import Person
from indicators.share import ShareOfVoice
from pantau.core import render
from pantau.core.render import Heading, Image, Paragraph, Table, fmt_number

PEOPLE_HEADER = ["Narasumber", "Jabatan", "Instansi", "Jumlah berita", "Positif", "Netral",
                 "Negatif", "% negatif"]
VOICE_HEADER = ["Instansi", "Jumlah berita", "Pangsa (%)", "Positif", "Netral", "Negatif",
                "% negatif", "Jumlah periode sebelumnya", "Pangsa sebelumnya (%)"]


def _n(value: int) -> str:
    return fmt_number(int(value))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{fmt_number(value)}%"


def person_label(p: Person) -> str:
    """The person's name with the institution's own marked."""
    if p.spokesperson:
        return f"{p.name} (juru bicara instansi)"
    if p.own:
        return f"{p.name} (pejabat instansi)"
    return p.name


def people_rows(people: list[Person]) -> list[list[Any]]:
    return [[person_label(p), p.title or "-", p.institution or "-", p.mentions, p.tones.positif,
             p.tones.netral, p.tones.negatif, p.tones.negative_share] for p in people]


def people_blocks(people: list[Person], *, read: int, total: int) -> list[Any]:
    blocks: list[Any] = [Heading("Narasumber yang paling banyak dikutip")]
    if not people:
        return [*blocks, Paragraph("Tidak ditemukan kutipan narasumber pada teks berita.",
                                   "note")]
    blocks.append(Table(PEOPLE_HEADER, [
        [person_label(p), p.title or "-", p.institution or "-", _n(p.mentions),
         _n(p.tones.positif), _n(p.tones.netral), _n(p.tones.negatif),
         _pct(p.tones.negative_share)] for p in people],
        caption="Satu baris per orang: gelar, jabatan dan nama singkat yang merujuk orang "
                "yang sama digabung; sentimen = sentimen berita yang mengutipnya."))
    own = [p for p in people if p.own]
    if own:
        neg = sum(p.tones.negatif for p in own)
        blocks.append(Paragraph(
            f"Pejabat instansi dikutip dalam {_n(sum(p.mentions for p in own))} berita "
            f"({_n(neg)} di antaranya bersentimen negatif).", "note"))
    if total > read:
        blocks.append(Paragraph(f"Dihitung dari {_n(read)} dari {_n(total)} berita (sampel "
                                "merata).", "note"))
    return blocks


def voice_rows(v: ShareOfVoice) -> list[list[Any]]:
    return [[r.name + (" (instansi sendiri)" if r.own else ""), r.tones.total, r.share,
             r.tones.positif, r.tones.netral, r.tones.negatif, r.tones.negative_share,
             r.previous.total, r.previous_share] for r in v.rows]


def voice_blocks(v: ShareOfVoice) -> list[Any]:
    blocks: list[Any] = [Heading("Pangsa pemberitaan dibanding instansi sejenis")]
    blocks.append(Table(VOICE_HEADER, [
        [r.name + (" (instansi sendiri)" if r.own else ""), _n(r.tones.total), _pct(r.share),
         _n(r.tones.positif), _n(r.tones.netral), _n(r.tones.negatif),
         _pct(r.tones.negative_share), _n(r.previous.total), _pct(r.previous_share)]
        for r in v.rows],
        caption="Pangsa = jumlah berita instansi / jumlah berita semua instansi pada tabel "
                "x 100%. Berita instansi pembanding tidak dihitung dalam angka instansi "
                "sendiri."))
    missing = [r.name for r in v.rows if r.missing]
    if missing:
        blocks.append(Paragraph("Profil pembanding belum ada di basis data (jalankan pantau "
                                f"collect): {', '.join(missing)}.", "warning"))
    if v.total:
        blocks.append(Image(render.bar_chart(
            [r.name for r in v.rows], [r.tones.total for r in v.rows],
            title="Jumlah pemberitaan per instansi", xlabel="berita"), width_cm=12))
    if len(v.series) > 1 and v.total:
        names = [r.name for r in v.rows]
        blocks.append(Image(render.line_chart(
            [label for label, _c in v.series],
            {name: [counts[name].total for _l, counts in v.series] for name in names},
            title="Pemberitaan per instansi", ylabel="berita")))
    return blocks
