import uuid
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from common.env import VAR_DIR
from sso.accounts.models import User
from sso.core.demo_accounts import ACCOUNTS, DEMO_PASSWORD
from sso.oidc.services import Application, register_client
from sso.organizations.kinds import SIAE_KINDS, Kind
from sso.organizations.models import Membership, Organization, ReferenceStructure

ORGANIZATIONS = [
    # (siret, kind, name, authorised prescriber, postal code, city, commune INSEE)
    ("90000001900019", Kind.EI, "Les Jardins Solidaires", False, "69003", "Lyon", "69383"),
    ("90000002700012", Kind.ACI, "Atelier Bois & Compagnie", False, "33000", "Bordeaux", "33063"),
    ("90000003500015", Kind.FT, "France Travail Lyon Part-Dieu", True, "69003", "Lyon", "69383"),
    ("90000004300019", Kind.BUYER, "Métropole de Démo", False, "13001", "Marseille", "13201"),
]

DEMO_FREE_SIAE = [("90000005000014", Kind.EITI, "Coopérative Démo (sans membre)", False, "59000", "Lille", "59350")]
# The ASP's technical contact of the unclaimed SIAE: the claim link goes there (var/mail/ locally).
DEMO_FREE_SIAE_CONTACT = "contact@cooperative-demo.inclusion.example"


def demo_public_id(siret: str, kind: str) -> uuid.UUID:
    """Fixed public IDs for demo organisations, so the Marché's demo profiles point at them
    (same formula as ``marche.core.demo.demo_public_id``)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://demo.inclusion.example/organisations/{kind}/{siret}")


def _local_secret(name: str) -> str:
    """Secrets shared by the two local services, kept under var/ (never in git)."""
    from secrets import token_urlsafe

    path = VAR_DIR / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(token_urlsafe(40))
        path.chmod(0o600)
    return path.read_text().strip()


class Command(BaseCommand):
    help = "Charge les données de démonstration de Compte inclusion (idempotent, développement uniquement)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Les données de démonstration ne se chargent qu'en développement (DEBUG=1).")
        # The ASP's list, as the import would leave it: demo SIAE, plus one free SIRET so
        # that the employer sign-up path can be tried.
        everything = ORGANIZATIONS + DEMO_FREE_SIAE
        for n, (siret, kind, name, _, postal_code, city, insee) in enumerate(everything):
            if kind in SIAE_KINDS:
                ReferenceStructure.objects.update_or_create(
                    asp_id=f"DEMO{n}",
                    defaults={
                        "siret": siret,
                        "kind": kind,
                        "name": name,
                        "postal_code": postal_code,
                        "city": city,
                        "commune_insee": insee,
                        "convention_end_date": date(timezone.localdate().year + 1, 12, 31),
                        "auth_email": DEMO_FREE_SIAE_CONTACT if siret == DEMO_FREE_SIAE[0][0] else "",
                    },
                )
        organizations = {}
        for n, (siret, kind, name, authorized, postal_code, city, insee) in enumerate(everything):
            organizations[siret], _ = Organization.objects.update_or_create(
                siret=siret,
                kind=kind,
                defaults={
                    # Demo only: fixed IDs shared with the Marché's demo profiles.
                    "public_id": demo_public_id(siret, kind),
                    "asp_id": f"DEMO{n}" if kind in SIAE_KINDS else None,
                    "name": name,
                    "is_authorized": authorized,
                    "postal_code": postal_code,
                    "city": city,
                    "commune_insee": insee,
                    # The demo buyer is verified (its members' addresses are on its website's domain).
                    **(
                        {"website": "https://demo.inclusion.example", "verified_domain": "demo.inclusion.example"}
                        if kind == Kind.BUYER
                        else {}
                    ),
                },
            )
            if kind == Kind.BUYER and organizations[siret].verified_at is None:
                organizations[siret].verified_at = timezone.now()
                organizations[siret].save(update_fields=["verified_at"])
        for email, first_name, last_name, siret, is_admin, is_staff in ACCOUNTS:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    first_name=first_name,
                    last_name=last_name,
                    is_staff=is_staff,
                    is_superuser=is_staff,
                    email_verified_at=timezone.now(),
                    terms_accepted_at=timezone.now(),
                    terms_version=settings.TERMS_VERSION,
                )
            if siret:
                Membership.objects.get_or_create(
                    user=user, organization=organizations[siret], defaults={"is_admin": is_admin}
                )

        marche = settings.MARCHE_URL
        register_client(
            client_id="marche",
            name="le Marché de l'inclusion",
            confidential=True,
            redirect_uris=[f"{marche}/oidc/callback/"],
            post_logout_redirect_uris=[f"{marche}/"],
            skip_consent=True,
            secret=_local_secret("marche-oidc-client-secret"),
            backchannel_logout_uri=f"{marche}/oidc/backchannel-logout/",
            # The Marché checks its partners' tokens (lookup API) by introspection.
            introspection_scopes=["marche.suppliers.read"],
        )
        register_client(
            client_id="marche-annuaire",
            name="le Marché de l'inclusion (annuaire)",
            confidential=True,
            redirect_uris=[],
            grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            secret=_local_secret("marche-directory-client-secret"),
            scopes=["directory"],
        )
        register_client(
            client_id="emplois",
            name="les emplois de l'inclusion",
            confidential=True,
            redirect_uris=["http://localhost:8080/oidc/callback/"],
            post_logout_redirect_uris=["http://localhost:8080/"],
            skip_consent=True,
            secret=_local_secret("emplois-oidc-client-secret"),
        )

        self.stdout.write(self.style.SUCCESS("Données de démonstration de Compte inclusion chargées."))
        self.stdout.write(
            f"SIAE sans administrateur, à revendiquer : SIRET {DEMO_FREE_SIAE[0][0]} (le lien part à "
            f"{DEMO_FREE_SIAE_CONTACT}, visible dans var/mail/)."
        )
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, first_name, last_name, siret, *_ in ACCOUNTS:
            where = organizations[siret].name if siret else "équipe"
            self.stdout.write(f"  - {email} ({first_name} {last_name}, {where})")
