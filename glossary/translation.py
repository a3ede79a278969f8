from modeltranslation.translator import TranslationOptions, register

from .models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTR(TranslationOptions):
    fields = ("term", "synonyms", "definition")
    # A concept is only useful to translators with its term in every language.
    required_languages = ("fr", "en", "es")
