"""Every table of every domain, imported in one place so that `SQLModel.metadata` is
complete for Alembic and for the tests."""

from __future__ import annotations

from sqlmodel import SQLModel

import collectors.models  # noqa: F401
import indicators.models  # noqa: F401
import jobs.models  # noqa: F401
import pantau.core.audit  # noqa: F401
import pantau.core.runlog  # noqa: F401
import pantau.web.models  # noqa: F401
import sentiment.models  # noqa: F401
import survey.models  # noqa: F401

metadata = SQLModel.metadata
