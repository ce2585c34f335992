"""The two progress tracks of a recommendation, and whose eyes a query reads with.

The government side follows every progress update; a company follows only the updates shared
with it. Both tracks are stored on the recommendation (`status`, `progress`, ... and
`shared_status`, `shared_progress`, ...), written together by Recommendation.sync_progress().

Nothing that a person reads picks a track by hand. `Recommendation.objects.visible_to(user)`
(or `.seen_by(viewer)`, accounts.roles.Viewer) annotates the viewer's track as `seen_status`, `seen_progress`,
`seen_last_update_at` and `seen_update_due_on`; pages, filters, sorting, counts, exports and
reports read those names only. A query that forgot the viewer fails loudly (no such field)
instead of showing a company the government's track.
"""

from dataclasses import dataclass

from recommendations.choices import ImplementationStatus, Visibility


@dataclass(frozen=True)
class Track:
    name: str
    status: str
    progress: str
    last_update_at: str
    update_due_on: str
    # The updates this track follows: every one, or only those of this visibility.
    visibility: str | None
    # What a search on this track may find (search.py): the government's finds drafts and
    # internal notes too, the company's only the published response and shared updates. The
    # tokens, and on PostgreSQL the same as an indexed tsvector.
    search: str
    vector: str

    @property
    def fields(self):
        return (self.status, self.progress, self.last_update_at, self.update_due_on)

    def updates(self, queryset):
        return queryset if self.visibility is None else queryset.filter(visibility=self.visibility)


GOVERNMENT = Track(
    "government", "status", "progress", "last_update_at", "update_due_on", None, "search_text", "search_vector"
)
COMPANY = Track(
    "company",
    "shared_status",
    "shared_progress",
    "shared_last_update_at",
    "shared_update_due_on",
    Visibility.SHARED,
    "shared_search_text",
    "shared_search_vector",
)
TRACKS = (GOVERNMENT, COMPANY)

# The annotations every viewer-scoped recommendation query carries, in Track.fields order.
SEEN_FIELDS = ("seen_status", "seen_progress", "seen_last_update_at", "seen_update_due_on")


def track_of(viewer):
    """The track a Viewer (accounts.roles) reads: the company's for shared-only viewers."""
    return COMPANY if viewer is not None and viewer.shared_only else GOVERNMENT


def status_label(value):
    return str(ImplementationStatus(value).label) if value else ""
