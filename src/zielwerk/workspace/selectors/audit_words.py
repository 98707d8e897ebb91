"""The audit trail in words: region names, indicator titles and targets as sentences.

Entries store codes (``7.2.1 · 051540004004 · 2023``, ``year · increase · 41 · 2030 · …``) so
that they stay exact whatever the page language; the words are made when the trail is read,
in the reader's language. Names are looked up in bulk: at most one query per kind (indicators,
regions, targets, published and draft values) for any number of lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zielwerk.catalogue.models import Indicator
from zielwerk.catalogue.units import unit_label
from zielwerk.monitoring.models import Observation
from zielwerk.portal.texts import flag_text, number, series_label
from zielwerk.regions.models import Region

from ..models import AuditEntry, OrganisationTarget, StagedObservation
from ..services.targets import target_summary

Action = AuditEntry.Action
OBSERVATION_ACTIONS = {
    Action.OBSERVATION_DRAFTED,
    Action.OBSERVATION_DISCARDED,
    Action.OBSERVATION_PUBLISHED,
}
TARGET_ACTIONS = {Action.TARGET_CREATED, Action.TARGET_PUBLISHED}
# "7.2.1 v3" or "7.2.1 v3 [sex=female]" (services.targets).
_TARGET_SUBJECT = re.compile(r"^(?P<code>\S+) v(?P<version>\d+)(?: \[(?P<series>.*)\])?$")
# Stored values of observations: "12.5" or "12.5 p" (value, flags).
_STORED_VALUE = re.compile(r"^(?P<value>-?[0-9.eE+-]+)(?: (?P<flags>\S+))?$")


@dataclass
class _Parsed:
    """What an entry's subject names, in codes."""

    indicator: str = ""
    region: str = ""
    series: str = ""
    year: int | None = None
    version: int | None = None
    field: str = ""


@dataclass(frozen=True)
class AuditLine:
    """One entry with its words: ``indicator`` (title and code), ``region`` (name), ``what``
    the change concerns, ``before`` and ``after`` in words; the stored codes stay on ``entry``
    (``subject``, ``old_value``, ``new_value`` and the other fields read through)."""

    entry: AuditEntry
    indicator: str = ""
    indicator_code: str = ""
    region: str = ""
    region_code: str = ""
    what: str = ""
    before: str = ""
    after: str = ""

    def __getattr__(self, name: str) -> Any:
        if name == "entry":  # not set yet (copying): no recursion
            raise AttributeError(name)
        # at, user, action, subject, old_value, new_value, source, get_action_display …
        return getattr(self.entry, name)

    @property
    def sentence(self) -> str:
        """The change in one sentence, e.g. "Wert 2023 für Musterstadt: 12,5 → 13,1 %"."""
        head = ": ".join(p for p in (self.indicator, self.what) if p)
        if self.before or self.after:
            change = f"{self.before or '–'} → {self.after or '–'}"
            return f"{head}: {change}" if head else change
        return head


def _parse(entry: AuditEntry) -> _Parsed:
    subject = entry.subject
    if entry.action in OBSERVATION_ACTIONS:
        parts = subject.split(" · ")
        if len(parts) >= 3 and parts[-1].isdigit():
            series = " · ".join(parts[2:-1])
            return _Parsed(parts[0], parts[1], series, int(parts[-1]))
        return _Parsed()
    if entry.action in TARGET_ACTIONS:
        found = _TARGET_SUBJECT.match(subject)
        if found is None:
            return _Parsed()
        return _Parsed(found["code"], series=found["series"] or "", version=int(found["version"]))
    if entry.action == Action.INDICATOR_CHANGED:
        code, _sep, name = subject.partition(": ")
        return _Parsed(code, field=name) if name else _Parsed()
    if entry.action in (
        Action.SELECTION_ADDED,
        Action.SELECTION_REMOVED,
        Action.INDICATOR_CREATED,
        Action.INDICATOR_PUBLISHED,
    ):
        return _Parsed(subject)
    return _Parsed()


@dataclass
class _Names:
    """Everything the lines name, fetched once per kind."""

    indicators: dict[str, Indicator]
    regions: dict[str, Region]
    targets: dict[tuple[int, str, str, int], list[OrganisationTarget]]
    units: dict[tuple[int, int, str, int], str]


def _names(entries: list[AuditEntry], parsed: list[_Parsed]) -> _Names:
    codes = {p.indicator for p in parsed if p.indicator}
    ars = {p.region for p in parsed if p.region}
    indicators = (
        {i.code: i for i in Indicator.objects.filter(code__in=codes).select_related("goal")}
        if codes
        else {}
    )
    regions = {r.ars: r for r in Region.objects.filter(ars__in=ars)} if ars else {}
    target_codes = {p.indicator for e, p in zip(entries, parsed, strict=True) if p.version}
    targets: dict[tuple[int, str, str, int], list[OrganisationTarget]] = {}
    if target_codes:
        found = OrganisationTarget.objects.filter(
            organisation_id__in={e.organisation_id for e in entries},
            indicator__code__in=target_codes,
        ).select_related("indicator")
        for t in found:
            key = (t.organisation_id, t.indicator.code, t.series, t.version)
            targets.setdefault(key, []).append(t)
    return _Names(indicators, regions, targets, _units(parsed, indicators, regions))


def _units(
    parsed: list[_Parsed], indicators: dict[str, Indicator], regions: dict[str, Region]
) -> dict[tuple[int, int, str, int], str]:
    """Units of the values the lines name: published ones first, else drafts (two queries)."""
    keys = {
        (indicators[p.indicator].pk, regions[p.region].pk, p.series, p.year)
        for p in parsed
        if p.year is not None and p.indicator in indicators and p.region in regions
    }
    if not keys:
        return {}
    where = {
        "indicator_id__in": {k[0] for k in keys},
        "region_id__in": {k[1] for k in keys},
        "year__in": {k[3] for k in keys},
    }
    units: dict[tuple[int, int, str, int], str] = {}
    for model in (StagedObservation, Observation):  # published units win
        rows = model.objects.filter(**where).values_list(  # type: ignore[attr-defined]
            "indicator_id", "region_id", "series", "year", "unit"
        )
        units.update({(i, r, s, y): u for i, r, s, y, u in rows if (i, r, s, y) in keys and u})
    return units


def _value(stored: str, unit: str) -> str:
    """A stored value ("12.5 p") in the reader's numbers with unit and flags in words."""
    found = _STORED_VALUE.match(stored.strip())
    if not stored or found is None:
        return stored
    try:
        text = number(float(found["value"]), trim=True)
    except ValueError:
        return stored
    label = unit_label(unit) if unit else ""
    if label:
        text = f"{text}\u00a0{label}"
    if found["flags"]:
        text = f"{text} ({flag_text(found['flags'])})"
    return text


def target_sentence(target: OrganisationTarget) -> str:
    """A council target in one sentence in the active language, in the words of the target
    pages (``workspace/_target.html``): "Zielwert in einem Zieljahr, steigend erwünscht:
    41 % bis 2030 (Basisjahr 2020); Ratsbeschluss 2024/117 vom 12.03.2024"."""
    text = str(target.get_kind_display())
    if target.direction:
        text += f", {target.get_direction_display()}"
    if target.target_value is not None:
        text += ": " + _value(f"{target.target_value:g}", target.unit)
    if target.target_year:
        text += " " + _("bis %(year)s") % {"year": target.target_year}
    notes = []
    if target.base_year:
        notes.append(_("Basisjahr %(year)s") % {"year": target.base_year})
    if target.limit is not None:
        notes.append(
            _("natürliche Grenze %(value)s") % {"value": _value(f"{target.limit:g}", target.unit)}
        )
    if notes:
        text += f" ({', '.join(notes)})"
    if target.series:
        text += f" – {_('Reihe')} {series_label(target.series)}"
    return (
        text
        + "; "
        + _("Ratsbeschluss %(reference)s vom %(date)s")
        % {
            "reference": target.decision_reference,
            "date": date_format(target.decision_date, "SHORT_DATE_FORMAT"),
        }
    )


# Labels of the own-indicator fields the trail names (services.own_indicators).
def _field_label(name: str) -> str:
    extra = {"goal": _("Ziel"), "targets": _("Unterziele"), "source": _("Quelle")}
    if name in extra:
        return str(extra[name])
    try:
        return str(getattr(Indicator._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # an unknown name is shown as stored
        return name


def _field_value(name: str, value: str) -> str:
    if name == "unit":
        return unit_label(value) if value else ""
    if name == "direction":
        return str(dict(Indicator.Direction.choices).get(value, value))
    return value


def _line(entry: AuditEntry, p: _Parsed, names: _Names) -> AuditLine:
    indicator = names.indicators.get(p.indicator)
    region = names.regions.get(p.region)
    words: dict[str, Any] = {
        "entry": entry,
        "indicator": f"{indicator.title} ({indicator.code})" if indicator else p.indicator,
        "indicator_code": p.indicator,
        "region": region.name if region else p.region,
        "region_code": p.region,
        "what": "" if p.indicator else entry.subject,
        "before": entry.old_value,
        "after": entry.new_value,
    }
    if p.year is not None:  # a value
        unit = names.units.get(
            (indicator.pk, region.pk, p.series, p.year) if indicator and region else (0, 0, "", 0),
            indicator.unit if indicator else "",
        )
        what = _("Wert %(year)s für %(region)s") % {"year": p.year, "region": words["region"]}
        if p.series:
            what += f" ({series_label(p.series)})"
        words |= {
            "what": what,
            "before": _value(entry.old_value, unit),
            "after": _value(entry.new_value, unit),
        }
    elif p.version is not None:  # a target version
        found = names.targets.get((entry.organisation_id, p.indicator, p.series, p.version))
        target = _version(found, entry.new_value)
        previous = _version(
            names.targets.get((entry.organisation_id, p.indicator, p.series, p.version - 1)),
            entry.old_value,
        )
        what = _("Ziel, Version %(version)s") % {"version": p.version}
        if p.series:
            what += f" ({series_label(p.series)})"
        words |= {
            "what": what,
            "before": target_sentence(previous) if previous else entry.old_value,
            "after": target_sentence(target) if target else entry.new_value,
        }
    elif p.field:  # a field of an own indicator
        words |= {
            "what": _field_label(p.field),
            "before": _field_value(p.field, entry.old_value),
            "after": _field_value(p.field, entry.new_value),
        }
    elif entry.action == Action.UPLOAD_CONFIRMED and entry.new_value.isdigit():
        count = int(entry.new_value)
        words["after"] = ngettext(
            "%(count)s Wert als Entwurf", "%(count)s Werte als Entwurf", count
        ) % {"count": count}
    return AuditLine(**words)


def _version(candidates: list[OrganisationTarget] | None, stored: str) -> OrganisationTarget | None:
    """The version whose stored summary the entry holds (a version number repeats when an
    organisation keeps targets for several regions); none when the entry holds none."""
    if not candidates or not stored:
        return None
    return next((t for t in candidates if target_summary(t) == stored), candidates[0])


def audit_lines(entries: Iterable[AuditEntry]) -> list[AuditLine]:
    """The entries in words (one query per kind of name, whatever their number)."""
    entries = list(entries)
    parsed = [_parse(e) for e in entries]
    names = _names(entries, parsed)
    return [_line(e, p, names) for e, p in zip(entries, parsed, strict=True)]


def audit_lines_all(queryset: QuerySet[AuditEntry], *, chunk: int = 1000) -> Iterator[AuditLine]:
    """Every entry of ``queryset`` in words, ``chunk`` entries (and their look-ups) at a time:
    for downloads of long trails."""
    found = queryset.iterator(chunk_size=chunk)
    while batch := list(islice(found, chunk)):
        yield from audit_lines(batch)
