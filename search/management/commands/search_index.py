from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = (
        "Index Elasticsearch des fournisseurs : reconstruction sans interruption, reprise des mises à jour en attente."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="nouvel index versionné puis bascule de l'alias")
        action.add_argument("--retry", action="store_true", help="renvoyer les modifications en attente")
        action.add_argument("--status", action="store_true", help="nombre de modifications en attente")

    def handle(self, *args, rebuild, retry, status, **options):
        if not indexing.enabled():
            raise CommandError("ELASTICSEARCH_URL n'est pas défini : le Marché utilise le moteur intégré, sans index.")
        if status:
            self.stdout.write(f"{PendingIndexUpdate.objects.count()} modification(s) en attente.")
            return
        try:
            if rebuild:
                name, count = indexing.rebuild(
                    progress=lambda it, total: tqdm(
                        it, total=total, desc="Indexation", unit="fiche", disable=options["verbosity"] == 0
                    )
                )
                # Changes made during the rebuild are in the new index or still pending: send them.
                indexing.flush()
                self.stdout.write(
                    self.style.SUCCESS(f"{count} fiche(s) indexée(s) dans {name} ; l'alias pointe dessus.")
                )
            else:
                sent, failed = indexing.flush()
                self.stdout.write(f"{sent} envoyée(s), {failed} toujours en attente.")
                if failed:
                    raise CommandError(
                        "Elasticsearch ne répond pas : les modifications restent en attente, rien n'est perdu."
                    )
        except indexing.ES_ERRORS as exc:
            raise CommandError(f"Elasticsearch injoignable : {exc}. Rien n'est perdu ; relancez plus tard.") from exc
