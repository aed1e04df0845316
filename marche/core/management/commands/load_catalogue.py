from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marche.core import catalogue
from marche.geography.models import Commune


class Command(BaseCommand):
    help = (
        "Génère le catalogue de démonstration : des fournisseurs réalistes dans toute la France "
        "(idempotent : une fiche déjà créée n'est jamais modifiée ; développement uniquement)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--suppliers", type=int, default=catalogue.DEFAULT_SIZE, help="taille du catalogue")
        parser.add_argument("--seed", type=int, default=catalogue.DEFAULT_SEED)
        parser.add_argument("--no-logos", action="store_true", help="sans logos (plus rapide)")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Le catalogue de démonstration ne se charge qu'en développement (DEBUG=1).")
        size = options["suppliers"]
        if not 0 <= size <= catalogue.MAX_SUPPLIERS:
            raise CommandError(f"--suppliers doit être compris entre 0 et {catalogue.MAX_SUPPLIERS}.")
        if not Commune.objects.exists():
            call_command("load_geography", verbosity=0)
        report = catalogue.generate(
            size,
            seed=options["seed"],
            logos=not options["no_logos"],
            progress=lambda it, total: tqdm(
                it, total=total, desc="Catalogue (lots de 1 000)", unit="lot", disable=options["verbosity"] == 0
            ),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue de démonstration : {report.created} fournisseur(s) créé(s), "
                f"{report.existing} déjà présent(s) et laissé(s) tels quels, {report.logos_created} logo(s) créé(s)."
            )
        )
