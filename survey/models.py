"""Tables owned by survey: service units, services, survey periods, import batches and
responses.

A response keeps its nine answers as small-integer columns u1..u9 (regulation order), so
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


def _answer_column(name: str) -> Column:  # type: ignore[type-arg]
    # 1..4, validated on the way in (importer and public form).
    return Column(name, SmallInteger, nullable=False)


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
    saran: str | None = Field(default=None, sa_column=Column(Text))


# The columns the bulk loader writes per row, in order; unit_id, period_id, batch_id and
# source are the same for a whole import and written as constants.
BULK_COLUMNS = ("service_id", "row_number", "survey_date", "gender", "age", "education",
                "occupation", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "saran")
BULK_CONSTANTS = ("unit_id", "period_id", "batch_id", "source")
