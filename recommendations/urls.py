from django.urls import path, re_path

from recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    re_path(r"^export\.(?P<file_format>csv|xlsx)$", views.recommendation_export, name="export"),
    path("<str:reference>/", views.recommendation_detail, name="detail"),
    path("<str:reference>/progress/", views.log_progress, name="log_progress"),
    path("<str:reference>/response/", views.save_response, name="save_response"),
    path("<str:reference>/sign-off/", views.sign_off, name="sign_off"),
    path("<str:reference>/return/", views.return_assignment, name="return"),
    path("<str:reference>/feedback/", views.give_feedback, name="feedback"),
    path("<str:reference>/feedback/<int:pk>/resolve/", views.resolve_clarification, name="resolve_clarification"),
    path("<str:reference>/extension/", views.request_extension, name="request_extension"),
    path("<str:reference>/extension/decision/", views.decide_extension, name="decide_extension"),
]
