"""`--by` names a user when the deployment has users, and `remove-batch` checks the import
exists before asking to confirm."""

from __future__ import annotations

from pantau.core.db import session_scope
from pantau.web.models import User
from tests.survey.helpers import GOOD, HEADERS, write_csv

HUMAS = '[[survey.units]]\ncode = "HUMAS"\nname = "Biro Humas"\n'
ADD = ["survey", "rtl", "add", "--unit", "HUMAS", "--period", "2025-S1", "--element", "U3",
       "--action", "Percepat layanan", "--owner", "Kabag Humas"]


def _add_user(name: str) -> None:
    with session_scope() as s:
        s.add(User(username=name, role="petugas_survei", password_hash="x"))


def test_rtl_by_must_be_a_user_when_users_exist(cli_runner, write_config):
    write_config(HUMAS)
    _add_user("ana")
    refused = cli_runner([*ADD, "--by", "nobody"], expect_ok=False)
    assert refused.exit_code == 1
    assert "Galat: Pengguna 'nobody' tidak ditemukan" in refused.output
    assert "ana" in refused.output
    assert "ditambahkan" in cli_runner([*ADD, "--by", "ana"]).output
    listing = cli_runner(["survey", "rtl", "list"]).output
    assert listing.count("Percepat layanan") == 1


def test_rtl_by_is_free_text_without_users(cli_runner, write_config):
    write_config(HUMAS)
    assert "ditambahkan" in cli_runner([*ADD, "--by", "Kabag Humas"]).output


def test_remove_batch_checks_the_number_before_asking(cli_runner):
    result = cli_runner(["survey", "remove-batch", "99"], input="", expect_ok=False)
    assert result.exit_code == 1
    assert "Impor nomor 99 tidak ditemukan" in result.output
    assert "Hapus impor" not in result.output  # no question about a batch that does not exist


def test_remove_batch_by_must_be_a_user_when_users_exist(cli_runner, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADERS, GOOD)
    cli_runner(["survey", "import", str(path), "--unit", "X", "--new-unit", "--period",
                "2025-S1"])
    _add_user("ana")
    refused = cli_runner(["survey", "remove-batch", "1", "--yes", "--by", "nobody"],
                         expect_ok=False)
    assert "Pengguna 'nobody' tidak ditemukan" in refused.output
    assert "3 respons" in cli_runner(["survey", "remove-batch", "1", "--yes", "--by",
                                      "ana"]).output
