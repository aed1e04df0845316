"""`make run`'s last words: once both services answer their health check, the addresses,
the demo logins and the demo password, below the servers' start-up output.

It then stays up doing nothing: honcho stops every process as soon as one exits.
"""

import signal
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand

from sso.core.demo_accounts import ACCOUNTS, DEMO_PASSWORD


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Command(BaseCommand):
    help = "Attend que les deux services répondent, puis affiche les adresses et les comptes de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=300, help="secondes d'attente au plus")
        parser.add_argument("--exit", action="store_true", help="quitter après l'affichage (tests)")

    def handle(self, *args, **options):
        marche, sso = settings.MARCHE_URL, settings.SSO_ISSUER
        deadline = time.monotonic() + options["timeout"]
        # Polling is the only way to learn that another process's server is up.
        while not (_healthy(marche) and _healthy(sso)):
            if time.monotonic() > deadline:
                self.stderr.write(
                    f"Les services ne répondent pas ({marche}/healthz, {sso}/healthz) : voir les journaux ci-dessus."
                )
                return
            time.sleep(0.5)
        width = max(len(email) for email, *_ in ACCOUNTS)
        roles = {
            "support": "équipe support (administration Django)",
            "employeur": "employeur, SIAE « Les Jardins Solidaires »",
            "prescripteur": "prescripteur habilité",
            "acheteur": "acheteur vérifié (voit les coordonnées)",
            "editeur": "éditeur Wagtail",
        }
        lines = [
            "",
            "=" * 78,
            "  Tout est prêt.",
            f"  Le Marché de l'inclusion : {marche}/   (admin Wagtail : {marche}/admin/)",
            f"  Compte inclusion         : {sso}/   (admin Django : {sso}/admin/)",
            "  Courriels envoyés        : var/mail/",
            "",
            "  Comptes de démonstration (se connecter depuis le Marché ou Compte inclusion) :",
            *(f"    {email:<{width}}  {roles.get(email.split('@')[0], '')}" for email, *_ in ACCOUNTS),
            f"  Mot de passe de tous les comptes : {DEMO_PASSWORD}",
            "",
            "  Ctrl-C arrête tout (serveurs et worker).",
            "=" * 78,
            "",
        ]
        self.stdout.write("\n".join(lines))
        self.stdout.flush()
        if not options["exit"]:
            signal.pause()
