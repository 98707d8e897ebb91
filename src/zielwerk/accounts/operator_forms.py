"""Forms of the platform operator area: region search, a new organisation, its administrator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zielwerk.regions.models import Region

from .models import Organisation
from .services import KIND_OF_LEVEL, SLUG_MAX, organisation_slug_suggest

QUERY_MAX = 100


class RegionSearchForm(forms.Form):
    """The search over region names, AGS and ARS (``regions.selectors.region_search``)."""

    q = forms.CharField(
        label=_("Region suchen: Name, AGS oder ARS"),
        help_text=_("z. B. „Kleve“, „05154“ oder „051540004004“"),
        required=False,
        strip=True,
        max_length=QUERY_MAX,
        error_messages={
            "max_length": _(
                "Der Suchbegriff ist zu lang: höchstens %(limit_value)d Zeichen "
                "(eingegeben: %(show_value)d)."
            )
        },
    )


class OrganisationForm(forms.Form):
    """Name, short name and kind of a new organisation for an already chosen region."""

    name = forms.CharField(label=_("Name der Organisation"), max_length=200)
    slug = forms.SlugField(
        label=_("Kurzname in der Adresse"),
        max_length=SLUG_MAX,
        required=False,
        help_text=_(
            "Kleinbuchstaben, Ziffern und Bindestriche, z. B. „bedburg-hau“; leer lassen, "
            "dann wird er aus dem Namen gebildet."
        ),
        error_messages={
            "invalid": _(
                "Der Kurzname darf nur Kleinbuchstaben, Ziffern, Bindestriche und Unterstriche "
                "enthalten."
            )
        },
    )
    kind = forms.ChoiceField(label=_("Art der Organisation"), choices=Organisation.Kind.choices)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "name": region.name,
                "kind": KIND_OF_LEVEL.get(region.level, Organisation.Kind.NETWORK),  # type: ignore[call-overload]
            },
        )
        super().__init__(*args, **kwargs)
        self.region = region

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        if not slug:
            return ""
        taken = Organisation.objects.filter(slug=slug).first()
        if taken is not None:
            raise forms.ValidationError(
                _(
                    "Der Kurzname „%(slug)s“ ist schon vergeben (an „%(name)s“). "
                    "Bitte wählen Sie einen anderen oder lassen Sie das Feld leer."
                ),
                code="slug_taken",
                params={"slug": slug, "name": taken.name},
            )
        return slug

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = organisation_slug_suggest(name=cleaned["name"])
        return cleaned


class AdminInvitationForm(forms.Form):
    """The e-mail address of the organisation's (first) administrator."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse der Verwaltung"),
        help_text=_(
            "An diese Adresse geht der Einladungslink. Annehmen kann ihn nur ein Konto mit "
            "genau dieser Adresse; es erhält die Rolle „Verwalten“."
        ),
        max_length=254,
    )
