"""Municipal product budgets (NKF/NKHR) as one tidy polars frame, and their totals.

A budget is read from its Fiscal Data Package descriptor (``budget_read``) or, for a city
without one, with an explicit ``ColumnMapping`` (``budget_read_csv``). The tidy frame has one
row per source row (``SCHEMA``): ``ars`` (given by the caller), ``year``, ``phase`` as given
(Ansatz, Ergebnis, Plan, Ist, Soll …) and ``phase_kind`` (``plan``/``actual``/null),
Produktbereich → Produktgruppe → Produkt (``area_``/``group_``/``product_`` ``code`` and
``name``), ``direction`` (Ertrag or Aufwand), ``amount`` (EUR, float) and the place it came
from (``source`` file name, ``line``). Reading is all or nothing: every problem is raised
together as ``zielwerk.core.errors.InputFileError``.

``budget_totals`` sums per year, phase and direction (and Produktbereich on request);
``NKF_PRODUCT_AREAS`` and ``SUGGESTED_GOALS`` link the standard Produktbereiche to SDG goals.
"""

from zielwerk.core.budgets.fdp import (
    ColumnMapping,
    DescriptorResource,
    descriptor_load,
    descriptor_mapping,
)
from zielwerk.core.budgets.read import (
    DIRECTIONS,
    EXPENSE,
    INCOME,
    PHASE_KINDS,
    SCHEMA,
    BudgetTable,
    budget_read,
    budget_read_csv,
    parse_amount,
)
from zielwerk.core.budgets.sdg import NKF_PRODUCT_AREAS, SUGGESTED_GOALS, nkf_area, suggested_goals
from zielwerk.core.budgets.totals import GROUPS, budget_totals

__all__ = [
    "DIRECTIONS",
    "EXPENSE",
    "GROUPS",
    "INCOME",
    "NKF_PRODUCT_AREAS",
    "PHASE_KINDS",
    "SCHEMA",
    "SUGGESTED_GOALS",
    "BudgetTable",
    "ColumnMapping",
    "DescriptorResource",
    "budget_read",
    "budget_read_csv",
    "budget_totals",
    "descriptor_load",
    "descriptor_mapping",
    "nkf_area",
    "parse_amount",
    "suggested_goals",
]
