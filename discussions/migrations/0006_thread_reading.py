"""How far each person read each discussion (discussions.reading). Who already wrote in a thread
has read it up to their own newest post there (as every new post records from now on): what
others wrote after it is new to them."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def read_up_to_what_one_wrote(apps, schema_editor):
    Post = apps.get_model("discussions", "Post")
    ThreadReading = apps.get_model("discussions", "ThreadReading")
    newest_own = (
        Post.objects.order_by()
        .values("author_id", "thread_id")
        .annotate(newest=models.Max("pk"))
        .values_list("author_id", "thread_id", "newest")
    )
    ThreadReading.objects.bulk_create(
        (
            ThreadReading(user_id=author, thread_id=thread, last_post_id=newest)
            for author, thread, newest in newest_own.iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('discussions', '0005_merge_note_is_its_reason'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ThreadReading',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('last_post_id', models.PositiveIntegerField(default=0, verbose_name='gelezen tot bericht')),
                ('read_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='gelezen op')),
                ('thread', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='readings', to='discussions.thread', verbose_name='discussie')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'leesstand van een discussie',
                'verbose_name_plural': 'leesstanden van discussies',
                'constraints': [models.UniqueConstraint(fields=('user', 'thread'), name='one_reading_per_thread')],
            },
        ),
        migrations.RunPython(read_up_to_what_one_wrote, migrations.RunPython.noop),
    ]
