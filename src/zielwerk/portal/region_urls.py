from django.urls import path

from zielwerk.portal import region_views as views

app_name = "regions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<str:ars>/", views.detail, name="detail"),
]
