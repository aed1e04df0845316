"""Every input path of the organisations app, driven with arbitrary text (NUL, control
characters, very long, any Unicode): never a 500; a form error naming the field, or a stored
value that is clean; and nothing written on a refusal.

Each example runs in a transaction rolled back at its end, so examples do not see each other.
"""

import unicodedata
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sso.organizations.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organization,
    SignupRequest,
    StructureClaim,
)

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID_SIRET = "90000001900019"
HOSTILE = st.sampled_from(["\x00", "\n", "\r", "\t", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "'", "<", "&"])
TEXT = (
    st.text(st.characters(codec="utf-8"), max_size=60)
    | st.text(HOSTILE | st.characters(codec="utf-8"), max_size=30)
    | st.builds(lambda c, n: c * n, st.characters(codec="utf-8"), st.integers(250, 1200))
)
BOUNDED = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
MODELS = [Organization, Membership, SignupRequest, Invitation, JoinRequest, StructureClaim]


def snapshot():
    return {model.__name__: model.objects.count() for model in MODELS}


def is_one_line(value: str) -> bool:
    return value == value.strip() and not any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} for c in value)


class rolled_back:
    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        self.atomic.__exit__(*exc)


def post(client, url, data, form="form"):
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert snapshot() == before, "a refused form wrote something"
        assert response.context[form].errors, "a refusal without an error on the form"
    return response


@pytest.fixture
def person(client):
    user = UserFactory(email="achats@ville-exemple.fr")
    client.force_login(user)
    return user


@BOUNDED
@given(name=TEXT, city=TEXT, postal_code=TEXT | st.just(""), message=TEXT, kind=TEXT | st.sampled_from(["GEIQ", "EA"]))
def test_structure_request_form_with_arbitrary_text(client, person, name, city, postal_code, message, kind):
    with rolled_back():
        data = {"siret": VALID_SIRET, "name": name, "city": city, "postal_code": postal_code, "message": message}
        response = post(client, "/organisations/inscription/geiq-ea/", {**data, "kind": kind})
        if response.status_code == 302:
            request = SignupRequest.objects.get(user=person)
            assert is_one_line(request.name) and is_one_line(request.city) and request.name
            assert "\x00" not in request.message and len(request.message) <= 5000


@BOUNDED
@given(name=TEXT, city=TEXT, siret=TEXT | st.just(VALID_SIRET), website=TEXT)
def test_buyer_signup_form_with_arbitrary_text(client, person, name, city, siret, website):
    with rolled_back():
        response = post(
            client,
            "/organisations/inscription/acheteur/",
            {"siret": siret, "name": name, "city": city, "website": website},
        )
        if response.status_code == 302:
            organization = Organization.objects.get(siret=VALID_SIRET)
            assert is_one_line(organization.name) and organization.name and is_one_line(organization.city)


@BOUNDED
@given(name=TEXT, kind=TEXT | st.just("OTHER_PRESCRIBER"), q=TEXT)
def test_prescriber_forms_with_arbitrary_text(client, person, name, kind, q):
    with rolled_back():
        search = client.get("/organisations/inscription/prescripteur/", {"q": q})
        assert search.status_code == 200
        response = post(
            client,
            "/organisations/inscription/prescripteur/",
            {"siret": VALID_SIRET, "name": name, "kind": kind},
            form="orienteur",
        )
        if response.status_code == 302:
            assert is_one_line(Organization.objects.get(siret=VALID_SIRET).name)


@BOUNDED
@given(siret=TEXT)
def test_employer_signup_form_with_arbitrary_text(client, person, siret):
    with rolled_back():
        response = post(client, "/organisations/inscription/employeur/", {"siret": siret})
        assert response.status_code == 200  # no reference structure: a form error, always


@pytest.fixture
def admin_membership(client):
    membership = MembershipFactory(is_admin=True, organization__siret="90000002700012")
    client.force_login(membership.user)
    return membership


@BOUNDED
@given(email=TEXT | st.emails())
def test_invitation_form_with_arbitrary_text(client, admin_membership, email):
    organization = admin_membership.organization
    with rolled_back():
        before = Invitation.objects.count()
        response = client.post(f"/organisations/{organization.public_id}/invitations/", {"email": email})
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert response.context["invitation_form"].errors["email"]
            assert response.context["invitation_form"].data["email"] == email
        created = Invitation.objects.count() - before
        assert created in (0, 1)
        if created:
            stored = Invitation.objects.get(organization=organization).email
            assert stored == email.strip() and "\x00" not in stored and len(stored) <= 254


@BOUNDED
@given(name=TEXT, siret=TEXT | st.just(""))
def test_antenna_form_with_arbitrary_text(client, admin_membership, name, siret):
    organization = admin_membership.organization
    with rolled_back():
        response = post(client, f"/organisations/{organization.public_id}/antenne/", {"name": name, "siret": siret})
        if response.status_code == 302:
            antenna = Organization.objects.get(parent=organization)
            assert is_one_line(antenna.name) and antenna.name


@BOUNDED
@given(decision=TEXT | st.sampled_from(["accept", "refuse"]), is_admin=TEXT, version=TEXT)
def test_join_decisions_and_member_changes_with_arbitrary_text(client, admin_membership, decision, is_admin, version):
    organization = admin_membership.organization
    with rolled_back():
        join_request = JoinRequest.objects.create(organization=organization, user=UserFactory())
        other = MembershipFactory(organization=organization, is_admin=True)
        response = client.post(
            f"/organisations/{organization.public_id}/demandes/{join_request.pk}/", {"decision": decision}
        )
        assert response.status_code == 302
        join_request.refresh_from_db()
        expected = {"accept": "accepted", "refuse": "refused"}.get(decision, "pending")
        assert join_request.status == expected
        response = client.post(
            f"/organisations/{organization.public_id}/membres/{other.pk}/administrateur/",
            {"is_admin": is_admin, "version": version},
        )
        assert response.status_code == 302
        other.refresh_from_db()
        typed = version.strip()
        current_version = typed == "" or (typed.isascii() and typed.isdigit() and len(typed) <= 9 and int(typed) == 0)
        applied = is_admin in ("0", "1") and current_version
        assert other.is_admin is (is_admin != "0" if applied else True)


PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@BOUNDED
@given(message=TEXT, document_date=TEXT | st.just((timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y")))
def test_proof_claim_form_with_arbitrary_text(client, person, message, document_date):
    organization = OrganizationFactory(kind="EI")
    with rolled_back():
        data = {
            "method": "proof",
            "registration_proof": SimpleUploadedFile("k.pdf", PDF),
            "document_date": document_date,
            "is_legal_representative": "on",
            "message": message,
        }
        before = snapshot()
        response = client.post(f"/organisations/{organization.public_id}/revendiquer/", data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert snapshot() == before
            assert response.context["proof_form"].errors
        else:
            claim = StructureClaim.objects.get(organization=organization)
            assert "\x00" not in claim.message and len(claim.message) <= 5000
