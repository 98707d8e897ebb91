from django.urls import path

from . import views

app_name = "hub"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("netzwerke/", views.network_list, name="networks"),
    path("netzwerke/<int:pk>/", views.network_detail, name="network"),
    path("<str:ars>/", views.region_detail, name="region"),
    path("<str:ars>/neu/", views.partnership_add, name="add"),
]
