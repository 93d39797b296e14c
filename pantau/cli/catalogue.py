"""The Indonesian catalogue of click's messages, and the .mo file gettext reads.

`CATALOGUE` is the source; `python -m pantau.cli.catalogue` writes the compiled file that
`pantau.cli.translation` selects. A test checks that the committed file is what this writes
and that every message of the installed click has a translation, so a click upgrade that
adds an English sentence fails the suite instead of reaching a user.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from pathlib import Path

from pantau.cli.translation import MO_FILE

HEADER = ("Content-Type: text/plain; charset=UTF-8\n"
          "Language: id\n"
          "Plural-Forms: nplurals=1; plural=0;\n")

# msgid -> translation; a (singular, plural) key is an ngettext message (Indonesian has a
# single form). Placeholders keep click's names; a translation may leave one out.
CATALOGUE: dict[str | tuple[str, str], str] = {
    # Help pages
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen posisi",
    "Show this message and exit.": "Tampilkan pesan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s versi %(version)s",
    "required": "wajib",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "(dynamic)": "(dinamis)",
    "deprecated": "usang",
    "Choice({choices})": "Pilihan({choices})",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    # Mistakes on the command line
    "Error: {message}": "Galat: {message}",
    "Try '{command} {option}' for help.": "Coba '{command} {option}' untuk bantuan.",
    "Missing command.": "Perintah belum diberikan.",
    "Missing argument": "Argumen belum diisi",
    "Missing option": "Opsi wajib belum diisi",
    "Missing parameter": "Parameter belum diisi",
    "Missing parameter: {param_name}": "Parameter belum diisi: {param_name}",
    "Missing {param_type}": "{param_type} belum diisi",
    "No such option {name!r}.": "Opsi {name!r} tidak ada.",
    "No such command {name!r}.": "Perintah {name!r} tidak ada.",
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        "(Mungkin maksudnya: {possibilities}?)",
    "Invalid value: {message}": "Nilai tidak valid: {message}",
    "Invalid value for {param_hint}: {message}": "Nilai tidak valid untuk {param_hint}: {message}",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        "Argumen berlebih yang tidak dikenal ({args})",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        "Memerlukan {nargs} nilai, tetapi diberikan {len}.",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        "Opsi {name!r} memerlukan nilai ({nargs}).",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak menerima nilai.",
    "Argument {name!r} takes {nargs} values.": "Argumen {name!r} memerlukan {nargs} nilai.",
    "Invalid start character for option ({option})":
        "Karakter awal opsi tidak valid ({option})",
    "Value must be an iterable.": "Nilai harus berupa deretan.",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        "{value!r} bukan salah satu dari {choices}.",
    "Choose from:\n\t{choices}": "Pilih salah satu:\n\t{choices}",
    ("{value!r} does not match the format {format}.",
     "{value!r} does not match the formats {formats}."):
        "{value!r} tidak sesuai format {formats}.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan angka yang valid.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} bukan nilai ya/tidak yang valid. Nilai yang dikenali: {states}",
    "{value!r} is not a valid UUID.": "{value!r} bukan UUID yang valid.",
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        "Diperlukan {len_type} nilai, tetapi diberikan {len_value}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} tidak dapat dijalankan.",
    "Could not open file {filename!r}: {message}":
        "Berkas {filename!r} tidak dapat dibuka: {message}",
    "unknown error": "galat tidak dikenal",
    "Aborted!": "Dibatalkan.",
    # Prompts and the terminal
    "Do you want to continue?": "Lanjutkan?",
    "Confirm the action without prompting.": "Setujui tindakan tanpa bertanya.",
    "Repeat for confirmation": "Ulangi untuk konfirmasi",
    "Error: The two entered values do not match.": "Galat: Kedua isian tidak sama.",
    "Error: invalid input": "Galat: isian tidak valid",
    "Press any key to continue...": "Tekan tombol apa saja untuk melanjutkan...",
    "d": "h",  # days in a progress bar's time left
    "{editor}: Editing failed": "{editor}: penyuntingan gagal",
    "{editor}: Editing failed: {e}": "{editor}: penyuntingan gagal: {e}",
    "Unknown color {colour!r}": "Warna {colour!r} tidak dikenal",
    "Unknown standard stream '{name}'": "Aliran standar '{name}' tidak dikenal",
    "Windows error: {error}": "Galat Windows: {error}",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Pelengkapan perintah memerlukan Bash 4.4 atau lebih baru.",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Versi Bash tidak terdeteksi; pelengkapan perintah tidak didukung.",
    # Mistakes of a programmer declaring commands (shown all the same)
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Peringatan: perintah {name!r} sudah usang.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Peringatan: {param_type} {name!r} sudah usang.{extra_message}",
    "Could not determine name for option with declarations {decls!r}":
        "Nama opsi dengan deklarasi {decls!r} tidak dapat ditentukan",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?":
        "Tidak ada opsi yang dideklarasikan, tetapi sebuah nama diberikan ({name}). Maksudnya "
        "mendeklarasikan argumen? Atau maksudnya '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.":
        "Argumen menerima tepat satu deklarasi parameter, diberikan {length}: {decls}.",
    "Name '{name}' defined twice": "Nama '{name}' dideklarasikan dua kali",
    "Boolean option {decl!r} cannot use the same flag for true/false.":
        "Opsi ya/tidak {decl!r} tidak boleh memakai penanda yang sama untuk ya dan tidak.",
}


def compile_catalogue(catalogue: Mapping[str | tuple[str, str], str]) -> bytes:
    """The GNU .mo file of `catalogue` (little-endian, no hash table), as msgfmt writes it:
    a header, the table of (length, offset) of every original, the same for every
    translation, then the NUL-terminated originals and translations."""
    messages = {b"": HEADER.encode()}
    for key, text in catalogue.items():
        original = "\0".join(key) if isinstance(key, tuple) else key
        messages[original.encode()] = text.encode()
    originals = sorted(messages)
    translations = [messages[original] for original in originals]
    header_size = 7 * 4
    table_size = 8 * len(originals)
    originals_start = header_size + 2 * table_size
    translations_start = originals_start + sum(len(o) + 1 for o in originals)

    def table(strings: list[bytes], start: int) -> bytes:
        entries: list[int] = []
        for string in strings:
            entries += [len(string), start]
            start += len(string) + 1
        return struct.pack(f"<{len(entries)}I", *entries)

    return b"".join([
        struct.pack("<7I", 0x950412DE, 0, len(originals), header_size,
                    header_size + table_size, 0, 0),
        table(originals, originals_start),
        table(translations, translations_start),
        *(o + b"\0" for o in originals),
        *(t + b"\0" for t in translations),
    ])


def write_catalogue(path: Path = MO_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compile_catalogue(CATALOGUE))
    return path


if __name__ == "__main__":
    print(write_catalogue())
