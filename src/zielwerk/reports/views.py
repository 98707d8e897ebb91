"""The report builder in the workspace, and the published reports for everyone."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zielwerk.accounts.access import organisation_required
from zielwerk.accounts.models import Organisation
from zielwerk.catalogue.models import Indicator
from zielwerk.monitoring.models import Observation

from . import content, services
from .forms import LogoForm, ReportForm, TextForm
from .models import Report, ReportEdition, ReportText

DEFAULT_YEARS = 10


def _crumbs(organisation: Organisation, *trail: tuple[str, str | None]) -> list[Any]:
    return [
        (_("Arbeitsbereich"), reverse("workspace:dashboard")),
        (organisation.name, reverse("workspace:org_dashboard", args=[organisation.slug])),
        (_("Berichte"), reverse("reports:list", args=[organisation.slug]) if trail else None),
        *trail,
    ]


def _context(request: HttpRequest, organisation: Organisation, **extra: Any) -> dict[str, Any]:
    user = request.user
    may = {
        "edit": user.has_perm("reports.edit", organisation),
        "publish": user.has_perm("reports.publish", organisation),
        "manage_members": user.has_perm("accounts.manage_members", organisation),
    }
    return {"organisation": organisation, "may": may, **extra}


def _indicators_with_data(organisation: Organisation) -> Any:
    with_data = (
        Observation.objects.filter(region=organisation.region)
        .values_list("indicator_id", flat=True)
        .distinct()
        .order_by()
    )
    return Indicator.objects.public().filter(pk__in=with_data).order_by("goal__number", "sort_key")


def _report(organisation: Organisation, pk: int) -> Report:
    return get_object_or_404(Report, organisation=organisation, pk=pk)


def _data(form: ReportForm) -> services.ReportData:
    data = form.cleaned_data
    return services.ReportData(
        title=data["title"],
        language=data["language"],
        layout=data["layout"],
        goals=list(data["goals"]),
        indicators=list(data["indicators"]),
        year_from=data["year_from"],
        year_to=data["year_to"],
    )


@organisation_required("reports.view")
def report_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    indicators = _indicators_with_data(organisation)
    latest = Observation.objects.filter(region=organisation.region).aggregate(y=Max("year"))["y"]
    end = latest or datetime.date.today().year - 1
    initial = {
        "title": _("Nachhaltigkeitsbericht %(name)s") % {"name": organisation.name},
        "language": "de",
        "layout": Report.Layout.SDG,
        "year_from": end - DEFAULT_YEARS + 1,
        "year_to": end,
    }
    form = ReportForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST":
        if not request.user.has_perm("reports.edit", organisation):
            raise PermissionDenied
        if organisation.region is None:
            messages.error(
                request, _("Die Organisation hat keine Region: ein Bericht braucht eine Kommune.")
            )
        elif form.is_valid():
            report = services.report_create(
                organisation=organisation, user=request.user, data=_data(form)
            )
            messages.success(request, _("Der Bericht wurde angelegt. Schreiben Sie nun die Texte."))
            return redirect("reports:detail", org=organisation.slug, pk=report.pk)
    reports = Report.objects.filter(organisation=organisation).prefetch_related("editions")
    return render(
        request,
        "reports/list.html",
        _context(
            request, organisation, form=form, reports=reports, breadcrumbs=_crumbs(organisation)
        ),
    )


@organisation_required("reports.view")
def report_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = _report(organisation, pk)
    indicators = _indicators_with_data(organisation)
    initial = {
        "title": report.title,
        "language": report.language,
        "layout": report.layout,
        "goals": report.goals,
        "indicators": list(report.indicators.all()),
        "year_from": report.year_from,
        "year_to": report.year_to,
    }
    form = ReportForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST":
        if not request.user.has_perm("reports.edit", organisation):
            raise PermissionDenied
        if form.is_valid():
            services.report_update(report=report, user=request.user, data=_data(form))
            messages.success(request, _("Die Einstellungen wurden gespeichert."))
            return redirect("reports:detail", org=organisation.slug, pk=report.pk)
    texts = content.current_texts(report)
    pending = {key for key, *_rest in services.pending_texts(report)}
    sections = [
        {"key": key, "heading": heading, "text": texts.get(key, ""), "pending": key in pending}
        for key, heading in content.text_keys(report)
    ]
    return render(
        request,
        "reports/detail.html",
        _context(
            request,
            organisation,
            report=report,
            form=form,
            logo_form=LogoForm(),
            sections=sections,
            pending=len(pending),
            editions=report.editions.defer("html", "pdf", "docx"),
            breadcrumbs=_crumbs(organisation, (report.title, None)),
        ),
    )


@organisation_required("reports.view")
def text_edit(request: HttpRequest, organisation: Organisation, pk: int, key: str) -> HttpResponse:
    report = _report(organisation, pk)
    headings = dict(content.text_keys(report))
    if key not in headings:
        raise Http404(_("Diesen Abschnitt hat der Bericht nicht."))
    versions = ReportText.objects.filter(report=report, key=key).select_related(
        "created_by", "published_by"
    )
    current = versions.first()
    form = TextForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST":
        if not request.user.has_perm("reports.edit", organisation):
            raise PermissionDenied
        if form.is_valid():
            saved = services.text_save(
                report=report, user=request.user, key=key, text=form.cleaned_data["text"]
            )
            if saved is None:
                messages.info(request, _("Der Text ist unverändert."))
            else:
                messages.success(
                    request,
                    _(
                        "Version %(n)s gespeichert (Entwurf: öffentlich erst, wenn der Bericht "
                        "veröffentlicht wird)."
                    )
                    % {"n": saved.version},
                )
            return redirect("reports:detail", org=organisation.slug, pk=report.pk)
    return render(
        request,
        "reports/text.html",
        _context(
            request,
            organisation,
            report=report,
            key=key,
            heading=headings[key],
            form=form,
            versions=versions,
            breadcrumbs=_crumbs(
                organisation,
                (report.title, reverse("reports:detail", args=[organisation.slug, report.pk])),
                (headings[key], None),
            ),
        ),
    )


@organisation_required("reports.edit")
def logo(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = _report(organisation, pk)
    if request.method != "POST":
        return redirect("reports:detail", org=organisation.slug, pk=report.pk)
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["logo"]
        if upload.size > services.LOGO_BYTES:
            messages.error(request, _("Das Bild ist größer als 2 MB."))
        else:
            try:
                services.logo_set(
                    report=report,
                    user=request.user,
                    data=upload.read(),
                    alt=form.cleaned_data["logo_alt"],
                )
            except services.LogoError as exc:
                messages.error(
                    request, _("Logo „%(name)s“: %(reason)s") % {"name": upload.name, "reason": exc}
                )
            else:
                messages.success(request, _("Das Logo wurde übernommen."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("reports:detail", org=organisation.slug, pk=report.pk)


@organisation_required("reports.edit")
def build(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = _report(organisation, pk)
    if request.method != "POST":
        return redirect("reports:detail", org=organisation.slug, pk=report.pk)
    job = services.start_build(report=report, user=request.user, public=False)
    return redirect(job.get_absolute_url())


@organisation_required("reports.publish")
def publish(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = _report(organisation, pk)
    if request.method == "POST":
        job = services.start_build(report=report, user=request.user, public=True)
        return redirect(job.get_absolute_url())
    return render(
        request,
        "reports/publish.html",
        _context(
            request,
            organisation,
            report=report,
            pending=services.pending_texts(report),
            breadcrumbs=_crumbs(
                organisation,
                (report.title, reverse("reports:detail", args=[organisation.slug, report.pk])),
                (_("Prüfen und veröffentlichen"), None),
            ),
        ),
    )


@organisation_required("reports.view")
def edition(request: HttpRequest, organisation: Organisation, pk: int, number: int) -> HttpResponse:
    report = _report(organisation, pk)
    found = get_object_or_404(
        ReportEdition.objects.defer("pdf", "docx"), report=report, number=number
    )
    return render(
        request,
        "reports/edition.html",
        _context(
            request,
            organisation,
            report=report,
            edition=found,
            downloads=_downloads(found, "reports:download", org=organisation.slug),
            breadcrumbs=_crumbs(
                organisation,
                (report.title, reverse("reports:detail", args=[organisation.slug, report.pk])),
                (_("Ausgabe %(n)s") % {"n": number}, None),
            ),
        ),
    )


@organisation_required("reports.view")
def download(
    request: HttpRequest, organisation: Organisation, pk: int, number: int, fmt: str
) -> HttpResponse:
    report = _report(organisation, pk)
    found = get_object_or_404(ReportEdition, report=report, number=number)
    return _file(found, fmt)


FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _file(found: ReportEdition, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    data = bytes(found.pdf if fmt == "pdf" else found.docx)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    name = f"{slugify(found.report.title) or 'bericht'}-{found.number}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _downloads(found: ReportEdition, route: str, **kwargs: Any) -> list[tuple[str, str]]:
    return [
        (
            label,
            reverse(
                route, kwargs={**kwargs, "pk": found.report_id, "number": found.number, "fmt": fmt}
            ),
        )
        for fmt, label in (
            ("pdf", _("PDF (barrierefrei, getaggt)")),
            ("docx", _("Word (DOCX, bearbeitbar)")),
        )
    ]


# Public: published editions only.


def public_list(request: HttpRequest) -> HttpResponse:
    reports = (
        Report.objects.filter(editions__public=True)
        .select_related("organisation__region")
        .distinct()
        .order_by("organisation__name", "title")
    )
    return render(request, "reports/public_list.html", {"reports": reports})


def public_report(request: HttpRequest, pk: int) -> HttpResponse:
    found = ReportEdition.objects.filter(report_id=pk, public=True).order_by("-number").first()
    if found is None:
        raise Http404(_("Dieser Bericht ist nicht veröffentlicht."))
    return redirect("reports_public:edition", pk=pk, number=found.number)


def public_edition(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    found = get_object_or_404(
        ReportEdition.objects.defer("pdf", "docx").select_related("report__organisation__region"),
        report_id=pk,
        number=number,
        public=True,
    )
    newer = (
        ReportEdition.objects.filter(report_id=pk, public=True, number__gt=number)
        .order_by("-number")
        .first()
    )
    return render(
        request,
        "reports/public.html",
        {
            "edition": found,
            "report": found.report,
            "newer": newer,
            "downloads": _downloads(found, "reports_public:download"),
        },
    )


def public_download(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    found = get_object_or_404(
        ReportEdition.objects.select_related("report"), report_id=pk, number=number, public=True
    )
    return _file(found, fmt)
