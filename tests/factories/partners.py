"""Partner organisations."""

import factory

from partners.models import PartnerPage

from .base import TranslatedPageFactory
from .home import index_page


class PartnerPageFactory(TranslatedPageFactory):
    """A published partner organisation. Its name is not translated: `name` sets the title
    in every language, as the importer's single "name" column does."""

    class Meta:
        model = PartnerPage

    class Params:
        name = factory.LazyAttribute(lambda o: f"Organisation {o.ref}")

    parent = factory.LazyFunction(lambda: index_page("partners.PartnerIndexPage"))
    ref = factory.Sequence(lambda n: f"partner-{n}")
    title_fr = factory.SelfAttribute("name")
    title_en = ""
    title_es = ""
    organisation_type = "ngo"
    country = "FR"
    description_fr = factory.LazyAttribute(
        lambda o: f"<p>Une organisation partenaire nommée {o.ref}.</p>"
    )
    description_en = factory.LazyAttribute(
        lambda o: f"<p>A partner organisation called {o.ref}.</p>"
    )
    description_es = factory.LazyAttribute(
        lambda o: f"<p>Una organización socia llamada {o.ref}.</p>"
    )
    description = factory.SelfAttribute("description_fr")
