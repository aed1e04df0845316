import factory
from django.conf import settings
from django.utils import timezone
from oauth2_provider.models import get_application_model

from sso.accounts.models import User
from sso.organizations.kinds import Kind
from sso.organizations.models import Membership, Organization

__all__ = [
    "PASSWORD",
    "ApplicationFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "ReferenceStructureFactory",
    "UserFactory",
]

from tests.oidc_client import PASSWORD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email_verified_at = factory.LazyFunction(timezone.now)
    terms_accepted_at = factory.LazyFunction(timezone.now)
    terms_version = factory.LazyFunction(lambda: settings.TERMS_VERSION)
    password = factory.django.Password(PASSWORD)

    class Params:
        unverified = factory.Trait(email_verified_at=None)


def _siret(n: int) -> str:
    from stdnum import luhn

    siren = f"{80000000 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    siret = factory.Sequence(_siret)
    kind = Kind.EI
    name = factory.Sequence(lambda n: f"Structure {n}")
    postal_code = "69003"
    city = "Lyon"
    commune_insee = "69383"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    is_admin = False


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_application_model()

    client_id = factory.Sequence(lambda n: f"client-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    client_type = "confidential"
    authorization_grant_type = "authorization-code"
    redirect_uris = "https://rp.example/callback"
    post_logout_redirect_uris = "https://rp.example/"
    algorithm = "RS256"
    skip_authorization = True
    client_secret = "secret-de-test-tres-long"


class ReferenceStructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organizations.ReferenceStructure"

    asp_id = factory.Sequence(lambda n: f"ASP{n:05d}")
    siret = factory.Sequence(lambda n: _siret(5000 + n))
    kind = Kind.EI
    name = factory.Sequence(lambda n: f"SIAE {n}")
    postal_code = "33000"
    city = "Bordeaux"
    commune_insee = "33063"
