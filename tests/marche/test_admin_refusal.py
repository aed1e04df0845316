"""A signed-in person without admin rights who opens the Marché's /admin/ gets a French page
saying what it is and whom to ask: no loop between the admin and the provider."""

import pytest
from django.contrib.auth.models import Group

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_person_without_admin_rights_gets_a_french_refusal_page_not_a_loop(client, settings):
    person = UserFactory(email="salarie@siae.fr")
    client.force_login(person)

    response = client.get("/admin/", follow=True)

    # One hop (Wagtail's redirect to the login URL), then a page: never the provider.
    assert [url for url, _ in response.redirect_chain] == ["/oidc/authenticate/?next=/admin/"]
    assert response.status_code == 403
    content = response.content.decode()
    assert "Espace réservé à l'équipe du Marché" in content
    assert "salarie@siae.fr" in content
    assert "« Éditeurs » ou « Modérateurs »" in content
    assert 'href="/"' in content
    assert "Retour à l'accueil" in content
    assert settings.OIDC_OP_AUTHORIZATION_ENDPOINT not in response.get("Location", "")
    # Wagtail's own one-liner is not left over for the next page.
    assert "permission" not in client.get("/connexion/echec/").content.decode().lower()


def test_deep_admin_link_is_refused_the_same_way(client):
    client.force_login(UserFactory())

    response = client.get("/admin/pages/", follow=True)

    assert response.status_code == 403
    assert "Espace réservé" in response.content.decode()


def test_anonymous_visitor_of_the_admin_is_still_sent_to_the_provider(client, settings):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0] == "/oidc/authenticate/?next=/admin/"
    assert response.redirect_chain[-1][0].startswith(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def test_signed_in_person_going_elsewhere_still_logs_in_through_the_provider(client, settings):
    client.force_login(UserFactory())

    response = client.get("/oidc/authenticate/", {"next": "/tableau-de-bord/"})

    assert response.status_code == 302
    assert response["Location"].startswith(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def test_editor_opens_the_admin(client):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "wagtail" in response.content.decode().lower()
