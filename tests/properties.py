"""The standing attack campaign's shared parts: Hypothesis settings with a fixed budget, and
strategies for the hostile text a careless user or an adversary puts in a file.

Every property test of the campaign (`tests/*/test_properties.py`) runs a fixed number of
examples, derandomised so CI is repeatable, without a deadline (CI machines are shared);
`PANTAU_CAMPAIGN_EXAMPLES=500 pytest -k properties` runs a longer campaign locally."""

from __future__ import annotations

import os
import re
import string
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("PANTAU_CAMPAIGN_EXAMPLES", "0")) or None
# Some known failures show only on PostgreSQL (NUL bytes, varchar lengths, int4 ids).
ON_POSTGRES = bool(os.environ.get("PANTAU_TEST_POSTGRES_URL"))


def campaign(max_examples: int) -> Any:
    """Settings for one property: `max_examples` (or PANTAU_CAMPAIGN_EXAMPLES), no deadline,
    the same examples on every run, no example database written into the tree."""
    return settings(max_examples=EXAMPLES or max_examples, deadline=None,
                    derandomize=EXAMPLES is None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


# Payloads seen in the attack: formulas, markup, mathtext, control characters, odd unicode.
PAYLOADS = [
    "=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|'/C calc'!A0",
    "-1", "-4", "<script>alert(1)</script>", "Warta $\\frac{x$", "$x^2$", "\x0b\x1b\x00",
    "\ufeffBOM", "\u202eRTL", "'; DROP TABLE survey_response; --", "%s%s%n", "{{7*7}}",
    "javascript:alert(1)", "a" * 5000, "1e309", "NaN", "99999999999999999999", "0x1F",
    "１２", "٣", "\N{ZERO WIDTH SPACE}", "😀", "null", "True",
]

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=60),
    st.text(alphabet=string.printable, max_size=40),
    st.integers(min_value=-10, max_value=10).map(str),
)

# A cell of a data row: mostly plausible values, often hostile.
cell = st.one_of(st.sampled_from(["1", "2", "3", "4", "", "L", "P", "SMA", "PNS", "30"]),
                 hostile_text)

_INDONESIAN = re.compile(
    r"\b(tidak|wajib|baris|kolom|berkas|kosong|dikenal|valid|terlalu|sudah|harus|tanggal|"
    r"salah|rusak|melebihi|dibatalkan|ditemukan|format|isi|nilai|pilih|dibaca|bukan|perlu|"
    r"masuk|akses|halaman|metode|besar|dikirim|dapat|luar|rentang|didukung|batas)\b",
    re.IGNORECASE)


def assert_clear_message(message: str) -> None:
    """A message a Biro Humas officer can act on: Indonesian words, no Python internals."""
    assert message.strip(), "empty message"
    assert "Traceback" not in message and 'File "' not in message, message
    assert _INDONESIAN.search(message), f"not a clear Indonesian message: {message[:300]}"


def table_counts() -> dict[str, int]:
    """Rows in every table of Pantau's schema (to prove a refused input stored nothing)."""
    from sqlalchemy import func, select

    from pantau.core.db import session_scope
    from pantau.models import metadata

    with session_scope() as s:
        conn = s.connection()
        return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in metadata.sorted_tables}


def run_door(cli_runner: Any, args: list[str]) -> tuple[bool, str]:
    """Run a `pantau` command that is given hostile input. It either succeeds or stops with
    exit code 1 and `Galat: <clear Indonesian message>`; any other exception propagates
    (and fails the property with its traceback). Returns (succeeded, output)."""
    before = table_counts()
    result = cli_runner(args, expect_ok=False)
    if result.exit_code == 0:
        return True, result.output
    assert result.exit_code == 1, result.output
    assert "Galat:" in result.output, result.output
    assert_clear_message(result.output)
    changed = {k: (v, after) for (k, v), after in zip(before.items(), table_counts().values(),
                                                      strict=True) if v != after}
    assert not changed, f"refused, yet rows changed: {changed}"
    return False, result.output
