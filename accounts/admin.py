"""Departments and their officers in the secretariat's data entry."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, Officer, StandIn
from ccec.bilingual import BilingualAdmin, both


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "is_head", "language"]


@admin.register(Department)
class DepartmentAdmin(BilingualAdmin):
    list_display = ["name", "short_name", "slug", "email", "officer_count", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans", "slug"]
    prepopulated_fields = {"slug": ["short_name_en"]}
    fieldsets = [(None, {"fields": [both("name"), both("short_name"), ("slug", "email"), "is_active"]})]
    inlines = [OfficerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(officer_count=Count("officers"))

    @admin.display(description=_("officers"), ordering="officer_count")
    def officer_count(self, department):
        return department.officer_count


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "is_head", "language"]
    list_filter = ["department", "is_head", "language"]
    list_select_related = ["user", "department"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "department__name_en"]
    autocomplete_fields = ["user", "department"]


@admin.register(StandIn)
class StandInAdmin(admin.ModelAdmin):
    list_display = ["officer", "stand_in", "starts_on", "ends_on", "created_by"]
    list_select_related = [
        "officer__user",
        "officer__department",
        "stand_in__user",
        "stand_in__department",
        "created_by",
    ]
    list_filter = ["officer__department"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["officer", "stand_in"]
    readonly_fields = ["created_by", "created_at"]
