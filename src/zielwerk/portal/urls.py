from django.urls import path

from zielwerk.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("quellen/", views.sources, name="sources"),
]
