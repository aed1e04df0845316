from django.core.management.base import BaseCommand
from tqdm import tqdm

from marche.suppliers.services import refresh_all_certifications


class Command(BaseCommand):
    help = "Recalcule la certification de toutes les fiches (à lancer chaque jour : les conventionnements expirent)."

    def handle(self, *args, **options):
        changed = refresh_all_certifications(
            progress=lambda it, total: tqdm(
                it, total=total, desc="Fiches", unit="fiche", disable=options["verbosity"] == 0
            )
        )
        self.stdout.write(f"{changed} fiche(s) ont changé de statut.")
