"""Rule: import_accounts imports each line in its own savepoint; a hostile line (NUL byte,
over-long field, a password that is not a hash we know, a wrong type) is reported with its
number and reason before anything touches the database, and every good line is kept.
Runs on SQLite and PostgreSQL (which refuses NUL bytes even in a lookup)."""

import json
from io import StringIO

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import CommandError

from sso.accounts.models import LinkedAccount, User

pytestmark = pytest.mark.django_db


def row(id, email, **fields):
    return {
        "id": id,
        "email": email,
        "first_name": "Prénom",
        "last_name": "Nom",
        "password": make_password("Ancien-mot-de-passe-1"),
        "email_verified": True,
        **fields,
    }


def run(tmp_path, rows, source="emplois"):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(rows))
    out = StringIO()
    try:
        call_command("import_accounts", "--source", source, str(path), stdout=out)
        failed = False
    except CommandError as error:
        assert "Certaines lignes n'ont pas été importées" in str(error)
        failed = True
    return out.getvalue(), failed


def emails():
    return sorted(User.objects.values_list("email", flat=True))


@pytest.mark.parametrize(
    "hostile, reason",
    [
        (row(2, "nul\x00@exemple.fr"), "email contient un caractère de contrôle"),
        (row("2\x00", "deux@exemple.fr"), "id contient un caractère de contrôle"),
        (row(2, "deux@exemple.fr", first_name="Ali\x00ce"), "first_name contient un caractère de contrôle"),
        (row(2, "deux@exemple.fr", last_name="x" * 151), "last_name dépasse 150 caractères (151)"),
        (row("9" * 65, "deux@exemple.fr"), "id dépasse 64 caractères (65)"),
        (row(2, "x" * 250 + "@exemple.fr"), "email dépasse 254 caractères (261)"),
        (row(2, "deux@exemple.fr", password="motdepasseenclair"), "password n'est pas un mot de passe chiffré"),
        (row(2, "deux@exemple.fr", password="md5crypt$abc$def"), "password n'est pas un mot de passe chiffré"),
        (row(2, "deux@exemple.fr", password="p" * 129), "password dépasse 128 caractères"),
        (row(2, "deux@exemple.fr", first_name=["Al", "ice"]), "first_name doit être un texte"),
        (row(2, "deux@exemple.fr", date_joined="2021-02-30T10:00:00"), "ligne 2 (deux@exemple.fr)"),
    ],
)
def test_a_hostile_line_is_reported_with_its_number_and_reason_and_the_good_lines_kept(tmp_path, hostile, reason):
    output, failed = run(tmp_path, [row(1, "un@exemple.fr"), hostile, row(3, "trois@exemple.fr")])

    assert failed
    assert "2 créé(s)" in output and "1 erreur(s)" in output
    assert f"Erreur ligne 2 : {reason}" in output or f"Erreur {reason}" in output
    assert emails() == ["trois@exemple.fr", "un@exemple.fr"]
    assert sorted(LinkedAccount.objects.values_list("external_id", flat=True)) == ["1", "3"]


def test_a_line_the_database_cannot_store_is_reported_and_the_others_kept(tmp_path):
    # Valid JSON, past validation, but no database can store a lone surrogate: the error
    # comes from the write itself. It used to stop the import at that line.
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            [row(1, "un@exemple.fr"), row(2, "deux@exemple.fr", first_name="\ud800"), row(3, "trois@exemple.fr")]
        )
    )
    out = StringIO()

    with pytest.raises(CommandError, match="Certaines lignes"):
        call_command("import_accounts", "--source", "emplois", str(path), stdout=out)

    assert "Erreur ligne 2 : non importée (" in out.getvalue()
    assert "2 créé(s)" in out.getvalue()
    assert emails() == ["trois@exemple.fr", "un@exemple.fr"]
    assert sorted(LinkedAccount.objects.values_list("external_id", flat=True)) == ["1", "3"]


def test_an_unusable_password_is_accepted(tmp_path):
    output, failed = run(tmp_path, [row(1, "sans-mot-de-passe@exemple.fr", password=make_password(None))])

    assert not failed
    assert "1 créé(s)" in output
    assert User.objects.get().has_usable_password() is False


def test_a_duplicate_email_in_one_file_keeps_the_first_line_and_reports_the_second(tmp_path):
    output, failed = run(tmp_path, [row(1, "double@exemple.fr"), row(2, "Double@Exemple.fr"), row(3, "c@exemple.fr")])

    assert not failed  # a conflict, not an error: the file is right, the data says two people
    assert "2 créé(s)" in output and "1 conflit(s)" in output
    assert "Conflit ligne 2 (Double@Exemple.fr) : ce compte a déjà une origine « emplois » différente" in output
    assert emails() == ["c@exemple.fr", "double@exemple.fr"]
    assert LinkedAccount.objects.get(user__email="double@exemple.fr").external_id == "1"


def test_a_duplicate_unverified_email_in_one_file_is_a_conflict_not_a_merge(tmp_path):
    output, _ = run(
        tmp_path, [row(1, "x@exemple.fr", email_verified=False), row(2, "x@exemple.fr", email_verified=False)]
    )

    assert "1 créé(s)" in output and "1 conflit(s)" in output
    assert "ligne 2 (x@exemple.fr)" in output
    assert list(LinkedAccount.objects.values_list("external_id", flat=True)) == ["1"]


def test_rerunning_a_file_with_a_hostile_line_imports_nothing_twice(tmp_path):
    rows = [row(1, "un@exemple.fr"), row(2, "nul\x00@exemple.fr"), row(3, "trois@exemple.fr")]
    run(tmp_path, rows)

    output, failed = run(tmp_path, rows)

    assert failed
    assert "0 créé(s), 0 rapproché(s), 2 déjà importé(s)" in output
    assert "Erreur ligne 2 : email contient un caractère de contrôle" in output
    assert User.objects.count() == 2
