"""Writes about accounts: sign-up, email verification, password reset, email change, import,
and the end of access (deactivation, "log out of every service", invalidated password)."""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, identify_hasher, make_password
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from common import ratelimit
from common.tokens import hash_token, new_token
from sso.oidc.selectors import relying_parties_used_by
from sso.oidc.services import end_relying_party_sessions, revoke_all_tokens

from . import emails
from .models import AccountToken, LinkedAccount, User

Purpose = AccountToken.Purpose
logger = logging.getLogger(__name__)


class InvalidLink(Exception):
    """The link is unknown, used, expired or older than the credentials; ``reason`` says which, in French."""

    def __init__(self, reason: str, user: User | None = None):
        super().__init__(reason)
        self.reason = reason
        self.user = user


def _lifetime(purpose: str) -> timedelta:
    hours = {
        Purpose.VERIFY_EMAIL: settings.ACCOUNT_VERIFICATION_LINK_HOURS,
        Purpose.RESET_PASSWORD: settings.ACCOUNT_PASSWORD_RESET_LINK_HOURS,
        Purpose.CHANGE_EMAIL: settings.ACCOUNT_EMAIL_CHANGE_LINK_HOURS,
    }[purpose]
    return timedelta(hours=hours)


def issue_token(user: User, purpose: str, new_email: str = "") -> str:
    """Create a link token. Rule: a new link of the same purpose replaces the previous ones."""
    AccountToken.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(used_at=timezone.now())
    token = new_token()
    AccountToken.objects.create(
        user=user,
        purpose=purpose,
        token_hash=hash_token(token),
        new_email=new_email,
        credentials_stamp=user.credentials_stamp(),
        expires_at=timezone.now() + _lifetime(purpose),
    )
    return token


def _valid_record(token: str, purpose: str, lock: bool = False) -> AccountToken:
    """The record behind a link.

    Rule: unknown, used and expired links are refused, each with its reason; so is a link
    sent before the account's email, password or security stamp changed (its credentials
    stamp no longer matches), since whoever changed them may have done so to shut out
    the holder of that link.
    """
    records = AccountToken.objects.select_related("user").filter(token_hash=hash_token(token), purpose=purpose)
    record = (records.select_for_update() if lock else records).first()
    if record is None:
        raise InvalidLink("Ce lien n'est pas valide. Vérifiez que vous avez copié l'adresse en entier.")
    if record.used_at is not None:
        raise InvalidLink("Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent.", record.user)
    if record.expires_at <= timezone.now():
        raise InvalidLink("Ce lien a expiré.", record.user)
    if record.credentials_stamp != record.user.credentials_stamp():
        raise InvalidLink(
            "Ce lien n'est plus valable : l'adresse e-mail ou le mot de passe du compte a changé depuis son envoi.",
            record.user,
        )
    return record


def _consume(token: str, purpose: str) -> AccountToken:
    """Use a link once."""
    record = _valid_record(token, purpose, lock=True)
    record.used_at = timezone.now()
    record.save(update_fields=["used_at"])
    return record


def find_user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


class TooManyRequests(Exception):
    """Too many mails asked for this address or from this network: wait, then try again."""

    def __init__(self, retry_after: int):
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            "Trop de demandes d'envoi de courriel pour cette adresse ou depuis votre connexion. "
            f"Par sécurité, réessayez dans {minutes} minute{'s' if minutes > 1 else ''}."
        )
        self.retry_after = retry_after


def _count_mail(email: str, client_ip: str) -> None:
    """Rule: mails asked through public forms are limited per address and per client IP.

    Counted for every address, with or without an account, so the limit reveals nothing.
    """
    window = settings.ACCOUNT_MAIL_WINDOW_SECONDS
    refusal = ratelimit.hit(
        (ratelimit.Limit("account-mail-address", settings.ACCOUNT_MAILS_PER_ADDRESS, window), email),
        (ratelimit.Limit("account-mail-ip", settings.ACCOUNT_MAILS_PER_IP, window), client_ip or "unknown"),
    )
    if refusal:
        raise TooManyRequests(refusal.retry_after)


@dataclass
class SignUpResult:
    user: User
    # True when the address already had an account awaiting verification: the link was sent again.
    resent: bool = False
    # True when the address already had a verified account: nothing changed, the person is told by email.
    already_verified: bool = False


@transaction.atomic
def sign_up(
    *, email: str, first_name: str, last_name: str, password: str, client_ip: str = "", next_url: str = ""
) -> SignUpResult:
    """Create an account awaiting email verification and send the verification link.

    Rules: the email is unique whatever its case. Signing up again with an address
    still awaiting verification sends a new link instead of failing (and the latest
    password chosen wins, so a stranger who registered the address first loses it).
    Signing up with a verified address changes nothing; the owner gets an email saying
    so, and the page says the same thing in every case, so it reveals no account: every
    path hashes the password once and sends one mail, so they also take similar time.
    Mails are limited per address and per IP (TooManyRequests). ``next_url`` (checked by
    the caller) rides in the verification link: the person lands where they were going.
    """
    _count_mail(email, client_ip)
    existing = find_user_by_email(email)
    if existing and existing.email_verified:
        make_password(password)  # the same work as the other paths (see the docstring)
        emails.send_already_registered(existing)
        return SignUpResult(existing, already_verified=True)
    if existing:
        existing.first_name, existing.last_name = first_name, last_name
        existing.set_password(password)
        existing.terms_accepted_at, existing.terms_version = timezone.now(), settings.TERMS_VERSION
        existing.save()
        send_verification(existing, next_url=next_url)
        return SignUpResult(existing, resent=True)
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        terms_accepted_at=timezone.now(),
        terms_version=settings.TERMS_VERSION,
    )
    send_verification(user, next_url=next_url)
    return SignUpResult(user)


@transaction.atomic
def create_account_with_proven_email(*, email: str, first_name: str, last_name: str, password: str) -> User:
    """Create an account whose address is already proven (a link sent to it was opened),
    so no verification mail is sent.

    Rules: the address must have no account yet (ValidationError, in French: log in
    instead); the password passes the validators.
    """
    if find_user_by_email(email):
        raise ValidationError("Un Compte inclusion existe déjà pour cette adresse : connectez-vous pour continuer.")
    probe = User(email=email, first_name=first_name, last_name=last_name)
    password_validation.validate_password(password, probe)
    return User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        terms_accepted_at=timezone.now(),
        terms_version=settings.TERMS_VERSION,
        email_verified_at=timezone.now(),
    )


def terms_outdated(user: User) -> bool:
    """Rule: a signed-in person uses the service under the terms in force
    (settings.TERMS_VERSION); an account that accepted another version, or none, is asked
    to accept them again before anything else."""
    return user.terms_version != settings.TERMS_VERSION


def accept_terms(*, user_id: int, version: str) -> None:
    """Record that the person accepted ``version`` of the terms, now.

    Only the version in force can be accepted: a form posted before a deploy that changed
    the terms must not record the new version as read.
    """
    if version != settings.TERMS_VERSION:
        raise ValidationError("Les conditions d'utilisation ont changé entre-temps : lisez la nouvelle version.")
    User.objects.filter(pk=user_id).update(terms_version=version, terms_accepted_at=timezone.now())


def send_verification(user: User, *, next_url: str = "") -> None:
    emails.send_verification(user, issue_token(user, Purpose.VERIFY_EMAIL), next_url)


def resend_verification_after_login(user: User, *, client_ip: str = "", next_url: str = "") -> bool:
    """The right password on an unverified account sends the link again, within the mail limits."""
    try:
        _count_mail(user.email, client_ip)
    except TooManyRequests:
        return False
    send_verification(user, next_url=next_url)
    return True


def resend_verification(email: str, *, client_ip: str = "", next_url: str = "") -> None:
    """Send a new verification link when the address awaits verification.

    Rule: one mail in every case, so the answer and the work are the same whether or not
    an account exists: the link, else "your address is already verified", else "no
    account uses this address". Limited per address and per IP (TooManyRequests).
    """
    _count_mail(email, client_ip)
    user = find_user_by_email(email)
    if user and user.is_active and not user.email_verified:
        send_verification(user, next_url=next_url)
    elif user and user.is_active:
        emails.send_already_registered(user)
    else:
        emails.send_no_account(email.strip())


@transaction.atomic
def verify_email(token: str) -> User:
    record = _consume(token, Purpose.VERIFY_EMAIL)
    user = record.user
    if not user.email_verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def request_password_reset(email: str, *, client_ip: str = "", next_url: str = "") -> None:
    """Send a reset link when an active account has this address.

    Rule: one mail in every case (the link, else "no active account uses this address"),
    so the page, its status and the work are the same whether or not an account exists.
    Limited per address and per IP (TooManyRequests).
    """
    _count_mail(email, client_ip)
    user = find_user_by_email(email)
    if user and user.is_active:
        emails.send_password_reset(user, issue_token(user, Purpose.RESET_PASSWORD), next_url)
    else:
        emails.send_no_account(email.strip())


def check_password_reset(token: str) -> User:
    """The account a reset link belongs to, without using the link (to show the form)."""
    return _valid_record(token, Purpose.RESET_PASSWORD).user


@transaction.atomic
def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link.

    Rules: the link works once; the new password passes the validators; every session
    and every token of the account ends (end_all_access); the link proves the person
    reads the mailbox, so an address still awaiting verification becomes verified.
    """
    user = check_password_reset(token)
    password_validation.validate_password(new_password, user)
    _consume(token, Purpose.RESET_PASSWORD)
    user.set_password(new_password)
    if not user.email_verified:
        user.email_verified_at = timezone.now()
    user.save()
    end_all_access(user, reason="password reset")
    # The lockout guarded the old password; the owner of the mailbox just chose a new one.
    AccessAttempt.objects.filter(username=user.email.strip().lower()).delete()
    return user


@transaction.atomic
def change_password(user: User, *, new_password: str) -> None:
    """The person changes their password: their other sessions and every token end."""
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save()
    end_all_access(user, reason="password changed")


# --- the end of access ----------------------------------------------------------------


def log_out(user: User) -> None:
    """The person logs out of Compte inclusion: the relying parties they used end their sessions too.

    Rule: single logout (back-channel); their tokens stay valid, as after any logout
    (« Se déconnecter de tous les services » is what revokes them).
    """
    end_relying_party_sessions(user, reason="logout")


@transaction.atomic
def end_all_access(user: User, *, reason: str) -> int:
    """End every session of the account on every device and revoke all its OAuth tokens.

    Sessions: the security stamp is part of the session hash (User._get_session_auth_hash),
    so a new stamp makes Django end each session at its next request, wherever it is.
    Tokens: every access, refresh and ID token and every pending code, for every client.
    Emailed links sent before this die too (their credentials stamp no longer matches).
    Relying parties: each one the person used gets a back-channel logout token after
    commit (listed before the revocation, which erases the trace of who was used).
    Returns how many tokens were revoked.
    """
    user.security_stamp = uuid.uuid4()
    user.save(update_fields=["security_stamp"])
    used = relying_parties_used_by(user)
    revoked = revoke_all_tokens(user)
    end_relying_party_sessions(user, reason=reason, applications=used)
    logger.info("All access ended for account %s (%s): %d token(s) revoked", user.uuid, reason, revoked)
    return revoked


@transaction.atomic
def deactivate_account(user: User, *, reason: str) -> None:
    """Deactivate the account. Rule: it can no longer log in and all its access ends at once."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    end_all_access(user, reason=f"deactivated: {reason}")


@transaction.atomic
def invalidate_password(user: User, *, reason: str) -> None:
    """Staff invalidate the password (suspected leak): no password works until the person resets it.

    Rule: the password becomes unusable and all access ends; at the next login attempt
    the person is told to choose a new password, with the link (LoginForm).
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    end_all_access(user, reason=f"password invalidated: {reason}")


def request_email_change(user: User, new_email: str) -> None:
    """Send a confirmation link to the new address. Rule: the account keeps its address until then."""
    new_email = new_email.strip()
    if new_email.lower() == user.email.lower():
        raise ValidationError("C'est déjà l'adresse de votre compte.")
    other = find_user_by_email(new_email)
    if other:
        # Tell the owner of that address; to the requester the page looks the same (nothing revealed).
        emails.send_email_change_to_taken_address(other, user)
        return
    emails.send_email_change(user, new_email, issue_token(user, Purpose.CHANGE_EMAIL, new_email=new_email))


@transaction.atomic
def confirm_email_change(token: str) -> User:
    """Apply an email change. Rules: the link works once; sessions end (the email is in the session hash)."""
    record = _consume(token, Purpose.CHANGE_EMAIL)
    user = record.user
    if find_user_by_email(record.new_email):
        raise InvalidLink("Cette adresse est désormais utilisée par un autre compte.", user)
    old_email = user.email
    user.email = record.new_email
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "email_verified_at"])
    end_all_access(user, reason="email changed")
    emails.send_email_changed_notice(user, old_email)
    return user


# --- import of existing accounts ------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    linked: int = 0
    unchanged: int = 0
    deactivated: int = 0
    conflicts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


REQUIRED_IMPORT_FIELDS = ("id", "email", "password")
# Text fields of an exported account and their longest accepted value (the columns' sizes).
IMPORT_TEXT_FIELDS = {"id": 64, "email": 254, "first_name": 150, "last_name": 150, "password": 128}
_CONTROL_CHARACTERS = {*range(0x20), 0x7F}


def import_row_problems(row: dict) -> list[str]:
    """What makes an exported account unusable, in French, before anything is read or
    written (PostgreSQL refuses a NUL byte even in a lookup; a longer value than the
    column fails the insert)."""
    problems = []
    for name, longest in IMPORT_TEXT_FIELDS.items():
        value = row.get(name)
        if value is None:
            continue
        if not isinstance(value, str | int) or isinstance(value, bool):
            problems.append(f"{name} doit être un texte")
            continue
        value = str(value)
        if any(ord(c) in _CONTROL_CHARACTERS for c in value):
            problems.append(f"{name} contient un caractère de contrôle (invisible)")
        elif len(value) > longest:
            problems.append(f"{name} dépasse {longest} caractères ({len(value)})")
    password = row.get("password")
    if isinstance(password, str) and not problems and not password.startswith(UNUSABLE_PASSWORD_PREFIX):
        try:
            identify_hasher(password)
        except ValueError:
            # Stored as is, it would lock the person out: no hasher of ours can check it.
            problems.append("password n'est pas un mot de passe chiffré reconnu (format Django algorithme$…)")
    return problems


def import_account_line(row, source: str, report: ImportReport, line: int) -> None:
    """Import one line of an export in its own savepoint.

    Rule: any error on a line (a refused value, a database error) is reported with its
    number and reason, that line's writes are undone, and the other lines are kept.
    """
    if not isinstance(row, dict):
        report.errors.append(f"ligne {line} : un objet JSON est attendu")
        return
    problems = import_row_problems(row)
    if problems:
        report.errors.append(f"ligne {line} : {' ; '.join(problems)}")
        return
    try:
        with transaction.atomic():
            import_account(row, source, report, line)
    except Exception as exc:  # the rule: whatever fails on a line fails that line only
        kind = "erreur de base de données" if isinstance(exc, DatabaseError) else type(exc).__name__
        reason = (
            "; ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc).splitlines() or [""])[0][:200]
        )
        report.errors.append(f"ligne {line} : non importée ({kind} : {reason})")


def _active_at_source(row: dict) -> bool:
    """The optional ``is_active`` field; absent means active."""
    value = row.get("is_active", True)
    if isinstance(value, str):
        return value.strip().lower() not in {"0", "false", "non", "no", "faux"}
    return bool(value) if value is not None else True


def _follow_source_activity(user: User) -> None:
    """Rule: an account is deactivated (all access ended) when every origin it was imported from says inactive.

    One inactive origin among active ones changes nothing: the same person still uses
    the other service. The import never reactivates an account; staff do.
    """
    origins = list(user.linked_accounts.values_list("active_at_source", flat=True))
    if user.is_active and origins and not any(origins):
        deactivate_account(user, reason="inactive in every source")


@transaction.atomic
def import_account(row: dict, source: str, report: ImportReport, line: int) -> None:
    """Import one exported user, keeping its Django password hash as it is.

    Rules: an origin already imported changes nothing (idempotent); an unknown email
    creates an account; an email (any case) that already has an account is linked to it
    when at least one side verified it, never when neither did (that is a conflict); an
    account never holds two origins from the same source.
    """
    missing = [name for name in REQUIRED_IMPORT_FIELDS if not str(row.get(name) or "").strip()]
    if missing:
        report.errors.append(f"ligne {line} : champ(s) manquant(s) : {', '.join(missing)}")
        return
    external_id, email = str(row["id"]).strip(), str(row["email"]).strip()
    verified = bool(row.get("email_verified"))
    active = _active_at_source(row)
    origin = LinkedAccount.objects.select_related("user").filter(source=source, external_id=external_id).first()
    if origin:
        if origin.active_at_source != active:
            origin.active_at_source = active
            origin.save(update_fields=["active_at_source"])
            was_active = origin.user.is_active
            _follow_source_activity(origin.user)
            if was_active and not origin.user.is_active:
                report.deactivated += 1
                return
        report.unchanged += 1
        return
    user = find_user_by_email(email)
    if user is None:
        user = User(
            email=email,
            first_name=str(row.get("first_name") or "").strip(),
            last_name=str(row.get("last_name") or "").strip(),
            email_verified_at=timezone.now() if verified else None,
        )
        if row.get("date_joined"):
            user.date_joined = row["date_joined"]
        # The hash is kept as exported: the person keeps their password; Django upgrades
        # it to Argon2 at the next successful login.
        user.password = row["password"]
        try:
            user.full_clean(exclude=["password", "uuid"])
        except ValidationError as exc:
            report.errors.append(f"ligne {line} ({email}) : {'; '.join(exc.messages)}")
            return
        user.is_active = active
        user.save()
        LinkedAccount.objects.create(user=user, source=source, external_id=external_id, active_at_source=active)
        report.created += 1
        return
    if not (verified or user.email_verified):
        report.conflicts.append(
            f"ligne {line} ({email}) : un compte existe déjà avec cette adresse mais aucune des deux n'est vérifiée ; "
            "rapprochement refusé"
        )
        return
    if user.linked_accounts.filter(source=source).exists():
        report.conflicts.append(f"ligne {line} ({email}) : ce compte a déjà une origine « {source} » différente")
        return
    LinkedAccount.objects.create(user=user, source=source, external_id=external_id, active_at_source=active)
    if verified and not user.email_verified:
        # Only this side proved the mailbox: its password is the one the owner knows.
        user.email_verified_at = timezone.now()
        user.password = row["password"]
        user.save(update_fields=["email_verified_at", "password"])
    was_active = user.is_active
    _follow_source_activity(user)
    if was_active and not user.is_active:
        report.deactivated += 1
    report.linked += 1
