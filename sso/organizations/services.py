"""Writes about organisations: sign-up paths, members, invitations, antennas."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from common.tokens import hash_token, new_token

from . import domains, emails, selectors
from .kinds import EMPLOYER_KINDS, PRESCRIBER_KINDS, REQUEST_KINDS, Family, Kind, family_of
from .models import Invitation, JoinRequest, Membership, Organization, SignupRequest, StructureClaim
from .proofs import proof_extension
from .siret import antenna_siret, clean_siret, siren_of
from .text import one_line


class OrganizationRefused(Exception):
    """A refusal the person can act on: ``message`` says why and what to do, in French."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code


SIRET_NOT_RECOGNISED = (
    "SIRET non reconnu : ce SIRET ne figure pas dans la liste des structures conventionnées que nous "
    "transmet l'ASP. Cette liste est mise à jour régulièrement, pas en temps réel : si votre "
    "conventionnement est récent, réessayez dans quelques jours. Vérifiez aussi qu'il s'agit bien du SIRET "
    "indiqué dans votre convention. Si le problème persiste, contactez le support en indiquant votre SIRET."
)
EMPLOYER_AND_PRESCRIBER = (
    "Un même compte ne peut pas être à la fois employeur et prescripteur. Pour ce second rôle, "
    "créez un autre Compte inclusion avec une autre adresse e-mail."
)


# --- rules shared by every way of joining ------------------------------------------------


def check_can_join(user, organization: Organization) -> None:
    """Rule: one account never holds both an employer and a prescriber membership."""
    family = family_of(organization.kind)
    others = selectors.families_of(user, exclude=organization)
    if {family, *others} >= {Family.EMPLOYER, Family.PRESCRIBER}:
        raise OrganizationRefused(EMPLOYER_AND_PRESCRIBER, code="employer_and_prescriber")


@transaction.atomic
def add_member(user, organization: Organization, *, is_admin: bool = False) -> Membership:
    """Add (or reactivate) a membership, after the employer/prescriber rule."""
    check_can_join(user, organization)
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"is_admin": is_admin}
    )
    if not created and (not membership.is_active or (is_admin and not membership.is_admin)):
        membership.is_active = True
        membership.is_admin = membership.is_admin or is_admin
        membership.version += 1
        membership.save(update_fields=["is_active", "is_admin", "version", "updated_at"])
    if organization.kind == Kind.BUYER:
        verify_buyer_by_domain(organization, user)
    return membership


@dataclass
class JoinResult:
    organization: Organization
    membership: Membership | None = None
    join_request: JoinRequest | None = None
    # An employer without an active administrator: belonging must be proven (a claim).
    claim_needed: bool = False

    @property
    def created(self) -> bool:
        return self.membership is not None and self.membership.is_admin and self.join_request is None


@transaction.atomic
def join_or_request(user, organization: Organization) -> JoinResult:
    """Join an organisation. Rules: an employer (SIAE…) without an active administrator is
    claimed with proof (:func:`start_email_claim`, :func:`submit_proof_claim`), never on
    the person's word; for other kinds the first member becomes its administrator; when
    it already has members, the person asks to join and its administrators decide."""
    check_can_join(user, organization)
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if organization.kind in EMPLOYER_KINDS and not selectors.has_active_admin(organization):
        return JoinResult(organization, claim_needed=True)
    existing = selectors.membership(user, organization)
    if existing:
        return JoinResult(organization, membership=existing)
    if not Membership.objects.active().filter(organization=organization).exists():
        return JoinResult(organization, membership=add_member(user, organization, is_admin=True))
    join_request, created = JoinRequest.objects.get_or_create(
        organization=organization, user=user, status=JoinRequest.Status.PENDING
    )
    if created:
        admins = [m.user for m in Membership.objects.active().admins().filter(organization=organization)]
        transaction.on_commit(lambda: emails.send_join_request(join_request, admins))
    return JoinResult(organization, join_request=join_request)


# --- sign-up paths ------------------------------------------------------------------------


@transaction.atomic
def employer_signup(user, siret: str) -> JoinResult:
    """Sign up as an employer (SIAE). Rule: the SIRET must match an active structure of
    the ASP's list, else "SIRET non reconnu" with the way forward. GEIQ and EA go through
    :func:`request_structure_signup` instead."""
    siret = clean_siret(siret)
    reference = selectors.active_reference_structure(siret)
    if reference is None:
        raise OrganizationRefused(SIRET_NOT_RECOGNISED, code="siret_not_recognised")
    organization = Organization.objects.filter(asp_id=reference.asp_id).first()
    if organization is None:
        organization = Organization.objects.filter(siret=siret, kind=reference.kind).first()
    if organization is None:
        organization = Organization.objects.create(
            siret=siret,
            kind=reference.kind,
            name=reference.name,
            address=reference.address,
            postal_code=reference.postal_code,
            city=reference.city,
            commune_insee=reference.commune_insee,
            convention_end_date=reference.convention_end_date,
            asp_id=reference.asp_id,
        )
    if not organization.is_active:
        raise OrganizationRefused(
            "Cette structure est désactivée (conventionnement terminé ou absent de la liste de l'ASP). "
            "Contactez le support si votre conventionnement est en cours.",
            code="inactive",
        )
    return join_or_request(user, organization)


@transaction.atomic
def request_structure_signup(
    user, *, siret: str, kind: str, name: str, postal_code: str = "", city: str = "", message: str = ""
):
    """GEIQ and EA are not in the ASP's list: their sign-up is a request that staff approve."""
    if kind not in REQUEST_KINDS:
        raise OrganizationRefused("Seuls les GEIQ et les entreprises adaptées passent par une demande d'inscription.")
    siret = clean_siret(siret)
    if Family.PRESCRIBER in selectors.families_of(user):
        raise OrganizationRefused(EMPLOYER_AND_PRESCRIBER, code="employer_and_prescriber")
    existing = Organization.objects.filter(siret=siret, kind=kind).first()
    if existing:
        return join_or_request(user, existing)
    return SignupRequest.objects.create(
        user=user,
        siret=siret,
        kind=kind,
        name=one_line(name),
        postal_code=postal_code,
        city=one_line(city),
        message=message.strip(),
    )


@transaction.atomic
def approve_signup_request(signup_request: SignupRequest) -> Organization:
    """Staff approve a GEIQ/EA request: the organisation is created and the person is its administrator."""
    if signup_request.status != SignupRequest.Status.PENDING:
        return signup_request.organization
    organization, _ = Organization.objects.get_or_create(
        siret=signup_request.siret,
        kind=signup_request.kind,
        defaults={"name": signup_request.name, "postal_code": signup_request.postal_code, "city": signup_request.city},
    )
    add_member(signup_request.user, organization, is_admin=True)
    signup_request.status = SignupRequest.Status.APPROVED
    signup_request.decided_at = timezone.now()
    signup_request.organization = organization
    signup_request.save()
    return organization


def prescriber_join(user, organization: Organization) -> JoinResult:
    """Join an authorised prescriber organisation picked from the list."""
    if organization.kind not in PRESCRIBER_KINDS or not organization.is_authorized or not organization.is_active:
        raise OrganizationRefused(
            "Cette organisation n'est pas un prescripteur habilité : choisissez-en une autre dans la liste."
        )
    return join_or_request(user, organization)


@transaction.atomic
def create_orienteur(
    user, *, siret: str, name: str, kind: str = Kind.OTHER_PRESCRIBER, postal_code: str = "", city: str = ""
):
    """Create a non-authorised prescriber organisation (an orienteur) with a valid SIRET."""
    if kind not in PRESCRIBER_KINDS:
        raise OrganizationRefused("Choisissez un type d'organisation prescriptrice.")
    siret = clean_siret(siret)
    organization = Organization.objects.filter(siret=siret, kind=kind).first()
    if organization is None:
        check_can_join(user, Organization(kind=kind))
        organization = Organization.objects.create(
            siret=siret,
            kind=kind,
            name=one_line(name),
            is_authorized=False,
            postal_code=postal_code,
            city=one_line(city),
        )
    return join_or_request(user, organization)


FREE_MAIL_REFUSED = (
    "Pour inscrire une organisation d'achat, utilisez votre adresse e-mail professionnelle : les adresses de "
    "messagerie gratuite ({domain}) ne permettent pas de vérifier que vous travaillez pour cette organisation. "
    "Changez l'adresse de votre compte dans « Mon compte », puis recommencez."
)


@transaction.atomic
def buyer_signup(
    user, *, siret: str, name: str, website: str = "", postal_code: str = "", city: str = ""
) -> JoinResult:
    """A buyer's organisation by SIRET (checksum-valid), created if absent.

    Rules: a professional address only (free mail domains refused); the organisation
    exists at once but is verified only by its e-mail domain or by staff
    (:func:`verify_buyer_by_domain`, :func:`verify_buyer_by_staff`). The declared
    website is kept from the creation; staff alone change it afterwards.
    """
    if domains.is_free_mail(user.email):
        raise OrganizationRefused(FREE_MAIL_REFUSED.format(domain=domains.email_domain(user.email)), code="free_mail")
    siret = clean_siret(siret)
    organization, _ = Organization.objects.get_or_create(
        siret=siret,
        kind=Kind.BUYER,
        defaults={
            "name": one_line(name),
            "website": website.strip(),
            "postal_code": postal_code,
            "city": one_line(city),
        },
    )
    return join_or_request(user, organization)


def verify_buyer_by_domain(organization: Organization, user) -> bool:
    """Rule: a buyer organisation is verified when a member's address is on its declared
    website's domain, or on the domain of a member verified before. Never a free mail domain."""
    if organization.verified_at is not None or domains.is_free_mail(user.email):
        return organization.verified_at is not None
    domain = domains.email_domain(user.email)
    known = [domains.website_host(organization.website), organization.verified_domain]
    if "." not in domain or not any(domains.same_organisation_domain(domain, host) for host in known if host):
        return False
    organization.verified_at = timezone.now()
    organization.verified_domain = domain
    organization.save(update_fields=["verified_at", "verified_domain", "updated_at"])
    return True


@transaction.atomic
def verify_buyer_by_staff(organization: Organization) -> Organization:
    """Staff vouch for a buyer organisation; the first administrator's domain becomes its verified domain."""
    if organization.kind != Kind.BUYER:
        raise OrganizationRefused("Seules les organisations d'achat se vérifient ainsi.")
    if organization.verified_at is None:
        admin = Membership.objects.active().admins().filter(organization=organization).order_by("joined_at").first()
        organization.verified_at = timezone.now()
        if admin and not domains.is_free_mail(admin.user.email):
            organization.verified_domain = domains.email_domain(admin.user.email)
        organization.save(update_fields=["verified_at", "verified_domain", "updated_at"])
    return organization


# --- administrators and members -------------------------------------------------------


def _require_admin(actor, organization: Organization) -> None:
    if not selectors.is_admin(actor, organization):
        raise PermissionDenied("Seuls les administrateurs de la structure peuvent faire cela.")


def _require_member(actor, organization: Organization) -> Membership:
    membership = selectors.membership(actor, organization)
    if membership is None:
        raise PermissionDenied("Vous n'êtes pas membre de cette structure.")
    return membership


def _check_keeps_an_admin(membership: Membership) -> None:
    """Rule: an organisation always keeps at least one active administrator."""
    others = (
        Membership.objects.select_for_update()
        .active()
        .admins()
        .filter(organization=membership.organization)
        .exclude(pk=membership.pk)
    )
    if membership.is_admin and not others.exists():
        raise OrganizationRefused(
            "La structure doit garder au moins un administrateur : nommez d'abord un autre administrateur.",
            code="last_admin",
        )


def _role(membership: Membership) -> str:
    if not membership.is_active:
        return "ne fait plus partie de la structure"
    return (
        "est maintenant administrateur" if membership.is_admin else "est maintenant membre sans droits d'administrateur"
    )


def _locked_current(membership: Membership, expected_version: int | None) -> Membership:
    """The membership as it is now, locked; refused if it changed since the page was shown.

    Rule (optimistic locking): a change based on an old version of a membership is never
    applied; the person is told what changed and decides again.
    """
    current = (
        Membership.objects.select_for_update(of=("self",)).select_related("user", "organization").get(pk=membership.pk)
    )
    membership.is_admin, membership.is_active, membership.version = current.is_admin, current.is_active, current.version
    if (expected_version is not None and current.version != expected_version) or not current.is_active:
        raise OrganizationRefused(
            f"{current.user.get_full_name() or current.user.email} {_role(current)} : ce membre a été modifié par un "
            "autre administrateur depuis l'affichage de la page. Votre changement n'a pas été appliqué ; vérifiez la "
            "liste des membres ci-dessous puis recommencez si besoin.",
            code="stale",
        )
    return membership


@transaction.atomic
def set_admin(actor, membership: Membership, is_admin: bool, *, expected_version: int | None = None) -> Membership:
    _require_admin(actor, membership.organization)
    membership = _locked_current(membership, expected_version)
    if not is_admin:
        _check_keeps_an_admin(membership)
    membership.is_admin = is_admin
    membership.version += 1
    membership.save(update_fields=["is_admin", "version", "updated_at"])
    return membership


@transaction.atomic
def remove_member(actor, membership: Membership, *, expected_version: int | None = None) -> None:
    """An administrator removes a member (a person who left the structure, say)."""
    _require_admin(actor, membership.organization)
    membership = _locked_current(membership, expected_version)
    _check_keeps_an_admin(membership)
    membership.is_active = False
    membership.is_admin = False
    membership.version += 1
    membership.save(update_fields=["is_active", "is_admin", "version", "updated_at"])


@transaction.atomic
def leave(user, organization: Organization) -> None:
    membership = _require_member(user, organization)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_keeps_an_admin(membership)
    membership.is_active = False
    membership.is_admin = False
    membership.version += 1
    membership.save(update_fields=["is_active", "is_admin", "version", "updated_at"])


@transaction.atomic
def decide_join_request(actor, join_request: JoinRequest, accept: bool) -> JoinRequest:
    """Rule: a join request is decided once. A second decision (another administrator, a double
    click, an old page) is refused with who decided what, and never applied twice."""
    _require_admin(actor, join_request.organization)
    current = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("organization", "user", "decided_by")
        .get(pk=join_request.pk)
    )
    if current.status != JoinRequest.Status.PENDING:
        by = current.decided_by
        who = f" par {by.get_full_name() or by.email}" if by else ""
        when = f" le {timezone.localtime(current.decided_at):%d/%m/%Y à %H:%M}" if current.decided_at else ""
        raise OrganizationRefused(
            f"Cette demande a déjà été {current.get_status_display().lower()}{who}{when} depuis l'affichage de "
            f"la page : votre décision ({'accepter' if accept else 'refuser'}) n'a pas été appliquée.",
            code="stale",
        )
    if accept:
        add_member(join_request.user, join_request.organization)
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.REFUSED
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save()
    transaction.on_commit(lambda: emails.send_join_decision(join_request))
    return join_request


# --- invitations ----------------------------------------------------------------------------


def account_stamp(user) -> str:
    """A fingerprint of the account's credentials when a link is sent: the link dies when
    the e-mail, the password or the security stamp changes afterwards. One definition,
    shared with the accounts' own links (:meth:`sso.accounts.models.User.credentials_stamp`)."""
    return user.credentials_stamp()


def _issue_invitation_token(invitation: Invitation) -> str:
    from sso.accounts.services import find_user_by_email

    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=settings.INVITATION_VALID_DAYS)
    invited = find_user_by_email(invitation.email)
    invitation.invited_user = invited
    invitation.account_stamp = account_stamp(invited) if invited else ""
    return token


@transaction.atomic
def invite(actor, organization: Organization, email: str) -> Invitation:
    """Invite a colleague. Rules: every member may invite; an organisation has at most
    MAX_PENDING_INVITATIONS pending invitations; inviting a pending address again re-sends."""
    _require_member(actor, organization)
    email = email.strip()
    if Membership.objects.active().filter(organization=organization, user__email__iexact=email).exists():
        raise OrganizationRefused(f"{email} est déjà membre de la structure.")
    pending = Invitation.objects.pending().filter(organization=organization, email__iexact=email).first()
    if pending:
        return resend_invitation(actor, pending)
    if Invitation.objects.pending().filter(organization=organization).count() >= settings.MAX_PENDING_INVITATIONS:
        raise OrganizationRefused(
            f"La structure a déjà {settings.MAX_PENDING_INVITATIONS} invitations en attente : annulez celles qui ne "
            "servent plus ou attendez qu'elles soient acceptées."
        )
    invitation = Invitation(organization=organization, email=email, invited_by=actor)
    token = _issue_invitation_token(invitation)
    invitation.save()
    transaction.on_commit(lambda: emails.send_invitation(invitation, token))
    return invitation


@transaction.atomic
def resend_invitation(actor, invitation: Invitation) -> Invitation:
    """Send the invitation again with a new link. Rule: the previous link stops working."""
    _require_member(actor, invitation.organization)
    if invitation.accepted_at or invitation.cancelled_at:
        raise OrganizationRefused("Cette invitation a déjà été acceptée ou annulée.")
    token = _issue_invitation_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "invited_user", "account_stamp"])
    transaction.on_commit(lambda: emails.send_invitation(invitation, token))
    return invitation


@transaction.atomic
def cancel_invitation(actor, invitation: Invitation) -> None:
    _require_admin(actor, invitation.organization)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])


class InvalidInvitation(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_from_token(token: str) -> Invitation:
    """The invitation behind a link. Rule: unknown, replaced, used, cancelled and expired links are refused."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_user").filter(token_hash=hash_token(token)).first()
    )
    if invitation is None:
        raise InvalidInvitation(
            "Ce lien d'invitation n'est pas valide : il a peut-être été remplacé par un lien plus récent. "
            "Demandez à la personne qui vous a invité(e) de vous le renvoyer."
        )
    if invitation.accepted_at:
        raise InvalidInvitation("Cette invitation a déjà été acceptée.")
    if invitation.cancelled_at:
        raise InvalidInvitation("Cette invitation a été annulée par un administrateur de la structure.")
    if invitation.expires_at <= timezone.now():
        raise InvalidInvitation(
            "Cette invitation a expiré. Demandez à la personne qui vous a invité(e) de vous la renvoyer."
        )
    if not invitation.organization.is_active:
        raise InvalidInvitation("Cette structure n'est plus active.")
    if invitation.account_stamp and (
        invitation.invited_user is None or account_stamp(invitation.invited_user) != invitation.account_stamp
    ):
        raise InvalidInvitation(
            "Ce lien d'invitation n'est plus valide : l'adresse e-mail ou le mot de passe du compte invité a changé "
            "depuis son envoi. Demandez à la personne qui vous a invité(e) de vous le renvoyer."
        )
    return invitation


@transaction.atomic
def accept_invitation(user, token: str) -> Membership:
    """Accept an invitation as a logged-in account, subject to the employer/prescriber rule.

    The account's email need not be the invited one (people use another address), but
    the link works once.
    """
    invitation = invitation_from_token(token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    membership = add_member(user, invitation.organization)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def accept_invitation_with_new_account(token: str, *, first_name: str, last_name: str, password: str) -> Membership:
    """A person without an account accepts an invitation in one step.

    Rules: the invitation link was sent to the invited address, so opening it proves the
    address: the account is created verified (no second mail) with that address only,
    joins the organisation, and the link is used. A refused link (unknown, replaced,
    used, cancelled, expired) creates nothing; an address that has an account by now
    must log in instead (ValidationError), and that account is not touched.
    """
    from sso.accounts.services import create_account_with_proven_email

    invitation = invitation_from_token(token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    invitation = invitation_from_token(token)  # again, under the lock: a concurrent accept used it
    user = create_account_with_proven_email(
        email=invitation.email, first_name=first_name, last_name=last_name, password=password
    )
    membership = add_member(user, invitation.organization)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.invited_user = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "invited_user"])
    return membership


# --- antennas -----------------------------------------------------------------------------


@transaction.atomic
def create_antenna(actor, parent: Organization, *, name: str, siret: str = "") -> Organization:
    """An employer administrator creates another structure of the same kind under the same
    SIREN and becomes its administrator. Rules: employers only (prescriber antennas are
    created by staff); a typed SIRET must share the SIREN; without one (or with the same
    SIRET), a 9999x NIC is used."""
    _require_admin(actor, parent)
    if not selectors.can_create_antenna(selectors.membership(actor, parent)):
        raise OrganizationRefused(
            "Les antennes de prescripteurs sont créées par le support : contactez-le en indiquant l'identifiant de la structure."
        )
    taken = set(Organization.objects.filter(siret__startswith=siren_of(parent.siret)).values_list("siret", flat=True))
    if siret:
        siret = clean_siret(siret)
        if siren_of(siret) != siren_of(parent.siret):
            raise ValidationError(f"Le SIRET doit commencer par le SIREN de la structure ({siren_of(parent.siret)}).")
    if not siret or siret in taken:
        siret = antenna_siret(parent.siret, taken)
    antenna = Organization.objects.create(
        siret=siret,
        kind=parent.kind,
        name=one_line(name),
        address=parent.address,
        postal_code=parent.postal_code,
        city=parent.city,
        commune_insee=parent.commune_insee,
        convention_end_date=parent.convention_end_date,
        # Antennas hang off the structure of the ASP's list, whose convention they follow.
        parent=parent.parent or parent,
    )
    add_member(actor, antenna, is_admin=True)
    return antenna


# --- claims: proving that one belongs to an SIAE without administrator ---------------------


class InvalidClaimLink(Exception):
    """A claim link that grants nothing; ``reason`` says why and what to do, in French."""

    def __init__(self, reason: str, claim: StructureClaim | None = None):
        super().__init__(reason)
        self.reason = reason
        self.claim = claim


NOT_CLAIMABLE = (
    "Cette structure a déjà un administrateur : demandez-lui de vous inviter, ou faites une demande de "
    "rattachement depuis l'inscription employeur."
)


def _check_claimable(user, organization: Organization) -> None:
    if not selectors.is_claimable(organization):
        raise OrganizationRefused(NOT_CLAIMABLE, code="not_claimable")
    check_can_join(user, organization)


def _replace_pending_claims(user, organization: Organization) -> None:
    """One pending claim per person and structure: a new one replaces (and kills) the previous."""
    StructureClaim.objects.pending().filter(user=user, organization=organization).update(
        status=StructureClaim.Status.CANCELLED, token_hash=None
    )


@transaction.atomic
def start_email_claim(user, organization: Organization) -> StructureClaim:
    """Send a single-use, expiring link to the ASP's technical contact of the structure.

    Rules: only for an employer without an active administrator and with a known
    contact; the link works once, for this claimant only, until CLAIM_LINK_HOURS, and
    dies when the claimant's e-mail or password changes; a new link cannot be asked for
    within CLAIM_RESEND_MINUTES (no mail flooding of the structure).
    """
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    _check_claimable(user, organization)
    contact = selectors.claim_contact(organization)
    if not contact:
        raise OrganizationRefused(
            "Nous ne connaissons pas d'adresse de contact pour cette structure : envoyez plutôt un justificatif.",
            code="no_contact",
        )
    recent = StructureClaim.objects.filter(
        user=user,
        organization=organization,
        method=StructureClaim.Method.EMAIL,
        sent_at__gt=timezone.now() - timedelta(minutes=settings.CLAIM_RESEND_MINUTES),
    )
    if recent.exists():
        raise OrganizationRefused(
            f"Un lien vient d'être envoyé à {selectors.mask_email(contact)}. Attendez quelques minutes avant d'en "
            "demander un autre : le nouveau lien remplacera le précédent.",
            code="too_soon",
        )
    _replace_pending_claims(user, organization)
    token = new_token()
    now = timezone.now()
    claim = StructureClaim.objects.create(
        organization=organization,
        user=user,
        method=StructureClaim.Method.EMAIL,
        email=contact,
        token_hash=hash_token(token),
        sent_at=now,
        expires_at=now + timedelta(hours=settings.CLAIM_LINK_HOURS),
        account_stamp=account_stamp(user),
    )
    transaction.on_commit(lambda: emails.send_claim_link(claim, token))
    return claim


def claim_from_token(token: str) -> StructureClaim:
    """The claim behind a link. Rule: unknown, replaced, used, expired links and links whose
    claimant changed e-mail or password since are refused."""
    claim = (
        StructureClaim.objects.select_related("organization", "user")
        .filter(token_hash=hash_token(token), method=StructureClaim.Method.EMAIL)
        .first()
    )
    if claim is None:
        raise InvalidClaimLink(
            "Ce lien n'est pas valide : il a peut-être été remplacé par un lien plus récent ou déjà utilisé. "
            "Refaites la demande depuis l'inscription employeur de Compte inclusion."
        )
    if claim.status == StructureClaim.Status.APPROVED:
        raise InvalidClaimLink("Ce lien a déjà été utilisé : la demande est confirmée.", claim)
    if claim.status != StructureClaim.Status.PENDING:
        raise InvalidClaimLink("Cette demande a été remplacée ou annulée : ce lien ne fonctionne plus.", claim)
    if claim.expires_at <= timezone.now():
        raise InvalidClaimLink(
            f"Ce lien a expiré (il était valable {settings.CLAIM_LINK_HOURS} heures). Refaites la demande depuis "
            "l'inscription employeur de Compte inclusion.",
            claim,
        )
    if account_stamp(claim.user) != claim.account_stamp or not claim.user.is_active:
        raise InvalidClaimLink(
            "Ce lien n'est plus valide : l'adresse e-mail ou le mot de passe du compte qui l'a demandé a changé "
            "depuis son envoi. Refaites la demande depuis l'inscription employeur de Compte inclusion.",
            claim,
        )
    return claim


class ClaimOfAnotherAccount(Exception):
    """The link was opened by an account other than the claimant's: it grants nothing."""

    def __init__(self, claim: StructureClaim):
        super().__init__("claim of another account")
        self.claim = claim


@transaction.atomic
def confirm_email_claim(user, token: str) -> Membership:
    """The claimant opened the link while signed in: they become the structure's administrator.

    Rules: only the claimant's account (anyone else gets nothing and the link stays
    usable by the claimant); the link works once.
    """
    claim = claim_from_token(token)
    claim = StructureClaim.objects.select_for_update().select_related("organization", "user").get(pk=claim.pk)
    if claim.status != StructureClaim.Status.PENDING:
        raise InvalidClaimLink("Ce lien a déjà été utilisé.", claim)
    if user.pk != claim.user_id:
        raise ClaimOfAnotherAccount(claim)
    membership = add_member(user, claim.organization, is_admin=True)
    claim.status = StructureClaim.Status.APPROVED
    claim.decided_at = timezone.now()
    claim.token_hash = None
    claim.save(update_fields=["status", "decided_at", "token_hash"])
    return membership


@transaction.atomic
def submit_proof_claim(
    user,
    organization: Organization,
    *,
    registration_proof,
    document_date,
    is_legal_representative: bool,
    mandate=None,
    message: str = "",
) -> StructureClaim:
    """Claim with documents that staff check: a Kbis (or equivalent) under three months,
    plus a mandate when the person is not the legal representative. PDF, JPEG or PNG,
    checked by content and size; stored privately under a server-chosen name."""
    _check_claimable(user, organization)
    errors = {}
    try:
        proof_extension(registration_proof)
    except ValidationError as exc:
        errors["registration_proof"] = exc.messages
    today = timezone.localdate()
    if document_date > today:
        errors["document_date"] = ["La date du justificatif ne peut pas être dans le futur."]
    elif (today - document_date).days > settings.CLAIM_PROOF_MAX_AGE_DAYS:
        errors["document_date"] = ["Le justificatif doit dater de moins de 3 mois : téléchargez-en un plus récent."]
    if not is_legal_representative:
        if mandate is None:
            errors["mandate"] = [
                "Vous n'êtes pas le représentant légal : joignez un mandat signé par lui qui vous autorise à "
                "administrer la structure."
            ]
        else:
            try:
                proof_extension(mandate)
            except ValidationError as exc:
                errors["mandate"] = exc.messages
    if errors:
        raise ValidationError(errors)
    _replace_pending_claims(user, organization)
    claim = StructureClaim(
        organization=organization,
        user=user,
        method=StructureClaim.Method.PROOF,
        is_legal_representative=is_legal_representative,
        document_date=document_date,
        message=message.strip(),
    )
    registration_proof.name = f"justificatif.{proof_extension(registration_proof)}"
    claim.registration_proof.save(registration_proof.name, registration_proof, save=False)
    if mandate is not None and not is_legal_representative:
        mandate.name = f"mandat.{proof_extension(mandate)}"
        claim.mandate.save(mandate.name, mandate, save=False)
    claim.save()
    return claim


@transaction.atomic
def approve_claim(claim: StructureClaim, *, staff) -> Membership:
    """Staff accept the proof: the claimant becomes administrator and is told by e-mail."""
    claim = StructureClaim.objects.select_for_update().select_related("organization", "user").get(pk=claim.pk)
    if claim.status != StructureClaim.Status.PENDING:
        raise OrganizationRefused("Cette demande a déjà été traitée.")
    membership = add_member(claim.user, claim.organization, is_admin=True)
    claim.status = StructureClaim.Status.APPROVED
    claim.decided_at = timezone.now()
    claim.decided_by = staff
    claim.token_hash = None
    claim.save(update_fields=["status", "decided_at", "decided_by", "token_hash"])
    transaction.on_commit(lambda: emails.send_claim_decision(claim))
    return membership


@transaction.atomic
def refuse_claim(claim: StructureClaim, *, staff, reason: str) -> StructureClaim:
    """Staff refuse the proof with a reason the person reads in the e-mail telling them."""
    reason = (reason or "").strip()
    if not reason:
        raise OrganizationRefused("Indiquez le motif du refus : il est envoyé à la personne.")
    claim = StructureClaim.objects.select_for_update().select_related("organization", "user").get(pk=claim.pk)
    if claim.status != StructureClaim.Status.PENDING:
        raise OrganizationRefused("Cette demande a déjà été traitée.")
    claim.status = StructureClaim.Status.REFUSED
    claim.decided_at = timezone.now()
    claim.decided_by = staff
    claim.refusal_reason = reason
    claim.token_hash = None
    claim.save(update_fields=["status", "decided_at", "decided_by", "refusal_reason", "token_hash"])
    transaction.on_commit(lambda: emails.send_claim_decision(claim))
    return claim
