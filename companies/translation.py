from modeltranslation.translator import TranslationOptions, register

from companies.models import Company


@register(Company)
class CompanyTranslationOptions(TranslationOptions):
    fields = ("name", "sector", "country")
