"""Units become codes of the controlled vocabulary; assessments that broke the scope rule go.

Until now stored assessments were computed with the national (DNS) targets for every
series of an indicator, whatever its region and unit. National targets apply to Germany's
series only, so every stored assessment of another region is removed here (the next import
or ``zielwerk refresh_assessments`` recomputes what applies: Germany against the national
targets, a municipality against its council's targets).
"""

from django.db import migrations

GERMANY = "000000000000"


def forwards(apps, schema_editor):
    from zielwerk.catalogue.units import recode_units

    recode_units(apps.get_model("monitoring", "Observation"), "unit")
    recode_units(apps.get_model("monitoring", "ObservationRevision"), "old_unit")
    Assessment = apps.get_model("monitoring", "Assessment")
    Assessment.objects.exclude(region__ars=GERMANY).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_peerband_peerstanding"), ("regions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
