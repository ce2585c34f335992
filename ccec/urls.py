from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from health.views import healthz, readyz
from recommendations.urls import company_patterns, site_patterns

admin.site.site_header = _("ccec: recommendation tracker")
admin.site.site_title = _("ccec administration")
admin.site.index_title = _("Secretariat data entry")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # People's accounts first: their invite and reset pages take precedence over Django's.
    path("accounts/", include("people.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("reminders.urls")),
    # The language switch must work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("recommendations/", include("recommendations.urls")),
    path("companies/", include((company_patterns, "companies"))),
    path("imports/", include("imports.urls")),
    path("reports/", include("reports.urls")),
    path("translations/", include("translations.urls")),
    path("suggestions/", include("suggestions.urls")),
    path("letters/", include("letters.urls")),
    path("admin/", admin.site.urls),
    path("", include(site_patterns)),
]
