"""The recommendation screens' URLs: the list and a recommendation's page and actions
(namespace "recommendations"), the companies (namespace "companies"), and the pages each
role works on (no namespace; included by ccec/urls.py)."""

from django.urls import path, re_path, register_converter

from recommendations.views import (
    actions,
    assignment,
    browse,
    companies,
    detail,
    meetings,
    overview,
    owner,
    papers,
    revisions,
    workspace,
)


class ReferenceConverter:
    """A recommendation reference (`16-07-03`): letters, digits, dots and dashes. Anything else
    (a NUL byte, a slash, 200 characters) cannot be one, so its URL is a 404 before any query."""

    regex = r"[0-9A-Za-z][0-9A-Za-z.\-]{0,19}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "reference")

app_name = "recommendations"

urlpatterns = [
    path("", browse.recommendation_list, name="list"),
    re_path(r"^export\.(?P<file_format>csv|xlsx)$", browse.recommendation_export, name="export"),
    path("downloads/<uuid:pk>/", browse.export_job, name="export_job"),
    path("downloads/<uuid:pk>/file/", browse.export_job_file, name="export_job_file"),
    path("downloads/<uuid:pk>/retry/", browse.export_job_retry, name="export_job_retry"),
    path("assign/", assignment.bulk_assign, name="bulk_assign"),
    path("<reference:reference>/", detail.recommendation_detail, name="detail"),
    path("<reference:reference>/assign/", assignment.assign, name="assign"),
    path("<reference:reference>/target/", assignment.move_target, name="move_target"),
    path("<reference:reference>/link/", assignment.link, name="link"),
    path("<reference:reference>/reopen/", assignment.reopen, name="reopen"),
    path("<reference:reference>/owner/", owner.name_owner, name="name_owner"),
    path("<reference:reference>/take/", owner.take, name="take"),
    path("<reference:reference>/progress/", actions.log_progress, name="log_progress"),
    path("<reference:reference>/response/", actions.save_response, name="save_response"),
    path("<reference:reference>/sign-off/", actions.sign_off, name="sign_off"),
    path("<reference:reference>/revision/", revisions.save_revision, name="save_revision"),
    path("<reference:reference>/revision/sign-off/", revisions.sign_off_revision, name="sign_off_revision"),
    path("<reference:reference>/return/", actions.return_assignment, name="return"),
    path("<reference:reference>/feedback/", actions.give_feedback, name="feedback"),
    path("<reference:reference>/feedback/<int:pk>/clarify/", actions.answer_clarification, name="answer_clarification"),
    path("<reference:reference>/extension/", actions.request_extension, name="request_extension"),
    path("<reference:reference>/extension/decision/", actions.decide_extension, name="decide_extension"),
]

company_patterns = [
    path("", companies.company_list, name="list"),
    path("<slug:slug>/", companies.company_detail, name="detail"),
]

site_patterns = [
    path("", overview.home, name="home"),
    path("workspace/", workspace.workspace, name="workspace"),
    path("sign-off/", workspace.signoff_queue, name="signoff_queue"),
    path("portal/", companies.portal, name="portal"),
    path("papers/", papers.paper_list, name="paper_list"),
    path("meetings/open/", meetings.open_meeting, name="open_meeting"),
    re_path(r"^papers/(?P<meeting>\d+)-(?P<position>\d+)/$", papers.paper_detail, name="paper_detail"),
    path("evidence/<int:pk>/", detail.evidence, name="evidence"),
]
