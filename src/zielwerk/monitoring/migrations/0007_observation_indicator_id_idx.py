"""Index for keyset pages of one indicator's observations in primary-key order (issue 13)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_unit_codes"),
        ("monitoring", "0006_importrun_edition"),
        ("regions", "0003_regions_abroad"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="observation",
            index=models.Index(fields=["indicator", "id"], name="observation_indicator_id_idx"),
        ),
    ]
