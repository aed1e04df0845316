from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from marche.contact.services import anonymise_expired_conversations


class Command(BaseCommand):
    help = (
        "Anonymise les conversations acheteur–fournisseur dont le dernier message date de plus de "
        "CONTACT_RETENTION_MONTHS mois (à lancer chaque jour ; sans effet sur celles déjà anonymisées)."
    )

    def handle(self, *args, **options):
        done = anonymise_expired_conversations(
            progress=lambda it, total: tqdm(
                it, total=total, desc="Conversations", unit="conversation", disable=options["verbosity"] == 0
            )
        )
        self.stdout.write(
            f"{done} conversation(s) anonymisée(s) (durée de conservation : {settings.CONTACT_RETENTION_MONTHS} mois)."
        )
