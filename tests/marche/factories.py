import io
import uuid
from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marche.suppliers.models import Activity, Supplier
from marche.users.models import User


def image_file(width=200, height=200, fmt="PNG", name=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 200)).save(buffer, format=fmt)
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return SimpleUploadedFile(name or f"logo.{extension}", buffer.getvalue(), content_type=f"image/{extension}")


def words(n: int) -> str:
    return "<p>" + " ".join(["insertion"] * n) + "</p>"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    sub = factory.LazyFunction(lambda: str(uuid.uuid4()))
    username = factory.LazyAttribute(lambda o: o.sub)
    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    email_verified = True
    organizations = factory.LazyFunction(list)


def member_of(supplier, **extra) -> User:
    organization = {
        "id": str(supplier.organization_id),
        "siret": supplier.siret,
        "name": supplier.name,
        "kind": supplier.kind,
        "is_admin": False,
        "is_active": True,
        "verified": True,
    }
    return UserFactory(organizations=[organization], **extra)


def organization_claim(*, kind: str, siret: str = "90000004300019", verified: bool = True, **extra) -> dict:
    """One entry of Compte inclusion's ``organizations`` claim."""
    return {
        "id": str(uuid.uuid4()),
        "siret": siret,
        "name": "Ville",
        "kind": kind,
        "is_admin": True,
        "is_active": True,
        "verified": verified,
        **extra,
    }


def buyer(*, verified: bool = True, siret: str = "90000004300019") -> User:
    return UserFactory(organizations=[organization_claim(kind="BUYER", siret=siret, verified=verified)])


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    siret = factory.Sequence(lambda n: f"{70000000000000 + n}")
    organization_id = factory.LazyFunction(uuid.uuid4)
    slug = factory.Sequence(lambda n: f"structure-{n}")
    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = "EI"
    convention_end_date = factory.LazyFunction(lambda: date.today() + timedelta(days=365))


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity (50 km around the supplier's address by default); ``sectors=[...]`` sets them."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    supplier = factory.SubFactory(SupplierFactory)
    service_kinds = factory.LazyFunction(lambda: ["PREST"])
    perimeter_kind = "radius"
    perimeter_radius_km = 50

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)
