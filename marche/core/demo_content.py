"""Demo content for `make run`: the home page's blocks, a help centre with the Marché's FAQ
(our own words), a content page, and the local editor and moderator accounts."""

from django.contrib.auth.models import Group

from marche.home.models import Audience, ContentPage, FaqPage, HelpCentrePage, HomeHighlightedSupplier, HomePage
from marche.sectors.models import Sector
from marche.suppliers.models import Supplier
from marche.users.models import User


def _q(question, answer):
    return {"question": question, "answer": answer}


FAQ = {
    Audience.SIAE: (
        "Questions des structures inclusives",
        [
            (
                "Compte et connexion",
                [
                    _q(
                        "J'ai déjà un compte sur les emplois de l'inclusion : dois-je en créer un nouveau ?",
                        "<p>Non. Le Marché utilise Compte inclusion, le même compte que les emplois de l'inclusion. Cliquez sur « Se connecter avec Compte inclusion » et utilisez l'adresse e-mail et le mot de passe que vous connaissez déjà.</p>",
                    ),
                    _q(
                        "Je gère plusieurs structures : me faut-il un compte par structure ?",
                        "<p>Non. Un seul compte suffit : rattachez-le à chacune de vos structures depuis Compte inclusion. Sur le tableau de bord du Marché, vous choisissez ensuite la fiche à modifier.</p>",
                    ),
                    _q(
                        "Qui doit gérer la fiche de notre structure ?",
                        "<p>De préférence la personne en contact avec les acheteurs : chargée de développement commercial, responsable d'activité ou direction. Les coordonnées affichées aux acheteurs se modifient à tout moment depuis le tableau de bord, sans dépendre de la personne qui a créé le compte.</p>",
                    ),
                ],
            ),
            (
                "Certification de la fiche",
                [
                    _q(
                        "Comment ma fiche obtient-elle le badge « Fiche certifiée » ?",
                        "<p>Trois conditions, vérifiées automatiquement : un conventionnement en cours de validité, une description détaillée (au moins 100 mots) et un logo. Le tableau de bord affiche ce qu'il manque ; le badge apparaît dès que les trois sont réunies.</p>",
                    ),
                ],
            ),
        ],
    ),
    Audience.BUYERS: (
        "Questions des acheteurs",
        [
            (
                "Rechercher des fournisseurs",
                [
                    _q(
                        "Que signifie le badge « Fiche certifiée » ?",
                        "<p>La structure est conventionnée à ce jour, sa fiche décrit précisément son activité et présente son logo. C'est un signe de fiabilité des informations, pas un label de qualité des prestations.</p>",
                    ),
                    _q(
                        "Comment voir les coordonnées d'un fournisseur ?",
                        "<p>Connectez-vous avec votre Compte inclusion, rattaché à votre organisation d'achat : les coordonnées s'affichent sur chaque fiche.</p>",
                    ),
                ],
            ),
        ],
    ),
}


def _sections(groups):
    return [("section", {"title": title, "questions": questions}) for title, questions in groups]


def load_demo_content(home: HomePage) -> dict:
    """Idempotent: pages are found by slug and updated, not duplicated."""
    home.hero_title = "Achetez auprès des structures inclusives"
    home.hero_text = "Le Marché de l'inclusion recense les entreprises d'insertion et du handicap qui vendent des biens et des services près de chez vous."
    home.highlighted_sectors.set(Sector.objects.filter(slug__in=["nettoyage-de-locaux", "menuiserie", "horticulture"]))
    if not home.highlighted_suppliers.exists():
        home.highlighted_suppliers = [
            HomeHighlightedSupplier(supplier=s) for s in Supplier.objects.visible().certified()[:3]
        ]
    # Page relations live in the revision: save them through it.
    home.save_revision().publish()

    help_centre = HelpCentrePage.objects.first()
    if help_centre is None:
        help_centre = home.add_child(
            instance=HelpCentrePage(
                title="Centre d'aide", slug="aide", intro="Les réponses aux questions les plus fréquentes."
            )
        )
    for audience, (title, groups) in FAQ.items():
        page = FaqPage.objects.filter(slug=f"faq-{audience}").first()
        if page is None:
            help_centre.add_child(
                instance=FaqPage(title=title, slug=f"faq-{audience}", audience=audience, sections=_sections(groups))
            )
        else:
            page.sections = _sections(groups)
            page.save_revision().publish()

    if not ContentPage.objects.filter(slug="clause-sociale").exists():
        home.add_child(
            instance=ContentPage(
                title="Intégrer une clause sociale dans vos achats",
                slug="clause-sociale",
                intro="Les structures inclusives sont des fournisseurs comme les autres, qui créent en plus des parcours vers l'emploi.",
                body=[
                    (
                        "rich_text",
                        "<h2>Pourquoi acheter inclusif ?</h2><p>Chaque achat finance des heures de travail accompagné.</p>",
                    ),
                    (
                        "call_to_action",
                        {
                            "text": "Trouvez des fournisseurs près de chez vous.",
                            "label": "Rechercher",
                            "url": "/recherche/",
                        },
                    ),
                ],
            )
        )
    return {"help_centre": help_centre}


def load_demo_staff() -> None:
    """Local accounts, linked at first login through Compte inclusion by verified email."""
    editors, moderators = Group.objects.get(name="Éditeurs"), Group.objects.get(name="Modérateurs")
    editor, _ = User.objects.get_or_create(
        email="editeur@demo.inclusion.example", defaults={"username": "editeur-demo"}
    )
    # The demo editor also moderates needs (the "Besoins" group, marche.needs migration 0002).
    editor.groups.add(editors, Group.objects.get(name="Besoins"))
    support, _ = User.objects.get_or_create(
        email="support@demo.inclusion.example", defaults={"username": "support-demo", "is_staff": True}
    )
    support.groups.add(moderators)
