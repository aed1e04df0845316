"""``import_reference_structures`` keeps the Marché's copy of the ASP list: idempotent,
bad lines reported and skipped, structures absent from the file removed, and a file
without any valid line changes nothing."""

import pytest
from django.core.management import call_command

from marche.checker.models import ReferenceStructure

from .checker_support import REFERENCE_ONLY, UNKNOWN, bad_checksum

pytestmark = pytest.mark.django_db


def _import(tmp_path, content: str, capsys):
    path = tmp_path / "structures.csv"
    path.write_text(content, encoding="utf-8")
    call_command("import_reference_structures", str(path), verbosity=0)
    return capsys.readouterr()


def test_import_is_idempotent_and_reports_bad_lines(tmp_path, capsys):
    content = (
        "asp_id;siret;kind;name;postal_code;city\n"
        f"1;{REFERENCE_ONLY};ACI;Jardins;69001;Lyon\n"
        f"2;{bad_checksum(UNKNOWN)};EI;Faux;75001;Paris\n"
    )

    first = _import(tmp_path, content, capsys)
    second = _import(tmp_path, content, capsys)

    assert "1 ajoutée(s), 0 modifiée(s), 0 inchangée(s), 0 retirée(s), 1 erreur(s)." in first.out
    assert "ligne 3 : Ce SIRET n'existe pas" in first.err
    assert "0 ajoutée(s), 0 modifiée(s), 1 inchangée(s), 0 retirée(s), 1 erreur(s)." in second.out
    structure = ReferenceStructure.objects.get()
    assert (structure.siret, structure.siren, structure.kind, structure.name, structure.city) == (
        REFERENCE_ONLY,
        REFERENCE_ONLY[:9],
        "ACI",
        "Jardins",
        "Lyon",
    )


def test_structures_absent_from_the_new_file_leave_the_list(tmp_path, capsys):
    _import(tmp_path, f"siret,kind,name\n{REFERENCE_ONLY},ACI,Jardins\n{UNKNOWN},EI,Autre\n", capsys)

    out = _import(tmp_path, f"siret,kind,name\n{UNKNOWN},EI,Autre renommée\n", capsys).out

    assert "0 ajoutée(s), 1 modifiée(s), 0 inchangée(s), 1 retirée(s)" in out
    assert list(ReferenceStructure.objects.values_list("siret", "name")) == [(UNKNOWN, "Autre renommée")]


def test_a_file_without_valid_lines_changes_nothing(tmp_path, capsys):
    _import(tmp_path, f"siret,kind,name\n{REFERENCE_ONLY},ACI,Jardins\n", capsys)

    err = _import(tmp_path, "siret,kind,name\n123,EI,Faux\n", capsys).err

    assert "aucune ligne valide : la liste n'a pas été modifiée" in err
    assert list(ReferenceStructure.objects.values_list("siret", flat=True)) == [REFERENCE_ONLY]
