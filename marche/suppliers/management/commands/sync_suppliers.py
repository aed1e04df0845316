from django.core.management.base import BaseCommand, CommandError

from marche.suppliers.directory import DirectoryUnavailable, sync


class Command(BaseCommand):
    help = "Met à jour les fiches fournisseurs depuis l'annuaire de Compte inclusion (incrémental, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="tout relire au lieu des seules modifications")

    def handle(self, *args, full, **options):
        try:
            report = sync(full=full)
        except DirectoryUnavailable as exc:
            raise CommandError(f"Synchronisation impossible : {exc}. Rien n'a été perdu ; relancez plus tard.") from exc
        self.stdout.write(
            f"{report.created} créé(s), {report.updated} mis à jour, {report.deactivated} désactivé(s), "
            f"{len(report.errors)} en erreur."
        )
        for error in report.errors:
            self.stdout.write(self.style.ERROR(error))
