from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "list-ul"
    menu_label = _("Glossary")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["term_fr", "term_en", "term_es", "updated_at"]
    list_per_page = 50
    # Searched with the ORM: every language's terms and synonyms.
    search_fields = [
        "key",
        "term_fr",
        "term_en",
        "term_es",
        "synonyms_fr",
        "synonyms_en",
        "synonyms_es",
    ]
    ordering = ["term_fr"]


register_snippet(GlossaryTermViewSet)
