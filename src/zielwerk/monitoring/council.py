"""Council targets as monitoring and the portal need them, without depending on the workspace.

The targets a council adopted live in the workspace app, which builds on monitoring and the
portal (the layers contract in pyproject.toml). At start-up the workspace registers a
provider here (``WorkspaceConfig.ready``); monitoring (assessments) and the portal (profiles,
indicator views) ask this module. Without the workspace app there are no council targets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol


class CouncilTargets(Protocol):
    def in_force(self, indicator_ids: Sequence[int] | None) -> list[Any]:
        """The newest published version of every council target (``OrganisationTarget``)."""

    def public(self, region_ids: list[int], indicator_id: int | None) -> list[Any]:
        """Published targets of these regions with their history (``PublicTarget``)."""

    def last_published(self) -> dict[str, datetime]:
        """Indicator code → when a council target of it was last published."""


_provider: CouncilTargets | None = None


def register(provider: CouncilTargets) -> None:
    global _provider
    _provider = provider


def in_force(indicator_ids: Sequence[int] | None = None) -> list[Any]:
    return _provider.in_force(indicator_ids) if _provider else []


def public(*, region_ids: list[int], indicator_id: int | None = None) -> list[Any]:
    return _provider.public(region_ids, indicator_id) if _provider else []


def last_published() -> dict[str, datetime]:
    return _provider.last_published() if _provider else {}
