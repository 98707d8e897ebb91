"""Units become codes of the controlled vocabulary; assessments that broke the scope rule go.

Until now stored assessments were computed with the national (DNS) targets for every
series of an indicator, whatever its region and unit. National targets apply to Germany's
series only, so every stored assessment of another region is removed here (the next import
or ``zielwerk refresh_assessments`` recomputes what applies: Germany against the national
targets, a municipality against its council's targets).
"""

from django.db import migrations

GERMANY = "000000000000"


def _codes(apps, model_name, field):
    from zielwerk.core.units import load_vocabulary

    vocabulary = load_vocabulary()
    model = apps.get_model("monitoring", model_name)
    for spelling in model.objects.values_list(field, flat=True).distinct():
        code = vocabulary.code_for(spelling)
        if code is not None and code != spelling:
            model.objects.filter(**{field: spelling}).update(**{field: code})


def forwards(apps, schema_editor):
    _codes(apps, "Observation", "unit")
    _codes(apps, "ObservationRevision", "old_unit")
    Assessment = apps.get_model("monitoring", "Assessment")
    Assessment.objects.exclude(region__ars=GERMANY).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_peerband_peerstanding"), ("regions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
