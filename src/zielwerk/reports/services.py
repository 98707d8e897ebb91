"""Reports: create and change them, version their texts, take a logo, and render editions (a
background job: draft for the members, or published for everyone)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.core.markup import MAX_TEXT
from zielwerk.jobs.runner import JobFailure, JobResult, JobRun, job_function
from zielwerk.portal.rendering import bump_catalogue
from zielwerk.portal.sources import DATA_SOURCES
from zielwerk.workspace.models import AuditEntry
from zielwerk.workspace.services.audit import audit_record

from . import content, render
from .methods import methods
from .models import Report, ReportEdition, ReportText

LOGO_BYTES = 2 * 1024 * 1024
"""Largest logo file accepted (2 MiB)."""
LOGO_PIXELS = 25_000_000
"""Largest logo in pixels before decoding (a decompression bomb is refused unread)."""
LOGO_EDGE = 800
"""Longest edge of the stored logo (re-encoded as PNG, without metadata)."""


class LogoError(ValueError):
    pass


@dataclass(frozen=True)
class ReportData:
    title: str
    language: str
    layout: str
    goals: list[int]
    indicators: list[Indicator]
    year_from: int
    year_to: int
    logo_alt: str = ""


def report_create(*, organisation: Organisation, user: Any, data: ReportData) -> Report:
    with transaction.atomic():
        report = Report.objects.create(
            organisation=organisation,
            created_by=user,
            **_fields(data),
        )
        report.indicators.set(data.indicators)
        audit_record(
            organisation=organisation,
            user=user,
            action=AuditEntry.Action.REPORT_CREATED,
            subject=report.title,
            new=_describe(report, data),
        )
    return report


def report_update(*, report: Report, user: Any, data: ReportData) -> Report:
    with transaction.atomic():
        old = _describe(report, _data_of(report))
        for name, value in _fields(data).items():
            setattr(report, name, value)
        report.save()
        report.indicators.set(data.indicators)
        new = _describe(report, data)
        if new != old:
            audit_record(
                organisation=report.organisation,
                user=user,
                action=AuditEntry.Action.REPORT_CHANGED,
                subject=report.title,
                old=old,
                new=new,
            )
    return report


def _fields(data: ReportData) -> dict[str, Any]:
    return {
        "title": data.title,
        "language": data.language,
        "layout": data.layout,
        "goals": sorted(set(data.goals)),
        "year_from": data.year_from,
        "year_to": data.year_to,
        "logo_alt": data.logo_alt,
    }


def _data_of(report: Report) -> ReportData:
    return ReportData(
        title=report.title,
        language=report.language,
        layout=report.layout,
        goals=list(report.goals),
        indicators=list(report.indicators.all()),
        year_from=report.year_from,
        year_to=report.year_to,
        logo_alt=report.logo_alt,
    )


def _describe(report: Report, data: ReportData) -> str:
    goals = ", ".join(str(g) for g in sorted(data.goals)) or _("alle")
    codes = ", ".join(sorted(i.code for i in data.indicators)) or _("alle mit Daten")
    return _(
        "%(title)s; Sprache %(language)s; Gliederung %(layout)s; Ziele %(goals)s; "
        "Indikatoren %(codes)s; %(start)s–%(end)s"
    ) % {
        "title": data.title,
        "language": data.language,
        "layout": data.layout,
        "goals": goals,
        "codes": codes,
        "start": data.year_from,
        "end": data.year_to,
    }


def text_save(*, report: Report, user: Any, key: str, text: str) -> ReportText | None:
    """A new version of one text, unless it is unchanged (then None). Drafts until the
    report is published."""
    if key not in dict(content.text_keys(report)):
        raise ValueError(f"unknown text {key!r}")
    if len(text) > MAX_TEXT:
        raise ValueError(_("Der Text ist länger als %(n)s Zeichen.") % {"n": MAX_TEXT})
    text = text.replace("\r\n", "\n").strip()
    with transaction.atomic():
        latest = (
            ReportText.objects.select_for_update()
            .filter(report=report, key=key)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.text == text:
            return None
        if latest is None and not text:
            return None
        saved = ReportText.objects.create(
            report=report,
            key=key,
            version=(latest.version + 1) if latest else 1,
            text=text,
            created_by=user,
        )
        audit_record(
            organisation=report.organisation,
            user=user,
            action=AuditEntry.Action.REPORT_TEXT_SAVED,
            subject=f"{report.title}: {dict(content.text_keys(report))[key]}",
            old=latest.text if latest else "",
            new=text,
        )
    return saved


def pending_texts(report: Report) -> list[tuple[str, str, str, str]]:
    """Texts whose newest version is not published yet: (key, heading, published text, new
    text), in reading order."""
    newest: dict[str, ReportText] = {}
    published: dict[str, str] = {}
    for text in ReportText.objects.filter(report=report).order_by("key", "-version"):
        newest.setdefault(text.key, text)
        if text.published_at is not None:
            published.setdefault(text.key, text.text)
    return [
        (key, heading, published.get(key, ""), newest[key].text)
        for key, heading in content.text_keys(report)
        if key in newest and newest[key].published_at is None
    ]


def logo_set(*, report: Report, user: Any, data: bytes, alt: str) -> None:
    """Take an uploaded image as the report's logo: checked, scaled to at most
    ``LOGO_EDGE`` pixels, re-encoded as PNG without any metadata."""
    report.logo = logo_clean(data)
    report.logo_alt = alt
    report.save(update_fields=["logo", "logo_alt", "updated_at"])
    audit_record(
        organisation=report.organisation,
        user=user,
        action=AuditEntry.Action.REPORT_CHANGED,
        subject=report.title,
        new=_("Wappen oder Logo ersetzt (%(bytes)s Byte PNG)") % {"bytes": len(report.logo)},
    )


def logo_clean(data: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_BYTES:
        raise LogoError(
            _("Das Bild ist größer als %(mb)s MB.") % {"mb": LOGO_BYTES // (1024 * 1024)}
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("PNG", "JPEG", "GIF", "WEBP"):
                raise LogoError(_("Bitte ein Bild im Format PNG, JPEG, GIF oder WebP hochladen."))
            width, height = probe.size
            if width * height > LOGO_PIXELS:
                raise LogoError(
                    _("Das Bild hat mehr als %(n)s Millionen Bildpunkte.")
                    % {"n": LOGO_PIXELS // 1_000_000}
                )
            probe.load()
            image = probe.convert("RGBA")
    except Image.DecompressionBombError as exc:  # refused by Pillow before decoding
        raise LogoError(
            _("Das Bild hat mehr als %(n)s Millionen Bildpunkte.") % {"n": LOGO_PIXELS // 1_000_000}
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise LogoError(_("Die Datei ist kein lesbares Bild.")) from exc
    image.thumbnail((LOGO_EDGE, LOGO_EDGE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def start_build(*, report: Report, user: Any, public: bool) -> Any:
    """Render the report in the background; returns the job (its page shows the progress)."""
    from zielwerk.jobs.services import start

    label = (
        _("Bericht „%(title)s“ veröffentlichen")
        if public
        else _("Entwurf von „%(title)s“ erzeugen")
    ) % {"title": report.title}
    return start(
        "report",
        "zielwerk.reports.services.edition_job",
        owner=user,
        label=label,
        organisation=report.organisation,
        report=report.pk,
        public=public,
    )


@job_function
def edition_job(run: JobRun, *, report: int, public: bool) -> JobResult:
    """The job: build the content, render HTML, PDF and DOCX, store them as the next edition;
    when ``public``, publish the newest version of every text at the same moment. All or
    nothing (the job runs in one transaction)."""
    found = Report.objects.select_related("organisation__region").filter(pk=report).first()
    if found is None:
        raise JobFailure(_("Den Bericht gibt es nicht mehr."))
    user = get_user_model().objects.filter(pk=run.owner_id).first() if run.owner_id else None
    edition = edition_build(found, user=user, public=public, progress=run.progress)
    url = reverse(
        "reports:edition" if not public else "reports_public:edition",
        kwargs={"org": found.organisation.slug, "pk": found.pk, "number": edition.number}
        if not public
        else {"pk": found.pk, "number": edition.number},
    )
    label = _("Ausgabe %(n)s ansehen und herunterladen") % {"n": edition.number}
    return JobResult(url=url, label=label)


def edition_build(
    report: Report, *, user: Any, public: bool, progress: content.Progress | None = None
) -> ReportEdition:
    step = progress or (lambda done, total, message: None)
    with translation.override(report.language):
        texts = content.current_texts(report)
        try:
            built = content.build(report, texts=texts, progress=step, steps_after=3)
        except ValueError as exc:
            raise JobFailure(str(exc)) from exc
        if not built.indicator_count:
            raise JobFailure(
                _("Für die gewählten Ziele und Jahre gibt es keine Daten der Kommune.")
            )
        annex = methods(report)
        total = built.steps
        step(total - 3, total, _("Seiten werden gesetzt"))
        body = render.body_html(built, methods=annex, licences=_licences(built.sources))
        pdf, pages = render.pdf(built, body)
        step(total - 2, total, _("Word-Datei wird geschrieben"))
        docx = render.docx(built, methods=annex)
    with transaction.atomic():
        number = (
            ReportEdition.objects.filter(report=report).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        edition = ReportEdition.objects.create(
            report=report,
            number=number,
            public=public,
            data_version=built.data_version,
            html=body,
            pdf=pdf,
            docx=docx,
            pages=pages,
            created_by=user,
        )
        if public:
            now = timezone.now()
            ReportText.objects.filter(report=report, published_at=None).update(
                published_at=now, published_by=user
            )
            # Public pages are cached per data and catalogue version; the region's profile
            # lists its reports, so a new public edition is a new catalogue version.
            transaction.on_commit(bump_catalogue)
            audit_record(
                organisation=report.organisation,
                user=user,
                action=AuditEntry.Action.REPORT_PUBLISHED,
                subject=report.title,
                new=_("Ausgabe %(n)s, %(pages)s Seiten, Datenstand %(version)s")
                % {"n": number, "pages": pages, "version": built.data_version},
            )
    step(total, total, _("Fertig"))
    return edition


def _licences(sources: list[content.Source]) -> list[Any]:
    """The bundled data sources (with their licences) that the report's sources name."""
    text = " ".join(map(str, sources))
    chosen = []
    for source in DATA_SOURCES:
        publisher = source.publisher.split(",")[0].split("(")[0].strip()
        if publisher and publisher in text:
            chosen.append(source)
    return chosen
