from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sso.oidc.services import Application, register_client


class Command(BaseCommand):
    help = "Enregistre ou met à jour un client OpenID Connect (idempotent). Le secret n'est affiché qu'une fois."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--name", required=True)
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--confidential", action="store_true", help="client serveur, avec secret")
        kind.add_argument("--public", action="store_true", help="client sans secret (PKCE obligatoire)")
        parser.add_argument("--redirect-uri", action="append", default=[], dest="redirect_uris")
        parser.add_argument("--post-logout-uri", action="append", default=[], dest="post_logout_uris")
        parser.add_argument(
            "--skip-consent", action="store_true", help="service de premier rang : pas d'écran de consentement"
        )
        parser.add_argument(
            "--grant",
            choices=[Application.GRANT_AUTHORIZATION_CODE, Application.GRANT_CLIENT_CREDENTIALS],
            default=Application.GRANT_AUTHORIZATION_CODE,
        )
        parser.add_argument(
            "--backchannel-logout-uri",
            help="reçoit les jetons de déconnexion (OpenID Connect Back-Channel Logout) ; vide pour la retirer",
        )
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            help="portée d'un client « client credentials » (répétable) : directory, ou marche.suppliers.read "
            "pour un partenaire de l'API de consultation du Marché",
        )
        parser.add_argument(
            "--introspection-scope",
            action="append",
            dest="introspection_scopes",
            help="serveur de ressources : introspecte les jetons d'autres clients portant cette portée (répétable)",
        )
        parser.add_argument("--secret-file", help="lit le secret dans ce fichier au lieu d'en générer un")
        parser.add_argument("--rotate-secret", action="store_true", help="génère un nouveau secret")

    def handle(self, *args, **options):
        secret = None
        if options["secret_file"]:
            try:
                with open(options["secret_file"]) as f:
                    secret = f.read().strip()
            except OSError as exc:
                raise CommandError(f"Impossible de lire le secret : {exc}") from exc
        try:
            result = register_client(
                client_id=options["client_id"],
                name=options["name"],
                confidential=options["confidential"],
                redirect_uris=options["redirect_uris"],
                post_logout_redirect_uris=options["post_logout_uris"],
                skip_consent=options["skip_consent"],
                grant_type=options["grant"],
                secret=secret,
                rotate_secret=options["rotate_secret"],
                backchannel_logout_uri=options["backchannel_logout_uri"],
                scopes=options["scopes"],
                introspection_scopes=options["introspection_scopes"],
            )
        except (ValueError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        verb = "créé" if result.created else "mis à jour"
        self.stdout.write(self.style.SUCCESS(f"Client « {result.application.client_id} » {verb}."))
        if result.secret and not options["secret_file"]:
            self.stdout.write(f"Secret (affiché une seule fois, conservez-le) : {result.secret}")
