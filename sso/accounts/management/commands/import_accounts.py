import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sso.accounts.models import LinkedAccount
from sso.accounts.services import ImportReport, import_account_line


class Command(BaseCommand):
    help = (
        "Importe les comptes exportés des emplois ou du Marché (JSON : liste d'objets id, email, first_name, "
        "last_name, password, email_verified, date_joined, is_active facultatif). Idempotent ; les mots de passe "
        "restent valables ; un compte inactif dans toutes ses origines est désactivé et ses accès coupés."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, choices=LinkedAccount.Source.values)
        parser.add_argument("file")

    def handle(self, *args, source, file, **options):
        try:
            with open(file, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Impossible de lire {file} : {exc}") from exc
        rows = data.get("users", data) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise CommandError("Le fichier doit contenir une liste de comptes.")
        report = ImportReport()
        for line, row in enumerate(
            tqdm(rows, desc="Comptes", unit="compte", disable=options["verbosity"] == 0), start=1
        ):
            import_account_line(row, source, report, line)
        self.stdout.write(
            f"{report.created} créé(s), {report.linked} rapproché(s), {report.unchanged} déjà importé(s), "
            f"{report.deactivated} désactivé(s) (inactif(s) à l'origine), "
            f"{len(report.conflicts)} conflit(s), {len(report.errors)} erreur(s)."
        )
        for message in report.conflicts:
            self.stdout.write(self.style.WARNING(f"Conflit {message}"))
        for message in report.errors:
            self.stdout.write(self.style.ERROR(f"Erreur {message}"))
        if report.errors:
            raise CommandError("Certaines lignes n'ont pas été importées (voir ci-dessus) ; les autres l'ont été.")
