from modeltranslation.translator import TranslationOptions, register

from .models import ContentPage, HomePage, SiteSettings


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "body")


@register(ContentPage)
class ContentPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(SiteSettings)
class SiteSettingsTR(TranslationOptions):
    fields = ("address", "funders")
