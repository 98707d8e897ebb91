from django.urls import path

from zielwerk.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<str:ars>/", views.detail, name="detail"),
]
