"""Inserting many generated rows fast: PostgreSQL's COPY, or bulk_create on other databases.

Used by the scale dataset (scale.py) only; the application writes through its models. The rows
are the model instances as bulk_create would write them (each field's pre_save and database
value, the related objects' new keys), so both paths store the same values.
"""

import io
import multiprocessing
import os

from django.db import connection, connections
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
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as stream:
                stream.write(buffer.getvalue())
            return objects
        sql = f"CREATE TEMPORARY TABLE bulk_staging AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        cursor.execute(sql)
        with cursor.cursor.copy(f"COPY bulk_staging ({columns}) FROM STDIN") as stream:
            stream.write(buffer.getvalue())
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
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
    return result


def in_processes(work, items, processes=None):
    """`work(share)` over `items` split in turns between PROCESSES forked processes, each with
    its own database connection, so the database computes and writes on every core. Serial
    where that cannot be (not PostgreSQL, inside a transaction: a child would not see its
    rows; no fork on this platform)."""
    processes = min(len(items), processes or os.cpu_count() or 1)
    methods = multiprocessing.get_all_start_methods()
    if processes < 2 or connection.vendor != "postgresql" or connection.in_atomic_block or "fork" not in methods:
        return work(items)
    connections.close_all()  # each child opens its own
    children = [
        multiprocessing.get_context("fork").Process(target=_child, args=(work, items[index::processes]))
        for index in range(processes)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
    failed = [child.exitcode for child in children if child.exitcode]
    if failed:
        raise RuntimeError(f"a process writing the rows failed (exit status {failed[0]})")
    return None


def _child(work, share):
    try:
        work(share)
    finally:
        connections.close_all()


def _text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
