"""Rule: Compte inclusion's account forms answer any typed text without a server error.

Each example replaces one field of an otherwise valid submission with hostile text (NUL
bytes and other control characters, very long strings, any unicode, address-shaped
strings longer than the column). A refusal shows the form again with an error and writes
nothing (reloaded from the database); an acceptance does exactly what the form promises.
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sso.accounts.models import AccountToken, User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

BOUNDED = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Lone surrogates (category Cs) cannot be encoded in a request body: a browser cannot send them.
_any_char = st.characters(blacklist_categories=("Cs",))
hostile_text = st.one_of(
    st.text(_any_char, max_size=40),
    st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=10),  # NUL and other controls
    st.builds(lambda s, n: s * n, st.text(_any_char, min_size=1, max_size=5), st.integers(100, 800)),
    st.emails(),
    # Valid-looking addresses longer than the 254 characters the email columns hold.
    st.builds(lambda local: f"{local}@exemple.fr", st.text("abcdefgh", min_size=240, max_size=320)),
    st.builds(lambda s: f"nom{s}@exemple.fr", st.text(_any_char, min_size=1, max_size=3)),
)


def _written():
    return User.objects.count(), AccountToken.objects.count(), len(mail.outbox)


def _template_names(response):
    return {t.name for t in response.templates}


def _assert_refused(response, template, before):
    assert response.status_code == 200
    assert template in _template_names(response)
    errors = response.context["form"].errors
    assert errors
    # The person reads why (the first message is on the page), with a way forward.
    assert escape(next(iter(errors.values()))[0]) in response.content.decode()
    assert _written() == before


@BOUNDED
@given(field=st.sampled_from(["email", "first_name", "last_name", "password", "accept_terms"]), value=hostile_text)
def test_signup_never_errors_on_hostile_input_and_a_refusal_writes_nothing(db, field, value):
    cache.clear()  # the per-address/IP mail limits must not turn later examples into 429
    data = {
        "email": f"inscription{User.objects.count()}@exemple.fr",
        "first_name": "Camille",
        "last_name": "Durand",
        "password": "cheval-agrafe-pile-2024",
        "accept_terms": "on",
        field: value,
    }
    before = _written()

    response = Client().post("/comptes/inscription/", data)

    if response.status_code == 302:
        assert response["Location"] == "/comptes/inscription/verifiez-vos-courriels/"
        created = User.objects.get(email__iexact=data["email"].strip())
        assert created.email_verified_at is None
        assert created.check_password(data["password"])
        assert _written() == (before[0] + 1, before[1] + 1, before[2] + 1)
    else:
        _assert_refused(response, "sso/accounts/signup.html", before)


@BOUNDED
@given(field=st.sampled_from(["username", "password"]), value=hostile_text)
def test_login_never_errors_on_hostile_input_and_a_refusal_changes_nothing(db, field, value):
    user = UserFactory()
    password_hash = user.password
    data = {"username": user.email, "password": PASSWORD, field: value}
    before = _written()
    client = Client()

    response = client.post("/comptes/connexion/", data)

    if response.status_code == 302:
        assert response["Location"] == "/comptes/mon-compte/"
        assert client.session["_auth_user_id"] == str(user.pk)
    else:
        _assert_refused(response, "sso/accounts/login.html", before)
        assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.password == password_hash
    assert _written()[:2] == before[:2]


@BOUNDED
@given(value=hostile_text)
def test_password_reset_request_never_errors_on_hostile_input_and_a_refusal_sends_nothing(db, value):
    cache.clear()
    UserFactory()
    before = _written()

    response = Client().post("/comptes/mot-de-passe-oublie/", {"email": value})

    if "sso/accounts/password_reset_sent.html" in _template_names(response):
        # The same neutral answer, and one mail, whether or not an account uses the address.
        assert response.status_code == 200
        owner = User.objects.filter(email__iexact=value.strip(), is_active=True).first()
        assert _written() == (before[0], before[1] + (1 if owner else 0), before[2] + 1)
    else:
        _assert_refused(response, "sso/accounts/password_reset.html", before)


@BOUNDED
@given(field=st.sampled_from(["new_email", "password"]), value=hostile_text)
def test_email_change_never_errors_on_hostile_input_and_the_address_only_changes_by_link(db, field, value):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    data = {"new_email": f"nouvelle{user.pk}@exemple.fr", "password": PASSWORD}
    data[field] = value
    data["new_email_confirm"] = data["new_email"]
    before = _written()

    response = client.post("/comptes/mon-compte/adresse-e-mail/", data)

    if "sso/accounts/email_change_sent.html" in _template_names(response):
        assert response.status_code == 200
        taken = User.objects.filter(email__iexact=data["new_email"].strip()).exists()
        assert _written() == (before[0], before[1] + (0 if taken else 1), before[2] + 1)
    else:
        _assert_refused(response, "sso/accounts/email_change.html", before)
    old_email = user.email
    user.refresh_from_db()
    assert user.email == old_email


@BOUNDED
@given(field=st.sampled_from(["old_password", "new_password"]), value=hostile_text)
def test_password_change_never_errors_on_hostile_input_and_a_refusal_keeps_the_password(db, field, value):
    user = UserFactory()
    password_hash = user.password
    client = Client()
    client.force_login(user)
    new_password = value if field == "new_password" else "cheval-agrafe-pile-2024"
    data = {
        "old_password": value if field == "old_password" else PASSWORD,
        "new_password1": new_password,
        "new_password2": new_password,
    }
    before = _written()

    response = client.post("/comptes/mon-compte/mot-de-passe/", data)

    user.refresh_from_db()
    if response.status_code == 302:
        assert response["Location"] == "/comptes/mon-compte/"
        assert user.check_password(new_password)
    else:
        _assert_refused(response, "sso/accounts/password_change.html", before)
        assert user.password == password_hash


# A valid-looking address of 255 characters: Django's EmailValidator accepts up to 320, the
# columns hold 254 (User.email, AccountToken.new_email) and 255 (axes' AccessAttempt.username).
TOO_LONG_ADDRESS = "a" * 244 + "@exemple.fr"


@pytest.mark.parametrize(
    ("url", "field", "template", "signed_in"),
    [
        ("/comptes/inscription/", "email", "sso/accounts/signup.html", False),
        ("/comptes/connexion/", "username", "sso/accounts/login.html", False),
        ("/comptes/mot-de-passe-oublie/", "email", "sso/accounts/password_reset.html", False),
        ("/comptes/inscription/renvoyer-le-lien/", "email", "sso/accounts/signup_done.html", False),
        ("/comptes/mon-compte/adresse-e-mail/", "new_email", "sso/accounts/email_change.html", True),
    ],
)
def test_address_longer_than_the_email_column_is_refused_by_the_form(url, field, template, signed_in):
    assert len(TOO_LONG_ADDRESS) == 255
    user = UserFactory()
    client = Client()
    if signed_in:
        client.force_login(user)
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "password": PASSWORD if signed_in else "cheval-agrafe-pile-2024",
        "accept_terms": "on",
        "new_email_confirm": TOO_LONG_ADDRESS,
        field: TOO_LONG_ADDRESS,
    }
    before = _written()

    response = client.post(url, data)

    _assert_refused(response, template, before)
    assert response.context["form"].errors[field] == [
        "Assurez-vous que cette valeur comporte au plus 254 caractères (actuellement 255)."
    ]
    user.refresh_from_db()
    assert user.email.startswith("personne")
