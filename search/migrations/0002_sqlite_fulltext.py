"""SQLite only: the FTS5 table its search backend reads (search/backends/sqlite.py). A virtual
table has no Django model, so it is made here; PostgreSQL searches the documents' vectors."""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fulltext USING fts5(title, names, summary, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
DROP = "DROP TABLE IF EXISTS search_fulltext"


def run_on_sqlite(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(run_on_sqlite(CREATE), run_on_sqlite(DROP))]
