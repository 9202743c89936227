import re

from django.db import migrations, models

NUMBER = re.compile(r"\d+")


def fill_sort_codes(apps, schema_editor):
    """Existing items get the padded code that save() keeps from now on (agenda.models.code_sort_key)."""
    AgendaItem = apps.get_model("agenda", "AgendaItem")
    batch = []
    for item in AgendaItem.objects.only("pk", "code").iterator(chunk_size=2000):
        item.sort_code = NUMBER.sub(lambda number: number.group().zfill(8), item.code.strip())
        batch.append(item)
        if len(batch) == 2000:
            AgendaItem.objects.bulk_update(batch, ["sort_code"])
            batch = []
    AgendaItem.objects.bulk_update(batch, ["sort_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0004_waterbed_detail_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="sort_code",
            field=models.CharField(
                default="", editable=False, max_length=200, verbose_name="sorteercode"
            ),
        ),
        migrations.RunPython(fill_sort_codes, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="agendaitem",
            options={
                "ordering": ["part__number", "sort_code", "pk"],
                "verbose_name": "agendapunt",
                "verbose_name_plural": "agendapunten",
            },
        ),
    ]
