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
    for name in ("Observation", "Assessment", "PeerStanding", "PeerBand"):
        model = apps.get_model("monitoring", name)
        # One scan for the rows whose key names a unit, then updates in batches.
        rows = (
            model.objects.filter(series__contains="Units=").order_by().values_list("pk", "series")
        )
        changed = []
        for pk, key in rows.iterator():
            new = _key(vocabulary, key)
            if new != key:
                changed.append(model(pk=pk, series=new))
        model.objects.bulk_update(changed, ["series"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_unit_codes_and_scoped_assessments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
