from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from ccec.views import healthz
from recommendations import account_views, import_views, report_views, views

admin.site.site_header = _("ccec: recommendation tracker")
admin.site.site_title = _("ccec administration")
admin.site.index_title = _("Secretariat data entry")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/invite/", account_views.invite, name="invite"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/password_reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switch must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("recommendations/", include("recommendations.urls")),
    path("workspace/", views.workspace, name="workspace"),
    path("sign-off/", views.signoff_queue, name="signoff_queue"),
    path("portal/", views.portal, name="portal"),
    path("portal/notices/", views.notice_settings, name="notice_settings"),
    path("papers/", views.paper_list, name="paper_list"),
    re_path(r"^papers/(?P<meeting>\d+)-(?P<position>\d+)/$", views.paper_detail, name="paper_detail"),
    path("companies/", include("companies.urls")),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("imports/", import_views.import_new, name="paper_import_new"),
    path("imports/<uuid:pk>/", import_views.import_review, name="paper_import"),
    path("imports/<uuid:pk>/retry/", import_views.import_retry, name="paper_import_retry"),
    path("reports/", report_views.report_latest, name="report_latest"),
    path("reports/meetings/<int:number>/", report_views.report_page, name="report"),
    re_path(
        r"^reports/meetings/(?P<number>\d+)/download/(?P<file_format>xlsx|docx|pdf)/$",
        report_views.report_download,
        name="report_download",
    ),
    path("reports/jobs/<uuid:pk>/", report_views.report_job, name="report_job"),
    path("reports/jobs/<uuid:pk>/file/", report_views.report_job_file, name="report_job_file"),
    path("reports/jobs/<uuid:pk>/retry/", report_views.report_job_retry, name="report_job_retry"),
    path("admin/", admin.site.urls),
]
