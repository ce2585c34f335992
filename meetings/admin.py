"""Meetings and topics in the secretariat's data entry (papers: recommendations/admin.py, with
their recommendations inline)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ccec.bilingual import BilingualAdmin, both
from meetings.models import Meeting, Topic


@admin.register(Meeting)
class MeetingAdmin(BilingualAdmin):
    list_display = ["number", "year", "date", "theme", "response_deadline", "paper_count"]
    search_fields = ["theme_en", "theme_zh_hans", "number", "year"]
    fieldsets = [(None, {"fields": [("number", "year", "date"), both("theme"), "response_deadline"]})]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paper_count=Count("papers"))

    @admin.display(description=_("papers"), ordering="paper_count")
    def paper_count(self, meeting):
        return meeting.paper_count


@admin.register(Topic)
class TopicAdmin(BilingualAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name_en", "name_zh_hans", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [(None, {"fields": [both("name"), ("slug", "order")]})]
