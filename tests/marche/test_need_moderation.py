"""Editors of the "Besoins" group validate, ask for a change or refuse submitted needs in
the Wagtail admin; the buyer is e-mailed each time; validation tells the suppliers' side
(notifications.need_validated) once committed."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from marche.needs import notifications
from marche.needs.models import NeedStatus

from .factories import UserFactory
from .need_support import attach, buyer_org, editor_user, future, make_need, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def validated_calls(monkeypatch):
    """The suppliers'-side entry point (another helper's body): record that it is called."""
    calls = []
    monkeypatch.setattr(notifications, "need_validated", lambda *, need_id: calls.append(need_id))
    return calls


@pytest.fixture
def editor(client):
    user = editor_user()
    client.force_login(user)
    return user


def decide(client, need, decision, message=""):
    return client.post(
        f"/admin/besoins/{need.pk}/", {"decision": decision, "message": message, "version": need.version}
    )


def test_the_besoins_group_has_the_admin_and_the_moderation_permissions():
    group = Group.objects.get(name="Besoins")

    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "access_admin",
        "moderate_need",
        "view_need",
    ]


def test_editor_sees_the_menu_the_queue_and_a_need_with_its_attachments(client, editor, private_root):
    submitted = make_need(buyer_org(), status=NeedStatus.SUBMITTED, title="Nettoyage des gymnases")
    attachment = attach(submitted)
    make_need(buyer_org(), status=NeedStatus.DRAFT, title="Brouillon secret")

    home = client.get("/admin/").content.decode()
    listing = client.get("/admin/besoins/").content.decode()
    detail = client.get(f"/admin/besoins/{submitted.pk}/").content.decode()

    assert '"label": "Besoins d\'achat"' in home and '"url": "/admin/besoins/"' in home
    assert "Nettoyage des gymnases" in listing and "Brouillon secret" not in listing
    assert f"/besoins/{submitted.uid}/pieces-jointes/{attachment.uid}/" in detail
    assert client.get(f"/besoins/{submitted.uid}/pieces-jointes/{attachment.uid}/").status_code == 200


def test_drafts_do_not_exist_for_editors(client, editor):
    draft = make_need(buyer_org(), status=NeedStatus.DRAFT)

    assert client.get(f"/admin/besoins/{draft.pk}/").status_code == 404
    assert client.get(f"/besoins/{draft.uid}/").status_code == 404


def test_validation_publishes_mails_the_buyer_and_calls_need_validated_after_commit(
    client, editor, validated_calls, django_capture_on_commit_callbacks, settings
):
    need = make_need(buyer_org(), status=NeedStatus.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = decide(client, need, "validate")
    assert validated_calls == [] and mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()

    need.refresh_from_db()
    assert response.status_code == 302
    assert (need.status, need.decided_by, need.version) == (NeedStatus.VALIDATED, editor, 2)
    assert need.validated_at is not None
    assert validated_calls == [need.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [need.author.email]
    assert message.subject == f"Votre besoin « {need.title} » est publié"
    assert f"{settings.MARCHE_URL}/besoins/{need.uid}/" in message.body


def test_asking_for_a_change_needs_a_message_which_the_buyer_receives(
    client, editor, validated_calls, django_capture_on_commit_callbacks
):
    need = make_need(buyer_org(), status=NeedStatus.SUBMITTED)
    before = snapshot(need)

    refused = decide(client, need, "request_changes", "  ")
    assert "Indiquez à l&#x27;acheteur ce qu&#x27;il doit modifier." in refused.content.decode()
    assert snapshot(need) == before

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, need, "request_changes", "Précisez les quantités, s'il vous plaît.")

    need.refresh_from_db()
    assert (need.status, need.editor_message) == (
        NeedStatus.CHANGES_REQUESTED,
        "Précisez les quantités, s'il vous plaît.",
    )
    assert validated_calls == []
    assert [m.subject for m in mail.outbox] == [f"Votre besoin « {need.title} » : des modifications sont demandées"]
    assert "Précisez les quantités, s'il vous plaît." in mail.outbox[0].body


def test_refusal_needs_a_reason_which_the_buyer_receives(
    client, editor, validated_calls, django_capture_on_commit_callbacks
):
    need = make_need(buyer_org(), status=NeedStatus.SUBMITTED)
    before = snapshot(need)

    assert "Indiquez le motif du refus." in decide(client, need, "refuse", "").content.decode()
    assert snapshot(need) == before

    with django_capture_on_commit_callbacks(execute=True):
        decide(client, need, "refuse", "Ce n'est pas un achat.")

    need.refresh_from_db()
    assert (need.status, need.editor_message) == (NeedStatus.REFUSED, "Ce n'est pas un achat.")
    assert validated_calls == []
    assert mail.outbox[0].subject == f"Votre besoin « {need.title} » n'a pas été publié"
    assert "Ce n'est pas un achat." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({"sector_list": []}, "au moins un secteur d&#x27;activité"),
        ({"place_kind": ""}, "un lieu"),
        ({"place_kind": "communes"}, "un lieu"),  # communes chosen as kind, none listed
        ({"deadline": future(-1)}, "une date limite de réponse à venir"),
    ],
)
def test_a_need_without_sector_place_or_future_deadline_cannot_be_validated(
    client, editor, validated_calls, fields, missing, django_capture_on_commit_callbacks
):
    need = make_need(buyer_org(), status=NeedStatus.SUBMITTED, **fields)
    before = snapshot(need)

    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, need, "validate")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce besoin ne peut pas être publié sans" in content and missing in content
    assert snapshot(need) == before
    assert validated_calls == [] and mail.outbox == []


def test_two_editors_at_once_the_second_is_told_and_nothing_changes(
    client, editor, validated_calls, django_capture_on_commit_callbacks
):
    need = make_need(buyer_org(), status=NeedStatus.SUBMITTED)
    seen_version = need.version
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, need, "refuse", "Hors sujet")
    after_first = snapshot(need)
    mail.outbox.clear()

    client.force_login(editor_user())
    need.version = seen_version  # the second editor's page was shown before the first decision
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, need, "validate")

    content = response.content.decode()
    assert "Ce besoin a changé pendant que vous le consultiez" in content and "Refusé" in content
    assert snapshot(need) == after_first
    assert validated_calls == [] and mail.outbox == []


def test_people_outside_the_group_cannot_see_or_decide(client, validated_calls):
    need = make_need(buyer_org(), status=NeedStatus.SUBMITTED)
    before = snapshot(need)
    other_editor = UserFactory()
    other_editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(other_editor)

    listing = client.get("/admin/besoins/")
    decision = decide(client, need, "validate")

    # Wagtail's admin turns a refusal into a redirect to its home with a message.
    assert listing.status_code == 302 and decision.status_code == 302
    assert '"label": "Besoins d\'achat"' not in client.get("/admin/").content.decode()
    assert snapshot(need) == before
    assert validated_calls == []
