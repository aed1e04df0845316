from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import index, indexing
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = (
        "Index des fournisseurs : reconstruction (moteur intégré, puis Elasticsearch sans interruption), "
        "reprise des mises à jour en attente."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="reconstruire les index (idempotent)")
        action.add_argument(
            "--retry", action="store_true", help="renvoyer à Elasticsearch les modifications en attente"
        )
        action.add_argument("--status", action="store_true", help="nombre de modifications en attente")

    def handle(self, *args, rebuild, retry, status, **options):
        quiet = options["verbosity"] == 0

        def progress(it, total):
            return tqdm(it, total=total, desc="Indexation", unit="fiche", disable=quiet)

        if rebuild:
            try:
                counts = index.rebuild(progress=progress)
            except indexing.ES_ERRORS as exc:
                raise CommandError(
                    f"Elasticsearch injoignable : {exc}. Le moteur intégré est à jour ; relancez plus tard."
                ) from exc
            self.stdout.write(self.style.SUCCESS(f"{counts['database']} fiche(s) indexée(s) dans le moteur intégré."))
            if "elasticsearch" in counts:
                self.stdout.write(
                    self.style.SUCCESS(f"{counts['elasticsearch']} fiche(s) indexée(s) dans Elasticsearch.")
                )
            return
        if not indexing.enabled():
            raise CommandError("ELASTICSEARCH_URL n'est pas défini : le moteur intégré est à jour, rien n'attend.")
        if status:
            self.stdout.write(f"{PendingIndexUpdate.objects.count()} modification(s) en attente.")
            return
        try:
            sent, failed = indexing.flush()
        except indexing.ES_ERRORS as exc:
            raise CommandError(f"Elasticsearch injoignable : {exc}. Rien n'est perdu ; relancez plus tard.") from exc
        self.stdout.write(f"{sent} envoyée(s), {failed} toujours en attente.")
        if failed:
            raise CommandError("Elasticsearch ne répond pas : les modifications restent en attente, rien n'est perdu.")
