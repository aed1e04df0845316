"""The Marché's side of Compte inclusion's back-channel logout."""

import json
import logging
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from jwcrypto.common import base64url_decode
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from . import services

logger = logging.getLogger(__name__)


@csrf_exempt  # called server to server by the provider, with a signed token instead of a cookie
@never_cache
@require_POST
def backchannel_logout(request):
    """OpenID Connect Back-Channel Logout 1.0: 200 once the sessions ended, 400 for any
    invalid token (nothing changes), 503 when the provider's keys cannot be fetched."""
    try:
        services.back_channel_logout(token=request.POST.get("logout_token", ""))
    except services.InvalidLogoutToken as exc:
        logger.warning("Back-channel logout token refused: %s", exc)
        return JsonResponse({"error": "invalid_request", "error_description": str(exc)}, status=400)
    except services.KeysUnavailable as exc:
        logger.error("Back-channel logout: the provider's keys are unavailable (%s)", exc)
        return JsonResponse({"error": "temporarily_unavailable"}, status=503)
    return JsonResponse({}, status=200)


class CallbackView(OIDCAuthenticationCallbackView):
    """mozilla-django-oidc's callback, which also records the session for back-channel logout."""

    def get(self, request):
        # A callback whose state this browser never asked for: typically the verification
        # mail opened on another device, whose link carried the Marché's authorization
        # request. mozilla-django-oidc answers 400 (a dead end); the code is dropped and the
        # login starts again from here, silent since the person is signed in at the provider.
        state = request.GET.get("state")
        if request.GET.get("code") and state and state not in request.session.get("oidc_states", {}):
            return redirect(reverse("oidc_authentication_init"))
        return super().get(request)

    def login_success(self):
        response = super().login_success()
        if not self.request.session.session_key:
            self.request.session.save()
        services.record_login_session(
            user=self.user, session_key=self.request.session.session_key, sid=self._provider_sid()
        )
        return response

    def _provider_sid(self) -> str:
        # The ID token was verified by the backend a moment ago; only its sid is read here.
        id_token = self.request.session.get("oidc_id_token") or ""
        try:
            payload = json.loads(base64url_decode(id_token.split(".")[1]))
        except (IndexError, ValueError, TypeError):
            return ""
        sid = payload.get("sid") if isinstance(payload, dict) else None
        return sid if isinstance(sid, str) else ""


@login_required
def refresh_claims(request):
    """Back from Compte inclusion (a new organisation, a verified one): refresh the
    person's claims now, without a new login.

    It runs the authorization code flow again: the person is signed in at the provider
    and the Marché is a first-party client (no consent screen), so it is silent, and the
    callback refreshes the local user from the new claims (user_from_claims) before
    showing ``next``. Without ``prompt=none`` on purpose: when the provider's session has
    ended meanwhile, the person sees the login page instead of an error.
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}) or not next_url.startswith(
        "/"
    ):
        next_url = "/"
    return redirect(f"{reverse('oidc_authentication_init')}?{urlencode({'next': next_url})}")
