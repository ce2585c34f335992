from django.urls import path

from imports import views

urlpatterns = [
    path("", views.import_new, name="paper_import_new"),
    path("<uuid:pk>/", views.import_review, name="paper_import"),
    path("<uuid:pk>/retry/", views.import_retry, name="paper_import_retry"),
]
