"""The public surface of indicators: what the CLI, the web app, jobs and the demo call.

Each function takes the session and the config sections it reads (`[indicators]`,
`[survey]`, `[institution]`) explicitly; nothing here reads the configuration itself.

- Plans: `read_plan`, `write_plan`, `save_plan` (a re-import adds a version), `list_plans`,
  `find_plan`, `plan_structure`, `plan_to_spec`, `plan_label`; versions: `plan_versions`,
  `version_number`, `version_in_force`.
- Values: `compute_indicators`; `find_indicator` and `set_manual_value`, the one door for a
  value people enter (it refuses a value for an indicator Pantau computes, and an evidence
  link that is not a web address, whichever door the value came in by, and records the
  change in the audit log); `manual_value_history` (who, when, evidence, previous value).
- Status: `target_status` (realisasi against a target as the plan writes it: "< 20%" is
  not met by 20).
- Media figures: `count_tones` (tone counts and the negative share as the indicator counts
  them), `effective_tone`, `negative_share_indicator` (the year's target).
- Audit of the negative share: `draw_sample` (a random sample of model-labelled
  mentions, stratified by the model's label), `audit_status` (the corrected estimate, its
  95% interval, precision and recall), `latest_sample`, `sample_items`.
- Reports: `write_media_report` (of a kind in `MEDIA_REPORT_KINDS`: daily, weekly, monthly,
  with their Indonesian names; html, pdf, xlsx, docx, pptx), `write_indicator_report`;
  `unit_institution` (the institution as an organisation unit's report names it, the
  daily job's and the web's alike).
- The analyst's Kesimpulan and Saran of a media report: `save_analysis` (the one door:
  rules and audit), `get_analysis`, `analysis_history`, `media_analysis_draft` (a draft
  written from the period's numbers).
- Follow-up of negative news: `update_followup` (the one door: rules and audit),
  `get_followup`, `followup_story` (the story a follow-up belongs to, as the queue and a
  story's page name it), `followup_state` (a mention's page), `followup_queue` (most urgent
  first), `overdue_followups` (the alert), `followup_summary` (the report's section),
  `followup_history`, with `FOLLOWUP_ACTIONS` and `FOLLOWUP_STATUSES`; a refused change
  raises `FollowUpError` (an `InputError` naming the field it is about).
- Dashboard figures: `period_breakdown` (per tone, day, media type, outlet, and the
  outlet's scope and province from the catalogue, ordered by `scope_rows` and
  `province_rows`), `period_label_check` and `reliability_note` (how far the negative
  share can be trusted: analysts' checks, the audit, a small base),
  `media_report_period` (the period of a daily, weekly or monthly report).
- People quoted: `quoted_people` (a period's narasumber, aliases merged, tone per person),
  `people_directory` (the configured officials by every name), `extract_quotes` (one text).
- Share of voice: `share_of_voice` (the institution beside its `[[comparisons]]` peers).
- Trends: `indicator_trends` (the IKM and the negative share of a period against the
  periods and surveys before it, per plan indicator).
- Demo: `import_example_plan`, `write_indicator_table`.
"""

from __future__ import annotations

from indicators.analysis import analysis_history, get_analysis, save_analysis
from indicators.audit import AuditStatus, audit_status, draw_sample, latest_sample, sample_items
from indicators.config import (
    COUNTING_BASIS_LABELS,
    Comparison,
    IndicatorsConfig,
    Institution,
    Official,
    UnitInstitution,
    unit_institution,
)
from indicators.counting import TONES, ToneCounts, count_tones, effective_tone
from indicators.demo import import_example_plan, write_indicator_table
from indicators.followups import (
    ACTIONS as FOLLOWUP_ACTIONS,
)
from indicators.followups import (
    OPEN as FOLLOWUP_OPEN,
)
from indicators.followups import (
    STATUS_FILTERS as FOLLOWUP_STATUS_FILTERS,
)
from indicators.followups import (
    STATUSES as FOLLOWUP_STATUSES,
)
from indicators.followups import (
    FollowUpError,
    FollowUpSummary,
    QueueFilter,
    QueueItem,
    duration_text,
    followup_history,
    followup_queue,
    followup_state,
    followup_story,
    followup_summary,
    followup_unit,
    get_followup,
    overdue_followups,
    update_followup,
)
from indicators.formulas import target_status
from indicators.indicator_report import value_note, write_indicator_report
from indicators.media_report import KIND_FILES as MEDIA_REPORT_KINDS
from indicators.media_report import (
    REPORT_FORMATS as MEDIA_REPORT_FORMATS,
)
from indicators.media_report import (
    AnalysisText,
    LabelCheck,
    media_analysis_draft,
    period_breakdown,
    period_label_check,
    province_rows,
    reliability_note,
    scope_rows,
    write_media_report,
)
from indicators.media_report import report_period as media_report_period
from indicators.media_stats import Breakdown
from indicators.people import Directory, PeopleResult, Person, people_directory, quoted_people
from indicators.planio import PlanSpec, read_plan, write_plan
from indicators.plans import (
    ManualChange,
    SaveResult,
    find_indicator,
    find_plan,
    list_plans,
    manual_value_history,
    negative_share_indicator,
    plan_label,
    plan_structure,
    plan_to_spec,
    plan_versions,
    save_plan,
    set_manual_value,
    version_in_force,
    version_number,
)
from indicators.quotes import Quote, extract_quotes
from indicators.service import (
    SOURCE_LABELS,
    IndicatorValue,
    compute_indicators,
    describe_inputs,
)
from indicators.share import ShareOfVoice, Voice, share_of_voice
from indicators.trends import Trend, TrendPoint, indicator_trend_groups, indicator_trends

__all__ = [
    "Comparison",
    "Directory",
    "Official",
    "PeopleResult",
    "Person",
    "Quote",
    "ShareOfVoice",
    "Voice",
    "extract_quotes",
    "people_directory",
    "quoted_people",
    "share_of_voice",
    "MEDIA_REPORT_FORMATS",
    "describe_inputs",
    "AnalysisText",
    "analysis_history",
    "get_analysis",
    "media_analysis_draft",
    "save_analysis",
    "FOLLOWUP_ACTIONS",
    "FollowUpError",
    "FOLLOWUP_OPEN",
    "FOLLOWUP_STATUSES",
    "FOLLOWUP_STATUS_FILTERS",
    "Breakdown",
    "FollowUpSummary",
    "QueueFilter",
    "QueueItem",
    "duration_text",
    "followup_history",
    "followup_queue",
    "followup_state",
    "followup_story",
    "followup_summary",
    "followup_unit",
    "get_followup",
    "overdue_followups",
    "media_report_period",
    "period_breakdown",
    "LabelCheck",
    "period_label_check",
    "reliability_note",
    "province_rows",
    "scope_rows",
    "update_followup",
    "COUNTING_BASIS_LABELS",
    "AuditStatus",
    "MEDIA_REPORT_KINDS",
    "SOURCE_LABELS",
    "TONES",
    "IndicatorValue",
    "IndicatorsConfig",
    "ManualChange",
    "Institution",
    "UnitInstitution",
    "PlanSpec",
    "SaveResult",
    "ToneCounts",
    "Trend",
    "TrendPoint",
    "audit_status",
    "compute_indicators",
    "draw_sample",
    "count_tones",
    "effective_tone",
    "find_indicator",
    "find_plan",
    "import_example_plan",
    "indicator_trend_groups",
    "indicator_trends",
    "latest_sample",
    "list_plans",
    "manual_value_history",
    "negative_share_indicator",
    "plan_label",
    "plan_structure",
    "plan_to_spec",
    "plan_versions",
    "read_plan",
    "sample_items",
    "save_plan",
    "set_manual_value",
    "target_status",
    "unit_institution",
    "version_in_force",
    "version_number",
    "value_note",
    "write_indicator_report",
    "write_indicator_table",
    "write_media_report",
    "write_plan",
]
