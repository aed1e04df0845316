"""import_structures with hostile files: every bad line is reported on its number, the good
lines are kept, the final passes still run and the report is printed."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sso.organizations.models import Organization, ReferenceStructure
from sso.organizations.reference import import_structures, read_rows

from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db

HEADER = "asp_id;siret;kind;name;address;postal_code;commune_insee;city;convention_end_date\n"
TODAY = date(2026, 11, 22)
SIRETS = ["90000001900019", "90000002700012", "90000003500015", "90000004300019", "90000005000014"]


def line(asp_id, siret, name="SIAE", end="2027-12-31", kind="EI", city="Lyon"):
    return f"{asp_id};{siret};{kind};{name};1 rue de la Paix;69003;69383;{city};{end}\n"


def run(content, today=TODAY, force=False):
    _, rows = read_rows(content)
    return import_structures(rows, today=today, force=force)


def line_numbers(report):
    return [e.split(" :")[0] for e in report.errors]


def test_over_long_field_is_reported_on_its_line_and_the_next_lines_are_imported():
    content = HEADER + line("A1", SIRETS[0]) + line("A2", SIRETS[1], name="N" * 256) + line("A3", SIRETS[2])

    report = run(content)

    assert line_numbers(report) == ["ligne 3"]
    assert "colonne name : 256 caractères, 255 au plus" in report.errors[0]
    assert sorted(ReferenceStructure.objects.values_list("asp_id", flat=True)) == ["A1", "A3"]


def test_field_over_the_csv_reader_limit_is_reported_and_the_next_lines_are_read():
    content = HEADER + line("A1", SIRETS[0]) + line("A2", SIRETS[1], name="N" * 200_000) + line("A3", SIRETS[2])

    report = run(content)

    assert line_numbers(report) == ["ligne 3"]
    assert "illisible" in report.errors[0]
    assert sorted(ReferenceStructure.objects.values_list("asp_id", flat=True)) == ["A1", "A3"]


def test_nul_byte_is_reported_on_its_line_and_nothing_of_it_is_stored():
    content = HEADER + line("A1", SIRETS[0], name="Bad\x00name") + line("A2", SIRETS[1])

    report = run(content)

    assert report.errors == ["ligne 2 : colonne name : caractère nul (octet 0) interdit"]
    assert list(ReferenceStructure.objects.values_list("asp_id", flat=True)) == ["A2"]


def test_control_characters_in_a_name_become_spaces():
    report = run(HEADER + f'A1;{SIRETS[0]};EI;"Atelier\nde la\tgare";1 rue;69003;69383;Lyon;2027-12-31\n')

    assert report.errors == []
    assert ReferenceStructure.objects.get(asp_id="A1").name == "Atelier de la gare"


def test_duplicate_siret_lines_keep_the_first_and_report_the_second():
    content = HEADER + line("A1", SIRETS[0]) + line("A2", SIRETS[0], name="Doublon") + line("A3", SIRETS[1])

    report = run(content)

    assert report.errors == [
        "ligne 3 : SIRET 90000001900019 (EI) déjà présent ligne 2 sous un autre identifiant ASP : ligne ignorée"
    ]
    assert sorted(ReferenceStructure.objects.values_list("asp_id", flat=True)) == ["A1", "A3"]


def test_a_line_that_makes_the_database_raise_is_reported_and_the_others_are_kept():
    # A2 moves to the SIRET of an organisation outside the ASP's list (same type): the
    # organisations' unique (SIRET, type) makes the database refuse the line.
    run(HEADER + line("A1", SIRETS[0]) + line("A2", SIRETS[1]))
    first = OrganizationFactory(siret=SIRETS[0], asp_id="A1")
    second = OrganizationFactory(siret=SIRETS[1], asp_id="A2")
    OrganizationFactory(siret=SIRETS[4], asp_id=None)

    report = run(HEADER + line("A1", SIRETS[3]) + line("A2", SIRETS[4]) + line("A3", SIRETS[2]))

    assert line_numbers(report) == ["ligne 3"]
    assert "conflit avec une structure ou une organisation existante" in report.errors[0]
    # The failed line is rolled back as a whole (its reference structure too); the others are kept.
    assert ReferenceStructure.objects.get(asp_id="A2").siret == SIRETS[1]
    assert Organization.objects.get(pk=second.pk).siret == SIRETS[1]
    assert Organization.objects.get(pk=first.pk).siret == SIRETS[3]
    assert ReferenceStructure.objects.filter(asp_id="A3").exists()


def test_final_passes_run_after_failed_lines(settings):
    settings.STRUCTURES_GRACE_DAYS = 30
    settings.STRUCTURES_MAX_DEACTIVATION_PERCENT = 100
    run(HEADER + "".join(line(f"A{i}", s) for i, s in enumerate(SIRETS)))
    gone = OrganizationFactory(siret=SIRETS[0], asp_id="A0")
    antenna = OrganizationFactory(siret="90000001999992", parent=gone)
    hostile = (
        HEADER + line("A1", SIRETS[1], name="x\x00") + "".join(line(f"A{i}", s) for i, s in enumerate(SIRETS) if i > 1)
    )

    run(hostile, today=TODAY + timedelta(days=1))
    report = run(hostile, today=TODAY + timedelta(days=40))

    assert line_numbers(report) == ["ligne 2"]
    # A0 is absent from the file: deactivated after the grace period, its antenna with it.
    assert report.deactivated == 1
    assert Organization.objects.get(pk=gone.pk).is_active is False
    assert Organization.objects.get(pk=antenna.pk).is_active is False
    # A1's line failed but it was in the file: it is not treated as absent.
    assert ReferenceStructure.objects.get(asp_id="A1").is_active is True


def test_safety_valve_still_refuses_after_failed_lines(settings):
    settings.STRUCTURES_MAX_DEACTIVATION_PERCENT = 20
    run(HEADER + "".join(line(f"A{i}", s) for i, s in enumerate(SIRETS)))

    report = run(HEADER + line("A0", SIRETS[0]) + line("A1", SIRETS[1], name="N" * 300))

    assert line_numbers(report) == ["ligne 3"]
    assert "aucune structure n'a été marquée absente" in report.valve
    assert ReferenceStructure.objects.filter(missing_since__isnull=False).count() == 0


def test_command_reads_a_file_with_broken_encoding_line_by_line_and_prints_the_report(tmp_path):
    path = tmp_path / "asp.csv"
    path.write_bytes(
        HEADER.encode()
        + line("A1", SIRETS[0]).encode()
        + line("A2", SIRETS[1], name="Caf\xe9").encode("latin-1")
        + line("A3", SIRETS[2], name="Café").encode()
    )
    out = StringIO()

    with pytest.raises(CommandError, match="Certaines lignes n'ont pas été importées"):
        call_command("import_structures", str(path), stdout=out, verbosity=0)

    printed = out.getvalue()
    assert "2 créée(s)" in printed and "1 erreur(s)." in printed
    assert "ligne 3 : colonne name : encodage illisible (le fichier doit être en UTF-8)" in printed
    assert ReferenceStructure.objects.get(asp_id="A3").name == "Café"
    assert not ReferenceStructure.objects.filter(asp_id="A2").exists()
