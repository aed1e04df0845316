import pytest
from django.core.management import call_command
from django.utils.html import escape

pytestmark = pytest.mark.django_db


def test_demo_home_page_is_served_at_the_root(client, settings):
    settings.DEBUG = True
    call_command("load_demo")

    response = client.get("/")

    assert response.status_code == 200
    assert escape("Le Marché de l'inclusion") in response.content.decode()


def test_loading_the_demo_twice_keeps_one_home_page(settings):
    settings.DEBUG = True
    from marche.home.models import HomePage

    call_command("load_demo")
    call_command("load_demo")

    assert HomePage.objects.count() == 1


def test_demo_refuses_to_load_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="développement"):
        call_command("load_demo")
