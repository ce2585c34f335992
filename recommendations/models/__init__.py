"""Recommendations and what answers and follows them (one module each)."""

from recommendations.choices import (
    ExtensionStatus,
    ImplementationStatus,
    Lifecycle,
    ResponseState,
    Stance,
    Visibility,
)
from recommendations.models.export_job import ExportJob
from recommendations.models.followup import DeadlineExtension, Feedback, ReturnedAssignment
from recommendations.models.progress import ProgressUpdate
from recommendations.models.recommendation import COMPUTED_FIELDS, Recommendation, rollup_status
from recommendations.models.response import Response
from recommendations.models.revision import ResponseRevision, ResponseVersion

__all__ = [
    "COMPUTED_FIELDS",
    "DeadlineExtension",
    "ExportJob",
    "ExtensionStatus",
    "Feedback",
    "ImplementationStatus",
    "Lifecycle",
    "ProgressUpdate",
    "Recommendation",
    "Response",
    "ResponseRevision",
    "ResponseState",
    "ResponseVersion",
    "ReturnedAssignment",
    "Stance",
    "Visibility",
    "rollup_status",
]
