"""The report's rows: one per recommendation, with its published response and its latest
shared update, for the files (XLSX, DOCX, PDF); and the language pick of values() rows."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ccec.bilingual import in_language
from recommendations.choices import ImplementationStatus, ResponseState, Stance, Visibility
from recommendations.models import ProgressUpdate


def localized(values, prefix, language):
    """The `prefix` column of a values() row in `language`, falling back to the other language."""
    suffixes = ["en", "zh_hans"] if language == "en" else ["zh_hans", "en"]
    for suffix in suffixes:
        value = values.get(f"{prefix}_{suffix}")
        if value:
            return value
    return ""


# What a row reads, as plain values: a model instance per recommendation, paper, company,
# department, response and topic took most of a 10,000-row report's time.
ROW_FIELDS = (
    "pk",
    "reference",
    "title_en",
    "title_zh_hans",
    "text_en",
    "text_zh_hans",
    "parent_id",
    "paper__company_id",
    "paper__company__name_en",
    "paper__company__name_zh_hans",
    "paper__meeting__response_deadline",
    "lead_department_id",
    "lead_department__short_name_en",
    "lead_department__short_name_zh_hans",
    "lead_department__name_en",
    "lead_department__name_zh_hans",
    "response__state",
    "response__stance",
    "response__text_en",
    "response__text_zh_hans",
    "response__published_at",
    "seen_status",
    "seen_progress",
    "seen_update_due_on",
    "target_date",
    "shared_date",
    "shared_note_en",
    "shared_note_zh_hans",
)


def picked(row, prefix, language):
    """A translated column as modeltranslation shows it: `language`'s, else the other's."""
    return in_language(row[f"{prefix}_en"], row[f"{prefix}_zh_hans"], language)


def topics_of(base, language):
    """{recommendation id: [topic names in the topics' order]} for the recommendations of `base`."""
    from meetings.models import Topic
    from recommendations.models import Recommendation

    links = (
        Recommendation.topics.through.objects.filter(recommendation__in=base.order_by().values("pk"))
        .order_by(*(f"topic__{name}" for name in Topic._meta.ordering))
        .values("recommendation_id", "topic__name_en", "topic__name_zh_hans")
    )
    names = {}
    for link in links:
        names.setdefault(link["recommendation_id"], []).append(picked(link, "topic__name", language) or "")
    return names


def recommendation_rows(base, language, today):
    """One row per recommendation: its published response and its latest shared update."""
    shared = ProgressUpdate.objects.filter(recommendation=OuterRef("pk"), visibility=Visibility.SHARED).order_by(
        "-date", "-created_at"
    )
    queryset = base.annotate(
        shared_date=Subquery(shared.values("date")[:1]),
        shared_note_en=Subquery(shared.values("note_en")[:1]),
        shared_note_zh_hans=Subquery(shared.values("note_zh_hans")[:1]),
    ).order_by("sort_key")
    topics = topics_of(base, language)
    stances, statuses = dict(Stance.choices), dict(ImplementationStatus.choices)
    unattributed, unassigned, no_topic = _("Unattributed"), _("Unassigned"), _("No topic")
    rows = []
    for row in QuerySet.values(queryset, *ROW_FIELDS).iterator(chunk_size=2000):
        published = row["response__state"] == ResponseState.PUBLISHED
        if row["paper__company_id"] is None:
            company = unattributed
        else:
            company = picked(row, "paper__company__name", language) or ""
        if row["lead_department_id"] is None:
            department = unassigned
        else:
            department = picked(row, "lead_department__short_name", language) or picked(
                row, "lead_department__name", language
            )
        names = topics.get(row["pk"], [])
        due = row["seen_update_due_on"]
        rows.append(
            {
                "reference": row["reference"],
                "title": picked(row, "title", language) or "",
                "text": picked(row, "text", language) or "",
                "company": str(company),
                "department": str(department or ""),
                "topics": ", ".join(names),
                "topic": str(names[0] if names else no_topic),
                "stance": str(stances[row["response__stance"]]) if published else "",
                "stance_value": row["response__stance"] if published else "",
                "response": (picked(row, "response__text", language) or "") if published else "",
                "published": timezone.localdate(row["response__published_at"]) if published else None,
                "status": str(statuses[row["seen_status"]]) if row["seen_status"] else "",
                "status_value": row["seen_status"],
                "progress": row["seen_progress"],
                "target_date": row["target_date"],
                "latest_update": localized(
                    {"n_en": row["shared_note_en"], "n_zh_hans": row["shared_note_zh_hans"]}, "n", language
                ),
                "latest_update_date": row["shared_date"],
                "overdue": (not published and row["paper__meeting__response_deadline"] < today)
                or (due is not None and due < today),
                "is_sub_point": row["parent_id"] is not None,
            }
        )
    return rows
