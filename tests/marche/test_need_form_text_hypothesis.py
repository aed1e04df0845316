"""Whatever is typed in the need form's text inputs, the answer is a saved draft or a
French error keeping the input — never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marche.needs.models import Need

from .need_support import buyer_org, buyer_user, future, make_need

pytestmark = pytest.mark.django_db

# Django's own refusal of NUL characters (PostgreSQL cannot store them), in French.
NULL_REFUSED = "Le caractère nul n’est pas autorisé."
text = st.text(st.characters(codec="utf-8"), max_size=300)
long_text = st.text(st.characters(codec="utf-8"), min_size=250, max_size=400)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text | long_text)
def test_any_title_saves_or_is_refused_in_french(client, title):
    org = buyer_org()
    need = make_need(org)
    client.force_login(buyer_user(org))

    response = client.post(
        f"/besoins/{need.uid}/modifier/type/", {"version": need.version, "kind": "quote", "title": title}
    )

    saved = Need.objects.get(pk=need.pk)
    if response.status_code == 302:
        assert saved.title == title.strip() and saved.title
    else:
        assert response.status_code == 200
        assert saved.title == need.title
        if "\x00" in title:
            expected = NULL_REFUSED
        elif len(title.strip()) > 255:
            expected = "au plus 255 caractères"
        else:
            expected = "Champ requis."
        assert expected in response.content.decode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=text, questions=text)
def test_any_description_and_questions_save_or_are_refused_in_french(client, description, questions):
    org = buyer_org()
    need = make_need(org, description="Avant")
    client.force_login(buyer_user(org))

    response = client.post(
        f"/besoins/{need.uid}/modifier/details/",
        {
            "version": need.version,
            "description": description,
            "amount_range": "unknown",
            "deadline": future().isoformat(),
            "questions": questions,
        },
    )

    saved = Need.objects.get(pk=need.pk)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert saved.description == description.strip()
        assert saved.questions == [q.strip() for q in questions.splitlines() if q.strip()]
    else:
        assert saved.description == "Avant"
        assert "L&#x27;étape n&#x27;a pas été enregistrée" in response.content.decode()
