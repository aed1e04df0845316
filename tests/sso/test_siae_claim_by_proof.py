"""Claiming an SIAE with proof (no known contact, or no access to that mailbox): documents
checked by content and size, stored privately, approved or refused by staff with a reason."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sso.organizations import services
from sso.organizations.models import Membership, StructureClaim
from sso.organizations.proofs import proof_extension

from .factories import ReferenceStructureFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def structure():
    reference = ReferenceStructureFactory(name="Atelier Vert")  # no ASP contact
    return services.employer_signup(UserFactory(), reference.siret).organization


def proof_data(**extra):
    data = {
        "method": "proof",
        "registration_proof": SimpleUploadedFile("kbis.pdf", PDF, content_type="application/pdf"),
        "document_date": timezone.localdate().strftime("%d/%m/%Y"),
        "is_legal_representative": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_without_a_known_contact_the_page_asks_for_proof(client, structure):
    client.force_login(UserFactory())

    content = client.get(f"/organisations/{structure.public_id}/revendiquer/").content.decode()

    assert "ne nous a pas transmis d'adresse de contact" in content
    assert 'name="method" value="email"' not in content


def test_proof_is_stored_privately_under_a_server_chosen_name_and_grants_nothing_yet(client, structure, settings):
    claimant = UserFactory()
    client.force_login(claimant)

    response = client.post(f"/organisations/{structure.public_id}/revendiquer/", proof_data())

    assert response.status_code == 302
    claim = StructureClaim.objects.get(user=claimant)
    assert claim.status == StructureClaim.Status.PENDING and claim.method == StructureClaim.Method.PROOF
    assert claim.registration_proof.name.startswith("claims/") and claim.registration_proof.name.endswith(".pdf")
    assert "kbis" not in claim.registration_proof.name
    stored = settings.PRIVATE_FILES_ROOT / claim.registration_proof.name
    assert stored.read_bytes() == PDF
    assert not (settings.MEDIA_ROOT / claim.registration_proof.name).exists()
    with pytest.raises(ValueError):
        claim.registration_proof.url  # noqa: B018 (no public URL can be built)
    assert not Membership.objects.filter(organization=structure).exists()
    assert "en cours de vérification par le support" in client.get("/organisations/").content.decode()


def test_proof_with_a_forged_type_is_refused_and_nothing_is_stored(client, structure, settings):
    client.force_login(UserFactory())
    fake = SimpleUploadedFile("kbis.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")

    response = client.post(f"/organisations/{structure.public_id}/revendiquer/", proof_data(registration_proof=fake))

    assert response.status_code == 200
    assert "PDF, un JPEG ou un PNG" in response.content.decode()
    assert not StructureClaim.objects.exists()
    assert not (settings.PRIVATE_FILES_ROOT / "claims").exists()


def test_proof_too_large_is_refused(client, structure, settings):
    settings.CLAIM_PROOF_MAX_BYTES = 1024
    client.force_login(UserFactory())
    big = SimpleUploadedFile("kbis.pdf", PDF + b"0" * 2048, content_type="application/pdf")

    response = client.post(f"/organisations/{structure.public_id}/revendiquer/", proof_data(registration_proof=big))

    assert "taille maximale" in response.content.decode()
    assert not StructureClaim.objects.exists()


def test_proof_older_than_three_months_is_refused_and_the_typed_values_are_kept(client, structure):
    client.force_login(UserFactory())

    response = client.post(
        f"/organisations/{structure.public_id}/revendiquer/",
        proof_data(document_date="01/01/2020", message="Je suis la directrice"),
    )

    content = response.content.decode()
    assert "moins de 3 mois" in content
    assert "Je suis la directrice" in content
    assert not StructureClaim.objects.exists()


def test_a_person_who_is_not_the_legal_representative_needs_a_mandate(client, structure):
    client.force_login(UserFactory())

    response = client.post(
        f"/organisations/{structure.public_id}/revendiquer/", proof_data(is_legal_representative=None)
    )

    assert "mandat" in response.content.decode()
    assert not StructureClaim.objects.exists()
    with_mandate = proof_data(
        is_legal_representative=None, mandate=SimpleUploadedFile("m.png", PNG, content_type="image/png")
    )
    assert client.post(f"/organisations/{structure.public_id}/revendiquer/", with_mandate).status_code == 302
    assert StructureClaim.objects.get().mandate.name.endswith(".png")


def _pending_claim(structure):
    claimant = UserFactory()
    return services.submit_proof_claim(
        claimant,
        structure,
        registration_proof=SimpleUploadedFile("k.pdf", PDF),
        document_date=timezone.localdate(),
        is_legal_representative=True,
    )


def test_staff_approval_makes_the_claimant_administrator_and_tells_them(
    admin_client, structure, django_capture_on_commit_callbacks
):
    claim = _pending_claim(structure)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/organizations/structureclaim/", {"action": "approve", "_selected_action": [claim.pk]})

    assert Membership.objects.get(user=claim.user, organization=structure).is_admin
    claim.refresh_from_db()
    assert claim.status == StructureClaim.Status.APPROVED and claim.decided_by is not None
    assert mail.outbox[-1].to == [claim.user.email]
    assert "vous êtes désormais administrateur" in mail.outbox[-1].body


def test_staff_refusal_needs_a_reason_which_is_mailed(admin_client, structure, django_capture_on_commit_callbacks):
    claim = _pending_claim(structure)
    url = "/admin/organizations/structureclaim/"

    page = admin_client.post(url, {"action": "refuse", "_selected_action": [claim.pk]})
    assert "Motif du refus" in page.content.decode()
    claim.refresh_from_db()
    assert claim.status == StructureClaim.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"action": "refuse", "_selected_action": [claim.pk], "reason": "Le Kbis date de 2019."})

    claim.refresh_from_db()
    assert claim.status == StructureClaim.Status.REFUSED and claim.refusal_reason == "Le Kbis date de 2019."
    assert not Membership.objects.filter(organization=structure).exists()
    assert "Le Kbis date de 2019." in mail.outbox[-1].body and mail.outbox[-1].to == [claim.user.email]


def test_only_staff_download_the_proof(client, admin_client, structure):
    claim = _pending_claim(structure)
    url = f"/organisations/justificatifs/{claim.pk}/justificatif/"

    client.force_login(claim.user)
    assert client.get(url).status_code == 302  # to the admin login, not the file
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def _near_misses():
    """Every signature cut short or with one byte changed, plus look-alikes (SVG, HTML, GIF, ZIP)."""
    for signature in (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"):
        yield signature[:-1]
        for i in range(len(signature)):
            yield signature[:i] + bytes([(signature[i] + 1) % 256]) + signature[i + 1 :] + b"rest"
    yield from (b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"<html>", b"GIF89a", b"PK\x03\x04", b" %PDF-1.7")


@pytest.mark.parametrize("content", list(_near_misses()))
def test_proof_contents_other_than_pdf_jpeg_png_are_refused(content):
    upload = SimpleUploadedFile("justificatif.pdf", content, content_type="application/pdf")

    with pytest.raises(ValidationError, match="PDF, un JPEG ou un PNG"):
        proof_extension(upload)


@pytest.mark.parametrize(
    ("content", "extension"), [(PDF, "pdf"), (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "jpg"), (PNG, "png")]
)
def test_proof_extension_comes_from_the_content_not_the_name(content, extension):
    assert proof_extension(SimpleUploadedFile("photo.exe", content)) == extension
