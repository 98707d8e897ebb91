from django.urls import path

from zielwerk.portal import catalogue_views as views

app_name = "catalogue"

urlpatterns = [
    path("ziele/", views.goals, name="goals"),
    path("ziele/<int:number>/", views.goal, name="goal"),
    path("unterziele/<str:code>/", views.target, name="target"),
    path("indikatoren/<str:code>/", views.indicator, name="indicator"),
    path("nachhaltigkeitsstrategie/", views.dns_indicators, name="dns_indicators"),
]
