"""Attachments are PDF, ODT, DOCX or XLSX recognised by their content, within the size
limit, stored privately under a server-chosen name; a refused file changes nothing and the
error is in French."""

import os

import pytest

from marche.needs.models import NeedAttachment

from .need_support import (
    buyer_org,
    buyer_user,
    docx_bytes,
    make_need,
    odt_bytes,
    pdf_bytes,
    snapshot,
    upload,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def post_file(client, need, name, content, action="add"):
    return client.post(
        f"/besoins/{need.uid}/modifier/pieces-jointes/",
        {"version": need.version, "action": action, "file": upload(name, content)},
    )


@pytest.fixture
def draft(client, private_root):
    org = buyer_org()
    need = make_need(org, step=4)
    client.force_login(buyer_user(org))
    return need


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("cahier des charges.pdf", pdf_bytes(), "application/pdf"),
        ("bordereau.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("cctp.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("note.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_formats_are_stored_privately_under_a_server_chosen_name(
    client, draft, private_root, name, content, content_type
):
    response = post_file(client, draft, name, content)

    assert response.status_code == 302
    attachment = NeedAttachment.objects.get(need=draft)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, content_type, len(content))
    assert attachment.file.name.startswith(f"needs/{draft.uid}/") and name not in attachment.file.name
    assert os.path.isfile(private_root / attachment.file.name)
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "devis.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
            "n&#x27;est pas un document PDF, ODT, DOCX ou XLSX",
        ),
        ("archive.docx", zip_bytes({"a.txt": "bonjour"}), "n&#x27;est pas un document PDF, ODT, DOCX ou XLSX"),
        (
            "tableur.odt",
            zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
            "n&#x27;est pas un document PDF, ODT, DOCX ou XLSX",
        ),
        ("faux.xlsx", b"PK\x03\x04 not really a zip", "n&#x27;est pas un document PDF, ODT, DOCX ou XLSX"),
        ("document.docx", pdf_bytes(), "est un document PDF mais son nom se termine par « .docx »"),
        ("vide.pdf", b"", "est vide"),
    ],
)
def test_refused_contents_change_nothing_and_say_why_in_french(client, draft, name, content, message):
    before = snapshot(draft)

    response = post_file(client, draft, name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(draft) == before


def test_a_file_over_the_size_limit_is_refused(client, draft, settings):
    settings.NEEDS_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    before = snapshot(draft)
    content = pdf_bytes() + b"0" * (3 * 1024 * 1024)

    response = post_file(client, draft, "gros.pdf", content)

    assert response.status_code == 200
    assert "pèse 3 Mo : 2 Mo au plus" in response.content.decode()
    assert snapshot(draft) == before


def test_an_attachment_is_removed_with_its_file(client, draft, private_root, django_capture_on_commit_callbacks):
    post_file(client, draft, "cctp.pdf", pdf_bytes())
    attachment = NeedAttachment.objects.get()
    path = private_root / attachment.file.name
    draft.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/besoins/{draft.uid}/modifier/pieces-jointes/",
            {"version": draft.version, "action": "remove", "attachment": str(attachment.uid)},
        )

    assert response.status_code == 302
    assert NeedAttachment.objects.count() == 0
    assert not path.exists()


def test_add_without_a_file_asks_for_one(client, draft):
    before = snapshot(draft)

    response = client.post(
        f"/besoins/{draft.uid}/modifier/pieces-jointes/", {"version": draft.version, "action": "add"}
    )

    assert "Choisissez un fichier à joindre." in response.content.decode()
    assert snapshot(draft) == before
