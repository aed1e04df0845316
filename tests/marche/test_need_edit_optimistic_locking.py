"""Optimistic locking of the need's steps: an edit based on an older version (another tab,
a colleague) is not saved, the person's input is kept and they are told why."""

import pytest

from marche.needs.models import NeedStatus

from .need_support import buyer_org, buyer_user, make_need, snapshot

pytestmark = pytest.mark.django_db


def test_a_stale_step_is_refused_keeping_the_input(client):
    org = buyer_org()
    need = make_need(org, title="Titre du collègue")
    stale_version = need.version
    need.version += 1  # a colleague saved meanwhile
    need.save()
    before = snapshot(need)
    client.force_login(buyer_user(org))

    response = client.post(
        f"/besoins/{need.uid}/modifier/type/", {"version": stale_version, "kind": "tender", "title": "Mon titre"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce besoin a été modifié (dans un autre onglet ou par un collègue)" in content
    assert 'value="Mon titre"' in content
    assert f'name="version" value="{need.version}"' in content
    assert snapshot(need) == before


def test_a_stale_submission_is_refused(client):
    org = buyer_org()
    need = make_need(org)
    before_version = need.version
    need.version += 1
    need.save()
    before = snapshot(need)
    client.force_login(buyer_user(org))

    response = client.post(
        f"/besoins/{need.uid}/modifier/verification/", {"version": before_version, "action": "submit"}
    )

    assert response.status_code == 400
    assert "Ce besoin a été modifié" in response.content.decode()
    assert snapshot(need) == before
    assert need.status == NeedStatus.DRAFT


def test_the_next_save_based_on_the_current_version_goes_through(client):
    org = buyer_org()
    need = make_need(org)
    client.force_login(buyer_user(org))

    client.post(f"/besoins/{need.uid}/modifier/type/", {"version": need.version, "kind": "tender", "title": "Un"})
    client.post(f"/besoins/{need.uid}/modifier/type/", {"version": need.version + 1, "kind": "tender", "title": "Deux"})

    need.refresh_from_db()
    assert (need.title, need.version) == ("Deux", 3)
