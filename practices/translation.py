from modeltranslation.translator import TranslationOptions, register

from .models import PracticeIndexPage, PracticePage, Theme


@register(Theme)
class ThemeTR(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr",)


@register(PracticeIndexPage)
class PracticeIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(PracticePage)
class PracticePageTR(TranslationOptions):
    fields = (
        "summary",
        "context",
        "actions",
        "results",
        "resources",
        "difficulties",
        "transferability",
        "further_info",
        "main_image_alt",
        "contact_role",
    )
