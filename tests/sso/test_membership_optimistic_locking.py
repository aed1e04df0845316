"""Optimistic locking on what administrators change together: a member change or a join
decision based on an old page is refused with what changed, and never applied twice.

(The organisations app has no free-text edit form for members: the shared data they edit
are the memberships, by the role and removal buttons, and the join requests.)"""

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from sso.organizations import services
from sso.organizations.models import JoinRequest, Membership

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_admins():
    first = MembershipFactory(is_admin=True, user__first_name="Alice", user__last_name="Martin")
    second = MembershipFactory(is_admin=True, organization=first.organization)
    return first, second


def state(membership):
    membership = Membership.objects.get(pk=membership.pk)
    return membership.is_admin, membership.is_active, membership.version


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_members_page_carries_each_membership_version(client, two_admins):
    first, second = two_admins
    services.set_admin(first.user, second, False)
    client.force_login(first.user)

    page = client.get(f"/organisations/{first.organization.public_id}/").content.decode()

    assert page.count('name="version" value="1"') == 2  # the role and the removal forms of `second`


def test_role_change_based_on_an_old_version_is_refused_with_what_changed(client, two_admins):
    first, second = two_admins
    member = MembershipFactory(organization=first.organization, user__first_name="Paul", user__last_name="Durand")
    seen_version = member.version
    services.set_admin(second.user, member, True)  # meanwhile, another administrator names Paul
    before = state(member)
    client.force_login(first.user)

    response = client.post(
        f"/organisations/{first.organization.public_id}/membres/{member.pk}/administrateur/",
        {"is_admin": "1", "version": seen_version},
    )

    assert response.status_code == 302
    assert state(member) == before
    assert messages_of(response) == [
        "Paul Durand est maintenant administrateur : ce membre a été modifié par un autre administrateur depuis "
        "l'affichage de la page. Votre changement n'a pas été appliqué ; vérifiez la liste des membres ci-dessous "
        "puis recommencez si besoin."
    ]


def test_removal_of_a_member_already_removed_is_refused_not_a_404(client, two_admins):
    first, second = two_admins
    member = MembershipFactory(organization=first.organization, user__first_name="Paul", user__last_name="Durand")
    services.remove_member(second.user, member)
    before = state(member)
    client.force_login(first.user)

    response = client.post(
        f"/organisations/{first.organization.public_id}/membres/{member.pk}/retirer/", {"version": 0}
    )

    assert response.status_code == 302
    assert state(member) == before
    assert messages_of(response)[0].startswith("Paul Durand ne fait plus partie de la structure : ce membre a été")


def test_change_with_the_current_version_is_applied_and_bumps_it(client, two_admins):
    first, second = two_admins
    client.force_login(first.user)

    client.post(
        f"/organisations/{first.organization.public_id}/membres/{second.pk}/administrateur/",
        {"is_admin": "0", "version": second.version},
    )

    assert state(second) == (False, True, 1)


@pytest.mark.parametrize("posted", [{}, {"is_admin": "oui"}, {"is_admin": "1", "version": "abc"}])
def test_incomplete_role_change_changes_nothing(client, two_admins, posted):
    first, second = two_admins
    client.force_login(first.user)

    response = client.post(f"/organisations/{first.organization.public_id}/membres/{second.pk}/administrateur/", posted)

    assert response.status_code == 302
    assert state(second) == (True, True, 0)
    assert messages_of(response)[0].startswith("Demande incomplète ou invalide : rien n'a été modifié.")


def test_second_decision_on_a_join_request_is_refused_and_not_applied_twice(
    client, two_admins, django_capture_on_commit_callbacks
):
    first, second = two_admins
    newcomer = UserFactory()
    join_request = services.join_or_request(newcomer, first.organization).join_request
    url = f"/organisations/{first.organization.public_id}/demandes/{join_request.pk}/"
    client.force_login(first.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "accept"})
    mails = len(mail.outbox)
    client.force_login(second.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "refuse"})

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert join_request.decided_by == first.user
    assert Membership.objects.active().filter(user=newcomer, organization=first.organization).count() == 1
    assert len(mail.outbox) == mails
    # The first administrator's "Demande acceptée." is still in the shared session storage of the test client.
    message = messages_of(response)[-1]
    assert message.startswith("Cette demande a déjà été acceptée par Alice Martin le ")
    assert message.endswith("depuis l'affichage de la page : votre décision (refuser) n'a pas été appliquée.")


@pytest.mark.parametrize("decision", ["", "ACCEPT", "oui", "accept\x00"])
def test_a_decision_other_than_accept_or_refuse_changes_nothing(client, two_admins, decision):
    first, _ = two_admins
    join_request = services.join_or_request(UserFactory(), first.organization).join_request
    client.force_login(first.user)

    response = client.post(
        f"/organisations/{first.organization.public_id}/demandes/{join_request.pk}/", {"decision": decision}
    )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert messages_of(response) == [
        "Décision invalide : choisissez « Accepter » ou « Refuser ». Rien n'a été modifié."
    ]
