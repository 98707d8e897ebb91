from django.urls import path, re_path

from zielwerk.portal import data_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("quellen/", views.sources, name="sources"),
    path("suche/", views.search, name="search"),
    path("berichtsstand/", views.reporting, name="reporting"),
    path("stand-der-ziele/", views.status, name="status"),
    re_path(
        r"^indikatoren/(?P<code>[^/]+)/daten\.(?P<fmt>csv|xlsx)$",
        data_views.indicator_table,
        name="indicator_table",
    ),
    re_path(
        r"^indikatoren/(?P<code>[^/]+)/(?P<figure>diagramm|karte|vergleich)\.(?P<fmt>svg|png)$",
        data_views.indicator_image,
        name="indicator_image",
    ),
    re_path(
        r"^indikatoren/(?P<code>[^/]+)/karte\.json$",
        data_views.map_values,
        name="indicator_map_values",
    ),
    re_path(
        r"^karten/(?P<level>[a-z]+)/(?P<scope>de|\d{2,5})\.geojson$",
        data_views.outlines,
        name="outlines",
    ),
]
