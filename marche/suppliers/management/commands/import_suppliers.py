from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marche.suppliers.imports import import_file


class Command(BaseCommand):
    help = "Charge ou met à jour des fiches fournisseurs depuis un CSV (UTF-8). Idempotent ; voir le README pour les colonnes."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            report = import_file(
                file,
                progress=lambda it, total: tqdm(
                    it, total=total, desc="Fournisseurs", unit="ligne", disable=options["verbosity"] == 0
                ),
            )
        except (ValidationError, UnicodeDecodeError) as exc:
            raise CommandError(
                exc.messages[0] if isinstance(exc, ValidationError) else f"Fichier illisible : {exc}"
            ) from exc
        self.stdout.write(
            f"{report.created} créé(s), {report.updated} mis à jour, {len(report.errors)} ligne(s) en erreur."
        )
        for error in report.errors:
            self.stdout.write(self.style.ERROR(error))
        if report.errors:
            raise CommandError("Certaines lignes n'ont pas été importées (voir ci-dessus) ; les autres l'ont été.")
