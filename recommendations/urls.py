from django.urls import path, re_path, register_converter

from recommendations import views


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
    path("", views.recommendation_list, name="list"),
    re_path(r"^export\.(?P<file_format>csv|xlsx)$", views.recommendation_export, name="export"),
    path("<reference:reference>/", views.recommendation_detail, name="detail"),
    path("<reference:reference>/progress/", views.log_progress, name="log_progress"),
    path("<reference:reference>/response/", views.save_response, name="save_response"),
    path("<reference:reference>/sign-off/", views.sign_off, name="sign_off"),
    path("<reference:reference>/return/", views.return_assignment, name="return"),
    path("<reference:reference>/feedback/", views.give_feedback, name="feedback"),
    path("<reference:reference>/feedback/<int:pk>/resolve/", views.resolve_clarification, name="resolve_clarification"),
    path("<reference:reference>/extension/", views.request_extension, name="request_extension"),
    path("<reference:reference>/extension/decision/", views.decide_extension, name="decide_extension"),
]
