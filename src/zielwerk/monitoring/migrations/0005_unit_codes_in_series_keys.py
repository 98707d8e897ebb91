"""Series keys name a unit by its code (``Units=percent``), as the Open SDG reader now does."""

from django.db import migrations


def _key(vocabulary, key):
    parts = []
    for part in key.split("|"):
        name, _, value = part.partition("=")
        if name == "Units":
            value = vocabulary.code_for(value) or value
        parts.append(f"{name}={value}" if _ else part)
    return "|".join(parts)


def forwards(apps, schema_editor):
    from zielwerk.core.units import load_vocabulary

    vocabulary = load_vocabulary()
    for app, name in (
        ("monitoring", "Observation"),
        ("monitoring", "Assessment"),
        ("monitoring", "PeerStanding"),
        ("monitoring", "PeerBand"),
    ):
        model = apps.get_model(app, name)
        keys = model.objects.filter(series__contains="Units=").values_list("series", flat=True)
        for key in set(keys):
            new = _key(vocabulary, key)
            if new != key:
                model.objects.filter(series=key).update(series=new)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_unit_codes_and_scoped_assessments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
