"""Shared helpers of the needs tests (buyer side and editors)."""

import io
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marche.geography.models import Commune, Department, Region
from marche.needs.models import Need, NeedAttachment, NeedStatus, PlaceKind
from marche.sectors.models import Sector

from .factories import UserFactory, organization_claim


def buyer_org(verified=True, name="Ville de Lyon"):
    return organization_claim(kind="BUYER", verified=verified, name=name)


def buyer_user(org=None, **extra):
    org = org or buyer_org()
    return UserFactory(organizations=[org], **extra)


def editor_user():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Besoins"))
    return user


def future(days=30):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def places(db):
    region = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    rhone = Department.objects.create(code="69", name="Rhône", region=region)
    Department.objects.create(code="01", name="Ain", region=region)
    other = Region.objects.create(code="11", name="Île-de-France")
    Department.objects.create(code="75", name="Paris", region=other)
    lyon = Commune.objects.create(
        insee="69383", name="Lyon 3e Arrondissement", postal_codes="69003", department=rhone,
        latitude=45.76, longitude=4.85,
    )  # fmt: skip
    villeurbanne = Commune.objects.create(
        insee="69266", name="Villeurbanne", postal_codes="69100", department=rhone, latitude=45.77, longitude=4.88
    )
    return {"lyon": lyon, "villeurbanne": villeurbanne, "rhone": rhone, "region": region}


def sectors(n=1):
    return list(Sector.objects.order_by("pk")[:n])


def make_need(org, author=None, *, status=NeedStatus.DRAFT, communes=(), sector_list=None, deadline=None, **fields):
    author = author or UserFactory(organizations=[org])
    defaults = {
        "kind": "quote",
        "title": "Entretien des espaces verts",
        "description": "Tonte et taille deux fois par mois.",
        "place_kind": PlaceKind.COMMUNES if communes else PlaceKind.NATIONAL,
        "deadline": deadline if deadline is not None else future(),
        "step": 6,
    }
    defaults.update(fields)
    need = Need.objects.create(
        organization_id=uuid.UUID(org["id"]),
        organization_name=org["name"],
        author=author,
        status=status,
        submitted_at=timezone.now() if status != NeedStatus.DRAFT else None,
        **defaults,
    )
    need.sectors.set(sector_list if sector_list is not None else sectors(1))
    need.communes.set(communes)
    return need


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def xlsx_bytes():
    return zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def odt_bytes():
    return zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"}
    )


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(need, name="cahier-des-charges.pdf", content=None):
    attachment = NeedAttachment(need=need, original_name=name, content_type="application/pdf", size=0)
    content = content or pdf_bytes()
    attachment.size = len(content)
    attachment.file.save("upload", io.BytesIO(content), save=False)
    attachment.save()
    return attachment


def snapshot(need):
    """Everything a refused write must leave as it was."""
    need = Need.objects.get(pk=need.pk)
    return (
        need.status, need.version, need.step, need.kind, need.title, need.description, need.place_kind,
        need.deadline, need.expected_start, list(need.questions), need.show_buyer_name, need.editor_message,
        need.decided_by_id, need.validated_at,
        sorted(need.sectors.values_list("pk", flat=True)), sorted(need.communes.values_list("pk", flat=True)),
        sorted(need.departments.values_list("pk", flat=True)), sorted(need.regions.values_list("pk", flat=True)),
        sorted(need.attachments.values_list("uid", flat=True)),
    )  # fmt: skip
