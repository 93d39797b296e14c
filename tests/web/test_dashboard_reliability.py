"""The dashboard's negative share says how far it can be trusted: unaudited model labels,
the analysts' checks, the audit's estimate, and how much one story moves a small base."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from sqlmodel import select

from pantau.core.db import session_scope
from pantau.web.models import PIMPINAN
from sentiment.models import SentimentLabel
from tests.web.helpers import seed_mentions


def _line(page: str) -> str:
    found = re.search(r'<p id="keandalan"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no reliability line beside the negative share"
    return found.group(1)


def test_unaudited_model_labels_are_flagged_and_linked_to_the_audit(login: Any) -> None:
    seed_mentions(3)
    line = _line(login(PIMPINAN).get("/dasbor").text)
    text = unescape(re.sub(r"<[^>]+>", "", line))
    assert "label model, belum diaudit: hasil bisa keliru; lakukan audit sampel " \
           "(Tinjau label > Audit)." in text
    assert "1 pemberitaan = 33,33 poin" in text
    link = re.search(r'href="([^"]+)"', line)
    assert link and unescape(link.group(1)).startswith("/tinjau?periode=")
    assert link.group(1).endswith("#audit")


def test_analyst_checked_labels_are_counted_on_the_dashboard(login: Any) -> None:
    ids = seed_mentions(3)
    with session_scope() as s:
        label = s.exec(select(SentimentLabel).where(
            SentimentLabel.match_id == ids["match_ids"][0])).one()
        label.human_label = "negatif"
        s.add(label)
    text = unescape(re.sub(r"<[^>]+>", "", _line(login(PIMPINAN).get("/dasbor").text)))
    assert "1 dari 3 pemberitaan sudah diperiksa analis; sisanya label model" in text


def test_no_line_without_news(login: Any) -> None:
    assert 'id="keandalan"' not in login(PIMPINAN).get("/dasbor").text
