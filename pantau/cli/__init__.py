"""The `pantau` command line. Thin: it parses options, calls the domain services and turns
domain errors into friendly Indonesian messages (never a traceback for a user mistake).

The root group knows every command by name, module and one-line help (`COMMANDS`) and
imports a command's module only when that command runs, so `pantau --help` and
`pantau <group> --help` print at once; each command module imports its domain inside the
command functions for the same reason. Classes and naming: `pantau.cli.base`.
"""

from __future__ import annotations

import errno
from typing import Any

import click

from pantau import __version__
from pantau.cli.base import LazyCommand, LazyGroup
from pantau.cli.translation import indonesian_messages
from pantau.core.errors import PantauError

COMMANDS = {
    "alerts": LazyCommand("pantau.cli.jobs:alerts_group",
                          "Peringatan: periksa aturan, kirim, dan lihat riwayat pengiriman."),
    "audit": LazyCommand("pantau.cli.audit:audit_group",
                         "Jejak audit: siapa mengubah angka apa, kapan, sebelum dan sesudah."),
    "backup": LazyCommand("pantau.cli.backup:backup_command",
                          "Cadangkan basis data, unggahan dan model ke satu berkas."),
    "clippings": LazyCommand("pantau.cli.collectors:clippings_group",
                             "Kliping media cetak, televisi dan radio."),
    "collect": LazyCommand("pantau.cli.collectors:collect_command",
                           "Kumpulkan pemberitaan dari semua sumber yang dikonfigurasi."),
    "db": LazyCommand("pantau.cli.database:db_group", "Basis data: migrasi skema."),
    "demo": LazyCommand("pantau.cli.demo:demo_command",
                        "Jalankan Pantau pada data contoh bawaan dan tulis laporannya ke "
                        "folder --out."),
    "followup": LazyCommand("pantau.cli.indicators:followup_group",
                            "Tindak lanjut pemberitaan negatif: antrean, ubah, riwayat."),
    "indicators": LazyCommand("pantau.cli.indicators:indicators_group",
                              "Nilai indikator per periode: hitung dan isi manual."),
    "mentions": LazyCommand("pantau.cli.collectors:mentions_group",
                            "Pemberitaan yang tersimpan: daftar dan ekspor."),
    "people": LazyCommand("pantau.cli.indicators:people_command",
                          "Narasumber yang dikutip: satu baris per orang, dengan sentimen "
                          "beritanya."),
    "plan": LazyCommand("pantau.cli.indicators:plan_group",
                        "Rencana kinerja (RKT, IKU, PK): impor, daftar, tampilkan, ekspor."),
    "report": LazyCommand("pantau.cli.indicators:report_group",
                          "Laporan: monitoring media dan capaian indikator."),
    "restore": LazyCommand("pantau.cli.backup:restore_command",
                           "Pulihkan basis data, unggahan dan model dari berkas cadangan."),
    "run": LazyCommand("pantau.cli.jobs:run_group",
                       "Jalankan proses sekali sekarang (untuk cron dan pengujian)."),
    "runs": LazyCommand("pantau.cli.jobs:runs_command",
                        "Riwayat proses: mulai, selesai, status, jumlah, galat."),
    "schedule": LazyCommand("pantau.cli.jobs:schedule_command",
                            "Jalankan penjadwal di latar depan (hentikan dengan Ctrl-C atau "
                            "SIGTERM)."),
    "sentiment": LazyCommand("pantau.cli.sentiment:sentiment_group",
                             "Sentimen pemberitaan: latih, labeli, koreksi, evaluasi model."),
    "serve": LazyCommand("pantau.cli.web:serve_command",
                         "Jalankan aplikasi web (uvicorn). Penjadwal tetap proses terpisah."),
    "share-of-voice": LazyCommand("pantau.cli.indicators:share_of_voice_command",
                                  "Pangsa pemberitaan dan sentimen dibanding instansi "
                                  "pembanding ([[comparisons]])."),
    "sources": LazyCommand("pantau.cli.collectors:sources_group",
                           "Sumber pemberitaan: kesehatan tiap sumber, katalog media "
                           "Indonesia, tambah dari katalog, periksa alamat."),
    "status": LazyCommand("pantau.cli.jobs:status_command",
                          "Jadwal berikutnya, proses terakhir tiap tugas, dan kesehatan "
                          "sumber."),
    "survey": LazyCommand("pantau.cli.survey:survey_group",
                          "Survei Kepuasan Masyarakat (SKM, PermenPANRB 14/2017)."),
    "unit": LazyCommand("pantau.cli.units:unit_group",
                        "Unit organisasi (banyak kantor dalam satu pemasangan): daftar, "
                        "tambah."),
    "worker": LazyCommand("pantau.cli.jobs:worker_command",
                          "Pekerja antrean tugas: kerjakan pengumpulan, pelabelan dan laporan "
                          "dari antrean (PANTAU_BROKER_URL) sampai dihentikan."),
    "user": LazyCommand("pantau.cli.web:user_group",
                        "Pengguna aplikasi web: buat, ubah, daftar."),
}


class PantauCli(LazyGroup):
    """The root: click's words in Indonesian, and domain errors shown as `Galat: ...`."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with indonesian_messages():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PantauError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            # No room: a full disk, a quota, or a limit on file size (ulimit -f).
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                raise click.ClickException(
                    f"disk penuh; berkas {exc.filename or ''} tidak dapat ditulis. Kosongkan "
                    "ruang disk lalu ulangi (tidak ada berkas setengah jadi yang tertinggal)."
                ) from exc
            raise
        except Exception as exc:
            # SQLAlchemy is not imported here (it would slow `pantau --help`): its connection
            # errors are recognised by name.
            if (type(exc).__module__.startswith("sqlalchemy")
                    and type(exc).__name__ in ("OperationalError", "InterfaceError")):
                first = str(getattr(exc, "orig", exc)).strip().splitlines()[:1]
                raise click.ClickException(
                    "koneksi ke basis data gagal atau terputus"
                    + (f" ({first[0][:200]})" if first else "")
                    + ". Periksa server basis data lalu ulangi; transaksi yang belum selesai "
                    "tidak disimpan.") from exc
            raise


@click.group("pantau", cls=PantauCli, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="pantau",
                      message="%(prog)s versi %(version)s",
                      help="Tampilkan versi lalu keluar.")
def cli() -> None:
    """Pantau: pemantauan media dan Survei Kepuasan Masyarakat untuk Biro Humas."""


def main() -> None:
    cli(prog_name="pantau")


if __name__ == "__main__":  # pragma: no cover
    main()
