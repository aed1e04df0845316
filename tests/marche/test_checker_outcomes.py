"""Each pasted SIRET or SIREN is on the Marché (kind, certified, link), a structure of the
reference list not on the Marché yet, or not found; a wrong checksum is reported on its
line and the other lines are still checked."""

import pytest

from marche.checker import selectors
from marche.checker.models import Check

from .checker_support import HIDDEN, ON_MARCHE, ON_MARCHE_SECOND, REFERENCE_ONLY, UNKNOWN, bad_checksum, catalogue
from .contact_support import text

pytestmark = pytest.mark.django_db


def _check(client, lines: str):
    response = client.post("/verifier-vos-fournisseurs/", {"numbers": lines})
    assert response.status_code == 302, text(response)
    check = Check.objects.get()
    assert response["Location"] == f"/verifier-vos-fournisseurs/{check.pk}/"
    return check, client.get(response["Location"])


def test_three_outcomes_for_sirets(client):
    supplier = catalogue()

    check, page = _check(client, f"{ON_MARCHE}\n{REFERENCE_ONLY}\n{UNKNOWN}\n")

    results = [row["result"] for row in check.rows]
    assert [r["status"] for r in results] == ["marche", "reference", "not_found"]
    assert results[0]["matches"] == [
        {
            "siret": ON_MARCHE,
            "name": "Atelier Vert",
            "kind": supplier.get_kind_display(),
            "certified": True,
            "url": "/fournisseurs/atelier-vert/",
        }
    ]
    assert results[1]["matches"][0]["name"] == "Jardins de la référence"
    assert results[2]["matches"] == []
    body = text(page)
    assert page.status_code == 200
    assert '<a class="fr-link" href="/fournisseurs/atelier-vert/">Atelier Vert</a>' in body
    assert "certifiée" in body
    assert "Structure inclusive, pas encore sur le Marché" in body
    assert "Introuvable" in body


def test_kind_is_the_readable_structure_kind(client):
    supplier = catalogue()

    check, _ = _check(client, ON_MARCHE)

    assert check.rows[0]["result"]["matches"][0]["kind"] == supplier.get_kind_display()
    assert supplier.get_kind_display() != "ACI"


def test_siren_line_matches_every_establishment_on_the_marche(client):
    catalogue()

    check, _ = _check(client, f"{ON_MARCHE[:9]}\n{REFERENCE_ONLY[:9]}\n{UNKNOWN[:9]}")

    results = [row["result"] for row in check.rows]
    assert [r["status"] for r in results] == ["marche", "reference", "not_found"]
    assert [r["kind"] for r in results] == ["siren", "siren", "siren"]
    assert [m["siret"] for m in results[0]["matches"]] == [ON_MARCHE, ON_MARCHE_SECOND]
    assert [m["certified"] for m in results[0]["matches"]] == [True, False]


def test_checksum_errors_are_reported_per_line_and_good_lines_still_checked(client):
    catalogue()

    check, page = _check(
        client, f"{bad_checksum(ON_MARCHE)}\n{ON_MARCHE}\n{bad_checksum(ON_MARCHE[:9])}\n12345\nabc\n{REFERENCE_ONLY}"
    )

    results = [row["result"] for row in check.rows]
    assert [r["status"] for r in results] == ["invalid", "marche", "invalid", "invalid", "invalid", "reference"]
    assert results[0]["message"] == "Ce SIRET n'existe pas : un chiffre est probablement erroné."
    assert results[2]["message"] == "Ce SIREN n'existe pas : un chiffre est probablement erroné."
    assert results[3]["message"] == "Ni un SIRET (14 chiffres) ni un SIREN (9 chiffres) : vérifiez la saisie."
    assert results[4]["message"] == "Ni un SIRET (14 chiffres) ni un SIREN (9 chiffres) : vérifiez la saisie."
    assert "Numéros invalides : 4" in text(page)


def test_spaces_and_dots_in_pasted_numbers_are_accepted(client):
    catalogue()
    spaced = f"{ON_MARCHE[:3]} {ON_MARCHE[3:6]} {ON_MARCHE[6:9]} {ON_MARCHE[9:]}"

    check, _ = _check(client, f"  {spaced}  \n\n{REFERENCE_ONLY[:3]}.{REFERENCE_ONLY[3:6]}.{REFERENCE_ONLY[6:9]}\n")

    assert [row["result"]["status"] for row in check.rows] == ["marche", "reference"]


def test_hidden_or_inactive_profiles_are_not_on_the_marche(client):
    catalogue()

    check, _ = _check(client, HIDDEN)

    assert check.rows[0]["result"]["status"] == "not_found"


def test_empty_paste_is_refused_with_a_french_error(client):
    response = client.post("/verifier-vos-fournisseurs/", {"numbers": " \n \n"})

    assert response.status_code == 400
    assert "Collez au moins un SIRET ou un SIREN (un par ligne)." in text(response)
    assert Check.objects.count() == 0


def test_more_than_the_line_limit_is_refused_and_the_text_kept(client, settings):
    settings.CHECKER_MAX_LINES = 3
    lines = "\n".join([ON_MARCHE] * 4)

    response = client.post("/verifier-vos-fournisseurs/", {"numbers": lines})

    assert response.status_code == 400
    assert "4 lignes : c'est plus que les 3 lignes vérifiées à la fois." in text(response)
    assert lines in text(response)
    assert Check.objects.count() == 0


def test_five_thousand_lines_are_checked_in_a_few_queries(client, django_assert_max_num_queries):
    catalogue()
    values = [ON_MARCHE, REFERENCE_ONLY[:9], UNKNOWN, "x"] * 1250

    with django_assert_max_num_queries(4):
        results = selectors.check_values(values)

    assert len(results) == 5000
    assert [r["status"] for r in results[:4]] == ["marche", "reference", "not_found", "invalid"]
    assert results[-4:] == results[:4]


def test_an_unknown_check_id_is_a_404(client):
    assert client.get("/verifier-vos-fournisseurs/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/verifier-vos-fournisseurs/00000000-0000-0000-0000-000000000000/fichier.xlsx").status_code == 404


def test_a_paste_beyond_the_request_size_limit_is_refused_without_a_server_error(client):
    response = client.post("/verifier-vos-fournisseurs/", {"numbers": "1" * (3 * 1024 * 1024)})

    assert response.status_code == 400
    assert Check.objects.count() == 0
