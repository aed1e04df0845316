from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from marche.core.demo import load_demo_suppliers
from marche.core.demo_content import load_demo_content, load_demo_staff
from marche.geography.models import Commune
from marche.home.models import HomePage
from marche.needs.demo import load_demo_needs


class Command(BaseCommand):
    help = "Charge les données de démonstration du Marché (idempotent, développement uniquement)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Les données de démonstration ne se chargent qu'en développement (DEBUG=1).")
        if not Commune.objects.exists():
            # Demo suppliers need communes and departments.
            call_command("load_geography", verbosity=0)
        home = ensure_home_page()
        suppliers = load_demo_suppliers()
        load_demo_content(home)
        load_demo_staff()
        load_demo_needs()
        certified = sum(1 for s in suppliers if s.certified)
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration du Marché chargées (accueil : « {home.title} », {len(suppliers)} fournisseurs "
                f"dont {certified} certifiés)."
            )
        )


def ensure_home_page() -> HomePage:
    """The site's root is a HomePage; Wagtail's placeholder 'Welcome' page is replaced once."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Le Marché de l'inclusion",
                slug="accueil",
                intro="<p>Trouvez des fournisseurs inclusifs pour vos achats socialement responsables.</p>",
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Le Marché")
    elif site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()
    return home
