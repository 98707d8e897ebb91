"""Request and response schemas of the API (titles in German and English)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema


class GoalOut(Schema):
    number: int
    code: str
    short_de: str
    short_en: str
    title_de: str
    title_en: str


class TargetOut(Schema):
    code: str
    goal: int
    title_de: str
    title_en: str


class IndicatorOut(Schema):
    code: str
    framework: str
    goal: int
    targets: list[str]
    title_de: str
    title_en: str
    unit: str
    direction: str


class IndicatorSource(Schema):
    source: str = Field(description="inkar-2024, inkar-2019, deutschlandatlas, vgrdl, localzero")
    source_id: str = Field(description="the INKAR Kürzel, Deutschlandatlas column or table")
    formula_de: str
    rationale_de: str
    levels: list[str] = Field(description="region levels with data: kreis, gemeinde")


class IndicatorDetail(IndicatorOut):
    definition_de: str
    definition_en: str
    unit_label: str = Field(description="the unit in the request's language")
    un_indicators: list[str] = Field(
        description="linked UN indicators (for kit indicators: related DNS and UN indicators)"
    )
    dns_indicators: list[str]
    municipal: IndicatorSource | None = Field(
        None, description="for indicators of the municipal kit (framework kom): sources"
    )
    observation_count: int


class RegionOut(Schema):
    ars: str
    ags: str
    name: str
    kind: str
    level: str
    parent: str | None
    population: int | None
    area_ha: int | None


class RegionDetail(RegionOut):
    ancestors: list[RegionOut]
    children: list[RegionOut]
    outline: dict[str, Any] | None


class ObservationOut(Schema):
    indicator: str
    region: str
    series: str
    year: int
    period: str
    value: float
    unit: str
    flags: str


class ObservationPageOut(Schema):
    count: int
    next_cursor: str | None
    next: str | None
    results: list[ObservationOut]


class ErrorOut(Schema):
    detail: str


class ObservationRowIn(Schema):
    """One observation to write (the columns of the tidy format)."""

    indicator: str = Field(description="indicator code, e.g. `7.2.a` or `own-<org>-1`")
    region: str = Field(description="ARS (12 digits) or a Gemeinde's AGS")
    series: str = Field("", description="series key, e.g. `sex=female`; empty = headline")
    year: int | str
    value: float | str = Field(description="a number; as text also with a decimal comma")
    unit: str = ""
    flag: str = Field("", description="status flags as in the tidy format, e.g. `p`")
    expected_value: float | None = Field(
        None,
        description=(
            "optional conditional write: the value last read for this row (`null`: none); "
            "a different value in force now answers `409`"
        ),
    )


class ProblemOut(Schema):
    row: int | None = Field(
        description="row of the JSON list / data row of the CSV (from 1); null: the request"
    )
    line: int | None = Field(description="line of the CSV text (header = 1); null for JSON")
    field: str | None
    value: str | None
    reason: str
    message: str


class ConflictRowOut(Schema):
    row: int = Field(description="row of the JSON list (from 1)")
    indicator: str
    region: str
    series: str
    year: int
    expected_value: float | None = Field(description="the value the request expected")
    current_value: float | None = Field(description="the value in force now (theirs)")
    value: float = Field(description="the value of the request (yours)")


class ConflictOut(Schema):
    detail: str
    conflicts: list[ConflictRowOut]


class RejectedOut(Schema):
    detail: str
    problem_count: int
    problems: list[ProblemOut]


class SubmissionOut(Schema):
    organisation: str
    rows: int = Field(description="observations read from the request")
    drafts: int = Field(description="rows that changed something and were kept as drafts")
    published: int = Field(description="observations published by this request")
    import_runs: list[int]


class OrganisationTargetIn(Schema):
    """A new version of one of the organisation's targets, with the council decision."""

    indicator: str
    kind: Literal["year", "annual", "direction"]
    direction: Literal["increase", "decrease", ""] = ""
    target_value: float | None = None
    target_year: int | None = None
    base_year: int | None = None
    limit: float | None = None
    region: str | None = Field(None, description="ARS or AGS inside the organisation's area")
    series: str = Field("", description="series key; empty = every series")
    unit: str | None = Field(
        None,
        description="unit code from the vocabulary (/api/v1/units); the target assesses only "
        "series in this unit. Default: the indicator's unit",
    )
    decision_date: date
    decision_reference: str
    decision_link: str = ""
    note: str = ""


class OrganisationTargetOut(Schema):
    id: int
    indicator: str
    region: str | None
    series: str
    version: int
    status: Literal["draft", "in_force", "superseded"]
    kind: str
    direction: str
    target_value: float | None
    target_year: int | None
    base_year: int | None
    limit: float | None
    unit: str = Field(description="unit code; the target applies only to series in this unit")
    unit_label: str = Field(description="the unit in the request's language")
    decision_date: date
    decision_reference: str
    decision_link: str
    note: str
    created_at: datetime
    published_at: datetime | None


class OrganisationTargetsOut(Schema):
    organisation: str
    drafts_included: bool
    results: list[OrganisationTargetOut]


class AssessmentOut(Schema):
    indicator: str
    region: str = Field(description="12-digit ARS of the region")
    series: str = Field(description="Disaggregation key k=v|k=v; empty = headline")
    level: Literal["series", "indicator"]
    method: Literal["dns", "opensdg", "eurostat", "eurostat15"]
    status: str = Field(description="Status code of the method (see docs/methods)")
    score: float | None = None
    components: dict[str, Any] = Field(description="The numbers the status was computed from")
    computed_at: datetime
