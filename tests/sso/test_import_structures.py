from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sso.organizations.models import Membership, Organization, ReferenceStructure
from sso.organizations.reference import import_structures, read_rows

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

HEADER = "asp_id;siret;kind;name;address;postal_code;commune_insee;city;convention_end_date\n"
TODAY = date(2026, 11, 22)


def line(asp_id, siret, name="SIAE", end="2027-12-31", kind="EI"):
    return f"{asp_id};{siret};{kind};{name};1 rue de la Paix;69003;69383;Lyon;{end}\n"


SIRETS = ["90000001900019", "90000002700012", "90000003500015", "90000004300019", "90000005000014"]


def run(content, today=TODAY, force=False):
    header, rows = read_rows(content)
    return import_structures(rows, today=today, force=force)


def test_import_creates_structures_and_is_idempotent():
    content = HEADER + "".join(line(f"A{i}", s) for i, s in enumerate(SIRETS))

    first = run(content)
    second = run(content)

    assert first.created == 5
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert ReferenceStructure.objects.count() == 5


def test_bad_lines_are_reported_with_their_number_and_good_lines_kept():
    content = (
        HEADER
        + line("A1", SIRETS[0])
        + line("A2", "123")
        + line("A3", SIRETS[2], kind="XYZ")
        + line("A4", SIRETS[3], end="demain")
    )

    report = run(content)

    assert report.created == 1
    assert [e.split(" :")[0] for e in report.errors] == ["ligne 3", "ligne 4", "ligne 5"]


def test_closed_siae_is_deactivated_by_the_import_after_the_grace_period(settings):
    settings.STRUCTURES_GRACE_DAYS = 30
    settings.STRUCTURES_MAX_DEACTIVATION_PERCENT = 100
    run(HEADER + "".join(line(f"A{i}", s) for i, s in enumerate(SIRETS)))
    member = MembershipFactory(organization__siret=SIRETS[0], organization__asp_id="A0")
    without_first = HEADER + "".join(line(f"A{i}", s) for i, s in enumerate(SIRETS) if i)

    during_grace = run(without_first, today=TODAY + timedelta(days=10))
    assert during_grace.marked_missing == 1 and during_grace.deactivated == 0
    assert Organization.objects.get(pk=member.organization.pk).is_active

    still_in_grace = run(without_first, today=TODAY + timedelta(days=39))
    assert still_in_grace.deactivated == 0

    after_grace = run(without_first, today=TODAY + timedelta(days=40))
    assert after_grace.deactivated == 1
    organization = Organization.objects.get(pk=member.organization.pk)
    assert not organization.is_active
    # The organisation and the membership stay, inactive.
    assert Membership.objects.filter(pk=member.pk).exists()
    assert not Membership.objects.active().filter(pk=member.pk).exists()


def test_ended_convention_deactivates_after_the_grace_period(settings):
    settings.STRUCTURES_MAX_DEACTIVATION_PERCENT = 100
    run(HEADER + line("A1", SIRETS[0], end="2026-10-01"), today=date(2026, 10, 15))
    assert ReferenceStructure.objects.get().is_active

    report = run(HEADER + line("A1", SIRETS[0], end="2026-10-01"), today=date(2026, 11, 15))

    assert report.deactivated == 1


def test_a_renewed_convention_reactivates_the_structure(settings):
    settings.STRUCTURES_MAX_DEACTIVATION_PERCENT = 100
    run(HEADER + line("A1", SIRETS[0], end="2026-01-01"))
    assert not ReferenceStructure.objects.get().is_active

    report = run(HEADER + line("A1", SIRETS[0], end="2028-01-01"))

    assert report.reactivated == 1 and ReferenceStructure.objects.get().is_active


def test_siret_change_is_carried_over_to_the_existing_organization():
    run(HEADER + line("A1", SIRETS[0]))
    member = MembershipFactory(organization__siret=SIRETS[0], organization__asp_id="A1")

    report = run(HEADER + line("A1", SIRETS[1]))

    assert report.siret_changed == 1
    organization = Organization.objects.get(pk=member.organization.pk)
    assert organization.siret == SIRETS[1]
    assert organization.public_id == member.organization.public_id


def test_a_truncated_file_deactivates_nothing_unless_forced(settings):
    settings.STRUCTURES_MAX_DEACTIVATION_PERCENT = 5
    settings.STRUCTURES_GRACE_DAYS = 0
    run(HEADER + "".join(line(f"A{i}", s) for i, s in enumerate(SIRETS)))
    truncated = HEADER + line("A0", SIRETS[0])

    report = run(truncated)
    assert "aucune structure" in report.valve
    assert ReferenceStructure.objects.filter(is_active=True).count() == 5

    forced = run(truncated, force=True)
    assert forced.deactivated == 4


def test_command_refuses_unknown_columns_and_reports_progress(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("asp_id,siret,kind,name,colonne_inconnue\n")
    with pytest.raises(CommandError, match="colonne_inconnue"):
        call_command("import_structures", str(bad))

    good = tmp_path / "good.csv"
    good.write_text(HEADER + line("A1", SIRETS[0]) + line("A2", "000"))
    out = StringIO()
    with pytest.raises(CommandError, match="Certaines lignes"):
        call_command("import_structures", str(good), stdout=out)
    assert "1 créée(s)" in out.getvalue() and "ligne 3" in out.getvalue()
