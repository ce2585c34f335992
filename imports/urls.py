from django.urls import path

from imports import views, workbook_views

urlpatterns = [
    path("", views.import_new, name="paper_import_new"),
    path("<uuid:pk>/", views.import_review, name="paper_import"),
    path("<uuid:pk>/retry/", views.import_retry, name="paper_import_retry"),
    path("workbook/", workbook_views.workbook_upload, name="workbook_upload"),
    path("workbook/download/", workbook_views.workbook_download, name="workbook_download"),
    path("workbook/<int:pk>/", workbook_views.workbook_preview, name="workbook_preview"),
    path("workbook/<int:pk>/apply/", workbook_views.workbook_apply, name="workbook_apply"),
    path("spreadsheets/<int:pk>/retry/", workbook_views.retry, name="spreadsheet_retry"),
    path("history/", workbook_views.history_upload, name="history_upload"),
    path("history/template/", workbook_views.history_template, name="history_template"),
    path("history/example/", workbook_views.history_example, name="history_example"),
    path("history/<int:pk>/", workbook_views.history_preview, name="history_preview"),
    path("history/<int:pk>/apply/", workbook_views.history_apply, name="history_apply"),
]
