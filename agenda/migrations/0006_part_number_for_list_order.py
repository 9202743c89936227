from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_part_numbers(apps, schema_editor):
    """Existing items get their part's number, which save() keeps from now on."""
    AgendaItem = apps.get_model("agenda", "AgendaItem")
    AgendaPart = apps.get_model("agenda", "AgendaPart")
    AgendaItem.objects.update(
        part_number=Subquery(AgendaPart.objects.filter(pk=OuterRef("part_id")).values("number")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0005_natural_code_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="part_number",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="deelnummer"
            ),
        ),
        migrations.RunPython(fill_part_numbers, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="agendaitem",
            options={
                "ordering": ["part_number", "sort_code", "pk"],
                "verbose_name": "agendapunt",
                "verbose_name_plural": "agendapunten",
            },
        ),
        migrations.AddIndex(
            model_name="agendaitem",
            index=models.Index(
                fields=["part_number", "sort_code", "id"], name="agenda_agen_part_nu_5e371b_idx"
            ),
        ),
    ]
