"""The terms of use have a version (settings.TERMS_VERSION). Signing up accepts the version
in force; when it changes, the signed-in person accepts the new one before anything else,
then goes on where they were going (an OIDC authorization included)."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone

from sso.accounts.models import User
from tests.oidc_client import Browser, RelyingParty

from .factories import ApplicationFactory, UserFactory

CB = "http://rp.test/callback/"
OLD, NEW = "2025-01-01", "2026-11-23"
SIGNUP = {
    "email": "camille.martin@exemple.fr",
    "first_name": "Camille",
    "last_name": "Martin",
    "password": "un mot de passe solide",
    "accept_terms": "on",
}


@pytest.fixture(autouse=True)
def _terms(settings):
    settings.TERMS_VERSION = NEW


@pytest.fixture
def old_terms_user(db):
    accepted = timezone.now() - timedelta(days=300)
    return UserFactory(terms_version=OLD, terms_accepted_at=accepted)


@pytest.mark.django_db
def test_signup_checkbox_links_to_the_terms(client):
    html = client.get("/comptes/inscription/").content.decode()
    after_checkbox = html[html.index('name="accept_terms"') :]
    after_checkbox = after_checkbox[: after_checkbox.index("</form>")]

    # Right after the checkbox, outside its label (a click on the label ticks the box).
    assert re.search(r'<a class="fr-link" href="/conditions-d-utilisation/" target="_blank"', after_checkbox)
    label = after_checkbox[after_checkbox.index("<label") : after_checkbox.index("</label>")]
    assert "<a " not in label


@pytest.mark.django_db
def test_signup_records_the_terms_version_in_force_and_the_time(client):
    before = timezone.now()

    client.post("/comptes/inscription/", SIGNUP)

    user = User.objects.get(email="camille.martin@exemple.fr")
    assert user.terms_version == NEW
    assert before <= user.terms_accepted_at <= timezone.now()


@pytest.mark.django_db
def test_signup_without_accepting_the_terms_creates_nothing(client):
    data = {k: v for k, v in SIGNUP.items() if k != "accept_terms"}

    response = client.post("/comptes/inscription/", data)

    assert "Vous devez accepter les conditions générales d&#x27;utilisation" in response.content.decode()
    assert 'value="camille.martin@exemple.fr"' in response.content.decode()
    assert not User.objects.filter(email="camille.martin@exemple.fr").exists()


@pytest.mark.django_db
def test_a_changed_version_sends_the_signed_in_person_to_accept_it_first(client, old_terms_user):
    client.force_login(old_terms_user)

    response = client.get("/comptes/mon-compte/")

    assert response.status_code == 302
    assert response["Location"] == "/comptes/conditions-d-utilisation/?next=" + quote("/comptes/mon-compte/", safe="")


@pytest.mark.django_db
def test_the_acceptance_page_shows_both_versions_and_links_the_terms(client, old_terms_user):
    client.force_login(old_terms_user)

    html = client.get("/comptes/conditions-d-utilisation/?next=/organisations/").content.decode()

    assert f"Vous aviez accepté la version du {OLD}" in html
    assert f"<strong>{NEW}</strong>" in html
    assert 'href="/conditions-d-utilisation/"' in html


@pytest.mark.django_db
def test_accepting_records_the_new_version_and_time_then_continues(client, old_terms_user):
    client.force_login(old_terms_user)
    before = timezone.now()

    response = client.post(
        "/comptes/conditions-d-utilisation/", {"accept_terms": "on", "version": NEW, "next": "/organisations/"}
    )

    assert response.status_code == 302 and response["Location"] == "/organisations/"
    old_terms_user.refresh_from_db()
    assert old_terms_user.terms_version == NEW
    assert before <= old_terms_user.terms_accepted_at <= timezone.now()
    assert client.get("/comptes/mon-compte/").status_code == 200


@pytest.mark.django_db
def test_not_ticking_the_box_records_nothing_and_keeps_asking(client, old_terms_user):
    client.force_login(old_terms_user)
    accepted_at = old_terms_user.terms_accepted_at

    response = client.post("/comptes/conditions-d-utilisation/", {"version": NEW, "next": "/organisations/"})

    assert response.status_code == 200
    assert "Cochez la case pour accepter les conditions et continuer." in response.content.decode()
    old_terms_user.refresh_from_db()
    assert (old_terms_user.terms_version, old_terms_user.terms_accepted_at) == (OLD, accepted_at)
    assert client.get("/organisations/")["Location"].startswith("/comptes/conditions-d-utilisation/")


@pytest.mark.django_db
def test_a_form_of_an_older_version_does_not_record_the_new_one(client, old_terms_user):
    client.force_login(old_terms_user)

    response = client.post(
        "/comptes/conditions-d-utilisation/", {"accept_terms": "on", "version": "2026-06-01", "next": "/organisations/"}
    )

    assert response["Location"].startswith("/comptes/conditions-d-utilisation/?next=")
    old_terms_user.refresh_from_db()
    assert old_terms_user.terms_version == OLD


@pytest.mark.django_db
def test_next_to_another_site_is_ignored_after_accepting(client, old_terms_user):
    client.force_login(old_terms_user)

    response = client.post(
        "/comptes/conditions-d-utilisation/",
        {"accept_terms": "on", "version": NEW, "next": "https://pirate.example/"},
    )

    assert response["Location"] == "/comptes/mon-compte/"


@pytest.mark.django_db
def test_legal_pages_and_logout_stay_reachable_before_accepting(client, old_terms_user):
    client.force_login(old_terms_user)

    assert client.get("/conditions-d-utilisation/").status_code == 200
    assert client.get("/donnees-personnelles/").status_code == 200
    response = client.post("/comptes/deconnexion/")

    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_up_to_date_accounts_are_not_asked(client):
    user = UserFactory()
    client.force_login(user)

    assert client.get("/comptes/mon-compte/").status_code == 200
    assert client.get("/comptes/conditions-d-utilisation/")["Location"] == "/comptes/mon-compte/"


@pytest.mark.django_db(transaction=True)
def test_the_next_login_through_a_relying_party_asks_then_completes_the_authorization(provider):
    UserFactory(email="zoe@exemple.fr", terms_version=OLD)
    ApplicationFactory(client_id="rp", client_secret="secret-rp-de-test", redirect_uris=CB)
    rp = RelyingParty(provider, "rp", "secret-rp-de-test", CB)
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)

    after_login = browser.login(login_page, "zoe@exemple.fr")
    terms_page = browser.follow(after_login.headers["Location"], stop_at=CB)

    assert terms_page.status_code == 200 and "Les conditions d'utilisation ont changé" in terms_page.text
    assert "callback_url" not in vars(terms_page)  # no code before accepting
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', terms_page.text).group(1)
    next_value = re.search(r'name="next" value="([^"]*)"', terms_page.text).group(1).replace("&amp;", "&")
    accepted = browser.session.post(
        f"{provider}/comptes/conditions-d-utilisation/",
        data={"csrfmiddlewaretoken": csrf, "accept_terms": "on", "version": NEW, "next": next_value},
        headers={"Referer": terms_page.url},
        allow_redirects=False,
    )
    done = browser.follow(accepted.headers["Location"], stop_at=CB)

    assert "code=" in done.callback_url
    claims = rp.id_token_claims(rp.fetch_token(done.callback_url)["id_token"])
    assert claims["email"] == "zoe@exemple.fr"
    assert User.objects.get(email="zoe@exemple.fr").terms_version == NEW


@pytest.mark.django_db(transaction=True)
def test_silent_login_with_outdated_terms_answers_interaction_required(provider, settings):
    UserFactory(email="zoe@exemple.fr")
    ApplicationFactory(client_id="rp", client_secret="secret-rp-de-test", redirect_uris=CB)
    rp = RelyingParty(provider, "rp", "secret-rp-de-test", CB)
    browser = Browser(provider)
    login_page = browser.follow(rp.authorization_url(), stop_at=CB)
    browser.follow(browser.login(login_page, "zoe@exemple.fr").headers["Location"], stop_at=CB)
    settings.TERMS_VERSION = "2027-01-01"  # a deploy with new terms

    response = browser.follow(rp.authorization_url(prompt="none"), stop_at=CB)

    assert "error=interaction_required" in response.callback_url
    assert "code=" not in response.callback_url


@pytest.mark.django_db
def test_support_staff_reach_the_django_admin_without_the_terms_page(client):
    staff = UserFactory(is_staff=True, is_superuser=True, terms_version=OLD)
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200
    assert client.get("/comptes/mon-compte/")["Location"].startswith("/comptes/conditions-d-utilisation/")
