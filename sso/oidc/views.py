from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
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
            prompt = set(request.GET.get("prompt", "").split())
            if "none" in prompt:
                return self.error_response_for_prompt_none(request)
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
        return super().get(request, *args, **kwargs)

    def error_response_for_prompt_none(self, request):
        try:
            _, credentials = self.validate_authorization_request(request)
        except Exception:  # unknown client or redirect URI: never redirect to an unverified address
            return render(request, "sso/oidc/choose_account.html", status=400)
        params = {"error": "account_selection_required"}
        if request.GET.get("state"):
            params["state"] = request.GET["state"]
        separator = "&" if "?" in credentials["redirect_uri"] else "?"
        return redirect(f"{credentials['redirect_uri']}{separator}{urlencode(params)}")


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
