"""OpenID Connect Back-Channel Logout 1.0, the Marché's side: a valid logout token from
Compte inclusion ends every session of that person; any invalid token is refused with
400 and every session stays. The provider's keys are served over HTTP as its JWKS."""

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from jwcrypto import jwk, jwt

from marche.users.models import LoginSession, LogoutTokenUse, User
from marche.users.services import record_login_session

pytestmark = pytest.mark.django_db

ISSUER = "https://compte.inclusion.test"
EVENT = "http://schemas.openid.net/event/backchannel-logout"
URL = "/oidc/backchannel-logout/"
PROVIDER_KEY = jwk.JWK.generate(kty="RSA", size=2048)
OTHER_KEY = jwk.JWK.generate(kty="RSA", size=2048)


@pytest.fixture(scope="module")
def jwks_url():
    # As the provider publishes it: the public half, its thumbprint as kid.
    body = json.dumps({"keys": [{**json.loads(PROVIDER_KEY.export_public()), "kid": PROVIDER_KEY.thumbprint()}]})
    body = body.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    server.shutdown()


@pytest.fixture(autouse=True)
def _provider(settings, jwks_url):
    settings.SSO_ISSUER = ISSUER
    settings.OIDC_OP_JWKS_ENDPOINT = jwks_url
    settings.OIDC_RP_CLIENT_ID = "marche"
    settings.BACKCHANNEL_LOGOUT_MAX_AGE_SECONDS = 120


def claims(**changes):
    now = int(time.time())
    data = {
        "iss": ISSUER,
        "aud": "marche",
        "iat": now,
        "exp": now + 120,
        "jti": str(uuid.uuid4()),
        "sub": "sub-alice",
        "events": {EVENT: {}},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def sign(data: dict, key=PROVIDER_KEY, header: dict | None = None) -> str:
    token = jwt.JWT(
        header=json.dumps(header or {"alg": "RS256", "typ": "logout+jwt", "kid": key.thumbprint()}),
        claims=json.dumps(data),
    )
    token.make_signed_token(key)
    return token.serialize()


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    session = browser.session
    session["oidc_id_token_expiration"] = time.time() + 3600
    session.save()
    record_login_session(user=user, session_key=session.session_key)
    return browser


@pytest.fixture
def people():
    alice = User.objects.create(username="alice", sub="sub-alice", email="alice@exemple.fr")
    bob = User.objects.create(username="bob", sub="sub-bob", email="bob@exemple.fr")
    return {"alice": [signed_in(alice), signed_in(alice)], "bob": [signed_in(bob)]}


def is_signed_in(browser: Client) -> bool:
    return Session.objects.filter(session_key=browser.session.session_key).exists()


def test_a_valid_token_ends_every_session_of_that_person_only(people):
    response = Client().post(URL, {"logout_token": sign(claims())})

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert [is_signed_in(b) for b in people["alice"]] == [False, False]
    assert is_signed_in(people["bob"][0]) is True
    assert list(LoginSession.objects.values_list("user__sub", flat=True)) == ["sub-bob"]


def test_the_ended_session_is_anonymous_at_its_next_request(people):
    Client().post(URL, {"logout_token": sign(claims())})

    request = people["alice"][0].get("/", headers={"Sec-Fetch-Mode": "navigate"})

    assert request.wsgi_request.user.is_authenticated is False


def test_a_token_for_an_unknown_person_is_accepted_and_ends_nothing(people):
    response = Client().post(URL, {"logout_token": sign(claims(sub="sub-nobody"))})

    assert response.status_code == 200
    assert LoginSession.objects.count() == 3


def test_a_token_naming_a_provider_session_ends_only_the_sessions_opened_under_it(people):
    LoginSession.objects.filter(session_key=people["alice"][0].session.session_key).update(sid="sid-1")

    response = Client().post(URL, {"logout_token": sign(claims(sub=None, sid="sid-1"))})

    assert response.status_code == 200
    assert [is_signed_in(b) for b in people["alice"]] == [False, True]


INVALID = {
    "signed by another key": lambda: sign(claims(), key=OTHER_KEY),
    "another issuer": lambda: sign(claims(iss="https://evil.test")),
    "another audience": lambda: sign(claims(aud="emplois")),
    "audience list without us": lambda: sign(claims(aud=["emplois", "autre"])),
    "issued too long ago": lambda: sign(claims(iat=int(time.time()) - 600, exp=int(time.time()) + 60)),
    "issued in the future": lambda: sign(claims(iat=int(time.time()) + 600)),
    "expired": lambda: sign(claims(exp=int(time.time()) - 5)),
    "iat missing": lambda: sign(claims(iat=None)),
    "iat not a number": lambda: sign(claims(iat="maintenant")),
    "events missing": lambda: sign(claims(events=None)),
    "another event": lambda: sign(claims(events={"http://schemas.openid.net/event/other": {}})),
    "event not an object": lambda: sign(claims(events={EVENT: "oui"})),
    "a nonce (an ID token)": lambda: sign(claims(nonce="abc")),
    "neither sub nor sid": lambda: sign(claims(sub=None)),
    "jti missing": lambda: sign(claims(jti=None)),
    "typ of an ID token": lambda: sign(
        claims(), header={"alg": "RS256", "typ": "JWT", "kid": PROVIDER_KEY.thumbprint()}
    ),
    "HS256 with the public key as secret": lambda: _hs256(),
    "alg none": lambda: _unsigned(),
    "not a JWT": lambda: "pas-un-jeton",
    "empty": lambda: "",
    "a JSON array as claims": lambda: sign([1, 2]),  # type: ignore[arg-type]
}


def _hs256() -> str:
    secret = jwk.JWK(kty="oct", k=PROVIDER_KEY.export_public(as_dict=True)["n"])
    token = jwt.JWT(header=json.dumps({"alg": "HS256", "typ": "logout+jwt"}), claims=json.dumps(claims()))
    token.make_signed_token(secret)
    return token.serialize()


def _unsigned() -> str:
    import base64

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'logout+jwt'})}.{part(claims())}."


@pytest.mark.parametrize("variant", INVALID)
def test_an_invalid_token_is_refused_and_every_session_stays(people, variant):
    response = Client().post(URL, {"logout_token": INVALID[variant]()})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
    assert all(is_signed_in(b) for sessions in people.values() for b in sessions)
    assert LoginSession.objects.count() == 3


def test_a_replayed_token_is_refused(people):
    token = sign(claims(sub="sub-bob"))
    assert Client().post(URL, {"logout_token": token}).status_code == 200
    # Bob signs in again; the same token must not end his new session.
    bob = signed_in(User.objects.get(sub="sub-bob"))

    response = Client().post(URL, {"logout_token": token})

    assert response.status_code == 400
    assert "déjà utilisé" in response.json()["error_description"]
    assert is_signed_in(bob) is True
    assert LogoutTokenUse.objects.count() == 1


def test_a_get_is_refused(people):
    assert Client().get(URL, {"logout_token": sign(claims())}).status_code == 405
    assert all(is_signed_in(b) for b in people["alice"])


def test_unreachable_provider_keys_answer_503_and_end_nothing(people, settings):
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:9/jwks.json"

    response = Client().post(URL, {"logout_token": sign(claims())})

    assert response.status_code == 503
    assert all(is_signed_in(b) for b in people["alice"])


@given(token=st.text(max_size=300))
def test_any_text_as_token_is_refused_with_400(token):
    response = Client().post(URL, {"logout_token": token.replace("\x00", "")})

    assert response.status_code == 400
