"""Organisation units (tenants) of one deployment: the one name every layer shares.

A deployment serves one or more organisation units (a Biro Humas, an OPD of a province,
an echelon-1 unit of a ministry). A single-office install has exactly one, the implicit
default unit `DEFAULT_UNIT`, and never has to name it. The units themselves, and which
profiles and survey units each owns, are configuration (`[[units]]`, the `unit` key of
`[[profiles]]` and `[[survey.units]]`, see `pantau.config`); imported plans carry their
unit in `Plan.org_unit`; who may see which unit is the web app's (`pantau.web.access`)."""

from __future__ import annotations

DEFAULT_UNIT = "utama"
