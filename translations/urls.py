from django.urls import path

from recommendations import urls as recommendation_urls  # noqa: F401 (registers the "reference" converter)
from translations import views

app_name = "translations"

urlpatterns = [
    path("drafts/", views.draft_all, name="draft_all"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("<reference:reference>/", views.translate, name="translate"),
    path("<reference:reference>/draft/", views.draft, name="draft"),
]
