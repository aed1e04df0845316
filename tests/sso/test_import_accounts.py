import json
from io import StringIO

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from sso.accounts.models import LinkedAccount, User

pytestmark = pytest.mark.django_db


def write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(json.dumps(rows))
    return str(path)


def run(source, path):
    out = StringIO()
    call_command("import_accounts", "--source", source, path, stdout=out)
    return out.getvalue()


def row(id, email, verified=True, password="Ancien-mot-de-passe-1", hasher="pbkdf2_sha256"):
    return {
        "id": id,
        "email": email,
        "first_name": "Prénom",
        "last_name": "Nom",
        "password": make_password(password, hasher=hasher),
        "email_verified": verified,
        "date_joined": "2021-03-04T10:00:00+00:00",
    }


def test_same_email_in_both_sources_becomes_one_account_remembering_both_origins(tmp_path):
    emplois = write(tmp_path, "emplois.json", [row(101, "Sam@Exemple.fr", password="Mot-de-passe-des-emplois")])
    marche = write(tmp_path, "marche.json", [row(7, "sam@exemple.fr", verified=False, password="Autre-du-marche")])

    assert "1 créé(s)" in run("emplois", emplois)
    assert "1 rapproché(s)" in run("marche", marche)

    user = User.objects.get()
    assert sorted(user.linked_accounts.values_list("source", "external_id")) == [("emplois", "101"), ("marche", "7")]
    assert user.email_verified


def test_imported_password_still_works_after_import(tmp_path):
    run("emplois", write(tmp_path, "e.json", [row(1, "ines@exemple.fr", password="Mot-de-passe-des-emplois")]))

    response = Client().post(
        "/comptes/connexion/", {"username": "ines@exemple.fr", "password": "Mot-de-passe-des-emplois"}
    )

    assert response.status_code == 302


def test_import_is_idempotent(tmp_path):
    path = write(tmp_path, "e.json", [row(1, "a@exemple.fr"), row(2, "b@exemple.fr")])
    run("emplois", path)

    output = run("emplois", path)

    assert "0 créé(s), 0 rapproché(s), 2 déjà importé(s)" in output
    assert User.objects.count() == 2


def test_two_unverified_accounts_with_the_same_email_are_never_merged(tmp_path):
    run("emplois", write(tmp_path, "e.json", [row(1, "x@exemple.fr", verified=False)]))

    output = run("marche", write(tmp_path, "m.json", [row(9, "X@exemple.fr", verified=False)]))

    assert "1 conflit(s)" in output
    assert "aucune des deux n'est vérifiée" in output
    assert not LinkedAccount.objects.filter(source="marche").exists()


def test_verified_side_password_wins_over_an_unverified_account(tmp_path):
    run("emplois", write(tmp_path, "e.json", [row(1, "x@exemple.fr", verified=False, password="Mot-non-verifie-1")]))
    run("marche", write(tmp_path, "m.json", [row(9, "x@exemple.fr", verified=True, password="Mot-verifie-du-marche")]))

    user = User.objects.get()
    assert user.check_password("Mot-verifie-du-marche")


def test_bad_lines_are_reported_and_good_lines_imported(tmp_path):
    path = write(
        tmp_path, "e.json", [row(1, "ok@exemple.fr"), {"id": 2, "email": ""}, "pas un objet", row(3, "pas-une-adresse")]
    )

    out = StringIO()
    with pytest.raises(CommandError, match="Certaines lignes"):
        call_command("import_accounts", "--source", "emplois", path, stdout=out)

    output = out.getvalue()
    assert "ligne 2" in output and "email" in output
    assert "ligne 3" in output
    assert "ligne 4" in output
    assert list(User.objects.values_list("email", flat=True)) == ["ok@exemple.fr"]


def test_an_unreadable_file_is_refused_clearly(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{pas du json")

    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_accounts", "--source", "emplois", str(bad))
