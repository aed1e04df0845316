"""Mails naming an organisation keep a single-line subject, whatever its stored name holds
(a line break in a header made every invitation of such an organisation a 500)."""

import pytest
from django.core import mail

from sso.organizations.models import Invitation

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Les Jardins\nde Lyon", "Les Jardins\r\nde Lyon", "Les Jardins\u2028de Lyon"])
def test_invitation_of_an_organization_whose_name_has_a_line_break_has_a_single_line_subject(
    client, django_capture_on_commit_callbacks, name
):
    member = MembershipFactory(organization__name=name)
    client.force_login(member.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organisations/{member.organization.public_id}/invitations/", {"email": "collegue@exemple.fr"}
        )

    assert response.status_code == 302
    assert Invitation.objects.filter(organization=member.organization, email="collegue@exemple.fr").count() == 1
    assert [m.subject for m in mail.outbox] == ["Invitation à rejoindre Les Jardins de Lyon — Compte inclusion"]
