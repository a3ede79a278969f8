from modeltranslation.translator import TranslationOptions, register

from .models import PartnerIndexPage, PartnerPage


@register(PartnerIndexPage)
class PartnerIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(PartnerPage)
class PartnerPageTR(TranslationOptions):
    fields = ("description",)
