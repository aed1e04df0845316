"""Rules of import_suppliers on hostile lines: any error on a line is reported with its
number and reason and the good lines are kept; slugs never collide."""

import pytest

from marche.suppliers.models import Supplier

from .factories import SupplierFactory
from .test_import_suppliers import geography, row, run, write  # noqa: F401 - geography is an autouse fixture

pytestmark = pytest.mark.django_db

SIRETS = ["90000001900019", "73282932000074", "35600000000048", "44306184100047"]


def test_three_suppliers_with_the_same_name_get_three_slugs(tmp_path):
    path = write(tmp_path, [row(siret=siret, name="Les Jardins") for siret in SIRETS[:3]])

    out, error = run(path)

    assert error is None, out
    assert sorted(Supplier.objects.values_list("slug", flat=True)) == [
        "les-jardins",
        "les-jardins-00048",
        "les-jardins-00074",
    ]


def test_a_taken_siret_tail_fallback_gets_a_counter(tmp_path):
    SupplierFactory(slug="les-jardins", siret="11111111100019")
    SupplierFactory(slug="les-jardins-00019", siret="22222222200019")
    path = write(tmp_path, [row(siret="90000001900019", name="Les Jardins")])

    out, error = run(path)

    assert error is None, out
    assert Supplier.objects.get(siret="90000001900019").slug == "les-jardins-00019-2"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"name": "N" * 256}, "name : 256 caractères, 255 au plus"),
        ({"brand": "Avec\x00nul"}, "brand : caractère nul"),
        ({"perimeter_radius_km": "²"}, "perimeter_radius_km"),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_reason_and_good_lines_are_kept(tmp_path, bad, reason):
    path = write(
        tmp_path,
        [
            row(siret=SIRETS[0], name="Première"),
            row(siret=SIRETS[1], **{"name": "Fautive", **bad}),
            row(siret=SIRETS[2], name="Troisième"),
        ],
    )

    out, error = run(path)

    assert error is not None
    assert "ligne 3 :" in out and reason in out
    assert "ligne 2" not in out and "ligne 4" not in out
    assert sorted(Supplier.objects.values_list("name", flat=True)) == ["Première", "Troisième"]


@pytest.fixture
def database_refuses_a_name():
    """A real database error on one line (a trigger), as a constraint or a type error would raise."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION h8_refuse() RETURNS trigger AS $$ BEGIN "
                "IF NEW.name = 'Refusée' THEN RAISE EXCEPTION 'refusée par la base'; END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_line BEFORE INSERT ON suppliers_supplier FOR EACH ROW EXECUTE FUNCTION h8_refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_line BEFORE INSERT ON suppliers_supplier WHEN NEW.name = 'Refusée' "
                "BEGIN SELECT RAISE(ABORT, 'refusée par la base'); END"
            )


def test_a_database_error_on_one_line_loses_only_that_line(tmp_path, database_refuses_a_name):
    path = write(
        tmp_path,
        [
            row(siret=SIRETS[0], name="Première"),
            row(siret=SIRETS[1], name="Refusée"),
            row(siret=SIRETS[2], name="Troisième"),
        ],
    )

    out, error = run(path)

    assert error is not None
    assert "ligne 3 : erreur à l'enregistrement" in out and "refusée par la base" in out
    assert "2 créé(s), 0 mis à jour, 1 ligne(s) en erreur." in out
    assert sorted(Supplier.objects.values_list("name", flat=True)) == ["Première", "Troisième"]
