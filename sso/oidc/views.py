import hashlib
import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.auth import get_user_model
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.exceptions import (
    ClientIdMissmatch,
    InvalidIDTokenError,
    InvalidOIDCClientError,
    InvalidOIDCRedirectURIError,
    OAuthToolkitError,
    OIDCError,
)
from oauth2_provider.models import get_access_token_model, get_application_model
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import AuthorizationView, ConnectDiscoveryInfoView, RPInitiatedLogoutView
from oauth2_provider.views.mixins import OAuthLibMixin
from oauthlib.common import Request as OAuthlibRequest

from sso.accounts.services import terms_outdated
from sso.accounts.views import AUTH_TIME_SESSION_KEY

from .keys import verify_id_token_hint
from .selectors import authorization_request_from_next
from .services import end_relying_party_sessions
from .validators import ENABLED_GRANT_TYPES


class InclusionAuthorizationView(AuthorizationView):
    """DOT's authorize endpoint, plus our rules.

    Rules: when a client names a person (``login_hint``) and someone else is logged in,
    the person chooses to continue as the logged-in account or to switch; they are never
    silently logged in as the wrong person. ``prompt=login``, and ``max_age`` when this
    browser's password entry is older, end the session here and ask for the password
    again. The authorization response carries ``iss`` (RFC 9207, DOT's setting
    COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS; our own error redirects add it too).
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET":
            response = self.fresh_login_response(request)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def fresh_login_response(self, request):
        """Send the person to type their password again when the client asked for it, else None."""
        prompt = request.GET.get("prompt", "").split()
        stale = "login" in prompt
        if not stale and request.user.is_authenticated and "max_age" in request.GET:
            try:
                max_age = int(request.GET["max_age"])
            except ValueError:
                return None  # oauthlib answers invalid_request
            auth_time = request.session.get(AUTH_TIME_SESSION_KEY)
            if auth_time is None and request.user.last_login:
                auth_time = request.user.last_login.timestamp()
            stale = auth_time is None or timezone.now().timestamp() - auth_time > max_age
        if not stale:
            return None
        try:
            # A forged link must not log anyone out: the request must be a valid one first.
            self.validate_authorization_request(request)
        except OAuthToolkitError:
            return None  # DOT renders the error
        if "none" in prompt:
            return self.error_response_for_prompt_none(request, "login_required")
        query = request.GET.copy()
        remaining = [p for p in prompt if p != "login"]
        if remaining:
            query["prompt"] = " ".join(remaining)
        else:
            query.pop("prompt", None)
        # The fresh login satisfies max_age; the ID token's auth_time tells the client when it was.
        query.pop("max_age", None)
        if request.user.is_authenticated:
            auth_logout(request)
        return redirect_to_login(f"{request.path}?{query.urlencode()}", reverse("accounts:login"))

    def get(self, request, *args, **kwargs):
        hint = request.GET.get("login_hint", "").strip()
        if request.user.is_authenticated and hint and hint.lower() != request.user.email.lower():
            if "none" in request.GET.get("prompt", "").split():
                return self.error_response_for_prompt_none(request, "account_selection_required")
            return render(
                request,
                "sso/oidc/choose_account.html",
                {
                    "hint": hint,
                    "continue_url": _without_login_hint(request.get_full_path()),
                    "next": request.get_full_path(),
                    "authorization": authorization_request_from_next(request.get_full_path()),
                },
            )
        if (
            request.user.is_authenticated
            and "none" in request.GET.get("prompt", "").split()
            and terms_outdated(request.user)
        ):
            # New terms need a page to accept them, which prompt=none forbids
            # (sso.accounts.middleware.TermsAcceptanceRequired sends the others there).
            return self.error_response_for_prompt_none(request, "interaction_required")
        if request.user.is_authenticated and "none" in request.GET.get("prompt", "").split():
            # Silent re-authentication. oauthlib asks the validator whether it is possible,
            # but DOT does not give the validator the Django user, so it always says no.
            # The person is logged in here: answer for it, for first-party clients only
            # (others would need a consent screen, which prompt=none forbids).
            application = get_application_model().objects.filter(client_id=request.GET.get("client_id")).first()
            if application is not None and not application.skip_authorization:
                return self.error_response_for_prompt_none(request, "consent_required")
            query = request.GET.copy()
            remaining = [p for p in query.get("prompt", "").split() if p != "none"]
            if remaining:
                query["prompt"] = " ".join(remaining)
            else:
                query.pop("prompt")
            # DOT hands oauthlib the full URL, so the query string must change too.
            request.GET = query
            request.META["QUERY_STRING"] = query.urlencode()
        return super().get(request, *args, **kwargs)

    def redirect(self, redirect_to, application):
        """Every redirect to the client carries ``iss`` (RFC 9207), errors included: DOT adds
        it only to successful responses."""
        if oauth2_settings.COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS and redirect_to:
            parts = urlsplit(redirect_to)
            query = parse_qsl(parts.query, keep_blank_values=True)
            if not any(name == "iss" for name, _ in query):
                query.append(("iss", oauth2_settings.oidc_issuer(self.request)))
                redirect_to = urlunsplit(parts._replace(query=urlencode(query)))
        return super().redirect(redirect_to, application)

    def error_response_for_prompt_none(self, request, error: str):
        """Answer a prompt=none request with an OIDC error, at a registered redirect URI only."""
        application = get_application_model().objects.filter(client_id=request.GET.get("client_id")).first()
        redirect_uri = request.GET.get("redirect_uri", "")
        if application is None or not application.redirect_uri_allowed(redirect_uri):
            return render(
                request, "oauth2_provider/authorize.html", {"error": {"error": "invalid_request"}}, status=400
            )
        params = {"error": error}
        if request.GET.get("state"):
            params["state"] = request.GET["state"]
        if oauth2_settings.COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS:
            params["iss"] = oauth2_settings.oidc_issuer(request)
        separator = "&" if "?" in redirect_uri else "?"
        return redirect(f"{redirect_uri}{separator}{urlencode(params)}")


def _without_login_hint(full_path: str) -> str:
    parts = urlsplit(full_path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "login_hint"]
    return urlunsplit(parts._replace(query=urlencode(query)))


@require_POST
def switch_account(request):
    """Log out and go back to the login page for the authorization request (email pre-filled)."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    auth_logout(request)
    login_url = reverse("accounts:login")
    if next_url:
        login_url += "?" + urlencode({"next": next_url})
    return redirect(login_url)


class InclusionDiscoveryView(ConnectDiscoveryInfoView):
    """DOT's discovery document, plus the grant types we accept (DOT's OIDC document omits them)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        data = json.loads(response.content)
        data["grant_types_supported"] = list(ENABLED_GRANT_TYPES)
        data["response_modes_supported"] = ["query"]
        # Back-channel logout to every client that registered a URI; tokens carry sub, no sid.
        data["backchannel_logout_supported"] = True
        data["backchannel_logout_session_supported"] = False
        answer = JsonResponse(data)
        answer["Access-Control-Allow-Origin"] = "*"
        return answer


@method_decorator(csrf_exempt, name="dispatch")
class OwnTokensIntrospectionView(OAuthLibMixin, View):
    """Token introspection (RFC 7662) for confidential clients, about their own tokens (and,
    for a resource server, the tokens of the scopes it serves: see ``_may_introspect``).

    Rules: the caller authenticates as a confidential client (HTTP Basic or the body; an
    access token is not enough); a token of another client, unknown, expired or revoked
    answers ``{"active": false}`` alike, so a client learns nothing about others' tokens;
    the token comes in the POST body, never in the URL.
    """

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        core = self.get_oauthlib_core()
        uri, http_method, body, headers = core._extract_params(request)
        oauth_request = OAuthlibRequest(uri, http_method, body, headers)
        Application = get_application_model()
        if (
            not core.server.request_validator.authenticate_client(oauth_request)
            or oauth_request.client.client_type != Application.CLIENT_CONFIDENTIAL
        ):
            response = JsonResponse({"error": "invalid_client"}, status=401)
            response["WWW-Authenticate"] = 'Basic realm="introspection"'
            return response
        value = request.POST.get("token")
        if not value:
            return JsonResponse(
                {"error": "invalid_request", "error_description": "Le paramètre token est manquant."}, status=400
            )
        token = (
            get_access_token_model()
            .objects.select_related("user", "application")
            .filter(token_checksum=hashlib.sha256(value.encode()).hexdigest())
            .first()
        )
        if token is None or not token.is_valid() or not _may_introspect(oauth_request.client, token):
            return JsonResponse({"active": False})
        data = {
            "active": True,
            "scope": token.scope,
            "client_id": token.application.client_id,
            "exp": int(token.expires.timestamp()),
        }
        if token.user:
            data["sub"] = str(token.user.uuid)
        return JsonResponse(data)


def _may_introspect(client, token) -> bool:
    """Rule: a client introspects its own tokens; a resource server registered with
    ``--introspection-scope`` (the Marché for its partner API) also those of other clients
    that carry one of these scopes, and only client-credentials tokens (no person behind)."""
    from .selectors import introspection_scopes

    if token.application_id == client.pk:
        return True
    return token.user_id is None and bool(set(token.scope.split()) & introspection_scopes(client))


class InclusionLogoutView(RPInitiatedLogoutView):
    """RP-initiated logout that always lets the person end their session.

    Rules: an ``id_token_hint`` identifies the client and the person when its signature
    checks against the current or a previous key and its issuer is ours, even when it
    expired or its grant was revoked (the hint only says who asks). When the request
    cannot be honoured as sent (unverifiable hint, hint of another client, unknown
    client), a French page lets the person log out here anyway rather than a dead end;
    a post-logout URI that the client did not register is never followed.
    """

    def validate_logout_request(self, id_token_hint, client_id, post_logout_redirect_uri):
        Application = get_application_model()
        hinted_application, token_user = None, None
        if id_token_hint:
            claims = verify_id_token_hint(id_token_hint, oauth2_settings.oidc_issuer(self.request))
            if claims is None:
                raise InvalidIDTokenError()
            audience = claims.get("aud")
            audience = [audience] if isinstance(audience, str) else list(audience or [])
            hinted_application = Application.objects.filter(client_id__in=audience).first()
            if hinted_application is None:
                raise InvalidIDTokenError()
            if client_id and client_id not in audience:
                raise ClientIdMissmatch()
            token_user = get_user_model().objects.filter(uuid=claims.get("sub")).first()
        application = hinted_application
        if client_id:
            # A NUL byte can name no client (and PostgreSQL refuses it in a query).
            application = None if "\x00" in client_id else Application.objects.filter(client_id=client_id).first()
            if application is None:
                raise InvalidOIDCClientError()
        self.validate_post_logout_redirect_uri(application, post_logout_redirect_uri)
        return application, token_user

    def do_logout(self, application=None, post_logout_redirect_uri=None, state=None, token_user=None):
        """Single logout: every relying party the person used ends its sessions too (listed
        before DOT deletes the tokens that say who was used)."""
        user = token_user or self.request.user
        if user.is_authenticated:
            end_relying_party_sessions(user, reason="RP-initiated logout")
        return super().do_logout(application, post_logout_redirect_uri, state, token_user)

    def error_response(self, error: OIDCError):
        # Whatever went wrong, the person can still end their session here (no redirect).
        # An unregistered post-logout URI is the client's misconfiguration: 400, logout still offered.
        status = 400 if isinstance(error, InvalidOIDCRedirectURIError) else 200
        return self.render_to_response(
            {"error": error, "offer_logout": self.request.user.is_authenticated, "form": self.get_form_class()()},
            status=status,
        )
