from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("sprache/", views.language, name="language"),
    path("admin/", admin.site.urls),
    path("regionen/", include("zielwerk.portal.region_urls")),
    path("", include("zielwerk.api.urls")),
    path("konto/", include("zielwerk.accounts.urls")),
    path("arbeitsbereich/", include("zielwerk.reports.urls")),
    path("arbeitsbereich/", include("zielwerk.workspace.urls")),
    path("berichte/", include("zielwerk.reports.public_urls")),
    path("aufgaben/", include("zielwerk.jobs.urls")),
    path("partnerschaften/", include("zielwerk.hub.urls")),
    path("", include("zielwerk.portal.catalogue_urls")),
    path("", include("zielwerk.portal.urls")),
]
