from django.urls import path

from . import views

app_name = "reports_public"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_report, name="report"),
    path("<int:pk>/ausgabe/<int:number>/", views.public_edition, name="edition"),
    path("<int:pk>/ausgabe/<int:number>.<str:fmt>", views.public_download, name="download"),
]
