from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from oauth2_provider.models import get_application_model
from oauth2_provider.views import AuthorizationView

from .selectors import authorization_request_from_next


class InclusionAuthorizationView(AuthorizationView):
    """DOT's authorize endpoint, plus one rule.

    Rule: when a client names a person (``login_hint``) and someone else is logged in,
    the person chooses to continue as the logged-in account or to switch; they are never
    silently logged in as the wrong person.
    """

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
