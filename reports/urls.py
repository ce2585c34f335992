from django.urls import path, re_path

from reports import views

urlpatterns = [
    path("", views.report_latest, name="report_latest"),
    path("meetings/<int:number>/", views.report_page, name="report"),
    re_path(
        r"^meetings/(?P<number>\d+)/download/(?P<file_format>xlsx|docx|pdf)/$",
        views.report_download,
        name="report_download",
    ),
    path("departments/", views.department_dashboard, name="department_dashboard"),
    path(
        "departments/download.xlsx",
        views.department_dashboard,
        {"file_format": "xlsx"},
        name="department_dashboard_xlsx",
    ),
    path("jobs/<uuid:pk>/", views.report_job, name="report_job"),
    path("jobs/<uuid:pk>/file/", views.report_job_file, name="report_job_file"),
    path("jobs/<uuid:pk>/retry/", views.report_job_retry, name="report_job_retry"),
]
