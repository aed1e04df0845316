"""Editors run the Marché's content from the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from marche.home.models import ContentPage, FaqPage, HelpCentrePage, HomePage

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


def test_editor_creates_and_publishes_a_content_page_through_the_admin(client, demo, editor):
    data = nested_form_data(
        {
            "title": "Acheter responsable",
            "slug": "acheter-responsable",
            "intro": "Un guide.",
            "body": streamfield(
                [
                    ("rich_text", rich_text("<p>Premier paragraphe.</p>")),
                    ("quote", {"text": "Acheter, c'est agir.", "author": "Une acheteuse"}),
                ]
            ),
            "action-publish": "publish",
        }
    )

    response = client.post(f"/admin/pages/add/home/contentpage/{demo.pk}/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = ContentPage.objects.get(slug="acheter-responsable")
    assert page.live
    content = client.get(page.url).content.decode()
    assert "Premier paragraphe." in content and "Acheter, c&#x27;est agir." in content


def test_faq_page_has_an_anchor_per_question_and_a_table_of_contents(client, demo):
    page = FaqPage.objects.get(slug="faq-siae")

    content = client.get(page.url).content.decode()

    anchor = "jai-deja-un-compte-sur-les-emplois-de-linclusion-dois-je-en-creer-un-nouveau"
    assert f'id="{anchor}"' in content
    assert f'href="#{anchor}"' in content  # the table of contents links to it
    assert content.count('class="fr-summary__link"') == 4


def test_identical_questions_get_distinct_anchors(demo):
    from marche.home.models import question_anchors

    page = FaqPage.objects.get(slug="faq-siae")
    page.sections = [
        ("section", {"title": "A", "questions": [{"question": "Même question ?", "answer": "<p>1</p>"}] * 2})
    ]

    anchors = [a for _, questions in question_anchors(page.sections) for a, _ in questions]

    assert anchors == ["meme-question", "meme-question-2"]


def test_the_demo_faq_answers_the_support_questions(demo):
    text = " ".join(str(p.sections.raw_data) for p in FaqPage.objects.all())

    assert "les emplois de l'inclusion" in text and "Compte inclusion" in text
    assert "plusieurs structures" in text
    assert "Qui doit gérer la fiche" in text
    assert "conventionnement" in text and "100 mots" in text and "logo" in text


def test_help_centre_lists_faq_by_audience_and_searches_questions_and_answers(client, demo):
    help_centre = HelpCentrePage.objects.get()
    call_command("update_index", verbosity=0)

    listing = client.get(help_centre.url).content.decode()
    found = client.get(help_centre.url, {"q": "certifiée"}).content.decode()

    assert "Acheteurs" in listing and "Structures inclusives (SIAE)" in listing
    assert "Résultats pour « certifiée »" in found and "Questions des structures inclusives" in found


def test_home_page_shows_hero_sectors_highlighted_suppliers_and_latest_content(client, demo):
    content = client.get("/").content.decode()

    assert "Achetez auprès des structures inclusives" in content
    assert "?sector=menuiserie" in content
    assert "Fournisseurs mis en avant" in content
    assert "Intégrer une clause sociale dans vos achats" in content


def test_sectors_are_snippets_editors_can_edit(client, demo, editor):
    from marche.sectors.models import Sector

    sector = Sector.objects.get(slug="menuiserie")
    response = client.get(f"/admin/snippets/sectors/sector/edit/{sector.pk}/")

    assert response.status_code == 200


def test_pages_are_accessible_headings_start_at_h1_and_images_have_alt(client, demo):
    import re

    for url in ["/", HelpCentrePage.objects.get().url, FaqPage.objects.first().url, "/recherche/"]:
        content = client.get(url).content.decode()
        levels = [int(h) for h in re.findall(r"<h([1-6])", content)]
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)
        assert not re.search(r"<img(?![^>]*\balt=)", content), url


def test_editors_reach_the_admin_but_cannot_delete_the_home_page(client, demo, editor):
    assert client.get("/admin/").status_code == 200

    client.post(f"/admin/pages/{demo.pk}/delete/")

    assert HomePage.objects.filter(pk=demo.pk).exists()
