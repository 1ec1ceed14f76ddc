# The mail outbox moved to the infrastructure app (its 0001 renames the table and keeps every row);
# only the model state leaves this app.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ijmond_participatie", "0002_outbox_at_rest"),
        ("infrastructure", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
        ),
    ]
