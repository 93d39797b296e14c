"""Everything `pantau` prints, click's own words included, is Indonesian."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path
from typing import Any

import click
import pytest

from pantau.cli.catalogue import CATALOGUE, compile_catalogue
from pantau.cli.translation import MO_FILE
from tests.pantau.helpers import command_tree
from tests.survey.helpers import GOOD, HEADERS, write_csv

CLICK_SOURCE = Path(click.__file__).parent


def _click_messages() -> set[str | tuple[str, str]]:
    """Every literal message the installed click passes through gettext or ngettext."""
    found: set[str | tuple[str, str]] = set()
    for path in CLICK_SOURCE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args[:2]
                     if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and len(texts) == 1:
                found.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                found.add((texts[0], texts[1]))
    return found


def _english_fragments() -> list[str]:
    """Words of click's English messages long enough not to occur in Indonesian text."""
    fragments = {"[OPTIONS]", "COMMAND [ARGS]", "[y/N]"}
    for key in CATALOGUE:
        for message in key if isinstance(key, tuple) else (key,):
            for piece in re.split(r"\{[^}]*\}|%\(\w+\)s|\n\t", message):
                piece = piece.strip(" .'()!?")
                if len(piece) >= 6:
                    fragments.add(piece)
    return sorted(fragments)


ENGLISH = _english_fragments()
# Type names click shows as metavars when nobody translates them.
ENGLISH_METAVAR = re.compile(r"\b(TEXT|INTEGER|FLOAT|PATH|FILE|DIRECTORY|BOOLEAN|FILENAME)\b")
TREE = command_tree()


def _assert_indonesian(text: str) -> None:
    leaked = [fragment for fragment in ENGLISH if fragment in text]
    assert not leaked, f"English from click: {leaked}\n{text}"
    assert not ENGLISH_METAVAR.search(text), text


def test_the_catalogue_translates_every_message_of_the_installed_click() -> None:
    missing = _click_messages() - set(CATALOGUE)
    assert not missing, f"add to pantau.cli.catalogue.CATALOGUE: {sorted(map(str, missing))}"


def test_the_committed_catalogue_is_what_the_source_compiles_to() -> None:
    assert MO_FILE.read_bytes() == compile_catalogue(CATALOGUE), \
        "run: python -m pantau.cli.catalogue"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Usage:") == "Penggunaan:"
    assert compiled.ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.",
                             3) == "{value!r} bukan salah satu dari {choices}."


def test_the_root_help_page(cli_runner: Any) -> None:
    page = cli_runner(["--help"]).output
    _assert_indonesian(page)
    for words in ("Penggunaan: pantau [OPSI] PERINTAH [ARG]...", "Opsi:", "Perintah:",
                  "Tampilkan pesan ini lalu keluar.", "Tampilkan versi lalu keluar."):
        assert words in page


@pytest.mark.parametrize(("path", "command"), TREE, ids=[" ".join(p) for p, _ in TREE])
def test_help_and_mistakes_of_every_command(cli_runner: Any, path: tuple[str, ...],
                                            command: click.Command) -> None:
    page = cli_runner([*path, "--help"]).output
    _assert_indonesian(page)
    assert page.startswith(f"Penggunaan: pantau {' '.join(path)} [OPSI]")
    if any(getattr(p, "required", False) for p in command.params):
        assert "[wajib]" in page or "Argumen" in page or " [OPSI] " in page
    mistakes = [[*path, "--tidak-ada"]]
    if isinstance(command, click.Group):
        mistakes.append([*path, "tidak-ada"])
    elif any(p.required for p in command.params):
        mistakes.append(list(path))
    for words in mistakes:
        result = cli_runner(words, expect_ok=False)
        assert result.exit_code == 2, result.output
        _assert_indonesian(result.output)
        assert "Galat: " in result.output
        assert f"Coba 'pantau {' '.join(path)} --help' untuk bantuan." in result.output


@pytest.mark.parametrize(("words", "expected"), [
    (["runs", "--limit", "0"], "Nilai tidak valid untuk '--limit': 0 di luar rentang 1<=x<=10000."),
    (["mentions", "list", "--since", "kemarin"],
     "'kemarin' bukan tanggal; gunakan format TTTT-BB-HH (mis. 2026-03-05)."),
    (["mentions", "export", "--format", "docx"],
     "'docx' bukan salah satu dari 'csv', 'jsonl', 'xlsx'."),
    (["survey", "remove-batch", "satu"], "'satu' bukan angka yang valid."),
    (["user", "create", "rina", "--role"], "Opsi '--role' memerlukan nilai"),
    (["collect", "lebih"], "Argumen berlebih yang tidak dikenal (lebih)"),
    (["survey", "score"], "Opsi wajib belum diisi '--period'."),
    (["sentiment", "train", "--data", "a.csv"], "Opsi wajib belum diisi '--out'."),
    (["survey", "sc0re"], "Perintah 'sc0re' tidak ada. (Mungkin maksudnya: 'score'?)"),
    (["survey", "score", "--perod", "2025"],
     "Opsi '--perod' tidak ada. (Mungkin maksudnya: '--period'?)"),
])
def test_mistakes_are_explained_in_indonesian(cli_runner: Any, words: list[str],
                                              expected: str) -> None:
    result = cli_runner(words, expect_ok=False)
    assert result.exit_code == 2
    assert expected in result.output
    _assert_indonesian(result.output)


def test_prompts_are_indonesian(cli_runner: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "skm.csv", HEADERS, GOOD)
    cli_runner(["survey", "import", str(path), "--unit", "PPID", "--new-unit",
                "--period", "2025-S1"])
    stopped = cli_runner(["survey", "remove-batch", "1"], input="mungkin\nt\n", expect_ok=False)
    assert "Hapus impor nomor 1" in stopped.output and "[y/T]:" in stopped.output
    assert "Galat: 'mungkin' bukan salah satu dari" in stopped.output
    assert stopped.exit_code == 1 and "Dibatalkan." in stopped.output
    _assert_indonesian(stopped.output)
    mismatch = cli_runner(["user", "create", "rina", "--role", "analis"],
                          input="kata-sandi-panjang\nkata-sandi-lain\n"
                                "kata-sandi-panjang\nkata-sandi-panjang\n")
    assert "Galat: Kedua isian tidak sama." in mismatch.output
    _assert_indonesian(mismatch.output)


def test_the_catalogue_is_only_used_while_pantau_runs(cli_runner: Any) -> None:
    cli_runner(["--help"])
    assert gettext.gettext("Usage:") == "Usage:"
