from django.urls import path

from .views import dashboard, data, first_steps, indicators, kit, review, targets, template

app_name = "workspace"

_ORG = "<slug:org>/"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path(_ORG, dashboard.org_dashboard, name="org_dashboard"),
    path(_ORG + "erste-schritte/", first_steps.first_steps, name="first_steps"),
    path(_ORG + "baukasten/", kit.kit, name="kit"),
    path(_ORG + "eigene-indikatoren/", indicators.own_list, name="own_list"),
    path(_ORG + "eigene-indikatoren/neu/", indicators.own_create, name="own_create"),
    path(_ORG + "eigene-indikatoren/<str:code>/", indicators.own_edit, name="own_edit"),
    path(_ORG + "ziele/", targets.targets, name="targets"),
    path(_ORG + "ziele/<str:code>/", targets.target_detail, name="target_detail"),
    path(_ORG + "daten/", data.data, name="data"),
    path(_ORG + "daten/hochladen/", data.upload, name="upload"),
    path(_ORG + "daten/hochladen/<int:pk>/", data.upload_detail, name="upload_detail"),
    path(
        _ORG + "daten/hochladen/vorlage.<str:fmt>",
        template.upload_template,
        name="upload_template",
    ),
    path(
        _ORG + "daten/hochladen/<int:pk>/uebernehmen/", data.upload_confirm, name="upload_confirm"
    ),
    path(_ORG + "daten/hochladen/<int:pk>/verwerfen/", data.upload_discard, name="upload_discard"),
    path(_ORG + "daten/<str:code>/", data.grid, name="grid"),
    path(_ORG + "pruefen/", review.review, name="review"),
    path(_ORG + "pruefen/veroeffentlichen/", review.publish, name="publish"),
    path(_ORG + "pruefen/bestaetigen/", review.publish_confirm, name="publish_confirm"),
    path(_ORG + "pruefen/vorschau/<str:code>/", review.preview, name="preview"),
    path(_ORG + "pruefen/verwerfen/", review.drafts_discard, name="drafts_discard"),
    path(_ORG + "protokoll/", review.audit, name="audit"),
    path(_ORG + "protokoll.<str:fmt>", review.audit_download, name="audit_download"),
]
