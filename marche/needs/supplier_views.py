"""Thin views of the suppliers' side (answer, notification settings), the buyer's funnel
and the outcome. Rules live in access, answers, funnel and outcome.

Every need is looked up by its public uid and, when the person has no right on it, the
answer is a 404 that tells nothing (changing ids in URLs reveals nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common import spreadsheet
from marche.suppliers import selectors as supplier_selectors

from . import access, answers, notifications
from . import funnel as funnel_selectors
from . import outcome as outcomes
from . import selectors as needs_selectors
from .models import Need, NeedStatus, NotInterestedReason


def _published(uid) -> Need:
    return get_object_or_404(
        Need.objects.prefetch_related("sectors", "attachments"), uid=uid, status=NeedStatus.VALIDATED
    )


def _followed(request, uid) -> Need:
    need = Need.objects.filter(uid=uid).first()
    if need is None or not access.follows(request.user, need):
        raise Http404("Besoin introuvable.")
    return need


def mail_link(request, uid, token):
    """The link of a notification mail: records that it was opened (the signature proves
    which supplier's mail it was), then the need's answer page (sign-in first if needed)."""
    recipient = notifications.recipient_from_mail_token(token, uid)
    if recipient is None:
        raise Http404("Lien invalide.")
    answers.record_mail_opened(recipient)
    return redirect("needs_supplier:answer", uid)


@login_required
def answer(request, uid):
    need = _published(uid)
    suppliers = list(access.answering_suppliers(request.user, need).order_by("name"))
    if not suppliers:
        raise Http404("Besoin introuvable.")
    answers.record_seen(need=need, supplier_ids=[s.pk for s in suppliers])
    rows = {r.supplier_id: r for r in need.recipients.filter(supplier__in=suppliers)}
    waiting = [s for s in suppliers if not (s.pk in rows and rows[s.pk].answered_at)] or suppliers
    chosen = next((s for s in waiting if s.slug == request.POST.get("structure")), waiting[0])
    form = {"message": "", "question_answers": [""] * len(need.questions), "reason": "", "interested": ""}
    if request.method == "POST":
        interested = request.POST.get("interested")
        form = {
            "message": request.POST.get("message", ""),
            "question_answers": [request.POST.get(f"question_{i}", "") for i in range(len(need.questions))],
            "reason": request.POST.get("reason", ""),
            "interested": interested or "",
        }
        try:
            if interested not in ("yes", "no"):
                raise answers.AnswerError("Dites si ce besoin vous intéresse ou non.")
            answers.answer(
                need_id=need.pk,
                supplier_id=chosen.pk,
                user=request.user,
                interested=interested == "yes",
                message=form["message"],
                question_answers=form["question_answers"],
                reason=form["reason"],
            )
        except answers.AnswerError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Merci : l'acheteur a reçu vos coordonnées et votre message."
                if interested == "yes"
                else "Merci : votre réponse est enregistrée.",
            )
            return redirect("needs_supplier:answer", need.uid)
    return render(
        request,
        "marche/needs/supplier_answer.html",
        {
            "need": need,
            "place": needs_selectors.place_label(need),
            "is_open": access.is_open(need),
            "show_buyer": need.show_buyer_name or any(r.answer == "interested" for r in rows.values()),
            "rows": [(s, rows.get(s.pk)) for s in suppliers],
            "chosen": chosen,
            "can_answer": any(not (s.pk in rows and rows[s.pk].answered_at) for s in suppliers),
            "questions": list(zip(need.questions, form["question_answers"], strict=False)),
            "form": form,
            "reasons": NotInterestedReason.choices,
        },
    )


@login_required
def received(request):
    """The supplier member's needs: received ones and notification settings per sector."""
    suppliers = list(supplier_selectors.editable_suppliers(request.user).order_by("name"))
    return render(
        request,
        "marche/needs/supplier_received.html",
        {
            "blocks": [
                {
                    "supplier": s,
                    "recipients": list(answers.received_needs([s.pk])),
                    "sectors": list(answers.notification_sectors(s).order_by("label")),
                    "off": answers.turned_off_sector_ids(s),
                }
                for s in suppliers
            ]
        },
    )


@login_required
@require_POST
def notification_settings(request, slug):
    supplier = supplier_selectors.editable_suppliers(request.user).filter(slug=slug).first()
    if supplier is None:
        raise Http404("Fiche introuvable.")
    shown = [v for v in request.POST.getlist("shown") if v.isdigit()]
    on = {v for v in request.POST.getlist("sector") if v.isdigit()}
    answers.set_notification_sectors(supplier_id=supplier.pk, turned_off_ids=set(shown) - on, among_ids=shown)
    messages.success(request, "Vos préférences de notification sont enregistrées.")
    return redirect("needs_supplier:received")


def opt_out(request, token):
    """The link in every mail: turn off the need's sectors for this supplier, without
    signing in (the signature proves the mail); a confirmation button, never on GET."""
    found = notifications.opt_out_from_token(token)
    if found is None:
        raise Http404("Lien invalide.")
    supplier, need = found
    sectors = list(need.sectors.order_by("label"))
    done = False
    if request.method == "POST":
        chosen = [pk for pk in request.POST.getlist("sector") if pk.isdigit() and int(pk) in {s.pk for s in sectors}]
        if not chosen:
            messages.error(request, "Cochez au moins un secteur pour ne plus en recevoir les besoins.")
        else:
            answers.turn_off(supplier_id=supplier.pk, sector_ids=chosen)
            done = True
    return render(
        request,
        "marche/needs/supplier_opt_out.html",
        {"supplier": supplier, "sectors": sectors, "off": answers.turned_off_sector_ids(supplier), "done": done},
    )


@login_required
def funnel(request, uid):
    need = _followed(request, uid)
    return render(
        request,
        "marche/needs/funnel_page.html",
        {
            "need": need,
            "counts": funnel_selectors.funnel(need),
            "interested": list(funnel_selectors.interested(need)),
            "is_open": access.is_open(need),
            "next_relaunch_at": funnel_selectors.next_relaunch_at(need),
            "relaunchable": funnel_selectors.relaunchable(need),
            "outcome_due": outcomes.is_due(need),
        },
    )


@login_required
def export(request, uid, file_format):
    need = _followed(request, uid)
    if file_format not in ("csv", "xlsx"):
        raise Http404("Format inconnu.")
    header, rows = funnel_selectors.export_table(need)
    return spreadsheet.download(what=f"interesses {need.title}"[:60], file_format=file_format, header=header, rows=rows)


@login_required
@require_POST
def relaunch(request, uid):
    need = _followed(request, uid)
    try:
        count = funnel_selectors.relaunch(need_id=need.pk, user=request.user)
    except funnel_selectors.RelaunchError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Relance envoyée aux {count} fournisseur(s) qui n'ont pas encore répondu.")
    return redirect("needs_supplier:funnel", need.uid)


@login_required
def outcome(request, uid):
    need = _followed(request, uid)
    candidates = list(need.recipients.select_related("supplier").order_by("-answer", "supplier__name"))
    form = {
        "signed": "" if need.contract_signed is None else ("yes" if need.contract_signed else "no"),
        "suppliers": {str(pk) for pk in need.contract_suppliers.values_list("pk", flat=True)},
        "amount": "" if need.contract_amount is None else str(need.contract_amount).replace(".", ","),
    }
    if request.method == "POST":
        form = {
            "signed": request.POST.get("signed", ""),
            "suppliers": set(request.POST.getlist("supplier")),
            "amount": request.POST.get("amount", ""),
        }
        try:
            if form["signed"] not in ("yes", "no"):
                raise outcomes.OutcomeError("Dites si un contrat a été signé.")
            if any(not v.isdigit() for v in form["suppliers"]):
                raise outcomes.OutcomeError("Choisissez les fournisseurs retenus dans la liste.")
            outcomes.record_outcome(
                need_id=need.pk,
                user=request.user,
                signed=form["signed"] == "yes",
                supplier_ids=form["suppliers"],
                amount=outcomes.parse_amount(form["amount"]) if form["signed"] == "yes" else None,
            )
        except outcomes.OutcomeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Merci, le bilan de votre besoin est enregistré.")
            return redirect("needs_supplier:funnel", need.uid)
    return render(
        request,
        "marche/needs/outcome_form.html",
        {"need": need, "due": outcomes.is_due(need), "candidates": candidates, "form": form},
    )
