"""The ASP's import carries the technical contact used to prove a claim, and antennas
follow their parent's convention at every import."""

from datetime import date

import pytest

from sso.organizations import services
from sso.organizations.models import Membership, Organization, ReferenceStructure

from .factories import UserFactory
from .test_import_structures import HEADER, SIRETS, TODAY, line, run

pytestmark = pytest.mark.django_db

HEADER_WITH_CONTACT = HEADER.rstrip("\n") + ";auth_email\n"


def contact_line(asp_id, siret, email, end="2027-12-31"):
    return line(asp_id, siret, end=end).rstrip("\n") + f";{email}\n"


def test_import_reads_the_optional_auth_email_column():
    run(HEADER_WITH_CONTACT + contact_line("A1", SIRETS[0], "contact@siae.fr") + contact_line("A2", SIRETS[1], ""))

    assert dict(ReferenceStructure.objects.values_list("asp_id", "auth_email")) == {
        "A1": "contact@siae.fr",
        "A2": "",
    }


def test_a_file_without_the_contact_column_keeps_the_known_contacts():
    run(HEADER_WITH_CONTACT + contact_line("A1", SIRETS[0], "contact@siae.fr"))

    report = run(HEADER + line("A1", SIRETS[0]))

    assert report.unchanged == 1
    assert ReferenceStructure.objects.get().auth_email == "contact@siae.fr"


def test_an_invalid_auth_email_is_reported_with_its_line_and_the_others_imported():
    report = run(
        HEADER_WITH_CONTACT + contact_line("A1", SIRETS[0], "pas-une-adresse") + contact_line("A2", SIRETS[1], "")
    )

    assert report.errors == ["ligne 2 : adresse e-mail de contact « pas-une-adresse » invalide"]
    assert list(ReferenceStructure.objects.values_list("asp_id", flat=True)) == ["A2"]


@pytest.fixture
def antenna():
    run(HEADER_WITH_CONTACT + contact_line("A1", SIRETS[0], "contact@siae.fr"))
    parent = Organization.objects.create(siret=SIRETS[0], kind="EI", name="Mère", asp_id="A1")
    admin = UserFactory()
    Membership.objects.create(user=admin, organization=parent, is_admin=True)
    return services.create_antenna(admin, parent, name="Antenne Sud")


def test_antennas_follow_their_parents_convention_end_date_at_every_import(antenna):
    report = run(HEADER + line("A1", SIRETS[0], end="2030-06-30"))

    antenna.refresh_from_db()
    assert antenna.parent.asp_id == "A1"
    assert antenna.convention_end_date == date(2030, 6, 30)
    assert report.antennas_updated == 1
    assert run(HEADER + line("A1", SIRETS[0], end="2030-06-30")).antennas_updated == 0


def test_antennas_are_deactivated_and_reactivated_with_their_parent(antenna, settings):
    settings.STRUCTURES_GRACE_DAYS = 0
    settings.STRUCTURES_MAX_DEACTIVATION_PERCENT = 100
    run(HEADER + line("A1", SIRETS[0], end="2026-01-01"), today=TODAY)

    antenna.refresh_from_db()
    assert antenna.is_active is False and antenna.deactivated_at is not None

    run(HEADER + line("A1", SIRETS[0], end="2029-01-01"), today=TODAY)
    antenna.refresh_from_db()
    assert antenna.is_active is True and antenna.convention_end_date == date(2029, 1, 1)


def test_an_antenna_of_an_antenna_hangs_off_the_asp_structure(antenna):
    admin = Membership.objects.get(organization=antenna).user

    second = services.create_antenna(admin, antenna, name="Antenne Nord")

    assert second.parent == antenna.parent


def test_an_antenna_without_administrator_is_claimed_through_its_parents_contact(antenna):
    Membership.objects.filter(organization=antenna).update(is_active=False, is_admin=False)

    from sso.organizations import selectors

    assert selectors.is_claimable(antenna)
    assert selectors.claim_contact(antenna) == "contact@siae.fr"
