"""Organisations, their members' roles and invitations by e-mail link."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a member may do in an organisation; each role includes the ones before it."""

    VIEWER = "viewer", _("Lesen")
    EDITOR = "editor", _("Bearbeiten")
    PUBLISHER = "publisher", _("Veröffentlichen")
    ADMIN = "admin", _("Verwalten")


ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 1,
    Role.EDITOR: 2,
    Role.PUBLISHER: 3,
    Role.ADMIN: 4,
}


class Organisation(models.Model):
    """A municipality, district, Land or network/service body working with Zielwerk."""

    class Kind(models.TextChoices):
        GEMEINDE = "gemeinde", _("Gemeinde oder Stadt")
        KREIS = "kreis", _("Kreis")
        LAND = "land", _("Land")
        NETWORK = "network", _("Netzwerk oder Servicestelle")

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=60, unique=True)
    kind = models.CharField(_("Art"), max_length=8, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("Region"),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("Rolle"), max_length=9, choices=Role.choices)
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)
    last_visit_at = models.DateTimeField(_("letzter Besuch"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organisation_id}: {self.role}"


class Invitation(models.Model):
    """An invitation to join an organisation; only a hash of the link's token is stored."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=9, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingeladen von"),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.role}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A key for the write API of one organisation; only a SHA-256 hash of it is stored.

    It acts as the member who created it, with that member's role at the time of use, so it
    can never do more than its creator may do in the web application (and less when its
    scope is ``read``).
    """

    class Scope(models.TextChoices):
        READ = "read", _("Lesen (auch Entwürfe)")
        WRITE = "write", _("Lesen und Schreiben")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("Name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(
        _("Berechtigung"), max_length=5, choices=Scope.choices, default=Scope.WRITE
    )
    # A token acts as its creator: when the person's account is deleted, their tokens go too.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("widerrufen von"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="apitoken_name_unique",
            )
        ]
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Token")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def label(self) -> str:
        """How the token appears as the source in the audit trail and import runs."""
        return f"API-Token {self.name}"
