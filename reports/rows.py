"""The report's rows: one per recommendation, with its published response and its latest
shared update, for the files (XLSX, DOCX, PDF); and the language pick of values() rows."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.choices import Visibility
from recommendations.models import ProgressUpdate
from recommendations.models.querysets import LIST_DEFERRED


def localized(values, prefix, language):
    """The `prefix` column of a values() row in `language`, falling back to the other language."""
    suffixes = ["en", "zh_hans"] if language == "en" else ["zh_hans", "en"]
    for suffix in suffixes:
        value = values.get(f"{prefix}_{suffix}")
        if value:
            return value
    return ""


ROWS_DEFERRED = [name for name in LIST_DEFERRED if not name.startswith(("text", "response__text"))]


def recommendation_rows(base, language, today):
    """One row per recommendation: its published response and its latest shared update."""
    shared = ProgressUpdate.objects.filter(recommendation=OuterRef("pk"), visibility=Visibility.SHARED).order_by(
        "-date", "-created_at"
    )
    queryset = (
        base.select_related("paper__company", "paper__meeting", "lead_department", "response")
        .prefetch_related("topics")
        .annotate(
            shared_date=Subquery(shared.values("date")[:1]),
            shared_note_en=Subquery(shared.values("note_en")[:1]),
            shared_note_zh_hans=Subquery(shared.values("note_zh_hans")[:1]),
        )
        .defer(*ROWS_DEFERRED)
        .order_by("sort_key")
    )
    rows = []
    # In chunks, without the search columns and the papers' texts no row shows: a meeting of
    # 10,000 recommendations held them all at once.
    for recommendation in queryset.iterator(chunk_size=2000):
        response = recommendation.published_response()
        rows.append(
            {
                "reference": recommendation.reference,
                "title": recommendation.title,
                "text": recommendation.text,
                "company": str(recommendation.paper.company or _("Unattributed")),
                "department": str(recommendation.lead_department or _("Unassigned")),
                "topics": ", ".join(str(topic) for topic in recommendation.topics.all()),
                "topic": str(next(iter(recommendation.topics.all()), None) or _("No topic")),
                "stance": response.get_stance_display() if response else "",
                "stance_value": response.stance if response else "",
                "response": response.text if response else "",
                "published": timezone.localdate(response.published_at) if response else None,
                "status": recommendation.get_seen_status_display(),
                "status_value": recommendation.seen_status,
                "progress": recommendation.seen_progress,
                "target_date": recommendation.target_date,
                "latest_update": localized(
                    {"n_en": recommendation.shared_note_en, "n_zh_hans": recommendation.shared_note_zh_hans},
                    "n",
                    language,
                ),
                "latest_update_date": recommendation.shared_date,
                "overdue": recommendation.is_overdue(today),
                "is_sub_point": recommendation.parent_id is not None,
            }
        )
    return rows
