"""Indicator units are codes of the controlled vocabulary (``;`` between several)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from zielwerk.core.units import load_vocabulary

    vocabulary = load_vocabulary()
    model = apps.get_model("catalogue", "Indicator")
    for spelling in model.objects.values_list("unit", flat=True).distinct():
        code = vocabulary.code_for(spelling)
        if code is not None and code != spelling:
            model.objects.filter(unit=spelling).update(unit=code)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_dnstarget_unit_alter_indicator_framework")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
