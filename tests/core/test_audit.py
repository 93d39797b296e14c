"""The audit log records who changed what, before and after, in the caller's transaction."""

from __future__ import annotations

import json

import pytest

from pantau.core.audit import AuditEvent, events, record
from pantau.core.db import session_scope


def test_a_recorded_change_is_listed_newest_first() -> None:
    with session_scope() as s:
        record(s, actor="rina", action="label.correct", entity="sentiment_label", entity_id=7,
               before={"label": "netral"}, after={"label": "negatif"})
        record(s, actor="budi", action="label.correct", entity="sentiment_label", entity_id=7,
               before={"label": "negatif"}, after={"label": "positif"}, note="salah baca")
        record(s, actor="budi", action="plan.import", entity="plan", entity_id="IKU-2026")
    with session_scope() as s:
        rows = events(s, entity="sentiment_label", entity_id=7)
        assert [r.actor for r in rows] == ["budi", "rina"]
        assert json.loads(rows[0].after or "") == {"label": "positif"}
        assert rows[0].note == "salah baca"
        assert [r.action for r in events(s, action_prefix="plan.")] == ["plan.import"]


def test_an_audit_row_rolls_back_with_the_change() -> None:
    with pytest.raises(RuntimeError), session_scope() as s:
        record(s, actor="rina", action="value.set", entity="indicator", entity_id=1)
        raise RuntimeError("gagal menyimpan")
    with session_scope() as s:
        assert list(s.exec(events.__globals__["select"](AuditEvent)).all()) == []


def test_changes_name_each_changed_field_for_people() -> None:
    from pantau.core.audit import changes

    with session_scope() as s:
        row = record(s, actor="admin", action="user.update", entity="user", entity_id="rina",
                     before={"role": "analis", "active": True},
                     after={"role": "pimpinan", "active": True, "password_changed": True})
        created = record(s, actor="admin", action="user.create", entity="user",
                         entity_id="budi", after={"role": "analis"})
    assert changes(row) == ["role: analis → pimpinan", "password_changed: True"]
    assert changes(created) == ["role: analis"]
