"""``zielwerk create_organisation``: an organisation and (optionally) its first member."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zielwerk.accounts.models import Membership, Organisation, Role
from zielwerk.accounts.services import organisation_create, user_create
from zielwerk.regions.models import Region


class Command(BaseCommand):
    help = (
        "Legt eine Organisation an (Region per ARS) und optional ein Mitglied. Das Passwort "
        "eines neuen Kontos kommt aus der Umgebungsvariablen ZIELWERK_MEMBER_PASSWORD."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--region", required=True, help="ARS (12 Stellen) oder AGS")
        parser.add_argument("--kind", choices=Organisation.Kind.values, default="gemeinde")
        parser.add_argument("--member", help="Benutzername eines (neuen oder bestehenden) Kontos")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", choices=Role.values, default=Role.ADMIN)

    def handle(self, *args: Any, **options: Any) -> None:
        region = (
            Region.objects.filter(ars=options["region"]).first()
            or Region.objects.filter(ags=options["region"]).first()
        )
        if region is None:
            raise CommandError(f"Region {options['region']} nicht gefunden")
        organisation = Organisation.objects.filter(slug=options["slug"]).first()
        if organisation is None:
            organisation = organisation_create(
                name=options["name"], slug=options["slug"], kind=options["kind"], region=region
            )
        self.stdout.write(f"Organisation: {organisation.name} ({organisation.slug})")
        if options["member"]:
            user = self._user(options["member"], options["email"])
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": options["role"]}
            )
            self.stdout.write(f"Mitglied: {user.username} ({options['role']})")

    def _user(self, username: str, email: str) -> Any:
        found = get_user_model().objects.filter(username=username).first()
        if found is not None:
            return found
        password = os.environ.get("ZIELWERK_MEMBER_PASSWORD", "")
        if not password:
            raise CommandError("ZIELWERK_MEMBER_PASSWORD ist nicht gesetzt")
        try:
            return user_create(username=username, email=email, password=password)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
