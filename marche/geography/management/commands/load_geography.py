from django.core.management.base import BaseCommand
from tqdm import tqdm

from marche.geography.services import load_geography


class Command(BaseCommand):
    help = "Charge les régions, départements et communes livrés avec le projet (idempotent)."

    def handle(self, *args, **options):
        counts = load_geography(
            progress=lambda it, total: tqdm(
                it, total=total, desc="Communes", unit="commune", disable=options["verbosity"] == 0
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['regions']} régions, {counts['departments']} départements, {counts['communes']} communes chargés."
            )
        )
