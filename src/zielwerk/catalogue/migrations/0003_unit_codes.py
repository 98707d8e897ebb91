"""Indicator units are codes of the controlled vocabulary (``;`` between several)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zielwerk.catalogue.units import recode_units

    recode_units(apps.get_model("catalogue", "Indicator"), "unit")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_dnstarget_unit_alter_indicator_framework")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
