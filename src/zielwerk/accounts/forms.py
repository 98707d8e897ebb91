"""Forms of the accounts app: login with rate limit, invitations, roles, account deletion,
API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Organisation, Role
from .ratelimit import login_attempt_allowed, login_failures_clear


def client_ip(request: HttpRequest | None) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a client can set that header to anything.
    return "" if request is None else str(request.META.get("REMOTE_ADDR", ""))


RATE_LIMITED = _(
    "Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen ist die "
    "Anmeldung für diesen Benutzernamen von Ihrem Anschluss aus für 15 Minuten gesperrt."
)


class LockoutMixin:
    """Refuses further tries after too many failures (``ratelimit``); the same for every
    login form, so the Django admin's login is locked exactly like the site's."""

    cleaned_data: dict[str, Any]
    request: HttpRequest | None
    error_messages: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        if username and not login_attempt_allowed(username=username, ip=ip):
            raise forms.ValidationError(self.error_messages["rate_limited"], code="rate_limited")
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        if username:
            login_failures_clear(username=username, ip=ip)
        return cleaned


class LoginForm(LockoutMixin, AuthenticationForm):
    """Django's login form, refusing further tries after too many failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Benutzername oder Passwort ist falsch. Bitte achten Sie auf Groß- und Kleinschreibung."
        ),
        "rate_limited": RATE_LIMITED,
    }


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    """The Django admin's login form with the same lockout (``admin.site.login_form``)."""

    error_messages = {**AdminAuthenticationForm.error_messages, "rate_limited": RATE_LIMITED}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices, initial=Role.VIEWER)


class ApiTokenForm(forms.Form):
    VALIDITY = [
        ("30", _("30 Tage")),
        ("90", _("90 Tage")),
        ("365", _("ein Jahr")),
        ("", _("unbegrenzt (bis zum Widerruf)")),
    ]

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Wofür das Token dient, z. B. „Statistikstelle Nachtlauf“."),
    )
    scope = forms.ChoiceField(
        label=_("Berechtigung"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.WRITE
    )
    validity = forms.ChoiceField(
        label=_("Gültigkeit"), choices=VALIDITY, initial="365", required=False
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        taken = ApiToken.objects.filter(
            organisation=self.organisation, name=name, revoked_at__isnull=True
        ).exists()
        if taken:
            raise forms.ValidationError(
                _("Es gibt schon ein gültiges Token mit diesem Namen."), code="taken"
            )
        return name


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    """A new account for an invited person (the e-mail address comes from the invitation)."""

    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined,misc]
        model = get_user_model()
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.email = email


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort zur Bestätigung"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort ist nicht richtig."), code="wrong")
        return password
