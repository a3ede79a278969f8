"""The four themes of Co-actions exist on every site, in French, English and Spanish.

They are the cooperative's topics of interest (shared/seeds/co-actions.txt); practice
sheets written by hand name them without defining them. A theme already there (same slug)
is left as staff edited it, and removing the migration removes nothing.
"""

from django.db import migrations

THEMES = [
    {
        'slug': "social-solidarity-economy",
        'name_fr': "Économie sociale et solidaire",
        'name_en': "Social and solidarity economy",
        'name_es': "Economía social y solidaria",
        'description_fr': "Coopératives, associations, mutuelles et entreprises d'utilité sociale qui placent les personnes avant le capital : gouvernance démocratique, excédents réinvestis dans le projet collectif et emplois durables, ancrés dans leur territoire et ouverts à celles et ceux qui en sont éloignés.",
        'description_en': "Cooperatives, associations, mutual societies and social-purpose enterprises that put people before capital: democratic governance, surpluses reinvested in the shared project, and lasting jobs rooted in their local area and open to those who are furthest from work.",
        'description_es': "Cooperativas, asociaciones, mutualidades y empresas de utilidad social que anteponen las personas al capital: gobernanza democrática, excedentes reinvertidos en el proyecto colectivo y empleo estable, arraigado en el territorio y abierto a quienes están más lejos del mercado laboral.",
    },
    {
        'slug': "social-environmental-transition",
        'name_fr': "Transition sociale et écologique",
        'name_en': "Social and environmental transition",
        'name_es': "Transición social y ecológica",
        'description_fr': "Initiatives qui font évoluer nos façons de produire, de consommer, de se déplacer et de se chauffer pour réduire l'empreinte écologique, en veillant à ce que les efforts et les bénéfices de ce changement soient équitablement partagés entre tous les habitants.",
        'description_en': "Initiatives that change the way we produce, consume, travel and heat our homes in order to shrink our ecological footprint, while making sure that the efforts and benefits of this shift are fairly shared among all residents.",
        'description_es': "Iniciativas que transforman nuestra manera de producir, consumir, desplazarnos y calentar nuestras viviendas para reducir la huella ecológica, procurando que los esfuerzos y los beneficios de este cambio se repartan de forma justa entre todos los habitantes.",
    },
    {
        'slug': "local-sustainable-development",
        'name_fr': "Développement local et durable",
        'name_en': "Local and sustainable development",
        'name_es': "Desarrollo local y sostenible",
        'description_fr': "Projets qui valorisent les ressources d'un territoire (savoir-faire, terres agricoles, commerces, lieux de rencontre) pour maintenir des activités et des services de proximité, en particulier dans les petites villes et les zones rurales menacées par la désertification.",
        'description_en': "Projects that make the most of an area's own resources (skills, farmland, shops, meeting places) to keep local activities and services alive, especially in small towns and rural areas threatened by depopulation and the loss of their young people.",
        'description_es': "Proyectos que ponen en valor los recursos de un territorio (saberes, tierras agrícolas, comercios, lugares de encuentro) para mantener actividades y servicios de proximidad, sobre todo en pequeñas ciudades y zonas rurales amenazadas por la despoblación.",
    },
    {
        'slug': "shared-governance",
        'name_fr': "Gouvernance partagée",
        'name_en': "Shared governance",
        'name_es': "Gobernanza compartida",
        'description_fr': "Façons d'organiser le pouvoir et la décision pour que salariés, usagers, bénévoles et partenaires participent réellement : sociétariat, décision par consentement, transparence des comptes, élections sans candidat et formation des membres à leurs responsabilités collectives.",
        'description_en': "Ways of organising power and decision-making so that employees, users, volunteers and partners genuinely take part: membership, consent-based decisions, transparent accounts, elections without candidates and training members for their collective responsibilities.",
        'description_es': "Formas de organizar el poder y la toma de decisiones para que personas trabajadoras, usuarias, voluntarias y socias participen de verdad: acceso a la condición de socio, decisión por consentimiento, cuentas transparentes, elecciones sin candidaturas y formación de los miembros en sus responsabilidades colectivas.",
    },
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("practices", "Theme")
    for data in THEMES:
        if not Theme.objects.filter(slug=data["slug"]).exists():
            Theme.objects.create(name=data["name_fr"], description=data["description_fr"], **data)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_ref_as_written"),
    ]

    operations = [
        migrations.RunPython(add_themes, migrations.RunPython.noop),
    ]
