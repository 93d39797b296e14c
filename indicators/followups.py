"""Follow-up of negative news (tindak lanjut pemberitaan negatif): what the bureau does about
a negative story, who does it, by when, and what came of it.

One follow-up per story and organisation unit: a story is a duplicate group
(`mention.duplicate_group`, a mention without a group is its own story; its copies are
`collectors.api.story_copies`, as everywhere), so a reprint in ten outlets is answered once;
when two units' profiles matched the same story, each unit has its own follow-up of it and
sees only its own (`unit`, the default unit when not given). A story is negative when any
profile match (of the profiles in scope, `within`) of any of its copies has the effective
tone `negatif` (every outlet's copy is one to answer, as the `negative_outlet` alert counts
them).

A follow-up hangs on one copy of its story (`FollowUp.story_id`: the story's first stored
copy when the follow-up was made, which is the story's own id unless that mention left the
story) and belongs to that copy's story: it is found through any copy (`_followup_for`) and
the queue lists it under that copy's story. It is not keyed on the story's id, because the
store can leave a story whose id is none of its copies: a regrouping (`pantau mentions
regroup`) moves the mention whose id a story bears to another story while a collector whose
duplicate index is older than the regrouping stores more copies under the old id, or that
mention is deleted (`collectors.api.delete_mentions`) and its copies keep its id. Keyed on
such an id, a follow-up would be found under the other story or nowhere, and could not be
saved at all once the mention is gone (the foreign key). Keyed on a copy it cannot be lost,
and nothing has to be rewritten when stories change (a regrouping is the collectors' own
transaction, which knows no follow-ups): a copy that moves to another story takes its
follow-up with it. When a regrouping joins two stories that each had a follow-up of the same
unit, the one made first (the lowest id) is the story's, on its page and in the queue alike.

The rules live here once (`update_followup`): the CLI, the web form and the JSON API all
call it, so they accept and refuse the same input with the same words, and every change is
written to the audit log (`pantau.core.audit.record`) in the same transaction.

Urgency of the queue (`followup_queue`), most urgent first:
1. an open follow-up whose deadline has passed;
2. reach: the widest scope of the story's outlets in the outlet catalogue
   (nasional > provinsi > kabupaten-kota; an outlet the catalogue lacks counts as
   kabupaten-kota), then the number of copies;
3. age: the story published earliest (waiting longest) first.

Response time (`waktu tanggap`): from the story's first publication to the moment its
follow-up was first marked `selesai`.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from collectors.api import mention_story, story_copies, story_key
from collectors.catalogue import Catalogue, load_catalogue
from collectors.models import Match, Mention, Profile
from indicators.models import FollowUp
from pantau.core.audit import events, record
from pantau.core.errors import InputError, NotFoundError
from pantau.core.periods import Period
from pantau.core.timeutil import to_jakarta, utcnow
from pantau.core.units import DEFAULT_UNIT
from sentiment.api import effective_tone_expr
from sentiment.models import SentimentLabel

ACTIONS: dict[str, str] = {
    "klarifikasi": "Klarifikasi",
    "hak-jawab": "Hak jawab",
    "siaran-pers": "Siaran pers",
    "koordinasi": "Koordinasi",
    "tidak-perlu": "Tidak perlu tindakan",
}
BARU, DITANGANI, SELESAI = "baru", "ditangani", "selesai"
STATUSES: dict[str, str] = {BARU: "Baru", DITANGANI: "Ditangani", SELESAI: "Selesai"}
OPEN = "terbuka"  # a status filter: baru and ditangani
STATUS_FILTERS = (OPEN, *STATUSES)
SCOPE_RANK = {"nasional": 3, "provinsi": 2, "kabupaten-kota": 1}
FIELDS = ("action", "owner", "deadline", "status", "outcome", "links")
MAX_OUTCOME = 5000
MAX_LINKS = 20
REPRINT_WINDOW = timedelta(days=31)


class FollowUpError(InputError):
    """A follow-up refused, with the field it is about (one of `FIELDS`; None: the story or
    the follow-up as a whole), so a form shows the message next to that field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _choices(labels: Mapping[str, str]) -> str:
    """The choices of a message, in the words a form shows them."""
    names = list(labels.values())
    return ", ".join(names[:-1]) + " atau " + names[-1]


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


_ACTION_KEYS = {_key(k): k for k in ACTIONS} | {_key(v): k for k, v in ACTIONS.items()} | {
    "tidak perlu": "tidak-perlu", "tanpa tindakan": "tidak-perlu", "rilis": "siaran-pers",
    "press release": "siaran-pers", "siaran": "siaran-pers"}


def parse_action(value: str) -> str | None:
    """An action key from its key or its Indonesian name; None for an empty value."""
    if not value.strip():
        return None
    found = _ACTION_KEYS.get(_key(value))
    if found is None:
        raise FollowUpError(f"Tindakan '{value}' tidak dikenal: pilih {_choices(ACTIONS)}.",
                            "action")
    return found


def parse_status(value: str) -> str:
    status = _key(value)
    if status not in STATUSES:
        raise FollowUpError(f"Status '{value}' tidak dikenal: pilih {_choices(STATUSES)}.",
                            "status")
    return status


def parse_deadline(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FollowUpError(f"Tenggat '{value}' bukan tanggal (TTTT-BB-HH, mis. 2026-11-20).",
                            "deadline") from None


def parse_links(value: Sequence[str] | str | None) -> list[str]:
    """Web addresses, from a list or from text with one address per line (or space)."""
    items = value.split() if isinstance(value, str) else list(value or [])
    links = [v.strip() for v in items if v and v.strip()]
    for link in links:
        if not link.lower().startswith(("http://", "https://")) or len(link) > 2000:
            raise FollowUpError(f"Tautan '{link[:100]}' bukan alamat web (http:// atau "
                                "https://).", "links")
    if len(links) > MAX_LINKS:
        raise FollowUpError(f"Paling banyak {MAX_LINKS} tautan per tindak lanjut.", "links")
    return list(dict.fromkeys(links))


# ---------------------------------------------------------------- stories


def followup_unit(units: Collection[str] | None) -> str:
    """Whose follow-ups a view over the organisation units `units` shows unless it names
    one (a report, the dashboard, a page without `unit`): the default unit's for the whole
    deployment (None) and whenever it is among them, else the first unit's by code."""
    if units is None or DEFAULT_UNIT in units or not units:
        return DEFAULT_UNIT
    return min(units)


def story_of(session: Session, mention_id: int) -> int:
    """The story (duplicate group) a mention belongs to; NotFoundError for no mention."""
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise NotFoundError(f"Pemberitaan nomor {mention_id} tidak ditemukan.")
    return mention_story(mention)


def is_negative_story(session: Session, story_id: int,
                      within: frozenset[int] | None = None) -> bool:
    """Whether a match of the story is negative (of the profiles `within`; None: any)."""
    query = (select(col(Match.id)).select_from(Mention)
             .join(Match, col(Match.mention_id) == col(Mention.id))
             .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
             .where(effective_tone_expr() == "negatif"))
    if within is not None:
        query = query.where(col(Match.profile_id).in_(sorted(within)))
    negative = story_copies(query, [story_id]).subquery()
    return session.execute(select(func.count()).select_from(negative)).scalar_one() > 0


def _followup_for(session: Session, story_id: int, unit: str) -> FollowUp | None:
    """The unit's follow-up of a story: the first made (lowest id) that hangs on any of its
    copies (see the module docstring)."""
    copies = story_copies(select(col(Mention.id)), [story_id])
    return session.execute(select(FollowUp).where(col(FollowUp.story_id).in_(copies),
                                                  col(FollowUp.org_unit) == unit)
                           .order_by(col(FollowUp.id))).scalars().first()


def followup_story(session: Session, followup: FollowUp) -> int:
    """The story a follow-up belongs to: the story of the copy it hangs on, which is the id
    the queue and a story's page show (`FollowUp.story_id` is that copy, which after a
    regrouping may be another mention than the one whose id the story bears)."""
    return story_of(session, followup.story_id)


def _first_copy(session: Session, story_id: int) -> int:
    """The story's first stored copy (lowest id), which a new follow-up hangs on: the story's
    own id unless that mention left the story (see the module docstring)."""
    copies = story_copies(select(col(Mention.id)), [story_id]).subquery()
    first = session.execute(select(func.min(copies.c.id))).scalar_one()
    assert first is not None, "a story has at least the copy it was asked through"
    return int(first)


def _audit_id(followup: FollowUp) -> str:
    """The follow-up's id in the audit log: its story, and its unit unless the default."""
    if followup.org_unit == DEFAULT_UNIT:
        return str(followup.story_id)
    return f"{followup.story_id}@{followup.org_unit}"


def _snapshot(f: FollowUp) -> dict[str, Any]:
    return {"action": f.action, "owner": f.owner,
            "deadline": f.deadline.isoformat() if f.deadline else None, "status": f.status,
            "outcome": f.outcome, "links": list(f.links or [])}


def get_followup(session: Session, mention_id: int, *,
                 unit: str = DEFAULT_UNIT) -> FollowUp | None:
    """The unit's follow-up of the story `mention_id` belongs to, or None."""
    return _followup_for(session, story_of(session, mention_id), unit)


def update_followup(session: Session, mention_id: int, *, by: str,
                    changes: Mapping[str, Any], unit: str = DEFAULT_UNIT,
                    within: frozenset[int] | None = None) -> FollowUp:
    """Create or change the unit's follow-up of the story `mention_id` belongs to: the one
    door for the CLI, the web form and the JSON API. `changes` holds any of `FIELDS` (text
    as typed, or typed values); a field left out keeps its value, an empty text clears it;
    a new follow-up needs a negative match among the profiles `within` (the unit's).
    The change is audited (who, when, before, after) in the caller's transaction."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise InputError(f"Isian tindak lanjut tidak dikenal: {', '.join(unknown)}.")
    if not by or not by.strip():
        raise InputError("Nama yang mengubah tindak lanjut wajib diisi.")
    story_id = story_of(session, mention_id)
    followup = _followup_for(session, story_id, unit)
    if followup is None:
        if not is_negative_story(session, story_id, within):
            raise InputError(f"Pemberitaan nomor {mention_id} tidak bersentimen negatif: tindak "
                             "lanjut hanya untuk pemberitaan negatif.")
        followup = FollowUp(story_id=_first_copy(session, story_id), org_unit=unit,
                            created_by=by, updated_by=by)
        before = None
    else:
        before = _snapshot(followup)
    new = dict(_snapshot(followup))
    if "action" in changes:
        new["action"] = parse_action(str(changes["action"] or ""))
    if "owner" in changes:
        new["owner"] = str(changes["owner"] or "").strip()[:200] or None
    if "deadline" in changes:
        deadline = parse_deadline(changes["deadline"])
        new["deadline"] = deadline.isoformat() if deadline else None
    if "status" in changes:
        new["status"] = parse_status(str(changes["status"] or ""))
    if "outcome" in changes:
        outcome = str(changes["outcome"] or "").strip()
        if len(outcome) > MAX_OUTCOME:
            raise FollowUpError(f"Hasil tindak lanjut paling panjang {MAX_OUTCOME} karakter.",
                                "outcome")
        new["outcome"] = outcome or None
    if "links" in changes:
        new["links"] = parse_links(changes["links"])
    _check(session, story_id, new)
    if before == new:
        return followup
    now = utcnow()
    followup.action, followup.owner, followup.status = new["action"], new["owner"], new["status"]
    followup.deadline = date.fromisoformat(new["deadline"]) if new["deadline"] else None
    followup.outcome, followup.links = new["outcome"], new["links"]
    followup.updated_at, followup.updated_by = now, by
    if new["status"] == SELESAI and followup.done_at is None:
        followup.done_at = now
    elif new["status"] != SELESAI:
        followup.done_at = None
    session.add(followup)
    session.flush()
    record(session, actor=by, action="followup.create" if before is None else "followup.update",
           entity="followup", entity_id=_audit_id(followup), before=before, after=new)
    return followup


def _check(session: Session, story_id: int, new: Mapping[str, Any]) -> None:
    """What a follow-up must hold before it is stored."""
    if new["status"] in (DITANGANI, SELESAI) and not new["action"]:
        raise FollowUpError(f"Status {STATUSES[new['status']]} memerlukan tindakan: pilih "
                            f"{_choices(ACTIONS)}.", "action")
    if new["status"] == DITANGANI and not new["owner"]:
        raise FollowUpError("Status Ditangani memerlukan penanggung jawab.", "owner")
    if new["deadline"]:
        copies = story_copies(select(col(Mention.published_at)), [story_id]).subquery()
        first = session.execute(select(func.min(copies.c.published_at))).scalar_one()
        if first is not None and date.fromisoformat(new["deadline"]) < to_jakarta(first).date():
            raise FollowUpError(f"Tenggat {new['deadline']} sebelum tanggal terbit "
                                f"pemberitaan ({to_jakarta(first):%Y-%m-%d}).", "deadline")


# ---------------------------------------------------------------- the queue


@dataclass
class QueueItem:
    """A negative story with its follow-up (None: nobody has taken it up yet)."""

    story_id: int
    # The copy the item describes (title, url, outlet, media type) and links to: the
    # story's named copy (the mention whose id the story bears), or its first stored copy
    # when that mention left the story (see `_shown_copy`).
    copy_id: int
    title: str
    url: str | None
    outlet: str | None
    media_type: str
    published_at: datetime  # the story's first publication (its earliest copy's)
    copies: int
    outlets: list[str]
    scope: str | None  # the widest catalogue scope of its outlets; None: not in the catalogue
    followup: FollowUp | None
    negative: bool = True

    @property
    def status(self) -> str:
        return self.followup.status if self.followup else BARU

    @property
    def action(self) -> str | None:
        return self.followup.action if self.followup else None

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action or "", "-")

    @property
    def owner(self) -> str | None:
        return self.followup.owner if self.followup else None

    @property
    def deadline(self) -> date | None:
        return self.followup.deadline if self.followup else None

    def overdue(self, today: date) -> bool:
        return self.status != SELESAI and self.deadline is not None and self.deadline < today

    @property
    def reach(self) -> str:
        scope = self.scope or "tidak di katalog"
        return f"{scope}, {self.copies} salinan" if self.copies > 1 else scope

    @property
    def response_time(self) -> timedelta | None:
        if self.followup is None or self.followup.done_at is None:
            return None
        return max(self.followup.done_at - self.published_at, timedelta(0))

    def age(self, now: datetime) -> timedelta:
        return max(now - self.published_at, timedelta(0))

    def urgency(self, today: date) -> tuple[int, int, int, float]:
        """The sort key (smaller first): overdue, reach (scope, copies), age."""
        return (0 if self.overdue(today) else 1, -SCOPE_RANK.get(self.scope or "", 1),
                -self.copies, self.published_at.timestamp())


@dataclass(frozen=True)
class QueueFilter:
    period: Period | None = None  # stories first published in it (WIB days)
    status: str | None = OPEN  # terbuka | baru | ditangani | selesai | None: all
    profile: str | None = None  # a profile's name
    owner: str | None = None  # part of the owner's name
    # The profiles an organisation unit may see (ids): only stories they matched. None: all.
    within: frozenset[int] | None = None
    # Whose follow-ups the items carry (and list): an organisation unit's.
    unit: str = DEFAULT_UNIT

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUS_FILTERS:
            raise InputError(f"Status '{self.status}' tidak dikenal: pilih "
                             f"{', '.join(STATUS_FILTERS)}.")


def _negative_stories(session: Session, flt: QueueFilter) -> set[int]:
    query = (select(story_key()).select_from(Mention)
             .join(Match, col(Match.mention_id) == col(Mention.id))
             .outerjoin(SentimentLabel, col(SentimentLabel.match_id) == col(Match.id))
             .where(effective_tone_expr() == "negatif"))
    query = query.join(Profile, col(Profile.id) == col(Match.profile_id))
    if flt.profile:
        query = query.where(col(Profile.name) == flt.profile)
    else:  # the institution's own stories: a peer's (comparison profile) are not its to answer
        query = query.where(col(Profile.comparison).is_(False))
    if flt.within is not None:
        query = query.where(col(Match.profile_id).in_(sorted(flt.within)))
    if flt.period:
        lo, hi = flt.period.utc_bounds()
        # A story belongs to the period of its first copy (checked in `followup_queue`);
        # its negative copy may be a reprint of the following weeks.
        query = query.where(col(Mention.published_at) >= lo,
                            col(Mention.published_at) < hi + REPRINT_WINDOW,
                            col(Match.published_at) >= lo,
                            col(Match.published_at) < hi + REPRINT_WINDOW)
    return {int(g) for g in session.execute(query.distinct()).scalars()}


def _chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _shown_copy(story: int, copies: Sequence[Any]) -> Any:
    """The one copy a story's row describes and links to: its named copy (the mention whose
    id the story bears, the one a story's page shows under that id), or the first stored copy
    (lowest id) when that mention left the story. Never mixed: title, outlet and URL of one
    copy, or a row reads one outlet and links to another."""
    named = [m for m in copies if m.id == story]
    return named[0] if named else min(copies, key=lambda m: m.id)


def _items(session: Session, stories: set[int], negative: set[int],
           catalogue: Catalogue, unit: str) -> list[QueueItem]:
    # The columns an item shows, never the text: a month's negative stories in full were
    # gigabytes at national scale.
    shown = (col(Mention.id), col(Mention.duplicate_group), col(Mention.title),
             col(Mention.url), col(Mention.outlet), col(Mention.media_type),
             col(Mention.published_at))
    rows: list[Any] = []
    for chunk in _chunks(sorted(stories)):
        rows.extend(session.execute(story_copies(select(*shown), chunk)))
    copies: dict[int, list[Any]] = {}
    for m in sorted(rows, key=lambda r: (r.published_at, r.id)):
        copies.setdefault(mention_story(m), []).append(m)
    followups: dict[int, FollowUp] = {}
    ids = [m.id for ms in copies.values() for m in ms if m.id is not None]
    for chunk in _chunks(ids):
        for f in session.execute(select(FollowUp).where(col(FollowUp.story_id).in_(chunk),
                                                        col(FollowUp.org_unit) == unit)
                                 .order_by(col(FollowUp.id))).scalars():
            followups.setdefault(f.story_id, f)
    scopes: dict[str, str | None] = {}

    def scope_of(outlet: str | None) -> str | None:
        if not outlet:
            return None
        if outlet not in scopes:
            found = catalogue.canonical_outlet(outlet)
            scopes[outlet] = found.scope if found else None
        return scopes[outlet]

    items = []
    for story, ms in copies.items():
        first = ms[0]
        shown = _shown_copy(story, ms)
        found_scopes = [s for s in (scope_of(m.outlet) for m in ms) if s]
        widest = max(found_scopes, key=lambda s: SCOPE_RANK[s]) if found_scopes else None
        followup = min((followups[m.id] for m in ms if m.id in followups),
                       key=lambda f: f.id or 0, default=None)  # as `_followup_for`
        items.append(QueueItem(
            story_id=story, copy_id=shown.id, title=shown.title, url=shown.url,
            outlet=shown.outlet, media_type=shown.media_type,
            published_at=first.published_at, copies=len(ms),
            outlets=sorted({m.outlet for m in ms if m.outlet}), scope=widest,
            followup=followup, negative=story in negative))
    return items


def followup_queue(session: Session, flt: QueueFilter = QueueFilter(), *,
                   today: date | None = None, limit: int | None = None,
                   catalogue: Catalogue | None = None) -> list[QueueItem]:
    """Negative stories and their follow-ups, most urgent first (see the module docstring).
    Stories nobody took up count as `baru`; a follow-up whose story is no longer negative
    (an analyst corrected its tone) stays listed."""
    today = today or to_jakarta(utcnow()).date()
    negative = _negative_stories(session, flt)
    query = select(story_key()).join(FollowUp, col(FollowUp.story_id) == col(Mention.id)) \
        .where(col(FollowUp.org_unit) == flt.unit)
    if flt.period:
        lo, hi = flt.period.utc_bounds()
        query = query.where(col(Mention.published_at) >= lo - REPRINT_WINDOW,
                            col(Mention.published_at) < hi + REPRINT_WINDOW)
    if flt.within is not None:
        query = query.where(col(Mention.id).in_(
            select(col(Match.mention_id)).where(col(Match.profile_id).in_(sorted(flt.within)))))
    with_followup = {int(g) for g in session.execute(query).scalars()}
    stories = negative | with_followup
    items = _items(session, stories, negative, catalogue or load_catalogue(), flt.unit)
    out = []
    for item in items:
        if flt.period and not flt.period.contains(to_jakarta(item.published_at).date()):
            continue
        if flt.status == OPEN and item.status == SELESAI:
            continue
        if flt.status not in (None, OPEN) and item.status != flt.status:
            continue
        if flt.owner and flt.owner.lower() not in (item.owner or "").lower():
            continue
        if flt.profile and item.story_id not in negative:
            continue
        out.append(item)
    out.sort(key=lambda i: i.urgency(today))
    return out[:limit] if limit else out


def overdue_followups(session: Session, *, day: date,
                      unit: str | None = None) -> list[QueueItem]:
    """Stories whose follow-up (the story's: `_followup_for`) is not done and its deadline
    is before `day` (the deadline passed): the unit's, or every unit's (None)."""
    query = select(FollowUp).where(
        col(FollowUp.status) != SELESAI, col(FollowUp.deadline).is_not(None),
        col(FollowUp.deadline) < day)
    if unit is not None:
        query = query.where(col(FollowUp.org_unit) == unit)
    stories: dict[str, set[int]] = {}
    for f in session.execute(query).scalars().all():
        stories.setdefault(f.org_unit, set()).add(followup_story(session, f))
    if not stories:
        return []
    catalogue = load_catalogue()
    items = [i for u, ids in sorted(stories.items())
             for i in _items(session, ids, set(), catalogue, u)]
    # The query only finds candidates: an overdue follow-up may be the later of two that a
    # regrouping joined, which is not its story's (`_followup_for`). What is checked is the
    # follow-up the item shows, the story's.
    return sorted((i for i in items if i.overdue(day)), key=lambda i: i.urgency(day))


FIELD_LABELS = {"action": "tindakan", "owner": "penanggung jawab", "deadline": "tenggat",
                "status": "status", "outcome": "hasil", "links": "tautan"}


@dataclass
class Change:
    """One audited change of a follow-up, field by field."""

    at: datetime
    by: str
    fields: list[tuple[str, str, str]]  # (field label, before, after)


def _shown(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "-"
    if name == "action":
        return ACTIONS.get(value, str(value))
    return " ".join(value) if isinstance(value, list) else str(value)


def followup_history(session: Session, mention_id: int, *,
                     unit: str = DEFAULT_UNIT) -> list[Change]:
    """The audited changes of the unit's follow-up of a story, newest first."""
    followup = get_followup(session, mention_id, unit=unit)
    if followup is None:
        return []
    changes = []
    for event in events(session, entity="followup", entity_id=_audit_id(followup)):
        before = json.loads(event.before) if event.before else {}
        after = json.loads(event.after) if event.after else {}
        shown = [(FIELD_LABELS[k], _shown(k, before.get(k)), _shown(k, after.get(k)))
                 for k in FIELDS]
        changes.append(Change(event.at, event.actor, [f for f in shown if f[1] != f[2]]))
    return changes


@dataclass
class FollowUpState:
    """What a mention's page shows: its story, whether it needs a follow-up, the follow-up
    and its changes."""

    story_id: int
    negative: bool
    followup: FollowUp | None
    history: list[Change]


def followup_state(session: Session, mention_id: int, *, unit: str = DEFAULT_UNIT,
                   within: frozenset[int] | None = None) -> FollowUpState:
    """The unit's follow-up of the story; negative by the profiles `within` (the unit's)."""
    story_id = story_of(session, mention_id)
    return FollowUpState(story_id, is_negative_story(session, story_id, within),
                         _followup_for(session, story_id, unit),
                         followup_history(session, mention_id, unit=unit))


# ---------------------------------------------------------------- the report's figures


@dataclass
class FollowUpSummary:
    """Follow-up of the negative stories first published in a period."""

    items: list[QueueItem] = field(default_factory=list)

    @property
    def stories(self) -> int:
        return len(self.items)

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def untouched(self) -> int:
        return sum(1 for i in self.items if i.followup is None)

    @property
    def response_times(self) -> list[timedelta]:
        return [t for t in (i.response_time for i in self.items) if t is not None]

    @property
    def median_response(self) -> timedelta | None:
        times = self.response_times
        if not times:
            return None
        return timedelta(seconds=statistics.median(t.total_seconds() for t in times))

    @property
    def mean_response(self) -> timedelta | None:
        times = self.response_times
        return sum(times, timedelta(0)) / len(times) if times else None


def followup_summary(session: Session, *, period: Period, profile: str | None = None,
                     catalogue: Catalogue | None = None,
                     within: frozenset[int] | None = None,
                     unit: str = DEFAULT_UNIT) -> FollowUpSummary:
    """Every negative story of the period (by its first publication) with the unit's
    follow-up, most urgent first."""
    today = min(period.end, to_jakarta(utcnow()).date()) + timedelta(days=1)
    items = followup_queue(session, QueueFilter(period=period, status=None, profile=profile,
                                                within=within, unit=unit),
                           today=today, catalogue=catalogue)
    return FollowUpSummary([i for i in items if i.negative])


def duration_text(value: timedelta | None) -> str:
    """A response time as Indonesians read it: '3 jam 20 menit', '2 hari 4 jam'."""
    if value is None:
        return "-"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} hari {hours} jam" if hours else f"{days} hari"
    if hours:
        return f"{hours} jam {mins} menit" if mins else f"{hours} jam"
    return f"{mins} menit"

