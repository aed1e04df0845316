from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm

from .models import User

# Rule: an address longer than the email columns (User.email, AccountToken.new_email; axes'
# AccessAttempt.username holds 255) is refused by the form with a French error. Django's
# EmailValidator alone accepts up to 320 characters, which PostgreSQL then refuses (a 500).
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


class SignUpForm(DsfrBaseForm):
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH, label="Adresse e-mail", help_text="Format attendu : nom@domaine.fr"
    )
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères, ni trop courant, ni entièrement numérique, ni proche de votre nom.",
    )
    accept_terms = forms.BooleanField(
        label="J'accepte les conditions générales d'utilisation de Compte inclusion",
        error_messages={"required": "Vous devez accepter les conditions générales d'utilisation pour créer un compte."},
    )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class AcceptTermsForm(DsfrBaseForm):
    accept_terms = forms.BooleanField(
        label="J'accepte la nouvelle version des conditions générales d'utilisation de Compte inclusion",
        error_messages={"required": "Cochez la case pour accepter les conditions et continuer."},
    )
    version = forms.CharField(widget=forms.HiddenInput)


class LoginForm(DsfrBaseForm):
    """Email + password. The field is named ``username`` for django-axes' throttling."""

    username = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH,
        label="Adresse e-mail",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect. Vérifiez votre saisie, ou utilisez « Mot de passe oublié ».",
        "unverified": "Votre adresse e-mail n'est pas encore vérifiée. Nous venons de vous renvoyer le lien de confirmation.",
        "password_invalidated": "Par sécurité, le mot de passe de ce compte a été désactivé par l'équipe support. Choisissez-en un nouveau avec « Choisir un nouveau mot de passe » ci-dessous.",
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        self.unverified_user = None
        # Set when the account's password was invalidated by staff: the page links to the reset.
        self.password_invalidated = False
        super().__init__(*args, **kwargs)

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if email and password:
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None:
                # A correct password on an unverified account: say so (only the owner knows the password).
                candidate = User.objects.filter(
                    email__iexact=email, is_active=True, email_verified_at__isnull=True
                ).first()
                if candidate and candidate.check_password(password):
                    self.unverified_user = candidate
                    raise ValidationError(self.error_messages["unverified"], code="unverified")
                # No password can work on an invalidated account: say so (whatever was typed),
                # so the person is not left trying passwords until the lockout. This tells
                # only that the address has an account whose password staff invalidated.
                if User.objects.filter(
                    email__iexact=email, is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
                ).exists():
                    self.password_invalidated = True
                    raise ValidationError(self.error_messages["password_invalidated"], code="password_invalidated")
                raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data


class EmailForm(DsfrBaseForm):
    email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH, label="Adresse e-mail", help_text="Format attendu : nom@domaine.fr"
    )


class SetPasswordForm(DsfrBaseForm):
    new_password1 = forms.CharField(
        label="Nouveau mot de passe", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label="Confirmez le nouveau mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("new_password1"), cleaned.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", "Les deux mots de passe ne sont pas identiques.")
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return cleaned


class PasswordChangeForm(SetPasswordForm):
    old_password = forms.CharField(
        label="Mot de passe actuel", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        if not self.user.check_password(self.cleaned_data["old_password"]):
            raise ValidationError("Le mot de passe actuel est incorrect.")
        return self.cleaned_data["old_password"]


class EmailChangeForm(DsfrBaseForm):
    new_email = forms.EmailField(
        max_length=EMAIL_MAX_LENGTH, label="Nouvelle adresse e-mail", help_text="Format attendu : nom@domaine.fr"
    )
    new_email_confirm = forms.EmailField(max_length=EMAIL_MAX_LENGTH, label="Confirmez la nouvelle adresse e-mail")
    password = forms.CharField(
        label="Mot de passe actuel", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError("Le mot de passe est incorrect.")
        return self.cleaned_data["password"]

    def clean(self):
        cleaned = super().clean()
        a, b = cleaned.get("new_email"), cleaned.get("new_email_confirm")
        if a and b and a.strip().lower() != b.strip().lower():
            self.add_error("new_email_confirm", "Les deux adresses ne sont pas identiques : vérifiez la saisie.")
        return cleaned
