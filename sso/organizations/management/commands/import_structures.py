from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sso.organizations.reference import check_header, import_structures, read_rows
from sso.organizations.text import has_nul, has_surrogates


class Command(BaseCommand):
    help = (
        "Importe la liste des SIAE conventionnées exportée par l'ASP (CSV). Idempotent ; les lignes en erreur sont "
        "signalées et les autres importées. Voir le README pour les colonnes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help="désactiver même au-delà du seuil de sécurité")

    def handle(self, *args, file, force, **options):
        try:
            # Bytes that are not UTF-8 stay as lone surrogates and are reported on their line
            # (the rest of the file is imported) instead of failing the whole file.
            with open(file, encoding="utf-8-sig", errors="surrogateescape") as f:
                content = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Impossible de lire {file} : {exc}") from exc
        header, rows = read_rows(content)
        try:
            if any(has_surrogates(name) or has_nul(name) for name in header):
                raise ValidationError("En-tête du fichier illisible : le fichier doit être un CSV en UTF-8.")
            check_header(header)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        total = max(content.count("\n") - 1, 0)
        report = import_structures(
            rows,
            force=force,
            progress=lambda it: tqdm(
                it, total=total, desc="Structures", unit="ligne", disable=options["verbosity"] == 0
            ),
        )
        self.stdout.write(
            f"{report.created} créée(s), {report.updated} mise(s) à jour, {report.unchanged} inchangée(s), "
            f"{report.siret_changed} SIRET modifié(s), {report.reactivated} réactivée(s), "
            f"{report.marked_missing} absente(s) du fichier (délai de grâce), {report.deactivated} désactivée(s), "
            f"{report.antennas_updated} antenne(s) alignée(s) sur leur structure mère, "
            f"{len(report.errors)} erreur(s)."
        )
        if report.valve:
            self.stdout.write(self.style.WARNING(report.valve))
        for error in report.errors:
            self.stdout.write(self.style.ERROR(error))
        if report.errors:
            raise CommandError("Certaines lignes n'ont pas été importées (voir ci-dessus) ; les autres l'ont été.")
