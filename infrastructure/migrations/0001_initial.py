# The mail outbox moved here from the project package (ijmond_participatie). The model state is created
# here and deleted there (ijmond_participatie 0003) without touching its rows; the table is renamed.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("ijmond_participatie", "0002_outbox_at_rest"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                # Plain SQL: the model has no state in this app yet when the database operation runs.
                migrations.RunSQL(
                    "ALTER TABLE ijmond_participatie_outboxmessage RENAME TO infrastructure_outboxmessage",
                    reverse_sql="ALTER TABLE infrastructure_outboxmessage RENAME TO ijmond_participatie_outboxmessage",
                ),
            ],
            state_operations=[
        migrations.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='aangemaakt')),
                ('dedup_key', models.CharField(blank=True, max_length=200, null=True, unique=True, verbose_name='unieke sleutel')),
                ('subject', models.CharField(max_length=255, verbose_name='onderwerp')),
                ('body', models.TextField(verbose_name='tekst')),
                ('html_body', models.TextField(blank=True, verbose_name='HTML-tekst')),
                ('from_email', models.CharField(max_length=255, verbose_name='afzender')),
                ('to', models.JSONField(default=list, verbose_name='aan')),
                ('cc', models.JSONField(blank=True, default=list, verbose_name='cc')),
                ('bcc', models.JSONField(blank=True, default=list, verbose_name='bcc')),
                ('reply_to', models.JSONField(blank=True, default=list, verbose_name='antwoord naar')),
                ('headers', models.JSONField(blank=True, default=dict, verbose_name='kopregels')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='pogingen')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='volgende poging')),
                ('last_error', models.TextField(blank=True, verbose_name='laatste fout')),
                ('sent_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='verzonden')),
                ('kind', models.CharField(blank=True, max_length=50, verbose_name='soort')),
                ('recipient_hash', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='ontvanger (hash)')),
                ('erased_at', models.DateTimeField(blank=True, null=True, verbose_name='inhoud gewist')),
            ],
            options={
                'verbose_name': 'uitgaand bericht',
                'verbose_name_plural': 'uitgaande berichten',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['sent_at', 'next_attempt_at'], name='outbox_due_idx')],
            },
        ),
            ],
        ),
    ]
