"""Tables owned by survey: service units, services, survey periods, import batches and
responses.

A response keeps its answers as small-integer columns in its method's order: u1..u9 under
PermenPANRB 14/2017, u1..u14 under Kepmenpan 25/2004 (`method` says which), so
scores are SQL aggregations (SUM per column, GROUP BY for breakdowns) over millions of
rows. Profile values are short codes (see `survey.questionnaire`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, SmallInteger, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from pantau.core.db import UTCDateTime
from pantau.core.timeutil import utcnow

SOURCE_IMPORT = "impor"
SOURCE_FORM = "formulir"


class ServiceUnit(SQLModel, table=True):
    __tablename__ = "survey_unit"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=50)
    name: str = Field(max_length=200)
    population: int | None = None
    from_config: bool = False
    # The SKM method of the unit's survey (survey.methods): from the config, or from the
    # first file imported into a unit the config does not name.
    method: str = Field(default="14/2017", max_length=10)


class Service(SQLModel, table=True):
    __tablename__ = "survey_service"
    __table_args__ = (UniqueConstraint("unit_id", "name", name="uq_survey_service_unit_name"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="survey_unit.id", index=True)
    name: str = Field(max_length=200)


class SurveyPeriod(SQLModel, table=True):
    __tablename__ = "survey_period"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=30)  # pantau.core.periods code
    kind: str = Field(max_length=10)
    start_date: date = Field(index=True)
    end_date: date = Field(index=True)


class ImportBatch(SQLModel, table=True):
    __tablename__ = "survey_import_batch"

    id: int | None = Field(default=None, primary_key=True)
    # SHA-256 of the file's bytes: importing the same file twice stores nothing new.
    file_hash: str = Field(unique=True, index=True, max_length=64)
    file_name: str = Field(max_length=300)
    unit_id: int = Field(foreign_key="survey_unit.id", index=True)
    period_id: int = Field(foreign_key="survey_period.id", index=True)
    rows_stored: int = 0
    rows_rejected: int = 0
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def _answer_column(name: str, *, nullable: bool = False) -> Column:  # type: ignore[type-arg]
    # 1..4, validated on the way in (importer and public form).
    return Column(name, SmallInteger, nullable=nullable)


class Response(SQLModel, table=True):
    __tablename__ = "survey_response"
    __table_args__ = (
        Index("ix_survey_response_unit_period", "unit_id", "period_id"),
        Index("ix_survey_response_period", "period_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # No FOREIGN KEY constraints on this fact table, by design: PostgreSQL checks each one
    # per inserted row, which made a million-row COPY ten times slower (13,000 instead of
    # 130,000+ rows/s). Rows are written only by the importer and the form service, with
    # ids they have just looked up or created in the same transaction.
    unit_id: int
    period_id: int
    # Not indexed: every extra index slows the bulk import; scoring scans by unit/period.
    service_id: int | None = None  # survey_service.id
    batch_id: int | None = None  # survey_import_batch.id (None: the public form)
    source: str = Field(default=SOURCE_IMPORT, max_length=10)
    row_number: int | None = None  # the row in the imported file
    survey_date: date | None = None
    gender: str | None = Field(default=None, max_length=1)  # L / P
    age: int | None = Field(default=None, sa_type=SmallInteger)
    education: str | None = Field(default=None, max_length=10)  # questionnaire.EDUCATION
    occupation: str | None = Field(default=None, max_length=10)  # questionnaire.OCCUPATIONS
    u1: int = Field(sa_column=_answer_column("u1"))
    u2: int = Field(sa_column=_answer_column("u2"))
    u3: int = Field(sa_column=_answer_column("u3"))
    u4: int = Field(sa_column=_answer_column("u4"))
    u5: int = Field(sa_column=_answer_column("u5"))
    u6: int = Field(sa_column=_answer_column("u6"))
    u7: int = Field(sa_column=_answer_column("u7"))
    u8: int = Field(sa_column=_answer_column("u8"))
    u9: int = Field(sa_column=_answer_column("u9"))
    # Elements 10-14 of Kepmenpan 25/2004; empty under 14/2017.
    u10: int | None = Field(default=None, sa_column=_answer_column("u10", nullable=True))
    u11: int | None = Field(default=None, sa_column=_answer_column("u11", nullable=True))
    u12: int | None = Field(default=None, sa_column=_answer_column("u12", nullable=True))
    u13: int | None = Field(default=None, sa_column=_answer_column("u13", nullable=True))
    u14: int | None = Field(default=None, sa_column=_answer_column("u14", nullable=True))
    # The method the answers follow: responses of two methods are never scored together.
    method: str = Field(default="14/2017", max_length=10)
    saran: str | None = Field(default=None, sa_column=Column(Text))


# The columns the bulk loader writes per row, in order (the answer columns of the file's
# method); unit_id, period_id, batch_id, source and method are the same for a whole import
# and written as constants.
BULK_LEAD = ("service_id", "row_number", "survey_date", "gender", "age", "education",
             "occupation")
BULK_CONSTANTS = ("unit_id", "period_id", "batch_id", "source", "method")


def bulk_columns(answer_columns: tuple[str, ...]) -> tuple[str, ...]:
    return (*BULK_LEAD, *answer_columns, "saran")


FOLLOWUP_STATUSES = ("draft", "berjalan", "selesai")


class FollowUp(SQLModel, table=True):
    """Rencana tindak lanjut: one improvement action for one element of a unit's survey in
    one period (printed in the SKM report). Changes go through `survey.followups`, which
    records each one in the audit log."""

    __tablename__ = "survey_followup"
    __table_args__ = (Index("ix_survey_followup_unit_period", "unit_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="survey_unit.id")
    period: str = Field(max_length=30)  # pantau.core.periods code of the survey scored
    element: str = Field(max_length=4)  # U1..U14 of the unit's method
    action: str = Field(sa_column=Column(Text, nullable=False))
    owner: str = Field(max_length=200)  # penanggung jawab
    deadline: date | None = None
    evidence: str | None = Field(default=None, sa_column=Column(Text))  # bukti / tautan
    status: str = Field(default="draft", max_length=10)  # FOLLOWUP_STATUSES
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
