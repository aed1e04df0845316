from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from sso.oidc.selectors import safe_return_url

from . import selectors, services
from .forms import (
    AntennaForm,
    BuyerSignupForm,
    EmployerSignupForm,
    InvitationForm,
    InvitationSignUpForm,
    JoinDecisionForm,
    MemberChangeForm,
    OrienteurForm,
    PrescriberSearchForm,
    ProofClaimForm,
    StructureRequestForm,
)
from .models import Invitation, JoinRequest, Membership, Organization, StructureClaim

# The relying party's return address during the organisation sign-up steps (kept in the
# session: the steps are several pages and forms, and a login may come in between).
SIGNUP_NEXT_SESSION_KEY = "organization_signup_next"


def _remember_next(request) -> None:
    next_url = safe_return_url(request.GET.get("next"), host=request.get_host())
    if next_url:
        request.session[SIGNUP_NEXT_SESSION_KEY] = next_url


def _joined(request, result: services.JoinResult):
    """Where a sign-up path ends: the organisation's page (or the relying party's return
    address, kept since the first step), the claim to prove, or the pending request explained."""
    if result.claim_needed:
        return redirect("organizations:claim", result.organization.public_id)
    if result.join_request is not None:
        messages.info(
            request,
            f"{result.organization.name} a déjà des membres : votre demande de rattachement a été envoyée à ses "
            "administrateurs. Vous recevrez un courriel dès qu'ils l'auront traitée.",
        )
        return redirect("organizations:list")
    request.session[selectors.CURRENT_ORGANIZATION_SESSION_KEY] = str(result.organization.public_id)
    if result.created:
        messages.success(request, f"Vous êtes administrateur de {result.organization.name}.")
    else:
        messages.success(request, f"Vous êtes membre de {result.organization.name}.")
    next_url = safe_return_url(request.session.pop(SIGNUP_NEXT_SESSION_KEY, ""), host=request.get_host())
    return redirect(next_url or reverse("organizations:detail", args=[result.organization.public_id]))


def _refused(form, exc):
    form.add_error(None, exc.message if isinstance(exc, services.OrganizationRefused) else exc)


@login_required
def organization_list(request):
    return render(
        request,
        "sso/organizations/list.html",
        {
            "memberships": selectors.memberships_of(request.user),
            "pending_requests": JoinRequest.objects.filter(user=request.user, status=JoinRequest.Status.PENDING),
            "pending_claims": selectors.pending_claims_of(request.user),
            "refused_claims": selectors.recent_refused_claims_of(request.user),
        },
    )


@login_required
def signup_choice(request):
    _remember_next(request)
    return render(request, "sso/organizations/signup_choice.html")


@login_required
def employer_signup(request):
    _remember_next(request)
    form = EmployerSignupForm(request.POST or None)
    not_recognised = False
    if request.method == "POST" and form.is_valid():
        try:
            return _joined(request, services.employer_signup(request.user, form.cleaned_data["siret"]))
        except services.OrganizationRefused as exc:
            not_recognised = exc.code == "siret_not_recognised"
            _refused(form, exc)
    return render(request, "sso/organizations/employer_signup.html", {"form": form, "not_recognised": not_recognised})


@login_required
def structure_request(request):
    form = StructureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.request_structure_signup(request.user, **form.cleaned_data)
        except services.OrganizationRefused as exc:
            _refused(form, exc)
        else:
            if isinstance(result, services.JoinResult):
                return _joined(request, result)
            messages.success(
                request,
                "Votre demande d'inscription a été transmise au support, qui la vérifie sous quelques jours ouvrés. "
                "Vous recevrez un courriel dès qu'elle sera traitée.",
            )
            return redirect("organizations:list")
    return render(request, "sso/organizations/structure_request.html", {"form": form})


@login_required
def prescriber_signup(request):
    _remember_next(request)
    search = PrescriberSearchForm(request.GET or None)
    results = selectors.search_authorized_prescribers(search.cleaned_data["q"]) if search.is_valid() else []
    orienteur = OrienteurForm(request.POST or None)
    if request.method == "POST" and orienteur.is_valid():
        try:
            return _joined(request, services.create_orienteur(request.user, **orienteur.cleaned_data))
        except services.OrganizationRefused as exc:
            _refused(orienteur, exc)
    return render(
        request,
        "sso/organizations/prescriber_signup.html",
        {"search": search, "results": results, "orienteur": orienteur, "searched": search.is_bound},
    )


@require_POST
@login_required
def prescriber_join(request, public_id):
    organization = get_object_or_404(Organization, public_id=public_id)
    try:
        return _joined(request, services.prescriber_join(request.user, organization))
    except services.OrganizationRefused as exc:
        messages.error(request, exc.message)
        return redirect("organizations:signup_prescriber")


@login_required
def buyer_signup(request):
    _remember_next(request)
    form = BuyerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return _joined(request, services.buyer_signup(request.user, **form.cleaned_data))
        except services.OrganizationRefused as exc:
            _refused(form, exc)
    return render(request, "sso/organizations/buyer_signup.html", {"form": form})


def _detail_page(request, organization, membership, invitation_form=None, status=200):
    context = {
        "organization": organization,
        "membership": membership,
        "invitation_form": invitation_form or InvitationForm(),
        **selectors.organization_page(organization, membership),
    }
    return render(request, "sso/organizations/detail.html", context, status=status)


@login_required
def organization_detail(request, public_id):
    organization, membership = selectors.organization_for_member(request.user, public_id)
    return _detail_page(request, organization, membership)


@require_POST
@login_required
def switch(request, public_id):
    organization, _ = selectors.organization_for_member(request.user, public_id)
    request.session[selectors.CURRENT_ORGANIZATION_SESSION_KEY] = str(organization.public_id)
    messages.success(request, f"Vous travaillez maintenant pour {organization.name}.")
    return redirect("organizations:detail", organization.public_id)


def _member_action(request, public_id, membership_id, action, *, needs_role=False):
    organization, _ = selectors.organization_for_member(request.user, public_id)
    # Inactive memberships too: a member removed meanwhile gets "already removed", not a 404.
    target = get_object_or_404(Membership, pk=membership_id, organization=organization)
    form = MemberChangeForm(request.POST)
    if not form.is_valid() or (needs_role and form.cleaned_data["is_admin"] is None):
        messages.error(
            request, "Demande incomplète ou invalide : rien n'a été modifié. Rechargez la page et recommencez."
        )
        return redirect("organizations:detail", organization.public_id)
    try:
        action(target, form.cleaned_data)
    except services.OrganizationRefused as exc:
        messages.error(request, exc.message)
    return redirect("organizations:detail", organization.public_id)


@require_POST
@login_required
def set_admin(request, public_id, membership_id):
    def action(target, data):
        make_admin = data["is_admin"]
        services.set_admin(request.user, target, make_admin, expected_version=data["version"])
        messages.success(
            request, f"{target.user.get_full_name()} {'est maintenant' if make_admin else 'n’est plus'} administrateur."
        )

    return _member_action(request, public_id, membership_id, action, needs_role=True)


@require_POST
@login_required
def remove_member(request, public_id, membership_id):
    def action(target, data):
        services.remove_member(request.user, target, expected_version=data["version"])
        messages.success(request, f"{target.user.get_full_name()} ne fait plus partie de la structure.")

    return _member_action(request, public_id, membership_id, action)


@require_POST
@login_required
def leave(request, public_id):
    organization, _ = selectors.organization_for_member(request.user, public_id)
    try:
        services.leave(request.user, organization)
    except services.OrganizationRefused as exc:
        messages.error(request, exc.message)
        return redirect("organizations:detail", organization.public_id)
    messages.success(request, f"Vous avez quitté {organization.name}.")
    return redirect("organizations:list")


@require_POST
@login_required
def invite(request, public_id):
    organization, membership = selectors.organization_for_member(request.user, public_id)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite(request.user, organization, form.cleaned_data["email"])
        except services.OrganizationRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
        return redirect("organizations:detail", organization.public_id)
    # The page again, with the address as typed and the error next to it.
    messages.error(request, "Adresse e-mail invalide : l'invitation n'a pas été envoyée.")
    return _detail_page(request, organization, membership, invitation_form=form)


def _invitation_action(request, public_id, invitation_id, action, done):
    organization, _ = selectors.organization_for_member(request.user, public_id)
    invitation = get_object_or_404(Invitation.objects.pending(), pk=invitation_id, organization=organization)
    try:
        action(request.user, invitation)
    except services.OrganizationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done.format(email=invitation.email))
    return redirect("organizations:detail", organization.public_id)


@require_POST
@login_required
def resend_invitation(request, public_id, invitation_id):
    return _invitation_action(
        request,
        public_id,
        invitation_id,
        services.resend_invitation,
        "Invitation renvoyée à {email} ; l'ancien lien ne fonctionne plus.",
    )


@require_POST
@login_required
def cancel_invitation(request, public_id, invitation_id):
    return _invitation_action(
        request, public_id, invitation_id, services.cancel_invitation, "Invitation de {email} annulée."
    )


@require_POST
@login_required
def decide_join_request(request, public_id, request_id):
    organization, _ = selectors.organization_for_member(request.user, public_id)
    join_request = get_object_or_404(JoinRequest, pk=request_id, organization=organization)
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        # Anything but "accept" or "refuse" used to count as a refusal.
        messages.error(request, "Décision invalide : choisissez « Accepter » ou « Refuser ». Rien n'a été modifié.")
        return redirect("organizations:detail", organization.public_id)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.decide_join_request(request.user, join_request, accept)
    except services.OrganizationRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Demande acceptée." if accept else "Demande refusée.")
    return redirect("organizations:detail", organization.public_id)


@login_required
def create_antenna(request, public_id):
    organization, _ = selectors.organization_for_member(request.user, public_id)
    form = AntennaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            antenna = services.create_antenna(request.user, organization, **form.cleaned_data)
        except services.OrganizationRefused as exc:
            _refused(form, exc)
        except ValidationError as exc:
            form.add_error("siret", exc)
        else:
            request.session[selectors.CURRENT_ORGANIZATION_SESSION_KEY] = str(antenna.public_id)
            messages.success(request, f"Antenne « {antenna.name} » créée : vous en êtes administrateur.")
            return redirect("organizations:detail", antenna.public_id)
    return render(request, "sso/organizations/antenna.html", {"form": form, "organization": organization})


@sensitive_post_parameters("password")
@never_cache
def invitation(request, token):
    """An invitation link. An account accepts it; a person without an account creates
    theirs on this page and joins in the same step (the link proves the address)."""
    from sso.accounts.services import find_user_by_email
    from sso.accounts.views import log_in

    try:
        found = services.invitation_from_token(token)
    except services.InvalidInvitation as exc:
        return render(request, "sso/organizations/invitation_invalid.html", {"reason": exc.reason}, status=400)
    next_url = safe_return_url(request.POST.get("next") or request.GET.get("next"), host=request.get_host())
    has_account = find_user_by_email(found.email) is not None
    signup_form = None
    if not request.user.is_authenticated and not has_account:
        signup_form = InvitationSignUpForm(
            request.POST if request.method == "POST" else None, invited_email=found.email
        )
    if request.method == "POST" and (request.user.is_authenticated or signup_form is not None):
        user = request.user
        try:
            if request.user.is_authenticated:
                services.accept_invitation(request.user, token)
            elif signup_form.is_valid():
                membership = services.accept_invitation_with_new_account(
                    token,
                    first_name=signup_form.cleaned_data["first_name"],
                    last_name=signup_form.cleaned_data["last_name"],
                    password=signup_form.cleaned_data["password"],
                )
                user = membership.user
                log_in(request, user)
        except services.OrganizationRefused as exc:
            messages.error(request, exc.message)
        except services.InvalidInvitation as exc:
            return render(request, "sso/organizations/invitation_invalid.html", {"reason": exc.reason}, status=400)
        except ValidationError as exc:
            signup_form.add_error(None, exc)
        else:
            if user.is_authenticated:
                request.session[selectors.CURRENT_ORGANIZATION_SESSION_KEY] = str(found.organization.public_id)
                messages.success(request, f"Bienvenue dans {found.organization.name} !")
                return redirect(next_url or reverse("organizations:detail", args=[found.organization.public_id]))
    return render(
        request,
        "sso/organizations/invitation.html",
        {
            "invitation": found,
            "has_account": has_account,
            "path": request.get_full_path(),
            "form": signup_form,
            "next": next_url,
        },
    )


# --- claims: proving that one belongs to an SIAE without administrator ---------------------


@login_required
def claim(request, public_id):
    """Claim an employer structure without administrator: a link to the ASP's contact, or proof."""
    organization = get_object_or_404(Organization, public_id=public_id)
    if not selectors.is_claimable(organization):
        if organization.kind not in services.EMPLOYER_KINDS:
            raise Http404("Structure introuvable.")
        messages.info(request, services.NOT_CLAIMABLE)
        return redirect("organizations:signup_employer")
    contact = selectors.claim_contact(organization)
    proof_form = ProofClaimForm()
    if request.method == "POST" and request.POST.get("method") == "email":
        try:
            sent = services.start_email_claim(request.user, organization)
        except services.OrganizationRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"Un lien a été envoyé à {selectors.mask_email(sent.email)}. Ouvrez-le en étant connecté(e) avec ce "
                f"compte ({request.user.email}) : vous deviendrez administrateur de {organization.name}.",
            )
            return redirect("organizations:list")
    elif request.method == "POST" and request.POST.get("method") == "proof":
        proof_form = ProofClaimForm(request.POST, request.FILES)
        if proof_form.is_valid():
            try:
                services.submit_proof_claim(request.user, organization, **proof_form.cleaned_data)
            except services.OrganizationRefused as exc:
                proof_form.add_error(None, exc.message)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        proof_form.add_error(field, error)
            else:
                messages.success(
                    request,
                    "Vos justificatifs ont été transmis au support, qui les vérifie sous quelques jours ouvrés. "
                    "Vous recevrez un courriel dès qu'ils auront été traités.",
                )
                return redirect("organizations:list")
    return render(
        request,
        "sso/organizations/claim.html",
        {
            "organization": organization,
            "masked_contact": selectors.mask_email(contact),
            "proof_form": proof_form,
            "pending": selectors.pending_claims_of(request.user).filter(organization=organization).first(),
        },
    )


def claim_link(request, token):
    """The link sent to the ASP's contact: it completes the claim only for the claimant's account."""
    try:
        found = services.claim_from_token(token)
    except services.InvalidClaimLink as exc:
        return render(request, "sso/organizations/claim_invalid.html", {"reason": exc.reason}, status=400)
    context = {"claim": found, "claimant_email": selectors.mask_email(found.user.email)}
    if not request.user.is_authenticated:
        return render(request, "sso/organizations/claim_sign_in.html", {**context, "path": request.get_full_path()})
    try:
        services.confirm_email_claim(request.user, token)
    except services.ClaimOfAnotherAccount:
        return render(request, "sso/organizations/claim_other_account.html", context, status=403)
    except services.InvalidClaimLink as exc:
        return render(request, "sso/organizations/claim_invalid.html", {"reason": exc.reason}, status=400)
    except services.OrganizationRefused as exc:
        return render(request, "sso/organizations/claim_invalid.html", {"reason": exc.message}, status=400)
    request.session[selectors.CURRENT_ORGANIZATION_SESSION_KEY] = str(found.organization.public_id)
    messages.success(request, f"C'est confirmé : vous êtes administrateur de {found.organization.name}.")
    return redirect("organizations:detail", found.organization.public_id)


@staff_member_required
def claim_document(request, claim_id, document):
    """Staff read a proof; nobody else can (the files live outside every served directory)."""
    found = get_object_or_404(StructureClaim, pk=claim_id)
    field = {"justificatif": found.registration_proof, "mandat": found.mandate}.get(document)
    if not field:
        raise Http404("Document introuvable.")
    extension = field.name.rsplit(".", 1)[-1]
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(extension)
    if content_type is None:
        raise Http404("Document introuvable.")
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=f"{document}-{found.pk}.{extension}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
