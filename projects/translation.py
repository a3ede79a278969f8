from modeltranslation.translator import TranslationOptions, register

from .models import ProjectIndexPage, ProjectPage


@register(ProjectIndexPage)
class ProjectIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(ProjectPage)
class ProjectPageTR(TranslationOptions):
    fields = ("summary", "description")
