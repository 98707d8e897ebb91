"""Draft values and council targets store unit codes of the controlled vocabulary."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zielwerk.core.units import load_vocabulary

    vocabulary = load_vocabulary()
    model = apps.get_model("workspace", "StagedObservation")
    for spelling in model.objects.values_list("unit", flat=True).distinct():
        code = vocabulary.code_for(spelling)
        if code is not None and code != spelling:
            model.objects.filter(unit=spelling).update(unit=code)


class Migration(migrations.Migration):
    dependencies = [("workspace", "0002_organisationtarget_unit")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
