"""What one request may see: the organisation units (`pantau.core.units`) where the user
holds a role the route asks for, and what those units own. Computed once per request by the
role check (`pantau.web.deps.require`) and carried on the `Principal` as `user.access`.

Ownership, written once here:
- a profile belongs to the unit its `[[profiles]]` entry names (`unit`), else the default
  unit; a mention reaches a unit through its profiles' matches (sources are shared);
- a service unit belongs to the unit its `[[survey.units]]` entry names, else the default
  unit (a service unit created by an import, not configured, is the default unit's);
- a plan belongs to `Plan.org_unit`.

Lists pass `access.profiles` / `access.units` to the domain filters (`within=`, `units=`);
an object fetched by id goes through one of the `check_*` functions below, which raise
`NotFoundError` (404) for another unit's object: the page looks as if it did not exist.
`Access.ALL` (no filter at all) is what a deployment administrator and every user of a
single-office install get."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from collectors.api import unit_profile_ids
from collectors.models import Match, Profile
from indicators.api import followup_unit
from pantau.config import PantauConfig
from pantau.core.errors import NotFoundError
from pantau.core.units import DEFAULT_UNIT
from pantau.web.models import ADMIN
from sentiment.models import AuditSample
from survey.models import FollowUp as SurveyFollowUp
from survey.models import ImportBatch, ServiceUnit

NOT_FOUND = "tidak ditemukan"


@dataclass(frozen=True)
class Access:
    """The units (codes) a request may see and their profiles (ids); None: everything."""

    units: frozenset[str] | None
    profiles: frozenset[int] | None
    survey_owner: tuple[tuple[str, str], ...] = ()  # service unit code (lower) -> unit

    @property
    def restricted(self) -> bool:
        return self.units is not None

    # ------------------------------------------------------------ survey

    def survey_unit_allowed(self, code: str) -> bool:
        if self.units is None:
            return True
        return dict(self.survey_owner).get(code.strip().lower(), DEFAULT_UNIT) in self.units

    def survey_choices(self, choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """The (code, name) pairs of the service units this request may see."""
        return [(c, n) for c, n in choices if self.survey_unit_allowed(c)]

    def check_survey_unit(self, session: Session, text: str) -> None:
        """A service unit named by code or name must be one of this request's; a name no
        unit has yet (an import creates it) is the default unit's."""
        if self.units is None or not text.strip():
            return
        row = session.exec(select(ServiceUnit)).all()
        key = text.strip().lower()
        found = next((u for u in row if u.code.lower() == key), None) or \
            next((u for u in row if u.name.lower() == key), None)
        code = found.code if found else key
        if not self.survey_unit_allowed(code):
            raise NotFoundError(f"Unit layanan '{text.strip()}' {NOT_FOUND}.")

    def check_batch(self, session: Session, batch_id: int) -> None:
        if self.units is None:
            return
        batch = session.get(ImportBatch, batch_id) if 0 < batch_id < 2**63 else None
        unit = session.get(ServiceUnit, batch.unit_id) if batch else None
        if unit is not None and not self.survey_unit_allowed(unit.code):
            raise NotFoundError(f"Impor nomor {batch_id} {NOT_FOUND}.")

    def check_survey_followup(self, session: Session, followup_id: int) -> None:
        if self.units is None:
            return
        item = session.get(SurveyFollowUp, followup_id) if 0 < followup_id < 2**63 else None
        unit = session.get(ServiceUnit, item.unit_id) if item else None
        if unit is not None and not self.survey_unit_allowed(unit.code):
            raise NotFoundError(f"Rencana tindak lanjut nomor {followup_id} {NOT_FOUND}.")

    # ------------------------------------------------------------ media

    def check_mention(self, session: Session, mention_id: int) -> None:
        """A mention reaches this request when one of its profiles matched it."""
        if self.profiles is None:
            return
        hit = session.exec(select(Match.id).where(
            Match.mention_id == mention_id,
            col(Match.profile_id).in_(sorted(self.profiles))).limit(1)).first() \
            if 0 < mention_id < 2**63 else None
        if hit is None:
            raise NotFoundError(f"Pemberitaan nomor {mention_id} {NOT_FOUND}.")

    def check_matches(self, session: Session, match_ids: Iterable[int]) -> None:
        if self.profiles is None:
            return
        for match_id in match_ids:
            match = session.get(Match, match_id) if 0 < match_id < 2**63 else None
            if match is not None and match.profile_id not in self.profiles:
                raise NotFoundError(f"Kecocokan (match) dengan id {match_id} {NOT_FOUND}.")

    def check_profile(self, session: Session, name: str | None) -> None:
        """A profile named in a filter must be one of this request's."""
        if self.profiles is None or not name:
            return
        pid = session.exec(select(Profile.id).where(Profile.name == name)).first()
        if pid is None or pid not in self.profiles:
            raise NotFoundError(f"Profil '{name}' {NOT_FOUND}.")

    def check_sample(self, session: Session, sample_id: int) -> None:
        if self.profiles is None:
            return
        sample = session.get(AuditSample, sample_id) if 0 < sample_id < 2**63 else None
        if sample is None:
            return
        if sample.profile is None:  # drawn over every profile of the deployment
            raise NotFoundError(f"Sampel audit nomor {sample_id} {NOT_FOUND}.")
        self.check_profile(session, sample.profile)

    # ------------------------------------------------------------ follow-ups of news

    def followup_scope(self, session: Session, config: PantauConfig,
                       requested: str | None = None) -> FollowUpScope:
        """The organisation unit whose follow-ups of negative news this request reads and
        writes, and the profiles whose stories are that unit's to answer. `requested` (the
        `unit` parameter) must be one of this request's units; without it the unit is
        `indicators.api.followup_unit` of them (a single office: the default unit, every
        story)."""
        code = (requested or "").strip()
        if not code:
            code = followup_unit(self.units)
        elif code not in config.unit_names() or (self.units is not None
                                                 and code not in self.units):
            raise NotFoundError(f"Unit '{code}' {NOT_FOUND}.")
        if not config.units:
            return FollowUpScope(code, None)
        return FollowUpScope(code, unit_profile_ids(session, profiles=config.profiles,
                                                    units={code}))

    def unit_view(self, session: Session, config: PantauConfig,
                  requested: str | None = None) -> UnitView:
        """What a page over mentions that may choose an organisation unit (the dashboard)
        shows: with `requested` (the `unit` parameter, one of this request's units, else
        404) that unit's profiles, plans and follow-ups; without, every unit of this
        request, and the follow-ups of `followup_scope`'s unit (its stories only)."""
        followups = self.followup_scope(session, config, requested)
        if (requested or "").strip() and config.units:
            return UnitView(followups.unit, followups.profiles, frozenset({followups.unit}),
                            followups)
        return UnitView(None, self.profiles, self.units, followups)

    def unit_choices(self, config: PantauConfig) -> list[tuple[str, str]]:
        """The organisation units (code, name) a page may switch between; none in a single
        office."""
        if not config.units:
            return []
        return [(c, n) for c, n in config.unit_names().items()
                if self.units is None or c in self.units]


@dataclass(frozen=True)
class FollowUpScope:
    unit: str  # whose follow-ups
    profiles: frozenset[int] | None  # whose stories (ids); None: every profile


@dataclass(frozen=True)
class UnitView:
    """One organisation unit's view (`unit`), or every unit of the request (None)."""

    unit: str | None
    profiles: frozenset[int] | None  # whose mentions (ids); None: every profile
    units: frozenset[str] | None  # whose plans' targets; None: every unit
    followups: FollowUpScope  # whose follow-ups, of which stories


ALL = Access(units=None, profiles=None)


def access_for(session: Session, config: PantauConfig,
               unit_roles: dict[str, str], roles: frozenset[str]) -> Access | None:
    """The access of a user with `unit_roles` (unit code -> role) to a route open to
    `roles`; None when no unit of theirs qualifies. A deployment administrator (admin of
    the default unit) and a user who qualifies in every unit see everything."""
    if unit_roles.get(DEFAULT_UNIT) == ADMIN:
        return ALL
    known = set(config.unit_names())
    units = frozenset(u for u, r in unit_roles.items() if r in roles and u in known)
    if not units:
        return None
    if units >= known:
        return ALL
    profiles = unit_profile_ids(session, profiles=config.profiles, units=units)
    return Access(units=units, profiles=profiles,
                  survey_owner=tuple(sorted(config.survey_unit_units().items())))
