"""On PostgreSQL the audit log refuses UPDATE and DELETE for everyone, the application included.

TRUNCATE is not covered: it is a deliberate act of a database owner (and how the
test suite empties tables). SQLite, used only by the demo, relies on the
model's own refusal (privacy.models.AppendOnlyQuerySet).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION privacy_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_auditevent_append_only
    BEFORE UPDATE OR DELETE ON privacy_auditevent
    FOR EACH ROW EXECUTE PROCEDURE privacy_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS privacy_auditevent_append_only ON privacy_auditevent;
DROP FUNCTION IF EXISTS privacy_auditevent_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_audit_log_and_purges")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
