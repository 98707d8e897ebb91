from django.urls import path

from zielwerk.portal import region_views as views

app_name = "regions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<str:ars>/", views.detail, name="detail"),
    path(
        "<str:ars>/zusammenhaenge/<str:view>/", views.interlinkage_pairs, name="interlinkage_pairs"
    ),
    path(
        "<str:ars>/zusammenhaenge/<str:view>/<str:level>/<str:chart>.svg",
        views.interlinkage_svg,
        name="interlinkage_svg",
    ),
]
