"""The help centre's search answers with the matching questions, each linked to its anchor
on its FAQ page, not with page titles."""

import re

import pytest
from django.core.management import call_command

from marche.home.models import FaqPage, HelpCentrePage, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_centre(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    HomePage.objects.get()
    return HelpCentrePage.objects.get()


def results(client, help_centre, query) -> list[tuple[str, str]]:
    html = client.get(help_centre.url, {"q": query}).content.decode()
    if 'data-testid="help-results"' not in html:
        return []
    block = html[
        html.index('data-testid="help-results"') : html.index("</ul>", html.index('data-testid="help-results"'))
    ]
    return re.findall(r'<a class="fr-link fr-text--lg" href="([^"]*)">([^<]*)</a>', block)


def test_search_answers_with_the_question_and_its_anchor(client, help_centre):
    siae = FaqPage.objects.get(slug="faq-siae")

    found = results(client, help_centre, "emplois de l'inclusion nouveau compte")

    assert found[0] == (
        f"{siae.url}#jai-deja-un-compte-sur-les-emplois-de-linclusion-dois-je-en-creer-un-nouveau",
        "J&#x27;ai déjà un compte sur les emplois de l&#x27;inclusion : dois-je en créer un nouveau ?",
    )


def test_the_anchor_of_each_result_exists_on_its_page(client, help_centre):
    found = results(client, help_centre, "fiche")

    assert found
    for href, _question in found:
        path, anchor = href.split("#")
        assert f'id="{anchor}"' in client.get(path).content.decode()


def test_search_ignores_accents_and_case(client, help_centre):
    assert results(client, help_centre, "CERTIFIEE") == results(client, help_centre, "certifiée")
    assert results(client, help_centre, "certifiée")


def test_search_results_are_questions_not_page_titles(client, help_centre):
    titles = set(FaqPage.objects.values_list("title", flat=True))

    found = results(client, help_centre, "certifiée")

    assert found and not {question for _, question in found} & titles


def test_every_word_must_match_so_unknown_words_find_nothing(client, help_centre):
    html = client.get(help_centre.url, {"q": "certifiée zzzyx"}).content.decode()

    assert results(client, help_centre, "certifiée zzzyx") == []
    assert "Aucune question ne correspond" in html


def test_hostile_queries_get_an_answer_page_never_an_error(client, help_centre):
    for query in ["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "é" * 2000]:
        response = client.get(help_centre.url, {"q": query})

        assert response.status_code == 200, query
        assert "<script>alert(1)</script>" not in response.content.decode()
