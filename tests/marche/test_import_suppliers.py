import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from marche.geography.models import Commune, Department, Region
from marche.suppliers.imports import COLUMNS
from marche.suppliers.models import Activity, Supplier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def geography():
    region = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    Department.objects.create(code="69", name="Rhône", region=region)
    Department.objects.create(code="01", name="Ain", region=region)
    Commune.objects.create(
        insee="69383",
        name="Lyon 3e Arrondissement",
        postal_codes="69003",
        department_id="69",
        latitude=45.76,
        longitude=4.85,
    )


def row(**values):
    base = {c: "" for c in COLUMNS}
    base.update(
        siret="90000001900019", name="Les Jardins", kind="EI", sectors="horticulture|Maraîchage, légumerie, conserverie",
        description="<p>Maraîchage bio</p>", city_insee="69383", perimeter_kind="radius", perimeter_radius_km="30",
        convention_end_date="2030-12-31", email="contact@jardins.fr", website="https://jardins.fr",
    )  # fmt: skip
    base.update(values)
    return base


def write(tmp_path, rows, extra_columns=()):
    path = tmp_path / "fournisseurs.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS + list(extra_columns))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path):
    out = StringIO()
    try:
        call_command("import_suppliers", str(path), stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_good_lines_are_imported_with_sectors_by_slug_or_label_and_perimeter(tmp_path):
    output, error = run(write(tmp_path, [row()]))

    assert error is None and "1 créé(s)" in output
    supplier = Supplier.objects.get()
    (activity,) = supplier.activities.all()
    assert sorted(activity.sectors.values_list("slug", flat=True)) == [
        "horticulture",
        "maraichage-legumerie-conserverie",
    ]
    assert (activity.perimeter_kind, activity.perimeter_radius_km, supplier.commune_id) == ("radius", 30, "69383")
    assert supplier.latitude == 45.76


def test_import_is_idempotent(tmp_path):
    path = write(tmp_path, [row()])
    run(path)

    output, error = run(path)

    assert "0 créé(s), 1 mis à jour" in output
    assert Supplier.objects.count() == 1


def test_bad_lines_are_reported_with_line_numbers_good_lines_imported_and_exit_status_1(tmp_path):
    rows = [
        row(),
        row(siret="123", name="Siret faux"),
        row(
            siret="90000002700012",
            sectors="secteur-inexistant",
            perimeter_kind="departments",
            perimeter_departments="99",
        ),
        row(siret="90000003500015", email="pas-une-adresse", city_insee="00000"),
    ]

    output, error = run(write(tmp_path, rows))

    assert error is not None  # CommandError: exit status 1
    assert "1 créé(s)" in output
    assert "ligne 3 : SIRET 123 invalide" in output
    assert "ligne 4 :" in output and "secteur-inexistant" in output and "perimeter_departments" in output
    assert "ligne 5 :" in output and "adresse e-mail invalide" in output and "00000" in output
    assert list(Supplier.objects.values_list("siret", flat=True)) == ["90000001900019"]


def test_unknown_extra_columns_are_refused_with_a_clear_message(tmp_path):
    output, error = run(write(tmp_path, [{**row(), "couleur": "bleu"}], extra_columns=["couleur"]))

    assert error is not None and "colonne(s) inconnue(s) : couleur" in str(error)
    assert not Supplier.objects.exists()


def test_services_column_and_logo_path_relative_to_the_csv(tmp_path):
    (tmp_path / "logos").mkdir()
    buffer = io.BytesIO()
    Image.new("RGB", (150, 150), "green").save(buffer, format="PNG")
    (tmp_path / "logos" / "jardins.png").write_bytes(buffer.getvalue())

    run(write(tmp_path, [row(services="PREST|BUILD", logo_path="logos/jardins.png")], extra_columns=["services"]))

    supplier = Supplier.objects.get()
    assert [a.service_kinds for a in supplier.activities.all()] == [["PREST", "BUILD"]]
    assert supplier.logo is not None and supplier.logo.width == 150


def test_a_logo_path_outside_the_csv_folder_is_refused(tmp_path):
    output, error = run(write(tmp_path, [row(logo_path="../../etc/passwd")]))

    assert "logo introuvable" in output


def test_repeated_siret_lines_give_the_profile_one_activity_each(tmp_path):
    Commune.objects.create(insee="01053", name="Bourg-en-Bresse", postal_codes="01000", department_id="01")
    lines = [
        row(name="Ancien nom", services="PREST"),
        row(
            name="Les Jardins",
            sectors="menuiserie",
            services="BUILD",
            perimeter_kind="communes",
            perimeter_radius_km="",
            perimeter_communes="01053|69383",
        ),
    ]

    output, error = run(write(tmp_path, lines, extra_columns=["services", "perimeter_communes"]))

    assert error is None, output
    supplier = Supplier.objects.get()
    assert supplier.name == "Les Jardins"  # the profile's fields come from its last line
    first, second = supplier.activities.order_by("pk")
    assert (first.perimeter_kind, first.perimeter_radius_km, first.service_kinds) == ("radius", 30, ["PREST"])
    assert sorted(first.sectors.values_list("slug", flat=True)) == ["horticulture", "maraichage-legumerie-conserverie"]
    assert (second.perimeter_kind, second.perimeter_radius_km, second.service_kinds) == ("communes", None, ["BUILD"])
    assert sorted(second.perimeter_communes.values_list("insee", flat=True)) == ["01053", "69383"]
    assert list(second.sectors.values_list("slug", flat=True)) == ["menuiserie"]


def test_a_new_import_replaces_the_activities_and_keeps_services_when_the_column_is_absent(tmp_path):
    run(write(tmp_path, [row(services="DISP"), row(sectors="menuiserie", services="DISP")], extra_columns=["services"]))
    assert Activity.objects.count() == 2

    output, error = run(write(tmp_path, [row(perimeter_kind="national", perimeter_radius_km="")]))

    assert error is None, output
    (activity,) = Supplier.objects.get().activities.all()
    assert (activity.perimeter_kind, activity.service_kinds) == ("national", ["DISP"])
    assert Activity.objects.count() == 1


def test_unknown_listed_communes_are_refused_and_nothing_is_written(tmp_path):
    line = row(perimeter_kind="communes", perimeter_radius_km="", perimeter_communes="69383|99999")

    output, error = run(write(tmp_path, [line], extra_columns=["perimeter_communes"]))

    assert error is not None
    assert "ligne 2 :" in output and "code(s) INSEE inconnu(s) 99999" in output
    assert not Supplier.objects.exists()
    assert not Activity.objects.exists()
