"""The public glossary: every concept with its terms in the three languages."""

from itertools import groupby

from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from core.i18n import LANGUAGE_CODES, language_name
from core.words import fold

from .models import GlossaryTerm

MAX_FILTER_LENGTH = 100


def entries(lang):
    """[(letter, [concept])] in the visitor's alphabetical order; each concept a dict."""
    concepts = []
    for term in GlossaryTerm.objects.all():
        names = {code: term.terms(code) for code in LANGUAGE_CODES}
        concepts.append(
            {
                "key": term.key,
                "term": names[lang][0] if names[lang] else term.key,
                "definition": getattr(term, f"definition_{lang}") or "",
                "languages": [
                    {
                        "code": code,
                        "name": language_name(code),
                        "term": names[code][0] if names[code] else "",
                        "synonyms": names[code][1:],
                    }
                    for code in LANGUAGE_CODES
                ],
                "folded": fold(" ".join(t for code in LANGUAGE_CODES for t in names[code])),
            }
        )
    concepts.sort(key=lambda concept: fold(concept["term"]))
    return concepts


@require_safe
def glossary(request):
    lang = translation.get_language()
    concepts = entries(lang)
    needle = " ".join(request.GET.get("q", "").split())[:MAX_FILTER_LENGTH]
    if needle:
        concepts = [c for c in concepts if fold(needle) in c["folded"]]
    letters = [
        (letter, list(group))
        for letter, group in groupby(concepts, key=lambda c: fold(c["term"])[:1].upper())
    ]
    return render(
        request,
        "pages/glossary.html",
        {"letters": letters, "count": len(concepts), "needle": needle},
    )
