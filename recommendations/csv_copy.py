"""The CSV download written by PostgreSQL itself (`COPY ... TO STDOUT WITH CSV`).

The row of exports.rows() is computed in SQL instead (labels by CASE, the reader's language by
COALESCE, the link by concatenation, the formula guard by a regular expression), so Python
only passes the database's text through: at 100,000 rows the download is a little slower than
a bare COPY of the same columns instead of several times slower. Cells are the same as the
Python writer's (tests/scale/test_same_output.py reads both back); lines end in "\\n" rather
than "\\r\\n", which every spreadsheet reads alike. Elsewhere than on PostgreSQL, exports.py
writes the rows in Python.
"""

import codecs
import csv

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from recommendations.choices import ImplementationStatus, ResponseState, Stance

# A cell that begins with one of these would run as a formula (ccec/spreadsheets.py).
FORMULA = "^[=+@\t\r-]"
COLUMNS = (
    "csv_reference",
    "csv_title",
    "csv_company",
    "csv_department",
    "csv_stance",
    "csv_state",
    "csv_status",
    "seen_progress",
    "seen_last_update_at",
    "target_date",
    "seen_update_due_on",
    "csv_overdue",
    "csv_link",
)


def available():
    return connection.vendor == "postgresql"


def text(value):
    return Value(str(value), output_field=CharField())


def pick(field, chinese):
    """The reader's language of a translated name, else the other one (as modeltranslation)."""
    own, other = (f"{field}_zh_hans", f"{field}_en") if chinese else (f"{field}_en", f"{field}_zh_hans")
    return Coalesce(NullIf(F(own), text("")), F(other), output_field=CharField())


def labels(field, choices, condition=None):
    """The label of `field`'s value (when `condition` holds), else empty."""
    condition = condition or Q()
    return Case(
        *[When(condition & Q(**{field: value}), then=text(label)) for value, label in choices],
        default=None,
        output_field=CharField(),
    )


def formatted(queryset, show_drafts, today):
    """`queryset` with the export's cells as `COLUMNS` (NULL for an empty cell)."""
    chinese = (get_language() or "").startswith("zh")
    link = f"{settings.SITE_URL}{reverse('recommendations:detail', args=['0'])}"[:-2]
    published = Q(response__state=ResponseState.PUBLISHED)
    shown = Q(response__state__isnull=False) if show_drafts else published
    department = Coalesce(
        NullIf(pick("lead_department__short_name", chinese), text("")),
        pick("lead_department__name", chinese),
        output_field=CharField(),
    )
    queryset = queryset.annotate(
        plain_title=pick("title", chinese),
        plain_company=pick("paper__company__name", chinese),
        plain_department=department,
    )
    guarded = {}
    for name, source in (
        ("csv_reference", "reference"),
        ("csv_title", "plain_title"),
        ("csv_company", "plain_company"),
        ("csv_department", "plain_department"),
    ):
        guarded[name] = NullIf(
            Case(
                When(**{f"{source}__regex": FORMULA}, then=Concat(text("'"), F(source), output_field=CharField())),
                default=F(source),
                output_field=CharField(),
            ),
            text(""),
        )
    late = (Q(response__state__isnull=True) | ~published) & Q(paper__meeting__response_deadline__lt=today)
    return queryset.annotate(
        **guarded,
        csv_stance=labels("response__stance", Stance.choices, shown),
        csv_state=labels("response__state", ResponseState.choices, shown),
        csv_status=labels("seen_status", ImplementationStatus.choices),
        csv_overdue=Case(
            When(late | Q(seen_update_due_on__lt=today), then=text(_("yes"))), default=None, output_field=CharField()
        ),
        csv_link=Concat(text(link), F("reference"), text("/"), output_field=CharField()),
    )


def copy(queryset, show_drafts, today, output, header):
    """Write the byte-order mark, `header` and the rows of `queryset` to the text file `output`."""
    output.write("\ufeff")  # Excel needs the byte-order mark to read UTF-8 (Chinese) correctly
    csv.writer(output, lineterminator="\n").writerow(header)
    rows = QuerySet.values_list(formatted(queryset, show_drafts, today), *COLUMNS)
    sql, params = rows.query.sql_with_params()
    query = connection.ops.compose_sql(sql, params)
    decoder = codecs.getincrementaldecoder("utf-8")()  # a chunk may end inside a character
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as rows:
        for chunk in rows:
            output.write(decoder.decode(bytes(chunk)))
    output.write(decoder.decode(b"", final=True))
