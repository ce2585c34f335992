from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ccec.bilingual import both
from companies.models import Company, Liaison


class LiaisonInline(admin.TabularInline):
    model = Liaison
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "title", "language"]


@admin.register(Company)
class CompanyAdmin(TranslationAdmin):
    list_display = ["name", "slug", "country", "member_since", "paper_count", "is_active"]
    list_filter = ["is_active", "country"]
    search_fields = ["name_en", "name_zh_hans", "slug", "sector_en", "sector_zh_hans"]
    prepopulated_fields = {"slug": ["name_en"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    both("name"),
                    "slug",
                    both("sector"),
                    both("country"),
                    "website",
                    ("member_since", "is_active"),
                ]
            },
        ),
    ]
    inlines = [LiaisonInline]
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paper_count=Count("papers"))

    @admin.display(description=_("papers"), ordering="paper_count")
    def paper_count(self, company):
        return company.paper_count


@admin.register(Liaison)
class LiaisonAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "title", "language"]
    list_filter = ["company", "language"]
    list_select_related = ["user", "company"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "company__name_en"]
    autocomplete_fields = ["user", "company"]
