"""Needs, buyer side: the form in steps (a draft saved at each), "Mes besoins", the need's
page, attachments' downloads and the public list of open needs. Thin: who may do what is
asked of ``access``, writes go through ``services``, reads through ``selectors``."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from marche.geography.models import Department
from marche.sectors.models import Sector
from marche.suppliers import selectors as supplier_selectors

from . import access, selectors, services
from .forms import AttachmentForm, BasicsForm, DetailsForm, PlaceForm, SectorsForm
from .models import Need, NeedStatus

STEP_TITLES = {
    "type": "Type et titre",
    "secteurs": "Secteurs d'activité",
    "lieu": "Lieu d'exécution",
    "details": "Description, montant et délais",
    "pieces-jointes": "Pièces jointes",
    "verification": "Vérification et envoi",
}


def _refusal(request):
    """Why the person cannot post a need, and what to do about it (403, never a 500)."""
    user = request.user
    context = {"reason": "anonymous"}
    if user.is_authenticated:
        unverified = supplier_selectors.unverified_buyer_organizations(user)
        if unverified:
            context = {"reason": "unverified", "organizations": unverified}
        elif supplier_selectors.editable_suppliers(user).exists():
            context = {"reason": "supplier"}
        else:
            context = {"reason": "no_buyer"}
    return render(request, "marche/needs/refused.html", context, status=403)


def _followed_need(request, uid) -> Need:
    """A need of the person's organisation; any other need does not exist for them (404)."""
    need = Need.objects.filter(uid=uid).first()
    if need is None or not access.follows(request.user, need):
        raise Http404("Besoin introuvable.")
    return need


def _step_url(need: Need, step: str) -> str:
    return reverse("needs:step", args=[need.uid, step])


def _next_step(step: str) -> str:
    return services.STEPS[services.STEPS.index(step) + 1]


def post_need(request):
    """Step 1 of a new need: creates the draft."""
    if not access.can_post_need(request.user):
        return _refusal(request)
    organizations = access.verified_buyer_organizations(request.user)
    form = BasicsForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.create_draft(
                user=request.user,
                organization_id=form.cleaned_data["organization"] or str(organizations[0]["id"]),
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.NotAllowed as error:
            form.add_error("organization", error.message)
        else:
            messages.success(
                request, "Brouillon enregistré. Vous pourrez le reprendre à tout moment depuis « Mes besoins »."
            )
            return redirect(_step_url(need, "secteurs"))
    return render(
        request,
        "marche/needs/step.html",
        {"form": form, "step": "type", "steps": _steps(None, "type"), "need": None},
    )


def _steps(need: Need | None, current: str) -> list[dict]:
    reached = need.step if need else 0
    return [
        {
            "slug": slug,
            "title": STEP_TITLES[slug],
            "number": n,
            "current": slug == current,
            # A step is reachable once the one before it was saved.
            "url": _step_url(need, slug) if need and n <= reached + 1 else "",
        }
        for n, slug in enumerate(services.STEPS, start=1)
    ]


@login_required
def resume(request, uid):
    """Resume a draft where the buyer left it (the step after the last saved)."""
    need = _followed_need(request, uid)
    if not access.can_edit(request.user, need):
        return redirect("needs:detail", need.uid)
    step = services.STEPS[min(need.step, len(services.STEPS) - 1)]
    return redirect(_step_url(need, step))


STEP_FORMS = {"type": BasicsForm, "secteurs": SectorsForm, "lieu": PlaceForm, "details": DetailsForm}


def _initial(need: Need, step: str) -> dict:
    initial = {"version": need.version}
    if step == "type":
        initial.update(kind=need.kind, title=need.title, organization=str(need.organization_id))
    elif step == "secteurs":
        initial["sectors"] = list(need.sectors.all())
    elif step == "lieu":
        initial.update(
            place_kind=need.place_kind,
            communes=list(need.communes.all()),
            departments=list(need.departments.all()),
            regions=list(need.regions.all()),
        )
    elif step == "details":
        initial.update(
            description=need.description,
            amount_range=need.amount_range,
            deadline=need.deadline,
            expected_start=need.expected_start,
            questions="\n".join(need.questions or []),
            show_buyer_name=need.show_buyer_name,
        )
    return initial


def _form(step: str, need: Need, request, data=None, files=None):
    kwargs = {"initial": _initial(need, step)}
    if step == "type":
        kwargs["organizations"] = [{"id": need.organization_id, "name": need.organization_name}]
    if step == "lieu":
        kwargs["chosen_communes"] = list(need.communes.all())
    if step == "pieces-jointes":
        return AttachmentForm(data, files, **kwargs)
    if step == "verification":
        return None
    return STEP_FORMS[step](data, **kwargs)


def _save(step: str, need: Need, user, version: int, cleaned: dict, files) -> Need:
    common = {"user": user, "need_id": need.pk, "expected_version": version}
    if step == "type":
        return services.save_basics(**common, kind=cleaned["kind"], title=cleaned["title"])
    if step == "secteurs":
        return services.save_sectors(**common, sector_ids=cleaned["sector_ids"])
    if step == "lieu":
        return services.save_place(
            **common,
            place_kind=cleaned["place_kind"],
            commune_ids=cleaned["commune_ids"],
            department_codes=cleaned["department_codes"],
            region_codes=cleaned["region_codes"],
        )
    if step == "details":
        return services.save_details(
            **common,
            description=cleaned["description"],
            amount_range=cleaned["amount_range"],
            deadline=cleaned["deadline"],
            expected_start=cleaned["expected_start"],
            questions=cleaned["questions"],
            show_buyer_name=cleaned["show_buyer_name"],
        )
    raise Http404


@login_required
def step(request, uid, step):
    if step not in services.STEPS:
        raise Http404("Étape inconnue.")
    need = _followed_need(request, uid)
    if not access.can_edit(request.user, need):
        if need.status in access.EDITABLE_STATUSES:
            return _refusal(request)
        messages.info(request, f"Ce besoin est « {need.get_status_display()} » : il ne se modifie plus.")
        return redirect("needs:detail", need.uid)
    if services.STEPS.index(step) > need.step:
        # A step further than the next one: finish the previous ones first.
        return redirect(_step_url(need, services.STEPS[need.step]))
    if step == "pieces-jointes":
        return _attachments_step(request, need)
    if step == "verification":
        return _review_step(request, need)
    form = _form(step, need, request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            need = _save(step, need, request.user, version, form.cleaned_data, request.FILES)
        except services.StaleNeed as conflict:
            form.add_error(None, conflict.message)
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
        except ValidationError as error:
            form.add_error(None, error)
        except services.NotAllowed as error:
            messages.error(request, error.message)
            return redirect("needs:detail", need.uid)
        else:
            if step == "lieu" and request.POST.get("stay"):
                return redirect(_step_url(need, "lieu"))
            return redirect(_step_url(need, _next_step(step)))
    if request.method == "POST":
        messages.error(
            request, "L'étape n'a pas été enregistrée : corrigez les champs signalés, votre saisie est conservée."
        )
    return render(
        request,
        "marche/needs/step.html",
        {"form": form, "need": need, "step": step, "steps": _steps(need, step), "step_title": STEP_TITLES[step]},
    )


class _StayOnStep(Exception):
    pass


def _attachments_step(request, need: Need):
    form = AttachmentForm(request.POST or None, request.FILES or None, initial={"version": need.version})
    if request.method == "POST":
        action = request.POST.get("action", "add")
        if form.is_valid():
            version = form.cleaned_data.get("version") or 0
            try:
                if action == "remove":
                    services.remove_attachment(
                        user=request.user,
                        need_id=need.pk,
                        expected_version=version,
                        attachment_uid=request.POST.get("attachment", ""),
                    )
                    messages.success(request, "Pièce jointe retirée.")
                    return redirect(_step_url(need, "pieces-jointes"))
                if form.cleaned_data.get("file"):
                    services.add_attachment(
                        user=request.user, need_id=need.pk, expected_version=version, uploaded=form.cleaned_data["file"]
                    )
                    messages.success(request, "Pièce jointe ajoutée.")
                    if action == "add":
                        return redirect(_step_url(need, "pieces-jointes"))
                elif action == "add":
                    form.add_error("file", "Choisissez un fichier à joindre.")
                    raise _StayOnStep
                else:
                    # "Continuer" without a file: the step is done.
                    services.mark_step(user=request.user, need_id=need.pk, expected_version=version, step=5)
                return redirect(_step_url(need, "verification"))
            except services.StaleNeed as conflict:
                form.add_error(None, conflict.message)
                form.data = form.data.copy()
                form.data["version"] = conflict.current.version
            except ValidationError as error:
                form.add_error("file", error)
            except services.NotAllowed as error:
                form.add_error(None, error.message)
            except _StayOnStep:
                pass
        need.refresh_from_db()
    return render(
        request,
        "marche/needs/attachments_step.html",
        {
            "form": form,
            "need": need,
            "step": "pieces-jointes",
            "steps": _steps(need, "pieces-jointes"),
            "step_title": STEP_TITLES["pieces-jointes"],
            "attachments": need.attachments.all(),
        },
    )


def _review_step(request, need: Need):
    errors = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            if action == "submit":
                services.submit(user=request.user, need_id=need.pk, expected_version=version)
                messages.success(
                    request, "Besoin envoyé à l'équipe du Marché : vous recevrez un e-mail dès qu'il sera validé."
                )
                return redirect("needs:detail", need.uid)
            if action == "widen_sectors":
                services.widen_sectors(user=request.user, need_id=need.pk, expected_version=version)
                messages.success(request, "Secteurs élargis à leurs groupes entiers.")
            elif action.startswith("widen_place:"):
                services.widen_place(
                    user=request.user, need_id=need.pk, expected_version=version, to=action.split(":", 1)[1]
                )
                messages.success(request, "Lieu élargi.")
            else:
                errors.append("Action inconnue.")
            if not errors:
                return redirect(_step_url(need, "verification"))
        except services.NotAllowed as error:
            errors.append(error.message)
        except services.StaleNeed as conflict:
            errors.append(conflict.message)
        except ValidationError as error:
            errors.extend(error.messages)
        need.refresh_from_db()
    count = selectors.matching_count(need)
    return render(
        request,
        "marche/needs/review_step.html",
        {
            "need": need,
            "step": "verification",
            "steps": _steps(need, "verification"),
            "step_title": STEP_TITLES["verification"],
            "errors": errors,
            "count": count,
            "few": count < selectors.FEW_SUPPLIERS,
            "widen_places": selectors.widening_choices(need),
            "can_widen_sectors": selectors.can_widen_sectors(need),
            "missing": services.missing_for_submission(need),
            "place": selectors.place_label(need),
        },
        status=400 if errors else 200,
    )


@login_required
def mine(request):
    """ "Mes besoins": the needs of the person's buyer organisations, with their status."""
    needs = list(selectors.organization_needs(request.user).select_related("author"))
    if not needs and not supplier_selectors.buyer_organizations(request.user):
        return _refusal(request)
    return render(
        request,
        "marche/needs/mine.html",
        {"needs": needs, "can_post": access.can_post_need(request.user)},
    )


@login_required
def detail(request, uid):
    """The need's page: the followers' view (status, editors' message, what to do next);
    supplier members and editors who may read it see the published need."""
    need = Need.objects.filter(uid=uid).first()
    if need is None or not access.can_read(request.user, need):
        raise Http404("Besoin introuvable.")
    context = {
        "need": need,
        "place": selectors.place_label(need),
        "attachments": need.attachments.all(),
        "sectors": need.sectors.select_related("group"),
    }
    if access.follows(request.user, need):
        context.update(
            can_edit=access.can_edit(request.user, need),
            is_validated=need.status == NeedStatus.VALIDATED,
            matching=selectors.matching_count(need) if need.status != NeedStatus.DRAFT else None,
        )
        return render(request, "marche/needs/detail_buyer.html", context)
    context["show_buyer"] = need.show_buyer_name
    context["is_open"] = access.is_open(need)
    context["can_answer"] = access.answering_suppliers(request.user, need).exists()
    return render(request, "marche/needs/detail_supplier.html", context)


@login_required
def download(request, uid, attachment_uid):
    """An attachment, only to people who may read the need (access.can_read)."""
    need = Need.objects.filter(uid=uid).first()
    if need is None or not access.can_read(request.user, need):
        raise Http404("Pièce jointe introuvable.")
    attachment = need.attachments.filter(uid=attachment_uid).first()
    if attachment is None:
        raise Http404("Pièce jointe introuvable.")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Pièce jointe introuvable.") from missing
    response = FileResponse(handle, content_type=attachment.content_type)
    name = attachment.original_name
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def open_needs(request):
    """Public list of open needs, filterable by sector and department, paginated."""
    sector = request.GET.get("secteur", "")[:150]
    department = request.GET.get("departement", "")[:3]
    needs = selectors.open_needs(sector_slug=sector, department_code=department)
    page = Paginator(needs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "marche/needs/open_list.html",
        {
            "page": page,
            "needs": [(n, selectors.place_label(n)) for n in page.object_list],
            "sectors": Sector.objects.select_related("group"),
            "departments": Department.objects.all(),
            "sector": sector,
            "department": department,
        },
    )
