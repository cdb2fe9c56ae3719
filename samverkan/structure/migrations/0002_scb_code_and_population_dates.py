# Principals get SCB's code (kommunkod, länskod); a population figure is held per reference date.

import datetime

import django.core.validators
from django.db import migrations, models


def date_every_figure(apps, schema_editor):
    """A figure recorded for a year without a date was that year's figure: 31 December."""
    Population = apps.get_model("structure", "Population")
    for population in Population.objects.filter(reference_date__isnull=True):
        population.reference_date = datetime.date(population.year, 12, 31)
        population.save(update_fields=["reference_date"])


class Migration(migrations.Migration):

    dependencies = [
        ("structure", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="principal",
            name="scb_code",
            field=models.CharField(
                blank=True,
                help_text="SCB's code: the kommunkod of a municipality (1480), the länskod of a region (14). Official population figures are matched by it.",
                max_length=4,
                validators=[
                    django.core.validators.RegexValidator(
                        "^(?:[0-9]{2}|[0-9]{4})$",
                        "Write the kommunkod (four digits, e.g. 1480) or, for a region, the länskod (two digits, e.g. 14).",
                    )
                ],
                verbose_name="municipality or county code",
            ),
        ),
        migrations.AddConstraint(
            model_name="principal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("scb_code", ""), _negated=True), fields=("scb_code",), name="principal_scb_code_unique"
            ),
        ),
        migrations.AlterField(
            model_name="population",
            name="year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                help_text="The year whose official (31 December) figure this is; empty for a figure at another date.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1900)],
                verbose_name="year",
            ),
        ),
        migrations.RunPython(date_every_figure, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="population",
            name="reference_date",
            field=models.DateField(verbose_name="reference date"),
        ),
        migrations.AddConstraint(
            model_name="population",
            constraint=models.UniqueConstraint(fields=("principal", "reference_date"), name="population_one_per_date"),
        ),
        migrations.AlterModelOptions(
            name="population",
            options={
                "ordering": ["principal", "-reference_date"],
                "verbose_name": "population",
                "verbose_name_plural": "populations",
            },
        ),
    ]
