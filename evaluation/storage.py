"""Rewriting tables so their data files hold their live rows and nothing else (PostgreSQL).

A deleted or updated row stays in the table's files as a dead row version until it is vacuumed away, with its old
id, its transaction stamp and every column (its index entries stay too). `VACUUM FULL` is no cure: it copies
"recently dead" versions into the new files while any older transaction is open anywhere in the cluster (a backup,
a long report, an idle session), and one often is. So `tables_rewrite` copies the live rows aside, empties the
tables with TRUNCATE (which gives each table and its indexes new, empty files, and removes the old ones when the
transaction commits, whatever other transactions are doing) and writes the rows back. What is left in the files
is exactly what a query can read. TRUNCATE keeps the tables themselves, their names, constraints, indexes and
grants, and takes no lock on the tables their keys point at (dropping and renaming tables would).
"""

from django.db import connection, models

LOCK_TIMEOUT = "10s"  # the rewrite waits this long for readers (a backup holds its tables to the end), then fails


def tables_lock(model_list: list[type[models.Model]]) -> None:
    """Hold the models' tables for this transaction alone (PostgreSQL), in the order given, waiting at most
    LOCK_TIMEOUT. Take them in the order other writers use them, so that nobody waits in a circle."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        before = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
        for model in model_list:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(model._meta.db_table)} IN ACCESS EXCLUSIVE MODE")
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])


def tables_rewrite(model_list: list[type[models.Model]]) -> bool:
    """Replace the contents of the models' tables by their live rows, in the same storage order, inside the
    caller's transaction (PostgreSQL only; elsewhere nothing happens and False is returned). Give every table
    that points at another in the list after it. Readers and writers of these tables wait until the end."""
    if connection.vendor != "postgresql":
        return False
    quote = connection.ops.quote_name
    tables = [model._meta.db_table for model in model_list]
    tables_lock(model_list)
    with connection.cursor() as cursor:
        # TRUNCATE refuses a table with checks still pending in this transaction: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for n, table in enumerate(tables):
            # Only this transaction sees a temporary table, and it is dropped below.
            cursor.execute(f"CREATE TEMPORARY TABLE live_rows_{n} AS SELECT * FROM {quote(table)} ORDER BY ctid")
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)}")
        # Django makes every foreign key deferred: checked at commit again, as before.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for n, table in enumerate(tables):
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM live_rows_{n} ORDER BY ctid")
            cursor.execute(f"DROP TABLE live_rows_{n}")
            cursor.execute(f"ANALYZE {quote(table)}")
    return True
