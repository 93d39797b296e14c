"""The survey's public surface: what the CLI, the web app, the demo and other domains call.

Every function takes the session (where it needs one) and the `[survey]` section
(`survey: SurveyConfig`) explicitly; nothing here reads the configuration file. Tables are
in `survey.models`, the section model in `survey.config`. A rule about what may be entered
(answers 1-4, a unit's services, the survey period, a unit name, the length of a
suggestion) lives behind these functions, so every door applies it the same way.
"""

from __future__ import annotations

from survey.followups import (
    STATUS_LABELS,
    FollowUpRow,
    add_followup,
    get_followup,
    list_followups,
    remove_followup,
    update_followup,
)
from survey.importer import ImportResult, get_batch, import_file, list_batches, remove_batch
from survey.methods import METHODS, WEIGHTS
from survey.models import FOLLOWUP_STATUSES
from survey.questionnaire import EDUCATION, ELEMENTS, GENDERS, OCCUPATIONS
from survey.report import FORMATS as REPORT_FORMATS
from survey.report import write_survey_report
from survey.results import (
    SurveyResults,
    group_scores,
    ikm_trend,
    latest_saran,
    score_unit,
    survey_results,
)
from survey.scoring import SurveyScore, min_sample
from survey.service import MAX_SARAN, preview_rows, preview_upload, submit_response
from survey.template import template_name, write_template
from survey.units import (
    UnitSummary,
    UnknownUnitError,
    check_import_unit,
    check_unit_name,
    find_public_unit,
    public_units,
    unit_choices,
    unit_config,
    unit_method,
    unit_summaries,
)

__all__ = [
    "EDUCATION",
    "ELEMENTS",
    "FOLLOWUP_STATUSES",
    "GENDERS",
    "MAX_SARAN",
    "METHODS",
    "STATUS_LABELS",
    "WEIGHTS",
    "FollowUpRow",
    "add_followup",
    "get_batch",
    "get_followup",
    "ikm_trend",
    "list_followups",
    "remove_followup",
    "update_followup",
    "OCCUPATIONS",
    "REPORT_FORMATS",
    "ImportResult",
    "SurveyResults",
    "SurveyScore",
    "UnitSummary",
    "UnknownUnitError",
    "check_import_unit",
    "check_unit_name",
    "find_public_unit",
    "group_scores",
    "import_file",
    "latest_saran",
    "list_batches",
    "min_sample",
    "preview_rows",
    "preview_upload",
    "public_units",
    "remove_batch",
    "score_unit",
    "submit_response",
    "survey_results",
    "unit_choices",
    "template_name",
    "unit_config",
    "unit_method",
    "unit_summaries",
    "write_survey_report",
    "write_template",
]
