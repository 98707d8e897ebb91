"""Factories for accounts and workspace tests: small, real catalogue and region rows."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from zielwerk.accounts.models import Membership, Organisation
from zielwerk.catalogue.models import Goal, Indicator, Target
from zielwerk.regions.models import Region

PASSWORD = "ein-langes-Passwort-2025"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("ars",)

    ars = factory.Sequence(lambda n: f"05154{n:07d}")
    ags = factory.LazyAttribute(lambda r: r.ars[:5] + r.ars[9:])
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    name_folded = factory.LazyAttribute(lambda r: r.name.lower())
    level = Region.Level.GEMEINDE


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        django_get_or_create = ("number",)

    number = 7
    title_de = factory.LazyAttribute(lambda g: f"Ziel {g.number}")
    title_en = factory.LazyAttribute(lambda g: f"Goal {g.number}")
    short_de = factory.LazyAttribute(lambda g: f"Ziel {g.number}")
    short_en = factory.LazyAttribute(lambda g: f"Goal {g.number}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target
        django_get_or_create = ("code",)

    code = "7.2"
    goal = factory.SubFactory(GoalFactory)
    title_de = "Erneuerbare Energie"
    title_en = "Renewable energy"
    sort_key = factory.LazyAttribute(lambda t: t.code)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"7.2.{n + 1}")
    framework = Indicator.Framework.UN
    goal = factory.SubFactory(GoalFactory)
    sort_key = factory.LazyAttribute(lambda i: i.code)
    title_de = factory.LazyAttribute(lambda i: f"Indikator {i.code}")
    title_en = factory.LazyAttribute(lambda i: f"Indicator {i.code}")
    unit = "Prozent"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stadt {n}")
    slug = factory.Sequence(lambda n: f"stadt-{n}")
    kind = Organisation.Kind.GEMEINDE
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "viewer"
