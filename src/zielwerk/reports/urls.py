from django.urls import path

from . import views

app_name = "reports"

_ORG = "<slug:org>/berichte/"

urlpatterns = [
    path(_ORG, views.report_list, name="list"),
    path(_ORG + "<int:pk>/", views.report_detail, name="detail"),
    path(_ORG + "<int:pk>/texte/<slug:key>/", views.text_edit, name="text"),
    path(_ORG + "<int:pk>/logo/", views.logo, name="logo"),
    path(_ORG + "<int:pk>/erzeugen/", views.build, name="build"),
    path(_ORG + "<int:pk>/veroeffentlichen/", views.publish, name="publish"),
    path(_ORG + "<int:pk>/ausgabe/<int:number>/", views.edition, name="edition"),
    path(_ORG + "<int:pk>/ausgabe/<int:number>.<str:fmt>", views.download, name="download"),
]
