from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marche.checker.services import import_reference_structures


class Command(BaseCommand):
    help = (
        "Charge la liste de référence des SIAE conventionnées (export CSV de l'ASP, colonnes siret, kind, "
        "name, postal_code, city) pour « Vérifier vos fournisseurs ». Relançable : remplace la copie locale."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            content = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Fichier illisible : {exc}") from exc
        try:
            report = import_reference_structures(
                content,
                progress=lambda it, total: tqdm(
                    it, total=total, desc="Structures", unit="ligne", disable=options["verbosity"] == 0
                ),
            )
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        for error in report["errors"]:
            self.stderr.write(error)
        self.stdout.write(
            f"{report['created']} ajoutée(s), {report['updated']} modifiée(s), {report['unchanged']} inchangée(s), "
            f"{report['removed']} retirée(s), {len(report['errors'])} erreur(s)."
        )
