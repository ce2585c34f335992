"""The secretariat's data entry for papers, recommendations and what follows them: bilingual
fields side by side, history."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Department
from ccec.bilingual import BilingualAdmin, both
from meetings.models import Paper
from recommendations.models import (
    DeadlineExtension,
    Feedback,
    ProgressUpdate,
    Recommendation,
    Response,
    ResponseVersion,
    ReturnedAssignment,
)


class RecommendationInline(TranslationTabularInline):
    """A paper's recommendations in their order; open one for its response and progress."""

    model = Recommendation
    fk_name = "paper"
    extra = 0
    ordering = ["order"]
    fields = ["order", "number", "title", "text", "parent", "lead_department", "is_priority"]
    autocomplete_fields = ["parent", "lead_department"]
    show_change_link = True
    formfield_overrides = {
        # Keep the inline's rows short; the recommendation's own page has room for the full text.
        Recommendation._meta.get_field("text").__class__: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 40})},
    }


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin, BilingualAdmin):
    list_display = ["__str__", "company", "authors", "language", "recommendation_count", "entered_at"]
    list_filter = ["meeting", "company", "language"]
    list_select_related = ["meeting", "company"]
    search_fields = ["title_en", "title_zh_hans", "authors", "company__name_en", "company__name_zh_hans"]
    autocomplete_fields = ["meeting", "company"]
    fieldsets = [
        (
            None,
            {"fields": [("meeting", "position", "company"), both("title"), ("authors", "language", "submitted_on")]},
        ),
        (_("Abstract"), {"fields": [both("abstract")]}),
        (_("Document"), {"fields": ["document", "extracted_text"], "classes": ["collapse"]}),
    ]
    inlines = [RecommendationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(recommendation_count=Count("recommendations"))

    @admin.display(description=_("recommendations"), ordering="recommendation_count")
    def recommendation_count(self, paper):
        return paper.recommendation_count


class ResponseInline(TranslationStackedInline):
    model = Response
    extra = 0
    max_num = 1
    autocomplete_fields = ["department"]
    fields = [
        ("department", "stance", "target_date"),
        both("text"),
        both("planned_measures"),
        ("state", "signed_off_by", "published_at"),
        "review_comment",
        "is_sample",
    ]
    readonly_fields = ["signed_off_by", "published_at"]


class ProgressUpdateInline(TranslationTabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "status", "progress", "note", "visibility", "evidence", "author", "is_sample"]
    readonly_fields = ["author"]
    ordering = ["-date", "-created_at"]
    formfield_overrides = {
        ProgressUpdate._meta.get_field("note").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})},
    }


class SubPointInline(admin.TabularInline):
    """The sub-points whose progress rolls up into this recommendation (read only here)."""

    model = Recommendation
    fk_name = "parent"
    verbose_name = _("sub-point")
    verbose_name_plural = _("sub-points")
    extra = 0
    fields = ["reference", "number", "title", "status", "progress"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AssignLeadDepartmentForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.filter(is_active=True), label=_("Lead department"))


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin, BilingualAdmin):
    list_display = [
        "reference",
        "title",
        "company",
        "lead_department",
        "stance",
        "status",
        "progress",
        "last_update_at",
        "is_priority",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        "paper__meeting",
        "lead_department",
        "status",
        "response__stance",
        "response__state",
        "topics",
        "is_priority",
        "paper__company",
    ]
    list_select_related = ["paper__company", "lead_department", "response"]
    list_per_page = 50
    search_fields = ["reference", "number", "title_en", "title_zh_hans", "text_en", "text_zh_hans"]
    autocomplete_fields = ["paper", "parent", "lead_department", "supporting_departments", "topics", "related"]
    # The target date follows the published response and approved extensions (the page's
    # "Move the target date" records why); it is not typed here.
    readonly_fields = ["reference", "status", "progress", "last_update_at", "assigned_at", "target_date"]
    fieldsets = [
        (None, {"fields": [("reference", "paper"), ("number", "order", "parent"), both("title"), both("text")]}),
        (
            _("Assignment"),
            {"fields": [("lead_department", "assigned_at"), "supporting_departments", "topics", "is_priority"]},
        ),
        (
            _("Implementation"),
            {"fields": [("status", "progress", "last_update_at"), ("target_date", "reporting_interval_days")]},
        ),
        (_("Source in the paper"), {"fields": [("source_page", "source_line_start", "source_line_end")]}),
        (_("Related recommendations"), {"fields": ["related"]}),
    ]
    inlines = [ResponseInline, ProgressUpdateInline, SubPointInline]
    actions = ["assign_lead_department"]

    @admin.display(description=_("company"), ordering="paper__company__name")
    def company(self, recommendation):
        return recommendation.paper.company or "-"

    @admin.display(description=_("stance"), ordering="response__stance")
    def stance(self, recommendation):
        response = getattr(recommendation, "response", None)
        return response.get_stance_display() if response else "-"

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ProgressUpdate) and instance.author_id is None:
                instance.author = request.user
            if isinstance(instance, Response) and instance.is_published and instance.signed_off_by_id is None:
                instance.signed_off_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()

    @admin.action(description=_("Assign a lead department to the selected recommendations"))
    def assign_lead_department(self, request, queryset):
        form = AssignLeadDepartmentForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            department = form.cleaned_data["department"]
            with transaction.atomic():
                # Save one by one so that each assignment is recorded in the history.
                for recommendation in queryset.select_for_update(of=("self",)):
                    recommendation.lead_department = department
                    recommendation.save()
            count = queryset.count()
            self.message_user(
                request,
                ngettext(
                    "%(count)d recommendation assigned to %(department)s.",
                    "%(count)d recommendations assigned to %(department)s.",
                    count,
                )
                % {"count": count, "department": department},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign a lead department"),
            "opts": self.model._meta,
            "form": form,
            "recommendations": queryset.select_related("lead_department"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/recommendations/assign_lead_department.html", context)


class EarlierVersionInline(admin.TabularInline):
    """The answers a revision replaced, as the company read them (read only: the record)."""

    model = ResponseVersion
    extra = 0
    can_delete = False
    fields = ["published_at", "replaced_at", "stance", "text_en", "text_zh_hans", "target_date"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin, BilingualAdmin):
    inlines = [EarlierVersionInline]
    list_display = [
        "recommendation",
        "department",
        "stance",
        "state",
        "signed_off_by",
        "published_at",
        "revised_at",
        "is_sample",
    ]
    list_filter = ["state", "stance", "department", "is_sample"]
    list_select_related = ["recommendation", "department", "signed_off_by"]
    search_fields = ["recommendation__reference", "text_en", "text_zh_hans"]
    autocomplete_fields = ["recommendation", "department", "drafted_by", "signed_off_by"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("recommendation", "department"),
                    ("stance", "target_date"),
                    both("text"),
                    both("planned_measures"),
                ]
            },
        ),
        (
            _("Workflow"),
            {
                "fields": [
                    ("state", "drafted_by", "submitted_at"),
                    ("signed_off_by", "published_at", "revised_at"),
                    "review_comment",
                ]
            },
        ),
        (None, {"fields": ["is_sample"]}),
    ]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(BilingualAdmin):
    list_display = ["recommendation", "date", "status", "progress", "visibility", "author", "is_sample"]
    list_filter = ["status", "visibility", "is_sample", "recommendation__lead_department"]
    list_select_related = ["recommendation", "author"]
    search_fields = ["recommendation__reference", "note_en", "note_zh_hans"]
    autocomplete_fields = ["recommendation", "author"]
    date_hierarchy = "date"
    fieldsets = [
        (
            None,
            {"fields": [("recommendation", "date"), ("status", "progress", "visibility"), both("note"), "evidence"]},
        ),
        (None, {"fields": [("author", "is_sample")]}),
    ]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        # Delete one by one so that each recommendation's status follows its remaining updates.
        with transaction.atomic():
            for update in queryset:
                update.delete()


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "response",
        "author",
        "answer_satisfaction",
        "result_satisfaction",
        "requests_clarification",
        "clarification_resolved_at",
        "created_at",
    ]
    list_filter = ["requests_clarification", "answer_satisfaction", "result_satisfaction"]
    list_select_related = ["response__recommendation", "author"]
    search_fields = ["response__recommendation__reference", "comment", "author__username"]
    autocomplete_fields = ["response", "author"]


@admin.register(ReturnedAssignment)
class ReturnedAssignmentAdmin(admin.ModelAdmin):
    """Departments' returns (退办), recorded by the work screens; read only here."""

    list_display = ["recommendation", "department", "returned_by", "reason", "created_at"]
    list_filter = ["department"]
    list_select_related = ["recommendation", "department", "returned_by"]
    search_fields = ["recommendation__reference", "reason"]
    readonly_fields = ["recommendation", "department", "returned_by", "reason", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(SimpleHistoryAdmin):
    list_display = [
        "recommendation",
        "previous_date",
        "requested_date",
        "status",
        "requested_by",
        "decided_by",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["recommendation", "requested_by", "decided_by"]
    search_fields = ["recommendation__reference", "reason"]
    autocomplete_fields = ["recommendation", "requested_by", "decided_by"]
