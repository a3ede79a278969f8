"""Glossary concepts."""

import factory
from factory.django import DjangoModelFactory

from glossary.models import GlossaryTerm


class GlossaryTermFactory(DjangoModelFactory):
    """A concept; pass term_xx and synonyms_xx ("a; b") for the words that matter."""

    class Meta:
        model = GlossaryTerm

    key = factory.Sequence(lambda n: f"concept-{n}")
    term_fr = factory.LazyAttribute(lambda o: f"terme {o.key}")
    term_en = factory.LazyAttribute(lambda o: f"term {o.key}")
    term_es = factory.LazyAttribute(lambda o: f"término {o.key}")
    term = factory.SelfAttribute("term_fr")
    synonyms_fr = ""
    synonyms_en = ""
    synonyms_es = ""
