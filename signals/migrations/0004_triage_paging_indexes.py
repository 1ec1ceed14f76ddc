"""The triage at a million signals (README, "Signals"): an index of the open signals and a stored search vector.

``signal_open_idx``: the open signals newest first, with the columns of every queue and triage filter, so
that the default list walks it from a cursor and its capped count reads only the index.

On PostgreSQL the Dutch full-text search moves from the expression index of 0002 to a stored generated
column ``search_vector`` with its own GIN index. Walking the newest-first index and testing each row is
then cheap (a stored vector instead of ``to_tsvector`` per row). The model does not declare the column
(SQLite has no tsvector); ``SignalQuerySet.search`` names it. Adding it rewrites the table: about a
minute at a million signals, with the table locked.
"""

from django.conf import settings
from django.db import migrations, models

ADD_SEARCH_VECTOR = [
    "ALTER TABLE signals_signal ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS signal_search_idx ON signals_signal USING gin (search_vector)",
    "DROP INDEX IF EXISTS signal_text_fts_idx",
    # The planner's word frequencies for the new column, now rather than at the next autovacuum.
    "ANALYZE signals_signal (search_vector)",
]
DROP_SEARCH_VECTOR = [
    "CREATE INDEX IF NOT EXISTS signal_text_fts_idx ON signals_signal "
    "USING gin (to_tsvector('dutch'::regconfig, COALESCE(text, '')))",
    "ALTER TABLE signals_signal DROP COLUMN IF EXISTS search_vector",  # drops signal_search_idx with it
]


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in ADD_SEARCH_VECTOR:
            schema_editor.execute(statement)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP_SEARCH_VECTOR:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0003_council_phone"),
        ("members", "0005_user_wants_signal_digest"),
        ("signals", "0003_signal_counts_rollup"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # First the column (the table rewrite rebuilds every index), then the new index.
        migrations.RunPython(add_search_vector, drop_search_vector),
        migrations.AddIndex(
            model_name="signal",
            index=models.Index(
                condition=models.Q(("status__in", ("nieuw", "in_behandeling", "opgepakt"))),
                fields=[
                    "-created_at",
                    "-id",
                    "municipality",
                    "is_regional",
                    "referred_to_region_at",
                    "theme",
                    "neighbourhood",
                    "channel",
                    "speaker",
                    "reopen_requested_at",
                ],
                name="signal_open_idx",
            ),
        ),
    ]
