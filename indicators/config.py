"""Config section owned by indicators and reports (`[indicators]` in the TOML file), and
`Institution`, what the reports read of the `[institution]` section (`unit_institution`:
as an organisation unit's report names it)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pantau.core.units import DEFAULT_UNIT

# How capaian (achievement %) is computed for lower-is-better indicators; see
# indicators.formulas.capaian for the formulas and README for the SAKIP convention.
LowerFormula = Literal["2x_target_minus_realisasi", "target_over_realisasi"]
# all_copies: every stored copy (reprints included) counts; unique_stories: one per
# duplicate group.
CountingBasis = Literal["all_copies", "unique_stories"]

COUNTING_BASIS_LABELS = {
    "all_copies": "semua salinan (setiap pemuatan ulang dihitung)",
    "unique_stories": "berita unik (satu per kelompok duplikat)",
}
LOWER_FORMULA_LABELS = {
    "2x_target_minus_realisasi": "(2 x target - realisasi) / target x 100%",
    "target_over_realisasi": "target / realisasi x 100%",
}


class IndicatorsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lower_is_better_formula: LowerFormula = "2x_target_minus_realisasi"
    counting_basis: CountingBasis = "all_copies"
    # Upper cap on capaian (many LAKIP cap at 120); None = no cap.
    capaian_max: float | None = None
    # A daily report is on time when it finished successfully by this WIB time of its day.
    daily_report_deadline: str = "08:00"
    # Monitoring profile the media report covers; default: the profile of the active
    # plan's negative_share indicator, else every profile.
    report_profile: str | None = None
    # At most this many negative mentions are listed in a media report.
    negative_list_limit: int = 100

    @field_validator("daily_report_deadline")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("gunakan format JJ:MM, misalnya 08:00")
        return value


class Official(BaseModel):
    """A person who speaks for an institution: how the press names them. Every quote of
    a name, an alias or "title + alias" ("Mensos Risma") counts for this one person."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2)
    title: str = ""
    aliases: list[str] = Field(default_factory=list)
    # The institution's official spokesperson (juru bicara, Kepala Biro Humas).
    spokesperson: bool = False


class Comparison(BaseModel):
    """A peer institution compared with in the share of voice (`[[comparisons]]`): its
    mentions are those of its own monitoring profile, which never count in the
    institution's own figures."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    profile: str
    officials: list[Official] = Field(default_factory=list)


class Institution(Protocol):
    """The institution a report is written for (the `[institution]` section)."""

    @property
    def name(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def officials(self) -> Sequence[Official]: ...


@dataclass(frozen=True)
class UnitInstitution:
    """The institution as an organisation unit's report names it: the institution's name
    and officials, under the unit's name."""

    institution: Institution
    unit: str

    @property
    def name(self) -> str:
        return self.institution.name

    @property
    def officials(self) -> Sequence[Official]:
        return self.institution.officials


def unit_institution(institution: Institution, unit: str | None,
                     unit_names: Mapping[str, str]) -> Institution:
    """The institution as the report of organisation unit `unit` (a code of `unit_names`,
    code -> name of the `[[units]]`) names it. The deployment's report (`unit` None) and the
    default unit's are the institution's own, under its `[institution] unit`; another
    unit's is the institution under that unit's name. The daily job's per-unit reports and
    the web's report of one unit both name it so."""
    if unit is None or unit == DEFAULT_UNIT:
        return institution
    return UnitInstitution(institution, unit_names[unit])
