from django.urls import path

from . import operator_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("daten.json", views.account_data, name="account_data"),
    path("loeschen/", views.account_delete, name="account_delete"),
    path("einladung/<str:token>/", views.invitation, name="invitation"),
    path("organisationen/<slug:org>/mitglieder/", views.members, name="members"),
    path(
        "organisationen/<slug:org>/mitglieder/<int:pk>/rolle/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisationen/<slug:org>/mitglieder/<int:pk>/entfernen/",
        views.member_remove,
        name="member_remove",
    ),
    path("organisationen/<slug:org>/api-token/", views.api_tokens, name="api_tokens"),
    path(
        "organisationen/<slug:org>/api-token/<int:pk>/widerrufen/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "organisationen/<slug:org>/einladungen/<int:pk>/zurueckziehen/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    # The platform operator area (``operator_views``; ``<slug:slug>``, not ``<slug:org>``:
    # operators act on any organisation, not as its members).
    path("betrieb/", operator_views.organisations, name="operator_organisations"),
    path(
        "betrieb/organisation-anlegen/",
        operator_views.organisation_create,
        name="operator_create",
    ),
    path(
        "betrieb/organisationen/<slug:slug>/verwaltung-einladen/",
        operator_views.admin_invite,
        name="operator_invite",
    ),
]
