from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from common.http import client_ip
from sso.oidc.selectors import authorization_request_from_next, safe_return_url

from . import services
from .forms import (
    AcceptTermsForm,
    EmailChangeForm,
    EmailForm,
    LoginForm,
    PasswordChangeForm,
    SetPasswordForm,
    SignUpForm,
)

BACKEND = "sso.accounts.backends.EmailBackend"
# When this browser last typed the password (the OIDC max_age rule reads it).
AUTH_TIME_SESSION_KEY = "auth_time"


def log_in(request, user) -> None:
    auth_login(request, user, backend=BACKEND)
    request.session[AUTH_TIME_SESSION_KEY] = int(timezone.now().timestamp())


def _safe_next(request) -> str:
    """The return address of this step (``next``), when it is safe (sso.oidc.selectors.safe_return_url)."""
    return safe_return_url(request.POST.get("next") or request.GET.get("next"), host=request.get_host())


def _with_next(url: str, next_url: str, **params) -> str:
    params = {k: v for k, v in params.items() if v}
    if next_url:
        params["next"] = next_url
    return f"{url}?{urlencode(params)}" if params else url


@sensitive_post_parameters("password")
@never_cache
def login(request):
    next_url = _safe_next(request)
    authorization = authorization_request_from_next(next_url)
    if request.method == "POST":
        form = LoginForm(request, data=request.POST)
        if form.is_valid():
            log_in(request, form.user)
            return redirect(next_url or "accounts:account")
        if form.unverified_user and not services.resend_verification_after_login(
            form.unverified_user, client_ip=client_ip(request), next_url=next_url
        ):
            messages.warning(
                request,
                "Plusieurs liens ont déjà été envoyés récemment à cette adresse : utilisez le dernier reçu "
                "(pensez aux courriers indésirables), ou réessayez dans une heure.",
            )
    else:
        form = LoginForm(request, initial={"username": authorization.login_hint or request.GET.get("email", "")})
    return render(request, "sso/accounts/login.html", {"form": form, "next": next_url, "authorization": authorization})


@require_POST
def logout(request):
    if request.user.is_authenticated:
        services.log_out(request.user)
    auth_logout(request)
    messages.success(request, "Vous êtes déconnecté(e) de Compte inclusion.")
    return redirect("core:home")


@require_POST
@login_required
def logout_everywhere(request):
    """« Se déconnecter de tous les services »: every session on every device and every token end."""
    services.end_all_access(request.user, reason="logout everywhere")
    auth_logout(request)
    messages.success(
        request,
        "Vous êtes déconnecté(e) de tous les services de l'inclusion, sur tous vos appareils. "
        "Les services vous demanderont de vous reconnecter.",
    )
    return redirect("accounts:login")


def _too_many(request, template: str, context: dict, exc: services.TooManyRequests):
    messages.error(request, str(exc))
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@sensitive_post_parameters("password")
@never_cache
def signup(request):
    next_url = _safe_next(request)
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.sign_up(
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    password=data["password"],
                    client_ip=client_ip(request),
                    next_url=next_url,
                )
            except services.TooManyRequests as exc:
                return _too_many(request, "sso/accounts/signup.html", {"form": form, "next": next_url}, exc)
            request.session["signup_email"] = data["email"]
            if next_url:
                # Brought back after verification, when the link is opened in this browser.
                request.session["after_signup"] = next_url
            return redirect("accounts:signup_done")
    else:
        form = SignUpForm(
            initial={"email": request.GET.get("email") or authorization_request_from_next(next_url).login_hint}
        )
    return render(request, "sso/accounts/signup.html", {"form": form, "next": next_url})


def signup_done(request):
    email = request.session.get("signup_email", "")
    return render(
        request, "sso/accounts/signup_done.html", {"form": EmailForm(initial={"email": email}), "email": email}
    )


@require_POST
def resend_verification(request):
    form = EmailForm(request.POST)
    if form.is_valid():
        try:
            services.resend_verification(
                form.cleaned_data["email"],
                client_ip=client_ip(request),
                next_url=safe_return_url(request.session.get("after_signup"), host=request.get_host()),
            )
        except services.TooManyRequests as exc:
            return _too_many(request, "sso/accounts/signup_done.html", {"form": form, "email": ""}, exc)
        request.session["signup_email"] = form.cleaned_data["email"]
        messages.success(
            request,
            "Si un compte en attente de vérification existe pour cette adresse, un nouveau lien vient d'y être envoyé.",
        )
        return redirect("accounts:signup_done")
    return render(request, "sso/accounts/signup_done.html", {"form": form, "email": ""})


def verify_email(request, token):
    """The verification link: the address is confirmed and the person is signed in, then
    sent where they were going (the link's ``next``, else the one kept by this browser at
    sign-up). Signing in here gives nothing a reset link to the same mailbox would not."""
    next_url = _safe_next(request) or safe_return_url(request.session.get("after_signup"), host=request.get_host())
    try:
        user = services.verify_email(token)
    except services.InvalidLink as exc:
        email = exc.user.email if exc.user else ""
        return render(
            request,
            "sso/accounts/invalid_link.html",
            {"reason": exc.reason, "form": EmailForm(initial={"email": email}), "resend": True},
            status=400,
        )
    request.session.pop("after_signup", None)
    if not user.is_active:
        messages.success(request, "Votre adresse e-mail est confirmée.")
        return redirect(_with_next(reverse("accounts:login"), next_url, email=user.email))
    log_in(request, user)
    messages.success(request, "Votre adresse e-mail est confirmée : vous êtes connecté(e).")
    return redirect(next_url or "accounts:account")


@never_cache
def password_reset(request):
    next_url = _safe_next(request)
    if request.method == "POST":
        form = EmailForm(request.POST)
        if form.is_valid():
            try:
                services.request_password_reset(
                    form.cleaned_data["email"], client_ip=client_ip(request), next_url=next_url
                )
            except services.TooManyRequests as exc:
                return _too_many(request, "sso/accounts/password_reset.html", {"form": form, "next": next_url}, exc)
            return render(request, "sso/accounts/password_reset_sent.html", {"email": form.cleaned_data["email"]})
    else:
        form = EmailForm(initial={"email": request.GET.get("email", "")})
    return render(request, "sso/accounts/password_reset.html", {"form": form, "next": next_url})


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def password_reset_confirm(request, token):
    try:
        user = services.check_password_reset(token)
    except services.InvalidLink as exc:
        return render(request, "sso/accounts/invalid_link.html", {"reason": exc.reason, "reset": True}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(token, form.cleaned_data["new_password1"])
        except services.InvalidLink as exc:
            return render(request, "sso/accounts/invalid_link.html", {"reason": exc.reason, "reset": True}, status=400)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            messages.success(request, "Votre mot de passe a été modifié. Connectez-vous avec le nouveau mot de passe.")
            return redirect(_with_next(reverse("accounts:login"), _safe_next(request), email=user.email))
    return render(request, "sso/accounts/password_reset_confirm.html", {"form": form})


@login_required
def account(request):
    return render(request, "sso/accounts/account.html")


@login_required
@never_cache
def accept_terms(request):
    """The new terms, to accept before going on where the person was going (``next``)."""
    next_url = _safe_next(request)
    if not services.terms_outdated(request.user):
        return redirect(next_url or "accounts:account")
    form = AcceptTermsForm(request.POST or None, initial={"version": settings.TERMS_VERSION})
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_terms(user_id=request.user.pk, version=form.cleaned_data["version"])
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(f"{reverse('accounts:terms_accept')}?{urlencode({'next': next_url})}")
        return redirect(next_url or "accounts:account")
    return render(
        request,
        "sso/accounts/accept_terms.html",
        {
            "form": form,
            "next": next_url,
            "terms_version": settings.TERMS_VERSION,
            "previous": request.user.terms_version,
        },
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(request.user, new_password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            # This browser stays logged in; every other session and every token ended.
            update_session_auth_hash(request, request.user)
            messages.success(
                request,
                "Votre mot de passe a été modifié. Vos autres sessions et les services connectés ont été déconnectés.",
            )
            return redirect("accounts:account")
    return render(request, "sso/accounts/password_change.html", {"form": form})


@sensitive_post_parameters("password")
@login_required
def email_change(request):
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_email_change(request.user, form.cleaned_data["new_email"])
        except ValidationError as exc:
            form.add_error("new_email", exc)
        else:
            return render(request, "sso/accounts/email_change_sent.html", {"new_email": form.cleaned_data["new_email"]})
    return render(request, "sso/accounts/email_change.html", {"form": form})


def email_change_confirm(request, token):
    try:
        user = services.confirm_email_change(token)
    except services.InvalidLink as exc:
        return render(request, "sso/accounts/invalid_link.html", {"reason": exc.reason}, status=400)
    auth_logout(request)
    messages.success(request, f"Votre adresse est désormais {user.email}. Connectez-vous avec cette nouvelle adresse.")
    return redirect(f"{reverse('accounts:login')}?email={user.email}")
