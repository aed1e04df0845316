"""Login throttling rules on top of django-axes (wired in settings: AXES_*).

Rules:
- the account is counted by its normalised email (stripped, lower-case), so case
  variants of one address are one account;
- a lockout applies to one (account, client IP) pair after ``AXES_FAILURE_LIMIT``
  failures: someone else's typos in the same office, or an attacker on another
  network, do not lock the person out;
- a wider ceiling per account (``LOGIN_ACCOUNT_FAILURE_LIMIT``), whatever the IP, stops a
  distributed guessing attack; and one per IP (``LOGIN_IP_FAILURE_LIMIT``), whatever the
  account, stops one machine from trying passwords on many accounts;
- the client IP is ``common.http.client_ip`` (the proxy header only behind trusted proxies).
"""

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def normalised_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the email as typed, stripped and lower-cased."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    return value.strip().lower() if isinstance(value, str) else value


def _recent(request):
    return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))


def _sum(queryset) -> int:
    return queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with the pair lockout and the two wider ceilings (see the module)."""

    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        ip = request.axes_ip_address
        recent = _recent(request)
        pair = _sum(recent.filter(username=username, ip_address=ip))
        limit = get_failure_limit(request, credentials)
        if (username and _sum(recent.filter(username=username)) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT) or _sum(
            recent.filter(ip_address=ip)
        ) >= settings.LOGIN_IP_FAILURE_LIMIT:
            # Axes compares one number with one limit: a reached ceiling counts as a reached limit.
            return max(pair, limit)
        return pair


def retry_at(request, credentials=None):
    """When the person may try again: the last counted failure plus the cool-off."""
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None)
    recent = _recent(request)
    candidates = [recent.filter(username=username, ip_address=ip)]
    if username:
        candidates.append(recent.filter(username=username))
    candidates.append(recent.filter(ip_address=ip))
    # The latest failure that counts towards any of the limits: an upper bound, so the time
    # shown is never too early.
    times = [t for t in (q.aggregate(t=Max("attempt_time"))["t"] for q in candidates) if t]
    last = max(times) if times else timezone.now()
    return last + (get_cool_off(request) or timedelta(0))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the French lockout page, with the time to retry and the password reset."""
    until = timezone.localtime(retry_at(request, credentials))
    response = render(
        request,
        "sso/accounts/lockout.html",
        {"retry_at": until, "email": normalised_username(request, credentials) or ""},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(max(0, int((until - timezone.now()).total_seconds())))
    return response
