"""Both admins speak French: Wagtail's (menus, messages after an action) whatever the
browser asks for, and Django's; the demo leaves no Wagtail placeholder page."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page

from marche.home.models import HomePage

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    return HomePage.objects.get()


@pytest.fixture
def editor(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(user)
    return user


def test_wagtail_admin_is_in_french_even_for_an_english_browser(client, demo, editor):
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert '<html lang="fr"' in html
    assert "Pages" in html and "Documents" in html
    assert re.search(r"<title>\s*Tableau de bord", html)
    assert "Dashboard" not in html
    # The demo replaced Wagtail's placeholder page.
    assert not Page.objects.filter(title__icontains="Welcome to your new Wagtail site").exists()
    assert "Welcome to your new Wagtail site" not in client.get("/admin/pages/").content.decode()


def test_wagtail_messages_after_an_action_are_in_french(client, demo, editor):
    response = client.post(
        f"/admin/pages/add/home/contentpage/{demo.pk}/",
        {"title": "Guide", "slug": "guide", "intro": "", "body-count": "0", "action-publish": "publish"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    html = response.content.decode()
    assert "publiée" in html
    assert "has been published" not in html and "Page created" not in html


def test_account_settings_offer_only_french_as_admin_language(client, demo, editor):
    html = client.get("/admin/account/").content.decode()

    assert 'value="en"' not in html


def test_django_admin_is_in_french(client, demo):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    html = client.get("/django-admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Site d’administration" in html
    assert "Site administration" not in html
