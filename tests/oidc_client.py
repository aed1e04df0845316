"""A real relying party for tests (no Django needed, so browser tests use it too): authlib's OAuth2 client against the provider on a live server.

``Browser`` plays the person's browser (cookies, forms); ``RelyingParty`` plays les
emplois or any client, with authlib doing PKCE, the token exchange and ID token checks.
"""

import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import KeySet

SCOPES = "openid email profile organizations"
# The password of accounts made by the test factories.
PASSWORD = "Un-mot-de-passe-solide-42"


class Browser:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(urljoin(self.base_url, url), allow_redirects=False, **kwargs)

    def follow(self, url: str, stop_at: str) -> requests.Response:
        """Follow redirects until the location starts with ``stop_at`` (the client's callback)."""
        response = self.get(url)
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(stop_at):
                response.callback_url = location
                return response
            response = self.get(location)
        return response

    def login(self, login_page: requests.Response, email: str, password: str = PASSWORD) -> requests.Response:
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
        next_value = re.search(r'name="next" value="([^"]*)"', login_page.text).group(1).replace("&amp;", "&")
        return self.session.post(
            urljoin(self.base_url, "/comptes/connexion/"),
            data={"csrfmiddlewaretoken": csrf, "username": email, "password": password, "next": next_value},
            headers={"Referer": login_page.url},
            allow_redirects=False,
        )


@dataclass
class RelyingParty:
    issuer: str
    client_id: str
    client_secret: str | None
    redirect_uri: str
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))

    def __post_init__(self):
        self.metadata = requests.get(f"{self.issuer}/.well-known/openid-configuration").json()
        self.oauth = OAuth2Session(
            self.client_id,
            self.client_secret,
            scope=SCOPES,
            redirect_uri=self.redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_post" if self.client_secret else "none",
        )

    def authorization_url(self, **extra) -> str:
        url, self.state = self.oauth.create_authorization_url(
            self.metadata["authorization_endpoint"], code_verifier=self.verifier, nonce=self.nonce, **extra
        )
        return url

    def fetch_token(self, callback_url: str, code_verifier: str | None = "default") -> dict:
        verifier = self.verifier if code_verifier == "default" else code_verifier
        kwargs = {"code_verifier": verifier} if verifier else {}
        return self.oauth.fetch_token(self.metadata["token_endpoint"], authorization_response=callback_url, **kwargs)

    def id_token_claims(self, id_token: str) -> dict:
        """Decode and verify the ID token against the provider's JWKS (RS256), iss, aud, nonce and expiry."""
        keys = KeySet.import_key_set(requests.get(self.metadata["jwks_uri"]).json())
        token = jwt.decode(id_token, keys, algorithms=["RS256"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": self.metadata["issuer"]},
            aud={"essential": True, "value": self.client_id},
            nonce={"essential": True, "value": self.nonce},
            exp={"essential": True},
        ).validate(token.claims)
        return dict(token.claims)

    def userinfo(self, access_token: str) -> requests.Response:
        return requests.get(self.metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {access_token}"})

    def refresh(self, refresh_token: str) -> dict:
        return self.oauth.refresh_token(self.metadata["token_endpoint"], refresh_token=refresh_token)

    def refresh_response(self, refresh_token: str) -> requests.Response:
        """The raw answer of the token endpoint to a refresh, to assert refusals exactly."""
        return requests.post(
            self.metadata["token_endpoint"],
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": self.client_id,
                "client_secret": self.client_secret or "",
            },
        )

    def sign_in(self, browser: Browser, email: str, password: str = PASSWORD, **extra) -> dict:
        """The whole authorization code flow for ``email`` in ``browser``; returns the token response."""
        login_page = browser.follow(self.authorization_url(**extra), stop_at=self.redirect_uri)
        after_login = browser.login(login_page, email, password)
        callback = browser.follow(after_login.headers["Location"], stop_at=self.redirect_uri).callback_url
        return self.fetch_token(callback)


BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"


class LogoutReceiver:
    """A relying party's back-channel logout endpoint on its own HTTP server (a thread).

    It records every ``logout_token`` posted to it. ``failures`` first answers are 503
    (a relying party that is down), the next ones 200.
    """

    def __init__(self, failures: int = 0):
        self.tokens: list[str] = []
        self.answers: list[int] = []
        self.failures = failures
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                token = (parse_qs(body).get("logout_token") or [""])[0]
                status = 503 if len(receiver.answers) < receiver.failures else 200
                self.send_response(status)
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                with receiver._changed:
                    receiver.tokens.append(token)
                    receiver.answers.append(status)
                    receiver._changed.notify_all()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.uri = f"http://127.0.0.1:{self.server.server_address[1]}/backchannel-logout/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 15) -> list[str]:
        """Wait until ``count`` posts arrived (a condition, not a pause); returns the tokens."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.tokens) >= count, timeout=timeout):
                raise AssertionError(f"{len(self.tokens)} logout token(s) received, {count} expected")
            return list(self.tokens)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def logout_token_claims(metadata: dict, token: str, client_id: str) -> tuple[dict, dict]:
    """Verify a logout token as the spec tells a relying party to (section 2.6): RS256
    signature from the provider's JWKS, iss, aud, iat, the event, no nonce. Returns (header, claims)."""
    keys = KeySet.import_key_set(requests.get(metadata["jwks_uri"]).json())
    token = jwt.decode(token, keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "value": client_id},
        iat={"essential": True},
        jti={"essential": True},
        events={"essential": True},
    ).validate(token.claims)
    assert BACKCHANNEL_LOGOUT_EVENT in token.claims["events"]
    assert "nonce" not in token.claims
    return dict(token.header), dict(token.claims)


def code_from(callback_url: str) -> str:
    return parse_qs(urlsplit(callback_url).query)["code"][0]
