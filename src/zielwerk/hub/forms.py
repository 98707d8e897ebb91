"""The form an editor of a municipality uses to enter a partnership."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _

from .models import Partnership

FIRST_YEAR = 1900


class PartnershipForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Partnership
        fields = ("partner_name", "partner_country", "kind", "since", "partner_lat", "partner_lon",
                  "source")  # fmt: skip

    def __init__(self, *args: Any, region: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        since = self.fields["since"]
        since.validators += [
            MinValueValidator(FIRST_YEAR),
            MaxValueValidator(datetime.date.today().year),
        ]
        self.fields["partner_lat"].validators += [MinValueValidator(-90), MaxValueValidator(90)]
        self.fields["partner_lon"].validators += [MinValueValidator(-180), MaxValueValidator(180)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, country = data.get("partner_name"), data.get("partner_country")
        if (data.get("partner_lat") is None) != (data.get("partner_lon") is None):
            raise forms.ValidationError(_("Bitte Breiten- und Längengrad zusammen angeben."))
        if (
            name
            and country
            and Partnership.objects.filter(
                region=self.region, partner_name=name, partner_country=country
            ).exists()
        ):
            raise forms.ValidationError(
                _("Diese Partnerschaft ist schon erfasst: %(name)s (%(country)s).")
                % {"name": name, "country": country}
            )
        return data
