import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalogue', '0001_initial'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actor', models.CharField(blank=True, max_length=150, verbose_name='ausgeführt von')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='Beginn')),
                ('source', models.TextField(blank=True, verbose_name='Quelle')),
                ('file_name', models.CharField(blank=True, max_length=500, verbose_name='Datei')),
                ('file_format', models.CharField(blank=True, max_length=20, verbose_name='Format')),
                ('checksum', models.CharField(blank=True, max_length=64, verbose_name='Prüfsumme (SHA-256)')),
                ('rows_read', models.PositiveIntegerField(default=0, verbose_name='gelesen')),
                ('created', models.PositiveIntegerField(default=0, verbose_name='neu')),
                ('unchanged', models.PositiveIntegerField(default=0, verbose_name='unverändert')),
                ('revised', models.PositiveIntegerField(default=0, verbose_name='revidiert')),
                ('skipped', models.PositiveIntegerField(default=0, verbose_name='ausgelassen')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='import_runs', to=settings.AUTH_USER_MODEL, verbose_name='Benutzer')),
            ],
            options={
                'verbose_name': 'Importlauf',
                'verbose_name_plural': 'Importläufe',
                'ordering': ['-started_at'],
            },
        ),
        migrations.CreateModel(
            name='Observation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('series', models.CharField(blank=True, default='', max_length=500, verbose_name='Reihe')),
                ('year', models.SmallIntegerField(verbose_name='Jahr')),
                ('period', models.CharField(blank=True, default='', help_text='wie veröffentlicht, wenn nicht ein Kalenderjahr (z. B. 2025/1)', max_length=40, verbose_name='Zeitraum')),
                ('value', models.FloatField(verbose_name='Wert')),
                ('unit', models.CharField(blank=True, default='', max_length=200, verbose_name='Einheit')),
                ('flags', models.CharField(blank=True, default='', help_text='p vorläufig, s geschätzt, r berichtigt, | Zeitreihenbruch …', max_length=12, verbose_name='Kennzeichen')),
                ('source', models.TextField(blank=True, default='', verbose_name='Quelle')),
                ('import_run', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='observations', to='monitoring.importrun')),
                ('indicator', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='observations', to='catalogue.indicator')),
                ('region', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='observations', to='regions.region')),
            ],
            options={
                'verbose_name': 'Beobachtung',
                'verbose_name_plural': 'Beobachtungen',
                'ordering': ['indicator', 'region', 'series', 'year'],
            },
        ),
        migrations.CreateModel(
            name='ObservationRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_value', models.FloatField(verbose_name='bisheriger Wert')),
                ('old_unit', models.CharField(blank=True, default='', max_length=200, verbose_name='bisherige Einheit')),
                ('old_flags', models.CharField(blank=True, default='', max_length=12, verbose_name='bisherige Kennzeichen')),
                ('import_run', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='revisions', to='monitoring.importrun', verbose_name='ändernder Importlauf')),
                ('observation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='monitoring.observation')),
                ('old_import_run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='monitoring.importrun', verbose_name='bisheriger Importlauf')),
            ],
            options={
                'verbose_name': 'Revision',
                'verbose_name_plural': 'Revisionen',
                'ordering': ['observation', '-import_run'],
            },
        ),
        migrations.AddIndex(
            model_name='observation',
            index=models.Index(fields=['region', 'indicator'], name='observation_region_idx'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.UniqueConstraint(fields=('indicator', 'region', 'series', 'year'), name='observation_unique_key'),
        ),
    ]
