"""Inserting many generated rows fast: PostgreSQL's COPY, or bulk_create on other databases.

Used by the scale dataset (scale.py) only; the application writes through its models. The rows
are the model instances as bulk_create would write them (each field's pre_save and database
value, the related objects' new keys), so both paths store the same values.
"""

import io

from django.db import connection
from django.utils import timezone

BATCH = 2000


def insert(model, objects, computed=None):
    """Insert `objects` of `model`, setting each one's primary key. `computed` maps columns
    that PostgreSQL computes from the others to their SQL (e.g. a tsvector of a text column):
    the rows then go through a temporary table, so each is written once, complete."""
    objects = list(objects)
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=BATCH)
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
    fields = [field for field in meta.concrete_fields if field.get_internal_type() != "SearchVectorField"]
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objects:
                setattr(obj, field.attname, now)  # as pre_save() would, once for the batch
    # The plain values bulk_create would write: dates, numbers, text and keys need no conversion.
    names = [field.attname for field in fields]
    buffer = io.StringIO()
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="insert")
        buffer.write("\t".join([_text(getattr(obj, name)) for name in names]))
        buffer.write("\n")
        obj._state.adding = False
        obj._state.db = connection.alias
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if not computed:
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            return objects
        sql = f"CREATE TEMPORARY TABLE bulk_staging AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        cursor.execute(sql)
        cursor.cursor.copy_expert(f"COPY bulk_staging ({columns}) FROM STDIN", buffer)
        targets = ", ".join(connection.ops.quote_name(column) for column in computed)
        # Quoted names and the caller's SQL expressions, no data.
        sql = f"INSERT INTO {table} ({columns}, {targets}) SELECT {columns}, {', '.join(computed.values())}"
        cursor.execute(f"{sql} FROM bulk_staging")
        cursor.execute("DROP TABLE bulk_staging")
    return objects


def without_gin_indexes(table, work):
    """Run `work` with `table`'s GIN indexes dropped, then build them again (much faster than
    updating them row by row). Elsewhere than on PostgreSQL, or inside a transaction (a test's:
    PostgreSQL cannot build an index while deferred foreign-key checks are pending), just run it."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return work()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%USING gin%"],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        result = work()
        for _name, definition in indexes:
            cursor.execute(definition)
    return result


def _text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
