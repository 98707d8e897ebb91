"""Draft values and council targets store unit codes of the controlled vocabulary."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zielwerk.catalogue.units import recode_units

    recode_units(apps.get_model("workspace", "StagedObservation"), "unit")


class Migration(migrations.Migration):
    dependencies = [("workspace", "0002_organisationtarget_unit")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
