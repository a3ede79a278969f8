from modeltranslation.translator import TranslationOptions, register

from .models import PartnerIndexPage, PartnerPage, ProjectIndexPage, ProjectPage


@register(PartnerIndexPage)
class PartnerIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(PartnerPage)
class PartnerPageTR(TranslationOptions):
    fields = ("description",)


@register(ProjectIndexPage)
class ProjectIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ProjectPage)
class ProjectPageTR(TranslationOptions):
    fields = ("summary", "description")
    required_languages = ("fr",)
