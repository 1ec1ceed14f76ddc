"""A GIN index for the Dutch full-text search of the triage queue (PostgreSQL only).

The expression matches what ``SignalQuerySet.search`` builds (SearchVector("text", config="dutch")),
so the planner can use it. SQLite has no such index; there the search is a plain substring match.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS signal_text_fts_idx ON signals_signal "
    "USING gin (to_tsvector('dutch'::regconfig, COALESCE(text, '')))"
)
DROP = "DROP INDEX IF EXISTS signal_text_fts_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
