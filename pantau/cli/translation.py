"""Click's own words in Indonesian while a `pantau` command runs.

Click passes every text it shows itself (`Usage:`, `Options`, `Show this message and exit.`,
`[required]`, every error message) through `gettext` in the default "messages" domain.
Pantau ships an Indonesian catalogue for that domain, `locale/id/LC_MESSAGES/messages.mo`
(compiled from `pantau.cli.catalogue`), and selects it while a command runs: the root
group's `main` enters `indonesian_messages()`.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "messages"  # click calls gettext.gettext, i.e. the default domain
LANGUAGE = "id"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
MO_FILE = LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.mo"


@contextmanager
def indonesian_messages() -> Iterator[None]:
    """Select the Indonesian catalogue for gettext's default domain while the block runs.

    gettext picks the language from $LANGUAGE (before LC_ALL, LC_MESSAGES, LANG), so that is
    what is set; both it and the domain's folder are restored afterwards, so code that runs
    Pantau's CLI in-process (the tests) is left as it was.
    """
    previous_dir = gettext.bindtextdomain(DOMAIN)
    previous_language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    os.environ["LANGUAGE"] = LANGUAGE
    try:
        yield
    finally:
        gettext.bindtextdomain(DOMAIN, previous_dir)
        if previous_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous_language
